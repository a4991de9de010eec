// Command assign benchmarks matching.Assign against scipy. It generates the instances
// (dense squares, a capacitated campaign, a sparse top-50 campaign), writes them in a compact
// binary form that bench/assign/scipy_assign.py reads, solves them with repeats and prints one
// JSON line per instance; -city runs the city-scale campaign in process.
//
// Usage:
//
//	assign -gen DIR            write the instances into DIR
//	assign -solve FILE [-repeat 5]
//	assign -city [-seed 1] [-citycap N]
//	                           200,000 apprentices × 60,000 mentors × 50 eligible each
//
// File layout (little endian): magic "JXA1", kind int32 (0 sparse, 1 dense), apprentices int32,
// mentors int32, pairs int64, maxPairs int32, capacity int32[mentors]; then for dense
// score float64[apprentices×mentors] (row-major), for sparse apprentice int32[pairs],
// mentor int32[pairs], score float64[pairs].
package main

import (
	"bufio"
	"encoding/binary"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"slices"
	"sort"
	"syscall"
	"time"

	"jiangxin/matching"
)

func main() {
	gen := flag.String("gen", "", "write the instances into this directory")
	solve := flag.String("solve", "", "solve this instance file")
	repeat := flag.Int("repeat", 5, "solve this many times and report the median")
	city := flag.Bool("city", false, "generate and solve the city-scale campaign")
	cityCap := flag.Int("citycap", 0, "with -city: cap the number of pairs (0: none)")
	seed := flag.Uint64("seed", 1, "random seed")
	cpuProfile := flag.String("cpuprofile", "", "write a CPU profile here")
	flag.Parse()
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err == nil {
			err = pprof.StartCPUProfile(f)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "assign:", err)
			os.Exit(1)
		}
		defer pprof.StopCPUProfile()
	}
	var err error
	switch {
	case *gen != "":
		err = generate(*gen, *seed)
	case *solve != "":
		err = solveFile(*solve, *repeat)
	case *city:
		err = runCity(*seed, *cityCap)
	default:
		flag.Usage()
		os.Exit(2)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "assign:", err)
		pprof.StopCPUProfile()
		os.Exit(1)
	}
}

// instance is one benchmark problem; Dense holds the matrix when Kind is dense.
type instance struct {
	Dense       bool
	Apprentices int
	Capacity    []int
	Scores      []float64 // dense
	Pairs       []matching.Pair
	MaxPairs    int
}

func generate(dir string, seed uint64) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("create %s: %w", dir, err)
	}
	rng := rand.New(rand.NewPCG(seed, 42))
	if err := write(filepath.Join(dir, "sparse20000x5000.jxa"), sparseTop(rng, 20000, 5000, 50)); err != nil {
		return err
	}
	if err := write(filepath.Join(dir, "campaign2000x500.jxa"), campaign(rng, 2000, 500, 4)); err != nil {
		return err
	}
	for _, n := range []int{1000, 2000, 5000} {
		in := instance{Dense: true, Apprentices: n, Capacity: ones(n), Scores: make([]float64, n*n)}
		for k := range in.Scores {
			in.Scores[k] = 1e-3 + rng.Float64() // uniform (0.001, 1.001)
		}
		if err := write(filepath.Join(dir, fmt.Sprintf("dense%d.jxa", n)), in); err != nil {
			return err
		}
	}
	return nil
}

func ones(n int) []int {
	c := make([]int, n)
	for j := range c {
		c[j] = 1
	}
	return c
}

// campaign is a complete instance: score = mentor quality + pair affinity, both uniform, so
// strong mentors are wanted by everybody and capacity binds.
func campaign(rng *rand.Rand, n, m, capacity int) instance {
	in := instance{Apprentices: n, Capacity: make([]int, m)}
	q := make([]float64, m)
	for j := range q {
		q[j] = rng.Float64()
		in.Capacity[j] = capacity
	}
	for i := 0; i < n; i++ {
		for j := 0; j < m; j++ {
			in.Pairs = append(in.Pairs, matching.Pair{Apprentice: int32(i), Mentor: int32(j), Score: 0.01 + q[j] + rng.Float64()})
		}
	}
	return in
}

