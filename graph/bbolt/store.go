// Package bbolt is Jiangxin's embedded default graph.Store: one bbolt file (FileName) in a data
// directory, written in fsync'ed transactions, so an acknowledged write survives a crash.
//
// Layout. Each entity kind has a bucket named after its ID prefix ("wkr", "pai", …; skills in
// "skill") mapping ID to the entity encoded as JSON. JSON is self-describing and tolerant of
// fields added later (old records decode with zero values), keeps time.Time at full nanosecond
// precision in RFC 3339, and can be inspected with the bbolt command-line tool; encoding/gob
// would be smaller but repeats its type header in every independently decoded record.
//
// The "idx" bucket holds every secondary index as empty-valued keys "name\x00value\x00id", for
// example "we\x00<enterprise>\x00<worker>" (workers by employer) or
// "ws\x00<skill code>\x00<level>\x00<worker>" (workers by trade and level). Filtered List calls,
// the graph questions and delete-time reference checks are prefix scans of this bucket; list
// filters intersect the sorted ID sets of their conditions. The "uniq" bucket maps natural keys
// (credit codes, employee numbers within an employer, account usernames) to the owning ID.
// Entities, indexes and keys change in the same transaction, and references are checked inside
// it, so every failed write, including a whole Import, changes nothing.
//
// Rules spanning entities also run inside the write transaction, which bbolt serialises: the
// mentor capacity rule of UpdatePairing counts the "aq" index (committed pairings by mentor)
// after the pairing is put, so of two racing accepts of a mentor's last slot the second sees the
// first. Audit entries ("aud" bucket, IDs sorting by time) are listed newest first by walking
// the bucket or the sorted ID set backwards.
package bbolt

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	bolt "go.etcd.io/bbolt"

	"jiangxin/graph"
)

// FileName is the name of the database file that Open keeps in its directory.
const FileName = "jiangxin.db"

// schemaVersion is stored in the meta bucket; Open upgrades files of an older version it knows
// (see migrate) and refuses any other.
const schemaVersion = "2"

var (
	bucketMeta = []byte("meta")
	bucketIdx  = []byte("idx")
	bucketUniq = []byte("uniq")
	keyVersion = []byte("version")
)

var entityKinds = []graph.Kind{graph.KindSkill, graph.KindRegion, graph.KindUnion, graph.KindEnterprise,
	graph.KindWorker, graph.KindProblem, graph.KindVisit, graph.KindPairing, graph.KindStudio, graph.KindTarget,
	graph.KindAccount, graph.KindAudit}

// Store is a graph.Store kept in one bbolt file. It is safe for concurrent use: reads run in
// parallel, writes are serialised by bbolt.
type Store struct {
	db  *bolt.DB
	log *slog.Logger
}

var _ graph.Store = (*Store)(nil)

// Option configures Open.
type Option func(*options)

type options struct {
	lockTimeout time.Duration
	log         *slog.Logger
}

// WithLockTimeout sets how long Open waits for another process to release the file lock
// (default 5 s).
func WithLockTimeout(d time.Duration) Option { return func(o *options) { o.lockTimeout = d } }

// WithLogger sets the logger for store events (default: discard).
func WithLogger(l *slog.Logger) Option { return func(o *options) { o.log = l } }

