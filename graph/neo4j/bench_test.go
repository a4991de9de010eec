package neo4j_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"testing"

	"jiangxin/graph"
	"jiangxin/graph/graphtest"
	graphneo4j "jiangxin/graph/neo4j"
)

// benchWorld stores the skills, a district and an enterprise, and returns a batch of n workers
// employed there (each a welder, every tenth with an honour) with the Maker that made them.
func benchWorld(b *testing.B, s *graphneo4j.Store) (graph.Batch, *graphtest.Maker) {
	b.Helper()
	ctx := context.Background()
	if err := s.Reset(ctx); err != nil {
		b.Fatal(err)
	}
	m := graphtest.NewMaker()
	if err := s.UpsertSkills(ctx, graphtest.Skills()); err != nil {
		b.Fatal(err)
	}
	r := m.Region("基准区", graph.RegionDistrict, "")
	e := m.Enterprise("基准企业", r.ID)
	if err := s.Import(ctx, graph.Batch{Regions: []graph.Region{r}, Enterprises: []graph.Enterprise{e}}); err != nil {
		b.Fatal(err)
	}
	return graph.Batch{Regions: []graph.Region{r}, Enterprises: []graph.Enterprise{e}}, m
}

// benchWorkers returns n workers of the world's enterprise.
func benchWorkers(m *graphtest.Maker, world graph.Batch, n int) []graph.Worker {
	ws := make([]graph.Worker, n)
	for i := range ws {
		ws[i] = m.Worker(fmt.Sprintf("工人%d", i), world.Regions[0].ID, func(w *graph.Worker) {
			w.EnterpriseID, w.EmployeeNo = world.Enterprises[0].ID, fmt.Sprintf("E%06d", i)
			w.Roles = []graph.Role{graph.RoleApprentice}
			w.Skills = []graph.WorkerSkill{{Code: graphtest.SkillWelder, Level: graph.Level(1 + i%5), Primary: true}}
			if i%10 == 0 {
				w.Honours = []graph.Honour{m.Honour("技术能手", graph.TierCity, 2020)}
			}
		})
	}
	return ws
}

// benchSizes returns the batch sizes of BenchmarkImportBatched: $NEO4J_BENCH_WORKERS (a comma
// separated list, e.g. 100000 to check a 100k-row all-or-nothing import) or 1,000 and 10,000.
func benchSizes(b *testing.B) []int {
	env := os.Getenv("NEO4J_BENCH_WORKERS")
	if env == "" {
		return []int{1_000, 10_000}
	}
	var out []int
	for _, f := range strings.Split(env, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 {
			b.Fatalf("NEO4J_BENCH_WORKERS: %q is not a size", f)
		}
		out = append(out, n)
	}
	return out
}

func BenchmarkImportBatched(b *testing.B) {
	s := openTest(b)
	for _, n := range benchSizes(b) {
		b.Run(fmt.Sprintf("workers=%d", n), func(b *testing.B) {
			for range b.N {
				b.StopTimer()
				world, m := benchWorld(b, s)
				ws := benchWorkers(m, world, n)
				b.StartTimer()
				if err := s.Import(context.Background(), graph.Batch{Workers: ws}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "workers/s")
		})
	}
}

func BenchmarkImportRowAtATime(b *testing.B) {
	s := openTest(b)
	const n = 1_000
	b.Run(fmt.Sprintf("workers=%d", n), func(b *testing.B) {
		for range b.N {
			b.StopTimer()
			world, m := benchWorld(b, s)
			ws := benchWorkers(m, world, n)
			b.StartTimer()
			for _, w := range ws {
				if err := s.CreateWorker(context.Background(), w); err != nil {
					b.Fatal(err)
				}
			}
		}
		b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "workers/s")
	})
}

func BenchmarkGetWorker(b *testing.B) {
	s := openTest(b)
	world, m := benchWorld(b, s)
	ws := benchWorkers(m, world, 10_000)
	if err := s.Import(context.Background(), graph.Batch{Workers: ws}); err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(1, 2))
	for b.Loop() {
		if _, err := s.GetWorker(ctx, ws[rng.IntN(len(ws))].ID); err != nil {
			b.Fatal(err)
		}
	}
}

