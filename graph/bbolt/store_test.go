package bbolt

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"jiangxin/graph"
	"jiangxin/graph/graphtest"
)

func openTemp(t testing.TB, dir string) *Store {
	t.Helper()
	s, err := Open(context.Background(), dir, WithLockTimeout(2*time.Second))
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	return s
}

func TestStore(t *testing.T) {
	graphtest.RunStoreTests(t, func(t *testing.T) graph.Store {
		s := openTemp(t, t.TempDir())
		t.Cleanup(func() {
			if err := s.Close(); err != nil {
				t.Errorf("close: %v", err)
			}
		})
		return s
	})
}

func TestDurability(t *testing.T) {
	graphtest.RunDurabilityTests(t, func(t *testing.T, dir string) graph.Store { return openTemp(t, dir) })
}

func TestOpen(t *testing.T) {
	cases := []struct {
		name string
		run  func(t *testing.T)
	}{
		{"CreatesDirAndFile", func(t *testing.T) {
			dir := t.TempDir() + "/nested/data"
			s := openTemp(t, dir)
			defer s.Close()
			if _, err := os.Stat(dir + "/" + FileName); err != nil {
				t.Fatalf("database file: %v", err)
			}
		}},
		{"LockedByAnotherOpen", func(t *testing.T) {
			dir := t.TempDir()
			s := openTemp(t, dir)
			defer s.Close()
			if _, err := Open(t.Context(), dir, WithLockTimeout(50*time.Millisecond)); err == nil {
				t.Fatal("second Open of a locked file succeeded")
			}
		}},
		{"CancelledContext", func(t *testing.T) {
			ctx, cancel := context.WithCancel(t.Context())
			cancel()
			if _, err := Open(ctx, t.TempDir()); err == nil {
				t.Fatal("Open with a cancelled context succeeded")
			}
		}},
		{"ClosedStoreFailsPing", func(t *testing.T) {
			s := openTemp(t, t.TempDir())
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}
			if err := s.Ping(t.Context()); err == nil {
				t.Fatal("Ping on a closed store succeeded")
			}
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, tc.run)
	}
}

const childEnv = "JIANGXIN_BBOLT_KILL_CHILD_DIR"

// TestKill9 re-executes the test binary as a child that writes workers one by one and prints
// each ID once Create has returned; the parent SIGKILLs it mid-stream, reopens the file and
// checks that every acknowledged worker is there.
func TestKill9(t *testing.T) {
	if dir := os.Getenv(childEnv); dir != "" {
		killChild(dir)
		return
	}
	dir := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run=^TestKill9$", "-test.count=1")
	cmd.Env = append(os.Environ(), childEnv+"="+dir)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var acked []string
	region := ""
	sc := bufio.NewScanner(out)
	deadline := time.Now().Add(20 * time.Second)
	for sc.Scan() && time.Now().Before(deadline) {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "region "):
			region = strings.TrimPrefix(line, "region ")
		case strings.HasPrefix(line, "ack "):
			acked = append(acked, strings.TrimPrefix(line, "ack "))
		}
		if len(acked) == 150 {
			break
		}
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()
	if region == "" || len(acked) < 150 {
		t.Fatalf("child acknowledged %d writes (region %q)", len(acked), region)
	}
	s := openTemp(t, dir)
	defer s.Close()
	got, err := s.GetManyWorkers(t.Context(), acked)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(acked) {
		t.Fatalf("%d of %d acknowledged workers survived kill -9", len(got), len(acked))
	}
	all, err := s.ListWorkers(t.Context(), graph.WorkerFilter{RegionID: region}, graph.Page{First: 1})
	if err != nil {
		t.Fatal(err)
	}
	if all.Total < len(acked) {
		t.Fatalf("index holds %d workers, fewer than %d acknowledged", all.Total, len(acked))
	}
	t.Logf("%d acknowledged, %d stored after SIGKILL", len(acked), all.Total)
}

// killChild writes workers until it is killed (or 30 s pass), printing each acknowledged ID.
func killChild(dir string) {
	ctx := context.Background()
	s, err := Open(ctx, dir)
	if err != nil {
		fmt.Fprintln(os.Stderr, "child open:", err)
		os.Exit(2)
	}
	m := graphtest.NewMaker()
	if err := s.UpsertSkills(ctx, graphtest.Skills()); err != nil {
		fmt.Fprintln(os.Stderr, "child skills:", err)
		os.Exit(2)
	}
	r := m.Region("崩溃区", graph.RegionDistrict, "")
	if err := s.CreateRegion(ctx, r); err != nil {
		fmt.Fprintln(os.Stderr, "child region:", err)
		os.Exit(2)
	}
	fmt.Printf("region %s\n", r.ID)
	stop := time.Now().Add(30 * time.Second)
	for i := 0; time.Now().Before(stop); i++ {
		w := m.Worker(fmt.Sprintf("崩溃%d", i), r.ID, func(w *graph.Worker) {
			w.Skills = []graph.WorkerSkill{{Code: graphtest.SkillWelder, Level: graph.LevelSenior}}
		})
		if err := s.CreateWorker(ctx, w); err != nil {
			fmt.Fprintln(os.Stderr, "child create:", err)
			os.Exit(2)
		}
		fmt.Printf("ack %s\n", w.ID)
	}
	os.Exit(0)
}

func BenchmarkImport20k(b *testing.B) {
	ctx := context.Background()
	for b.Loop() {
		b.StopTimer()
		s := openTemp(b, b.TempDir())
		if err := s.UpsertSkills(ctx, graphtest.Skills()); err != nil {
			b.Fatal(err)
		}
		batch := graphtest.LargeBatch(graphtest.NewMaker(), 20000)
		b.StartTimer()
		if err := s.Import(ctx, batch); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		s.Close()
		b.StartTimer()
	}
}

// benchStore returns a store holding LargeBatch(20000) and the batch.
func benchStore(b *testing.B) (*Store, graph.Batch) {
	ctx := context.Background()
	s := openTemp(b, b.TempDir())
	b.Cleanup(func() { s.Close() })
	if err := s.UpsertSkills(ctx, graphtest.Skills()); err != nil {
		b.Fatal(err)
	}
	batch := graphtest.LargeBatch(graphtest.NewMaker(), 20000)
	if err := s.Import(ctx, batch); err != nil {
		b.Fatal(err)
	}
	return s, batch
}

func BenchmarkGetWorker(b *testing.B) {
	s, batch := benchStore(b)
	ctx := context.Background()
	i := 0
	for b.Loop() {
		if _, err := s.GetWorker(ctx, batch.Workers[i%len(batch.Workers)].ID); err != nil {
			b.Fatal(err)
		}
		i += 7919
	}
}

func BenchmarkListWorkersBySkill(b *testing.B) {
	s, _ := benchStore(b)
	ctx := context.Background()
	f := graph.WorkerFilter{SkillCode: graphtest.SkillWelder, MinLevel: graph.LevelSenior}
	for b.Loop() {
		c, err := s.ListWorkers(ctx, f, graph.Page{First: 20})
		if err != nil || len(c.Items) != 20 {
			b.Fatal(err, len(c.Items))
		}
	}
}