// Open opens or creates the store in dir, creating dir when missing. It returns an error when
// the file is locked by another process beyond the lock timeout, is not a Jiangxin store of
// this schema version, or ctx is done.
func Open(ctx context.Context, dir string, opts ...Option) (*Store, error) {
	o := options{lockTimeout: 5 * time.Second, log: slog.New(slog.DiscardHandler)}
	for _, opt := range opts {
		opt(&o)
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("open store: %w", err)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("open store: %w", err)
	}
	path := filepath.Join(dir, FileName)
	// A large initial mmap (address space only) spares growing files the remaps that copy every
	// dirty node of a big transaction; the map freelist keeps allocation fast in large files.
	db, err := bolt.Open(path, 0o600, &bolt.Options{
		Timeout:         o.lockTimeout,
		FreelistType:    bolt.FreelistMapType,
		InitialMmapSize: 1 << 30,
	})
	if err != nil {
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	var from string
	err = db.Update(func(tx *bolt.Tx) error {
		meta, err := tx.CreateBucketIfNotExists(bucketMeta)
		if err != nil {
			return err
		}
		v := meta.Get(keyVersion)
		switch {
		case v == nil:
		case string(v) == schemaVersion:
		case migrates[string(v)]:
			from = string(v)
		default:
			return fmt.Errorf("schema version %q, want %q", v, schemaVersion)
		}
		for _, name := range [][]byte{bucketIdx, bucketUniq} {
			if _, err := tx.CreateBucketIfNotExists(name); err != nil {
				return err
			}
		}
		for _, k := range entityKinds {
			if _, err := tx.CreateBucketIfNotExists([]byte(k)); err != nil {
				return err
			}
		}
		if from != "" {
			if err := reindex(newTxn(ctx, tx)); err != nil {
				return fmt.Errorf("upgrade schema %s to %s: %w", from, schemaVersion, err)
			}
		}
		if string(v) == schemaVersion {
			return nil
		}
		return meta.Put(keyVersion, []byte(schemaVersion))
	})
	if err != nil {
		_ = db.Close()
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	if from != "" {
		o.log.Info("graph store upgraded", "path", path, "from", from, "to", schemaVersion)
	}
	o.log.Info("graph store opened", "path", path)
	return &Store{db: db, log: o.log}, nil
}

// Close closes the database file. It returns the error of the final sync or unlock, if any.
func (s *Store) Close() error {
	if err := s.db.Close(); err != nil {
		return fmt.Errorf("close store: %w", err)
	}
	return nil
}

// Ping returns nil when the file is open and readable, ctx's error when ctx is done.
func (s *Store) Ping(ctx context.Context) error {
	return s.view(ctx, "ping", func(*txn) error { return nil })
}

// txn is one bbolt transaction with the shared buckets at hand.
type txn struct {
	ctx  context.Context
	tx   *bolt.Tx
	idx  *bolt.Bucket
	uniq *bolt.Bucket
}

func (s *Store) view(ctx context.Context, op string, fn func(*txn) error) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	return wrap(op, s.db.View(func(tx *bolt.Tx) error { return fn(newTxn(ctx, tx)) }))
}

// update runs fn in a write transaction that commits (with fsync) only when fn succeeds and
// ctx is still live.
func (s *Store) update(ctx context.Context, op string, fn func(*txn) error) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	return wrap(op, s.db.Update(func(tx *bolt.Tx) error {
		if err := fn(newTxn(ctx, tx)); err != nil {
			return err
		}
		return ctx.Err()
	}))
}

func newTxn(ctx context.Context, tx *bolt.Tx) *txn {
	return &txn{ctx: ctx, tx: tx, idx: tx.Bucket(bucketIdx), uniq: tx.Bucket(bucketUniq)}
}

// wrap leaves domain errors as they are (they name what is wrong) and adds op to the rest.
func wrap(op string, err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, graph.ErrNotFound), errors.Is(err, graph.ErrInvalid), errors.Is(err, graph.ErrConflict):
		return err
	}
	return fmt.Errorf("%s: %w", op, err)
}

func (t *txn) bucket(k graph.Kind) *bolt.Bucket { return t.tx.Bucket([]byte(k)) }

func (t *txn) exists(k graph.Kind, id string) bool { return t.bucket(k).Get([]byte(id)) != nil }

// ref checks that the entity id of kind k exists; "" passes.
func (t *txn) ref(field string, k graph.Kind, id string) error {
	if id == "" || t.exists(k, id) {
		return nil
	}
	return graph.Invalid(field, "%s %q does not exist", k, id)
}

func (t *txn) refs(field string, k graph.Kind, ids []string) error {
	for _, id := range ids {
		if err := t.ref(field, k, id); err != nil {
			return err
		}
	}
	return nil
}

// idxKey returns "name\x00value\x00" (the prefix of value's entries) when id is "", else the
// full entry key.
func idxKey(name, value, id string) []byte {
	b := make([]byte, 0, len(name)+len(value)+len(id)+2)
	b = append(b, name...)
	b = append(b, 0)
	b = append(b, value...)
	b = append(b, 0)
	return append(b, id...)
}

// has reports whether any index entry starts with prefix.
func (t *txn) has(prefix []byte) bool {
	k, _ := t.idx.Cursor().Seek(prefix)
	return k != nil && bytes.HasPrefix(k, prefix)
}

// scan calls fn with the ID ending every index entry that starts with prefix, in key order.
func (t *txn) scan(prefix []byte, fn func(id string)) {
	c := t.idx.Cursor()
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		fn(string(k[bytes.LastIndexByte(k, 0)+1:]))
	}
}

func (t *txn) count(prefix []byte) int {
	n := 0
	t.scan(prefix, func(string) { n++ })
	return n
}

// ids returns the IDs of index entries under prefix.
func (t *txn) ids(prefix []byte) []string {
	var out []string
	t.scan(prefix, func(id string) { out = append(out, id) })
	return out
}

// encodeCursor returns the cursor pointing just after id, in the encoding every store shares.
func encodeCursor(id string) string { return graph.CursorOf(id) }

// decodeCursor returns the ID a cursor points after; "" for no cursor. A cursor that is not
// graph.CursorOf of an ID of kind k is ErrInvalid.
func decodeCursor(k graph.Kind, after string) (string, error) {
	id, err := graph.ParseCursor(after)
	if err != nil {
		return "", err
	}
	if id != "" && graph.CheckID("after", k, id) != nil {
		return "", graph.Invalid("after", "%q is not a cursor of this list", after)
	}
	return id, nil
}