// lineageFanout and lineageLevels shape the lineage benchmark's forest: every master has
// lineageFanout apprentices, lineageLevels generations deep below each of 4 roots.
const (
	lineageFanout = 4
	lineageLevels = 6
)

func BenchmarkLineageDepth3(b *testing.B) {
	s := openTest(b)
	world, m := benchWorld(b, s)
	ctx := context.Background()
	var roots []string
	var batch graph.Batch
	var level []graph.Worker
	for r := range 4 {
		root := benchWorkers(m, world, 1)[0]
		root.EmployeeNo = fmt.Sprintf("R%d", r)
		batch.Workers = append(batch.Workers, root)
		roots = append(roots, root.ID)
		level = append(level, root)
	}
	for g := 0; g < lineageLevels; g++ {
		var next []graph.Worker
		for _, master := range level {
			for range lineageFanout {
				a := m.Worker("徒弟", world.Regions[0].ID, func(w *graph.Worker) {
					w.Roles = []graph.Role{graph.RoleApprentice}
				})
				batch.Workers = append(batch.Workers, a)
				status := graph.PairingActive
				if g%2 == 0 {
					status = graph.PairingCompleted
				}
				batch.Pairings = append(batch.Pairings, m.Pairing(master.ID, a.ID, status))
				next = append(next, a)
			}
		}
		level = next
	}
	if err := s.Import(ctx, batch); err != nil {
		b.Fatal(err)
	}
	b.Logf("forest: %d workers, %d pairings", len(batch.Workers), len(batch.Pairings))
	want := lineageFanout + lineageFanout*lineageFanout + lineageFanout*lineageFanout*lineageFanout
	i := 0
	for b.Loop() {
		edges, err := s.Lineage(ctx, roots[i%len(roots)], graph.Down, 3)
		if err != nil {
			b.Fatal(err)
		}
		if len(edges) != want {
			b.Fatalf("%d edges, want %d", len(edges), want)
		}
		i++
	}
}

// BenchmarkListWorkersBySkillInDistrict pages the holders of one skill in one district, the
// query the peer comparison (bench/peers) sends: 10,000 workers in a city of four districts,
// each holding one of five skills, so one (skill, district) pair selects about 500.
func BenchmarkListWorkersBySkillInDistrict(b *testing.B) {
	s := openTest(b)
	world, m := benchWorld(b, s)
	ctx := context.Background()
	city := m.Region("基准市", graph.RegionCity, "")
	districts := []graph.Region{city}
	for i := range 4 {
		districts = append(districts, m.Region(fmt.Sprintf("区%d", i), graph.RegionDistrict, city.ID))
	}
	skills := []string{graphtest.SkillTurner, graphtest.SkillMiller, graphtest.SkillCNC, graphtest.SkillWelder,
		graphtest.SkillElectrician}
	ws := benchWorkers(m, world, 10_000)
	for i := range ws {
		ws[i].RegionID = districts[1+i%4].ID
		ws[i].Skills[0].Code = skills[(i/4)%5]
	}
	if err := s.Import(ctx, graph.Batch{Regions: districts, Workers: ws}); err != nil {
		b.Fatal(err)
	}
	f := graph.WorkerFilter{SkillCode: graphtest.SkillWelder, RegionID: districts[2].ID}
	for _, skip := range []bool{false, true} {
		b.Run(fmt.Sprintf("skipTotal=%v", skip), func(b *testing.B) {
			for b.Loop() {
				c, err := s.ListWorkers(ctx, f, graph.Page{First: 20, SkipTotal: skip})
				if err != nil {
					b.Fatal(err)
				}
				if len(c.Items) != 20 || (!skip && c.Total != 500) {
					b.Fatalf("got %d items of %d, want 20 of 500", len(c.Items), c.Total)
				}
			}
		})
	}
}