// sparseTop places apprentices and mentors uniformly on a unit-square map of the city and gives
// each apprentice its deg best mentors out of all m, scored 0.5 × mentor quality + closeness
// (1 − 2 × distance) + a little noise: strong mentors are wanted more, but mostly nearby.
// Capacities are uniform 1–7 (mean 4, so slots ≈ apprentices).
func sparseTop(rng *rand.Rand, n, m, deg int) instance {
	in := instance{Apprentices: n, Capacity: make([]int, m)}
	q := make([]float64, m)
	mx, my := make([]float64, m), make([]float64, m)
	for j := range q {
		q[j] = rng.Float64()
		mx[j], my[j] = rng.Float64(), rng.Float64()
		in.Capacity[j] = 1 + rng.IntN(7)
	}
	type cand struct {
		j int32
		s float64
	}
	top := make([]cand, 0, deg) // min-heap on s of the deg best so far
	less := func(a, b int) bool { return top[a].s < top[b].s }
	down := func(k int) {
		for {
			c := 2*k + 1
			if c >= len(top) {
				return
			}
			if c+1 < len(top) && less(c+1, c) {
				c++
			}
			if !less(c, k) {
				return
			}
			top[c], top[k] = top[k], top[c]
			k = c
		}
	}
	for i := 0; i < n; i++ {
		ax, ay := rng.Float64(), rng.Float64()
		top = top[:0]
		for j := 0; j < m; j++ {
			dx, dy := ax-mx[j], ay-my[j]
			s := 0.5*q[j] + 1 - 2*math.Sqrt(dx*dx+dy*dy) + 0.1*rng.Float64()
			if s <= 0.01 {
				continue
			}
			if len(top) < deg {
				top = append(top, cand{int32(j), s})
				for k := len(top) - 1; k > 0 && less(k, (k-1)/2); k = (k - 1) / 2 {
					top[k], top[(k-1)/2] = top[(k-1)/2], top[k]
				}
			} else if s > top[0].s {
				top[0] = cand{int32(j), s}
				down(0)
			}
		}
		sort.Slice(top, func(a, b int) bool { return top[a].j < top[b].j })
		for _, c := range top {
			in.Pairs = append(in.Pairs, matching.Pair{Apprentice: int32(i), Mentor: c.j, Score: c.s})
		}
	}
	return in
}

// cityCampaign is the city-scale shape: mentors and apprentices live in districts; each
// apprentice is eligible for the 50 best of 200 mentors sampled from its district.
func cityCampaign(rng *rand.Rand, n, m, deg, districts int) instance {
	in := instance{Apprentices: n, Capacity: make([]int, m)}
	q := make([]float64, m)
	for j := range q {
		q[j] = rng.Float64()
		in.Capacity[j] = 1 + rng.IntN(5) // mean 3: 180,000 slots for 200,000 apprentices
	}
	per := m / districts
	type cand struct {
		j int32
		s float64
	}
	cands := make([]cand, 0, 4*deg)
	seen := make(map[int32]bool, 4*deg)
	in.Pairs = make([]matching.Pair, 0, n*deg)
	for i := 0; i < n; i++ {
		d := rng.IntN(districts)
		cands = cands[:0]
		clear(seen)
		for len(cands) < 4*deg {
			j := int32(d*per + rng.IntN(per))
			if seen[j] {
				continue
			}
			seen[j] = true
			cands = append(cands, cand{j, 0.01 + q[j] + rng.Float64()})
		}
		slices.SortFunc(cands, func(a, b cand) int {
			if a.s > b.s {
				return -1
			}
			if a.s < b.s {
				return 1
			}
			return 0
		})
		for _, c := range cands[:deg] {
			in.Pairs = append(in.Pairs, matching.Pair{Apprentice: int32(i), Mentor: c.j, Score: c.s})
		}
	}
	return in
}

func write(path string, in instance) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("create instance: %w", err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	kind, pairs := int32(0), int64(len(in.Pairs))
	if in.Dense {
		kind, pairs = 1, int64(len(in.Scores))
	}
	le := binary.LittleEndian
	hdr := []any{[]byte("JXA1"), kind, int32(in.Apprentices), int32(len(in.Capacity)), pairs, int32(in.MaxPairs)}
	for _, v := range hdr {
		if err := binary.Write(w, le, v); err != nil {
			return fmt.Errorf("write instance: %w", err)
		}
	}
	caps := make([]int32, len(in.Capacity))
	for j, c := range in.Capacity {
		caps[j] = int32(c)
	}
	err = binary.Write(w, le, caps)
	if in.Dense {
		err = errors.Join(err, binary.Write(w, le, in.Scores))
	} else {
		a, m, s := make([]int32, len(in.Pairs)), make([]int32, len(in.Pairs)), make([]float64, len(in.Pairs))
		for k, p := range in.Pairs {
			a[k], m[k], s[k] = p.Apprentice, p.Mentor, p.Score
		}
		err = errors.Join(err, binary.Write(w, le, a), binary.Write(w, le, m), binary.Write(w, le, s))
	}
	err = errors.Join(err, w.Flush(), f.Close())
	if err != nil {
		return fmt.Errorf("write instance: %w", err)
	}
	fmt.Fprintf(os.Stderr, "wrote %s\n", path)
	return nil
}

