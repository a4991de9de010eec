// Package neo4jtest lets test packages share the one throwaway Neo4j that `make test` starts:
// it finds the server (NEO4J_URI), serialises the packages that use it with a file lock (go test
// runs packages in parallel, and Neo4j community edition has one user database), and wipes the
// database between tests.
package neo4jtest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// URI returns NEO4J_URI. When it is unset the test is skipped, except with CI=true, where a
// missing Neo4j fails the test.
func URI(t testing.TB) string {
	t.Helper()
	uri := os.Getenv("NEO4J_URI")
	if uri == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("CI=true but NEO4J_URI is not set: the Neo4j tests must run in CI (make test starts Neo4j)")
		}
		t.Skip("NEO4J_URI not set; run `make test` (it starts a throwaway Neo4j) or set NEO4J_URI")
	}
	return uri
}

// Lock takes an exclusive, process-wide lock on the Neo4j server named by NEO4J_URI and returns
// its release function. With NEO4J_URI unset it does nothing. Call it from TestMain so a whole
// package's tests own the server while they run.
func Lock() (unlock func(), err error) {
	uri := os.Getenv("NEO4J_URI")
	if uri == "" {
		return func() {}, nil
	}
	sum := sha256.Sum256([]byte(uri))
	path := filepath.Join(os.TempDir(), "jiangxin-neo4j-"+hex.EncodeToString(sum[:6])+".lock")
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o666)
	if err != nil {
		return nil, fmt.Errorf("open neo4j test lock: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		f.Close()
		return nil, fmt.Errorf("lock neo4j test lock: %w", err)
	}
	return func() {
		_ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		_ = f.Close()
	}, nil
}

// Main is a TestMain body: it holds the lock while the package's tests run.
func Main(m *testing.M) int {
	unlock, err := Lock()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer unlock()
	return m.Run()
}

// Wipe deletes every node and relationship of database db (constraints and indexes stay).
func Wipe(ctx context.Context, uri, user, password, db string) error {
	auth := neo4j.NoAuth()
	if user != "" {
		auth = neo4j.BasicAuth(user, password, "")
	}
	driver, err := neo4j.NewDriverWithContext(uri, auth)
	if err != nil {
		return fmt.Errorf("connect %s: %w", uri, err)
	}
	defer driver.Close(ctx)
	ctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	for {
		res, err := neo4j.ExecuteQuery(ctx, driver,
			"MATCH (n) WITH n LIMIT 20000 DETACH DELETE n RETURN count(*) AS deleted", nil,
			neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithDatabase(db))
		if err != nil {
			return fmt.Errorf("wipe neo4j: %w", err)
		}
		if n, _ := res.Records[0].Get("deleted"); n.(int64) == 0 {
			return nil
		}
	}
}
