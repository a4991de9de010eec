package sheet_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"jiangxin/demo"
	"jiangxin/graph"
	"jiangxin/sheet"
)

// BenchmarkImportWorkers100k validates and imports a 100,000-worker roster (.xlsx, written by
// Export from the demo city) into an embedded store that holds the city's regions, unions and
// enterprises. It reports rows/s and the peak Go heap.
//
//	go test ./sheet -run '^$' -bench ImportWorkers100k -benchtime 3x
func BenchmarkImportWorkers100k(b *testing.B) {
	benchImport(b, 100_000)
}

func benchImport(b *testing.B, n int) {
	ctx := context.Background()
	batch, _, err := demo.Build(demo.Options{Workers: n})
	if err != nil {
		b.Fatal(err)
	}
	src := newStore(b)
	if err := src.Import(ctx, batch); err != nil {
		b.Fatal(err)
	}
	file := filepath.Join(b.TempDir(), "工匠名册.xlsx")
	var buf bytes.Buffer
	start := time.Now()
	if err := sheet.Export(ctx, src, sheet.KindWorkers, &buf, sheet.XLSX, sheet.ExportOptions{}); err != nil {
		b.Fatal(err)
	}
	b.Logf("exported %d workers to %.1f MiB of xlsx in %v", n, float64(buf.Len())/(1<<20), time.Since(start).Round(time.Millisecond))
	if err := os.WriteFile(file, buf.Bytes(), 0o600); err != nil {
		b.Fatal(err)
	}
	buf = bytes.Buffer{}
	skeleton := graph.Batch{Regions: batch.Regions, Unions: batch.Unions, Enterprises: batch.Enterprises}
	batch = graph.Batch{}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		dst := newStore(b)
		if err := dst.Import(ctx, skeleton); err != nil {
			b.Fatal(err)
		}
		f, err := os.Open(file)
		if err != nil {
			b.Fatal(err)
		}
		runtime.GC()
		peak, stop := watchHeap()
		b.StartTimer()
		t0 := time.Now()
		res, err := sheet.Import(ctx, graph.NewService(dst, nil, nil), f, sheet.Options{Name: file})
		took := time.Since(t0)
		b.StopTimer()
		stop()
		f.Close()
		if err != nil || res.Created != n {
			b.Fatalf("import: %v, %v", res, err)
		}
		b.ReportMetric(float64(n)/took.Seconds(), "rows/s")
		b.ReportMetric(float64(peak.Load())/(1<<20), "peak-heap-MiB")
		b.Logf("run %d: %v, %s, peak heap %.0f MiB", i, took.Round(time.Millisecond), res, float64(peak.Load())/(1<<20))
		_ = dst.Close()
		b.StartTimer()
	}
}

// watchHeap samples the Go heap every 20 ms until stop is called.
func watchHeap() (*atomic.Uint64, func()) {
	var peak atomic.Uint64
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		var ms runtime.MemStats
		t := time.NewTicker(20 * time.Millisecond)
		defer t.Stop()
		for {
			runtime.ReadMemStats(&ms)
			if ms.HeapInuse > peak.Load() {
				peak.Store(ms.HeapInuse)
			}
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	return &peak, func() { close(done); wg.Wait() }
}