func read(path string) (instance, error) {
	f, err := os.Open(path)
	if err != nil {
		return instance{}, fmt.Errorf("open instance: %w", err)
	}
	defer f.Close()
	r := bufio.NewReaderSize(f, 1<<20)
	le := binary.LittleEndian
	var magic [4]byte
	var kind, n, m, maxPairs int32
	var pairs int64
	for _, v := range []any{&magic, &kind, &n, &m, &pairs, &maxPairs} {
		if err := binary.Read(r, le, v); err != nil {
			return instance{}, fmt.Errorf("read header: %w", err)
		}
	}
	if string(magic[:]) != "JXA1" {
		return instance{}, fmt.Errorf("%s: not an instance file", path)
	}
	in := instance{Dense: kind == 1, Apprentices: int(n), MaxPairs: int(maxPairs), Capacity: make([]int, m)}
	caps := make([]int32, m)
	if err := binary.Read(r, le, caps); err != nil {
		return instance{}, fmt.Errorf("read capacity: %w", err)
	}
	for j, c := range caps {
		in.Capacity[j] = int(c)
	}
	if in.Dense {
		in.Scores = make([]float64, pairs)
		err = binary.Read(r, le, in.Scores)
	} else {
		a, mm, s := make([]int32, pairs), make([]int32, pairs), make([]float64, pairs)
		err = errors.Join(binary.Read(r, le, a), binary.Read(r, le, mm), binary.Read(r, le, s))
		in.Pairs = make([]matching.Pair, pairs)
		for k := range in.Pairs {
			in.Pairs[k] = matching.Pair{Apprentice: a[k], Mentor: mm[k], Score: s[k]}
		}
	}
	if err != nil && !errors.Is(err, io.EOF) {
		return instance{}, fmt.Errorf("read body: %w", err)
	}
	return in, err
}

func (in instance) solve() (matching.Assignment, error) {
	if in.Dense {
		return matching.AssignDense(matching.DenseCampaign{Apprentices: in.Apprentices, Capacity: in.Capacity, Scores: in.Scores, MaxPairs: in.MaxPairs})
	}
	return matching.Assign(matching.Campaign{Apprentices: in.Apprentices, Capacity: in.Capacity, Pairs: in.Pairs, MaxPairs: in.MaxPairs})
}

type report struct {
	Instance   string    `json:"instance"`
	Method     string    `json:"method"`
	MedianS    float64   `json:"median_s"`
	TimesS     []float64 `json:"times_s"`
	Total      float64   `json:"total"`
	Pairs      int       `json:"pairs"`
	Unassigned int       `json:"unassigned"`
}

func solveFile(path string, repeat int) error {
	in, err := read(path)
	if err != nil {
		return err
	}
	rep := report{Instance: filepath.Base(path)}
	for k := 0; k < max(1, repeat); k++ {
		runtime.GC()
		t0 := time.Now()
		a, err := in.solve()
		dt := time.Since(t0).Seconds()
		if err != nil {
			return fmt.Errorf("solve %s: %w", path, err)
		}
		rep.TimesS = append(rep.TimesS, dt)
		rep.Method, rep.Total, rep.Pairs, rep.Unassigned = a.Method, a.Total, len(a.Pairs), a.UnassignedApprentices
	}
	rep.MedianS = median(rep.TimesS)
	return json.NewEncoder(os.Stdout).Encode(rep)
}

func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func runCity(seed uint64, maxPairs int) error {
	rng := rand.New(rand.NewPCG(seed, 7))
	t0 := time.Now()
	in := cityCampaign(rng, 200000, 60000, 50, 100)
	in.MaxPairs = maxPairs
	gen := time.Since(t0).Seconds()
	runtime.GC()
	cpu0 := cpuSeconds()
	t1 := time.Now()
	a, err := in.solve()
	if err != nil {
		return fmt.Errorf("solve city: %w", err)
	}
	solve := time.Since(t1).Seconds()
	solveCPU := cpuSeconds() - cpu0
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return json.NewEncoder(os.Stdout).Encode(map[string]any{
		"instance": "city200000x60000x50", "generate_s": gen, "solve_s": solve, "solve_cpu_s": solveCPU, "method": a.Method,
		"pairs": len(a.Pairs), "total": a.Total, "unassigned": a.UnassignedApprentices,
		"free_capacity": a.FreeCapacity, "heap_sys_mib": ms.HeapSys >> 20, "gomaxprocs": runtime.GOMAXPROCS(0),
		"eligible_pairs": len(in.Pairs),
	})
}

// cpuSeconds returns the process's user+system CPU time, to report work independently of how
// busy the machine is.
func cpuSeconds() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return math.NaN()
	}
	return float64(ru.Utime.Sec+ru.Stime.Sec) + float64(ru.Utime.Usec+ru.Stime.Usec)/1e6
}
