//go:build unix

package neo4j_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// lockServer serialises the test processes of this machine that use the server at uri: the
// tests wipe the whole database, and community edition has only one. The lock is an flock on
// a file in the temporary directory, released when the process exits.
func lockServer(t testing.TB, uri string) {
	t.Helper()
	name := strings.NewReplacer("/", "_", ":", "_").Replace(uri)
	path := filepath.Join(os.TempDir(), fmt.Sprintf("jiangxin-neo4j-test-%s.lock", name))
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o666)
	if err != nil {
		t.Fatalf("lock %s: %v", path, err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		t.Logf("waiting for another test process using %s (lock %s)", uri, path)
		if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
			t.Fatalf("lock %s: %v", path, err)
		}
	}
	// f stays open, and so locked, until the process exits.
}
