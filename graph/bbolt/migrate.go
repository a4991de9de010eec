package bbolt

import (
	"encoding/json"
	"errors"
)

// migrates lists the older schema versions Open upgrades by rebuilding every index and natural
// key from the stored entities. Version 1 lacked the indexes of committed pairings by mentor
// ("aq"), problems by studio ("pt") and visits by invited expert ("vi"), and the account and
// audit buckets (created empty).
var migrates = map[string]bool{"1": true}

// reindex replaces the idx and uniq buckets with the entries the stored entities call for.
func reindex(t *txn) error {
	for _, name := range [][]byte{bucketIdx, bucketUniq} {
		if err := t.tx.DeleteBucket(name); err != nil {
			return err
		}
		if _, err := t.tx.CreateBucket(name); err != nil {
			return err
		}
	}
	t.idx, t.uniq = t.tx.Bucket(bucketIdx), t.tx.Bucket(bucketUniq)
	return errors.Join(
		reindexKind(t, skillSpec), reindexKind(t, regionSpec), reindexKind(t, unionSpec),
		reindexKind(t, enterpriseSpec), reindexKind(t, workerSpec), reindexKind(t, problemSpec),
		reindexKind(t, visitSpec), reindexKind(t, pairingSpec), reindexKind(t, studioSpec),
		reindexKind(t, targetSpec), reindexKind(t, accountSpec), reindexKind(t, auditSpec))
}

// reindexKind writes the index entries and natural keys of every stored entity of sp's kind.
func reindexKind[T any](t *txn, sp *spec[T]) error {
	return t.bucket(sp.kind).ForEach(func(k, data []byte) error {
		var v T
		if err := json.Unmarshal(data, &v); err != nil {
			return errors.Join(errors.New("decode "+string(sp.kind)+" "+string(k)), err)
		}
		keys := sp.keysOf(&v)
		for _, key := range keys.idx {
			if err := t.idx.Put(key, nil); err != nil {
				return err
			}
		}
		for _, u := range keys.uniq {
			if err := t.uniq.Put(u.key, []byte(sp.id(&v))); err != nil {
				return err
			}
		}
		return nil
	})
}
