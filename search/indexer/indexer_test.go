package indexer

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"jiangxin/graph"
	graphbbolt "jiangxin/graph/bbolt"
	"jiangxin/graph/graphtest"
	"jiangxin/search"
	searchbleve "jiangxin/search/bleve"
)

// env holds one store, index and journal in a data directory.
type env struct {
	store   graph.Store
	index   search.Index
	journal *Journal
	x       *Indexer
	synced  graph.Store
}

func openEnv(t *testing.T, dir string) *env {
	t.Helper()
	ctx := context.Background()
	st, err := graphbbolt.Open(ctx, filepath.Join(dir, "graph"))
	if err != nil {
		t.Fatal(err)
	}
	ix, err := searchbleve.Open(filepath.Join(dir, "search"), searchbleve.Options{})
	if err != nil {
		t.Fatal(err)
	}
	j, err := OpenJournal(filepath.Join(dir, "journal.db"))
	if err != nil {
		t.Fatal(err)
	}
	x := New(st, ix, j, nil)
	return &env{store: st, index: ix, journal: j, x: x, synced: x.Wrap(st)}
}

func (e *env) close() {
	e.journal.Close()
	e.index.Close()
	e.store.Close()
}

func (e *env) search(t *testing.T, text string) []string {
	t.Helper()
	res, err := e.index.Search(context.Background(), search.Query{Text: text, Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	return res.IDs()
}

func seed(t *testing.T, s graph.Store) *graphtest.City {
	t.Helper()
	return graphtest.Seed(t, s)
}

func TestJournal(t *testing.T) {
	path := filepath.Join(t.TempDir(), "j.db")
	j, err := OpenJournal(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := j.Mark([]string{"b", "a", "c"}); err != nil {
		t.Fatal(err)
	}
	if err := j.Clear([]string{"b"}); err != nil {
		t.Fatal(err)
	}
	j.Close()
	j, err = OpenJournal(path)
	if err != nil {
		t.Fatal(err)
	}
	defer j.Close()
	got, err := j.Pending(0)
	if err != nil || !slices.Equal(got, []string{"a", "c"}) {
		t.Fatalf("pending after reopen = %v, %v", got, err)
	}
	if n, _ := j.Len(); n != 2 {
		t.Fatalf("len = %d", n)
	}
}

// TestWritesReachIndex checks that writes through the wrapped store are searchable at once and
// leave the journal empty, and that deletes and renames are seen.
func TestWritesReachIndex(t *testing.T) {
	ctx := context.Background()
	e := openEnv(t, t.TempDir())
	defer e.close()
	c := seed(t, e.synced)
	svc := graph.NewService(e.synced, nil, nil)
	w, err := svc.CreateWorker(ctx, graph.WorkerInput{Name: "欧阳锋", RegionID: c.Longshan.ID,
		Roles: []graph.Role{graph.RoleCraftsman}, Bio: "擅长钨极氩弧焊打底"})
	if err != nil {
		t.Fatal(err)
	}
	t.Run("create seen", func(t *testing.T) {
		if ids := e.search(t, "欧阳锋"); !slices.Contains(ids, w.ID) {
			t.Fatalf("search 欧阳锋 = %v", ids)
		}
	})
	t.Run("update seen", func(t *testing.T) {
		name := "欧阳克"
		if _, err := svc.UpdateWorker(ctx, w.ID, graph.WorkerPatch{Name: &name}); err != nil {
			t.Fatal(err)
		}
		if ids := e.search(t, "欧阳克"); !slices.Contains(ids, w.ID) {
			t.Fatalf("search 欧阳克 = %v", ids)
		}
		if ids := e.search(t, "欧阳锋"); slices.Contains(ids, w.ID) {
			t.Fatalf("old name still found: %v", ids)
		}
	})
	t.Run("failed write leaves index unchanged", func(t *testing.T) {
		bad := ""
		if _, err := svc.UpdateWorker(ctx, w.ID, graph.WorkerPatch{Name: &bad}); err == nil {
			t.Fatal("empty name accepted")
		}
		if ids := e.search(t, "欧阳克"); !slices.Contains(ids, w.ID) {
			t.Fatalf("document lost after a failed write: %v", ids)
		}
	})
	t.Run("delete seen", func(t *testing.T) {
		if err := e.synced.DeleteWorker(ctx, w.ID); err != nil {
			t.Fatal(err)
		}
		if ids := e.search(t, "欧阳克"); slices.Contains(ids, w.ID) {
			t.Fatalf("deleted worker still found: %v", ids)
		}
	})
	t.Run("journal empty", func(t *testing.T) {
		if n, _ := e.journal.Len(); n != 0 {
			t.Fatalf("journal holds %d ids", n)
		}
	})
	t.Run("fresh after reindex", func(t *testing.T) {
		if err := e.x.Reindex(ctx, nil); err != nil {
			t.Fatal(err)
		}
		ok, why, err := e.x.Fresh(ctx)
		if err != nil || !ok {
			t.Fatalf("fresh = %v (%s), %v", ok, why, err)
		}
	})
}

// TestEnterpriseRenameReachesWorkers checks that a worker's document follows its employer's
// new name through the drainer.
func TestEnterpriseRenameReachesWorkers(t *testing.T) {
	ctx := context.Background()
	e := openEnv(t, t.TempDir())
	defer e.close()
	c := seed(t, e.synced)
	svc := graph.NewService(e.synced, nil, nil)
	ent := c.Heavy
	name := "长沙玄武精工有限公司"
	if _, err := svc.UpdateEnterprise(ctx, ent.ID, graph.EnterprisePatch{Name: &name}); err != nil {
		t.Fatal(err)
	}
	if err := e.x.Drain(ctx); err != nil {
		t.Fatal(err)
	}
	ws, err := e.store.ListWorkers(ctx, graph.WorkerFilter{EnterpriseID: ent.ID}, graph.Page{})
	if err != nil || len(ws.Items) == 0 {
		t.Fatalf("fixture has no workers at %s: %v", ent.ID, err)
	}
	res, err := e.index.Search(ctx, search.Query{Text: "玄武精工", Kinds: []search.Kind{search.KindWorker}, Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(res.IDs(), ws.Items[0].ID) {
		t.Fatalf("worker %s not found by new employer name: %v", ws.Items[0].ID, res.IDs())
	}
}

const crashEnv = "JIANGXIN_INDEXER_CRASH_DIR"

// TestCrashBetweenStoreAndIndex kills a child process with SIGKILL right after its store write
// and before its index write, then checks that reopening and draining heals the index.
func TestCrashBetweenStoreAndIndex(t *testing.T) {
	if dir := os.Getenv(crashEnv); dir != "" {
		crashChild(dir)
		return
	}
	dir := t.TempDir()
	{
		e := openEnv(t, dir)
		seed(t, e.synced)
		e.close()
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashBetweenStoreAndIndex$")
	cmd.Env = append(os.Environ(), crashEnv+"="+dir)
	out, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var id string
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "WROTE "); ok {
			id = rest
		}
	}
	err := cmd.Wait()
	if ws, ok := err.(*exec.ExitError); !ok || ws.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
		t.Fatalf("child did not die by SIGKILL: %v", err)
	}
	if id == "" {
		t.Fatal("child reported no write")
	}
	e := openEnv(t, dir)
	defer e.close()
	ctx := context.Background()
	if _, err := e.store.GetWorker(ctx, id); err != nil {
		t.Fatalf("acknowledged store write lost: %v", err)
	}
	if ids := e.search(t, "司马相如"); slices.Contains(ids, id) {
		t.Fatal("index already had the document: the crash came too late to test anything")
	}
	if n, _ := e.journal.Len(); n == 0 {
		t.Fatal("journal lost the mark")
	}
	if err := e.x.Drain(ctx); err != nil {
		t.Fatal(err)
	}
	if ids := e.search(t, "司马相如"); !slices.Contains(ids, id) {
		t.Fatalf("index did not heal: %v", ids)
	}
	if n, _ := e.journal.Len(); n != 0 {
		t.Fatalf("journal holds %d ids after drain", n)
	}
}

func crashChild(dir string) {
	ctx := context.Background()
	e := openEnv(&testing.T{}, dir)
	regions, err := e.store.ListRegions(ctx, graph.RegionFilter{}, graph.Page{})
	if err != nil || len(regions.Items) == 0 {
		fmt.Println("no regions", err)
		os.Exit(3)
	}
	// The ID is made inside CreateWorker: find it among the journal's marks, which are written
	// before the store write, once the store holds it.
	e.x.afterStore = func() {
		ids, _ := e.journal.Pending(0)
		for _, p := range ids {
			if w, err := e.store.GetWorker(ctx, p); err == nil && w.Name == "司马相如" {
				fmt.Printf("WROTE %s\n", p)
			}
		}
		_ = os.Stdout.Sync()
		_ = syscall.Kill(os.Getpid(), syscall.SIGKILL)
		time.Sleep(time.Minute)
	}
	_, _ = graph.NewService(e.synced, nil, nil).CreateWorker(ctx, graph.WorkerInput{Name: "司马相如", RegionID: regions.Items[0].ID})
	os.Exit(4)
}
