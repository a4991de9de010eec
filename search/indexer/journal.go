package indexer

import (
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
)

var pendingBucket = []byte("pending")

// Journal is the durable list of entity IDs whose search documents may be stale: an ID is
// marked before the store is written and cleared once the index holds the result. After a crash
// between the two writes the mark survives, and the drainer heals the index from the store.
type Journal struct {
	db *bolt.DB
}

// OpenJournal opens (creating) the journal file at path. It returns an error when the file
// cannot be opened or is locked by another process for longer than a few seconds.
func OpenJournal(path string) (*Journal, error) {
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: 5 * time.Second})
	if err != nil {
		return nil, fmt.Errorf("open search journal: %w", err)
	}
	if err := db.Update(func(tx *bolt.Tx) error {
		_, err := tx.CreateBucketIfNotExists(pendingBucket)
		return err
	}); err != nil {
		db.Close()
		return nil, fmt.Errorf("init search journal: %w", err)
	}
	return &Journal{db: db}, nil
}

// Mark records ids as possibly stale, durably (fsync) before it returns.
func (j *Journal) Mark(ids []string) error {
	if len(ids) == 0 {
		return nil
	}
	stamp := []byte(time.Now().UTC().Format(time.RFC3339Nano))
	return j.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(pendingBucket)
		for _, id := range ids {
			if err := b.Put([]byte(id), stamp); err != nil {
				return fmt.Errorf("mark %s: %w", id, err)
			}
		}
		return nil
	})
}

// Clear removes ids from the journal.
func (j *Journal) Clear(ids []string) error {
	if len(ids) == 0 {
		return nil
	}
	return j.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(pendingBucket)
		for _, id := range ids {
			if err := b.Delete([]byte(id)); err != nil {
				return fmt.Errorf("clear %s: %w", id, err)
			}
		}
		return nil
	})
}

// Pending returns up to limit marked IDs in key order (all when limit ≤ 0).
func (j *Journal) Pending(limit int) ([]string, error) {
	var out []string
	err := j.db.View(func(tx *bolt.Tx) error {
		c := tx.Bucket(pendingBucket).Cursor()
		for k, _ := c.First(); k != nil && (limit <= 0 || len(out) < limit); k, _ = c.Next() {
			out = append(out, string(k))
		}
		return nil
	})
	return out, err
}

// Len returns the number of marked IDs.
func (j *Journal) Len() (int, error) {
	n := 0
	err := j.db.View(func(tx *bolt.Tx) error {
		n = tx.Bucket(pendingBucket).Stats().KeyN
		return nil
	})
	return n, err
}

// Close closes the journal file.
func (j *Journal) Close() error { return j.db.Close() }
