package demo

import (
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"jiangxin/graph"
	"jiangxin/graph/taxonomy"
)

// build generates the city for opts or fails t.
func build(t testing.TB, opts Options) (graph.Batch, Summary) {
	t.Helper()
	b, s, err := Build(opts)
	if err != nil {
		t.Fatalf("Build(%+v): %v", opts, err)
	}
	return b, s
}

// hash returns a digest of the batch's JSON encoding.
func hash(t testing.TB, b graph.Batch) [32]byte {
	t.Helper()
	data, err := json.Marshal(b)
	if err != nil {
		t.Fatalf("marshal: %v", err)
	}
	return sha256.Sum256(data)
}

func TestDeterminism(t *testing.T) {
	tests := []struct {
		name string
		opts Options
	}{
		{"default", Options{}},
		{"seed 7", Options{Seed: 7, Workers: 900}},
		{"base 2025-06-01", Options{Seed: 3, Base: time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, sa := build(t, tt.opts)
			b, sb := build(t, tt.opts)
			if !reflect.DeepEqual(a, b) || hash(t, a) != hash(t, b) {
				t.Fatal("two runs with the same options differ")
			}
			if !reflect.DeepEqual(sa, sb) {
				t.Fatal("summaries differ")
			}
		})
	}
	t.Run("seeds differ", func(t *testing.T) {
		a, _ := build(t, Options{Seed: 1})
		b, _ := build(t, Options{Seed: 2})
		if hash(t, a) == hash(t, b) {
			t.Fatal("different seeds gave the same batch")
		}
	})
	t.Run("a passed catalogue gives the same batch", func(t *testing.T) {
		skills, err := taxonomy.Load()
		if err != nil {
			t.Fatal(err)
		}
		a, _ := build(t, Options{Seed: 9, Skills: skills})
		b, _ := build(t, Options{Seed: 9})
		if hash(t, a) != hash(t, b) {
			t.Fatal("passing the catalogue changed the batch")
		}
	})
	t.Run("City equals Build", func(t *testing.T) {
		a, err := City(Options{Seed: 5})
		if err != nil {
			t.Fatal(err)
		}
		b, _ := build(t, Options{Seed: 5})
		if hash(t, a) != hash(t, b) {
			t.Fatal("City and Build differ")
		}
	})
}

func TestOptions(t *testing.T) {
	tests := []struct {
		name    string
		opts    Options
		wantErr error
	}{
		{"zero is the default", Options{}, nil},
		{"too few workers", Options{Workers: MinWorkers - 1}, graph.ErrInvalid},
		{"negative workers", Options{Workers: -5}, graph.ErrInvalid},
		{"base too early", Options{Base: time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC)}, graph.ErrInvalid},
		{"minimum", Options{Workers: MinWorkers}, nil},
		{"catalogue without the trades", Options{Skills: []graph.Skill{{Code: SkillWelder, Name: "焊工", Depth: 4}}}, graph.ErrInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, s, err := Build(tt.opts)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
			if err != nil {
				return
			}
			want := tt.opts.Workers
			if want == 0 {
				want = DefaultWorkers
			}
			if len(b.Workers) != want || s.Workers != want {
				t.Fatalf("workers = %d (summary %d), want %d", len(b.Workers), s.Workers, want)
			}
			if err := validateAll(b); err != nil {
				t.Fatal(err)
			}
		})
	}
}

func TestWorkersForScale(t *testing.T) {
	tests := []struct {
		in      string
		want    int
		wantErr error
	}{
		{"", DefaultWorkers, nil},
		{"small", DefaultWorkers, nil},
		{"district", DistrictWorkers, nil},
		{"City", CityWorkers, nil},
		{"5000", 5000, nil},
		{"12", 0, graph.ErrInvalid},
		{"town", 0, graph.ErrInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := WorkersForScale(tt.in)
			if !errors.Is(err, tt.wantErr) || got != tt.want {
				t.Fatalf("WorkersForScale(%q) = %d, %v; want %d, %v", tt.in, got, err, tt.want, tt.wantErr)
			}
		})
	}
}

// validateAll runs every entity's Validate.
func validateAll(b graph.Batch) error {
	check := func(kind string, i int, err error) error {
		if err != nil {
			return fmt.Errorf("%s %d: %w", kind, i, err)
		}
		return nil
	}
	for i := range b.Regions {
		if err := check("region", i, b.Regions[i].Validate()); err != nil {
			return err
		}
	}
	for i := range b.Unions {
		if err := check("union", i, b.Unions[i].Validate()); err != nil {
			return err
		}
	}
	for i := range b.Enterprises {
		if err := check("enterprise", i, b.Enterprises[i].Validate()); err != nil {
			return err
		}
	}
	for i := range b.Workers {
		if err := check("worker", i, b.Workers[i].Validate()); err != nil {
			return err
		}
	}
	for i := range b.Problems {
		if err := check("problem", i, b.Problems[i].Validate()); err != nil {
			return err
		}
	}
	for i := range b.Visits {
		if err := check("visit", i, b.Visits[i].Validate()); err != nil {
			return err
		}
	}
	for i := range b.Pairings {
		if err := check("pairing", i, b.Pairings[i].Validate()); err != nil {
			return err
		}
	}
	for i := range b.Studios {
		if err := check("studio", i, b.Studios[i].Validate()); err != nil {
			return err
		}
	}
	for i := range b.Targets {
		if err := check("target", i, b.Targets[i].Validate()); err != nil {
			return err
		}
	}
	return nil
}

// index maps every entity ID of a batch (and nested honour and review IDs) to its kind.
type index map[string]graph.Kind

// add records b's IDs, failing on a duplicate.
func (ix index) add(b graph.Batch) error {
	put := func(id string, k graph.Kind) error {
		if _, dup := ix[id]; dup {
			return fmt.Errorf("duplicate ID %s", id)
		}
		ix[id] = k
		return nil
	}
	var errs []error
	for _, r := range b.Regions {
		errs = append(errs, put(r.ID, graph.KindRegion))
	}
	for _, u := range b.Unions {
		errs = append(errs, put(u.ID, graph.KindUnion))
	}
	for _, e := range b.Enterprises {
		errs = append(errs, put(e.ID, graph.KindEnterprise))
	}
	for _, w := range b.Workers {
		errs = append(errs, put(w.ID, graph.KindWorker))
		for _, h := range w.Honours {
			errs = append(errs, put(h.ID, graph.KindHonour))
		}
	}
	for _, p := range b.Problems {
		errs = append(errs, put(p.ID, graph.KindProblem))
	}
	for _, v := range b.Visits {
		errs = append(errs, put(v.ID, graph.KindVisit))
	}
	for _, p := range b.Pairings {
		errs = append(errs, put(p.ID, graph.KindPairing))
		for _, r := range p.Reviews {
			errs = append(errs, put(r.ID, graph.KindReview))
		}
	}
	for _, s := range b.Studios {
		errs = append(errs, put(s.ID, graph.KindStudio))
	}
	for _, tg := range b.Targets {
		errs = append(errs, put(tg.ID, graph.KindTarget))
	}
	return errors.Join(errs...)
}

// occupations returns the depth-4 codes of the embedded catalogue.
func occupations(t testing.TB) map[string]graph.Skill {
	t.Helper()
	all, err := taxonomy.Load()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]graph.Skill{}
	for _, s := range all {
		if s.Depth == 4 {
			out[s.Code] = s
		}
	}
	return out
}

// checkRefs reports the first reference of b that does not resolve within known or to an
// occupation of the catalogue.
func checkRefs(b graph.Batch, known index, occ map[string]graph.Skill) error {
	ref := func(what, id string, k graph.Kind, optional bool) error {
		if id == "" && optional {
			return nil
		}
		if known[id] != k {
			return fmt.Errorf("%s: %q is not a known %s", what, id, k)
		}
		return nil
	}
	skill := func(what, code string) error {
		if _, ok := occ[code]; !ok {
			return fmt.Errorf("%s: %q is not an occupation of the catalogue", what, code)
		}
		return nil
	}
	var errs []error
	add := func(err error) { errs = append(errs, err) }
	for _, r := range b.Regions {
		add(ref("region parent", r.ParentID, graph.KindRegion, true))
	}
	for _, u := range b.Unions {
		add(ref("union parent", u.ParentID, graph.KindUnion, true))
		add(ref("union region", u.RegionID, graph.KindRegion, true))
		add(ref("union enterprise", u.EnterpriseID, graph.KindEnterprise, true))
	}
	for _, e := range b.Enterprises {
		add(ref("enterprise region", e.RegionID, graph.KindRegion, false))
		add(ref("enterprise union", e.UnionID, graph.KindUnion, false))
	}
	for _, w := range b.Workers {
		add(ref("worker region", w.RegionID, graph.KindRegion, false))
		add(ref("worker enterprise", w.EnterpriseID, graph.KindEnterprise, false))
		for _, s := range w.Skills {
			add(skill("worker skill", s.Code))
		}
	}
	for _, p := range b.Problems {
		add(ref("problem enterprise", p.EnterpriseID, graph.KindEnterprise, false))
		for _, s := range p.Skills {
			add(skill("problem skill", s.Code))
		}
		for _, id := range p.SolverIDs {
			add(ref("problem solver", id, graph.KindWorker, false))
		}
	}
	for _, v := range b.Visits {
		add(ref("visit enterprise", v.EnterpriseID, graph.KindEnterprise, false))
		for _, id := range v.ProblemIDs {
			add(ref("visit problem", id, graph.KindProblem, false))
		}
		for _, id := range v.ExpertIDs {
			add(ref("visit expert", id, graph.KindWorker, false))
		}
	}
	for _, p := range b.Pairings {
		add(ref("pairing mentor", p.MentorID, graph.KindWorker, false))
		add(ref("pairing apprentice", p.ApprenticeID, graph.KindWorker, false))
		add(ref("pairing union", p.UnionID, graph.KindUnion, true))
		add(skill("pairing skill", p.Agreement.SkillCode))
		for _, r := range p.Reviews {
			add(ref("review author", r.AuthorID, graph.KindWorker, true))
		}
	}
	for _, s := range b.Studios {
		add(ref("studio leader", s.LeaderID, graph.KindWorker, false))
		add(ref("studio host", s.HostEnterpriseID, graph.KindEnterprise, false))
		for _, id := range s.MemberIDs {
			add(ref("studio member", id, graph.KindWorker, false))
		}
		for _, c := range s.SpecialtyCodes {
			add(skill("studio specialty", c))
		}
	}
	for _, tg := range b.Targets {
		add(ref("target union", tg.UnionID, graph.KindUnion, false))
	}
	return errors.Join(errs...)
}

// world indexes a batch for the invariant tests.
type world struct {
	b           graph.Batch
	workers     map[string]*graph.Worker
	enterprises map[string]*graph.Enterprise
	unions      map[string]*graph.Union
	regions     map[string]*graph.Region
	problems    map[string]*graph.Problem
	studios     map[string]*graph.Studio
	pairings    map[string]*graph.Pairing
	visits      map[string]*graph.Visit
}

func newWorld(b graph.Batch) *world {
	w := &world{b: b, workers: map[string]*graph.Worker{}, enterprises: map[string]*graph.Enterprise{},
		unions: map[string]*graph.Union{}, regions: map[string]*graph.Region{}, problems: map[string]*graph.Problem{},
		studios: map[string]*graph.Studio{}, pairings: map[string]*graph.Pairing{}, visits: map[string]*graph.Visit{}}
	for i := range w.b.Workers {
		w.workers[w.b.Workers[i].ID] = &w.b.Workers[i]
	}
	for i := range w.b.Enterprises {
		w.enterprises[w.b.Enterprises[i].ID] = &w.b.Enterprises[i]
	}
	for i := range w.b.Unions {
		w.unions[w.b.Unions[i].ID] = &w.b.Unions[i]
	}
	for i := range w.b.Regions {
		w.regions[w.b.Regions[i].ID] = &w.b.Regions[i]
	}
	for i := range w.b.Problems {
		w.problems[w.b.Problems[i].ID] = &w.b.Problems[i]
	}
	for i := range w.b.Studios {
		w.studios[w.b.Studios[i].ID] = &w.b.Studios[i]
	}
	for i := range w.b.Pairings {
		w.pairings[w.b.Pairings[i].ID] = &w.b.Pairings[i]
	}
	for i := range w.b.Visits {
		w.visits[w.b.Visits[i].ID] = &w.b.Visits[i]
	}
	return w
}

// openMentees counts open pairings per mentor.
func (w *world) openMentees() map[string]int {
	out := map[string]int{}
	for _, p := range w.b.Pairings {
		if p.Status.Open() {
			out[p.MentorID]++
		}
	}
	return out
}

// subtree returns the IDs of union id and every union below it.
func (w *world) subtree(id string) map[string]bool {
	in := map[string]bool{id: true}
	for changed := true; changed; {
		changed = false
		for _, u := range w.b.Unions {
			if !in[u.ID] && in[u.ParentID] {
				in[u.ID], changed = true, true
			}
		}
	}
	return in
}

// mentorGaps computes Store.MentorGaps as documented: trade → waiting apprentices, for the
// union subtree of unionID.
func (w *world) mentorGaps(unionID string) map[string]int {
	in := w.subtree(unionID)
	open := w.openMentees()
	busy := map[string]bool{}
	for _, p := range w.b.Pairings {
		if p.Status.Open() {
			busy[p.ApprenticeID] = true
		}
	}
	waiting, free := map[string]int{}, map[string]bool{}
	for i := range w.b.Workers {
		wk := &w.b.Workers[i]
		if !in[w.enterprises[wk.EnterpriseID].UnionID] {
			continue
		}
		mentor := wk.HasRole(graph.RoleCraftsman) || wk.HasRole(graph.RoleModelWorker)
		for _, s := range wk.Skills {
			if wk.HasRole(graph.RoleApprentice) && !busy[wk.ID] {
				waiting[s.Code]++
			}
			if mentor && wk.AcceptingMentees && open[wk.ID] < wk.MentorCapacity {
				free[s.Code] = true
			}
		}
	}
	gaps := map[string]int{}
	for code, n := range waiting {
		if !free[code] {
			gaps[code] = n
		}
	}
	return gaps
}

func TestDefaultCity(t *testing.T) {
	b, sum := build(t, Options{})
	occ := occupations(t)
	w := newWorld(b)

	t.Run("every entity validates", func(t *testing.T) {
		if err := validateAll(b); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("references resolve", func(t *testing.T) {
		known := index{}
		if err := known.add(b); err != nil {
			t.Fatal(err)
		}
		if err := checkRefs(b, known, occ); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("trades of the tables are catalogue occupations", func(t *testing.T) {
		for code, name := range tradeNames {
			if s, ok := occ[code]; !ok || s.Name != name {
				t.Errorf("%s %s is not in the catalogue (got %q)", code, name, s.Name)
			}
		}
		for ind, spec := range industries {
			for _, tr := range spec.trades {
				if _, ok := tradeNames[tr.v]; !ok {
					t.Errorf("industry %s uses %s, missing from tradeNames", ind, tr.v)
				}
			}
		}
	})
	t.Run("trees are well formed", func(t *testing.T) {
		for _, r := range b.Regions {
			if p, ok := w.regions[r.ParentID]; ok && !graph.RegionKindBelow(p.Kind, r.Kind) {
				t.Errorf("region %s (%s) below %s (%s)", r.Name, r.Kind, p.Name, p.Kind)
			}
		}
		for _, u := range b.Unions {
			if p, ok := w.unions[u.ParentID]; ok && p.Tier.Rank() <= u.Tier.Rank() {
				t.Errorf("union %s (%s) below %s (%s)", u.Name, u.Tier, p.Name, p.Tier)
			}
			if u.Tier == graph.TierEnterprise && w.enterprises[u.EnterpriseID].UnionID != u.ID {
				t.Errorf("enterprise union %s does not belong to its enterprise", u.Name)
			}
		}
		for _, e := range b.Enterprises {
			if w.regions[e.RegionID].Kind != graph.RegionTown {
				t.Errorf("enterprise %s is not in a town", e.Name)
			}
		}
	})
	t.Run("natural keys are unique and well formed", func(t *testing.T) {
		codes, names := map[string]bool{}, map[string]bool{}
		for _, e := range b.Enterprises {
			if codes[e.CreditCode] {
				t.Errorf("credit code %s twice", e.CreditCode)
			}
			codes[e.CreditCode] = true
			if names[e.Name] {
				t.Errorf("enterprise name %s twice", e.Name)
			}
			names[e.Name] = true
			if creditCheck(e.CreditCode) != e.CreditCode[17] {
				t.Errorf("credit code %s has a wrong check character", e.CreditCode)
			}
		}
		nos := map[[2]string]bool{}
		for _, wk := range b.Workers {
			k := [2]string{wk.EnterpriseID, wk.EmployeeNo}
			if wk.EmployeeNo == "" || nos[k] {
				t.Errorf("employee number %q of %s empty or taken", wk.EmployeeNo, wk.Name)
			}
			nos[k] = true
		}
	})
	t.Run("workers live where they work", func(t *testing.T) {
		for _, wk := range b.Workers {
			if e := w.enterprises[wk.EnterpriseID]; e.RegionID != wk.RegionID {
				t.Errorf("%s lives in %s but works in %s", wk.Name, wk.RegionID, e.RegionID)
			}
		}
	})
	t.Run("mentor capacity is never exceeded", func(t *testing.T) { checkCapacity(t, w) })
	t.Run("pairings are consistent with their status", func(t *testing.T) { checkPairings(t, w, sum.Base) })
	t.Run("lineages three generations deep exist", func(t *testing.T) {
		down := map[string][]string{}
		for _, p := range b.Pairings {
			if p.Status == graph.PairingActive || p.Status == graph.PairingCompleted {
				down[p.MentorID] = append(down[p.MentorID], p.ApprenticeID)
			}
		}
		var depth func(id string, seen map[string]bool) int
		depth = func(id string, seen map[string]bool) int {
			if seen[id] {
				return 0
			}
			seen[id] = true
			best := 0
			for _, a := range down[id] {
				best = max(best, 1+depth(a, seen))
			}
			delete(seen, id)
			return best
		}
		if d := depth(sum.LineageIDs[0], map[string]bool{}); d < 3 {
			t.Errorf("story lineage depth %d, want ≥ 3", d)
		}
		for k := 0; k < 3; k++ {
			if !slices.Contains(down[sum.LineageIDs[k]], sum.LineageIDs[k+1]) {
				t.Errorf("lineage link %d missing", k)
			}
		}
		if n := deepMasters(b, sum.LineageIDs[0], sum.LineageIDs[1]); n == 0 {
			t.Log("no random three-generation lineage at this size; the story provides one")
		}
	})
	t.Run("proportions are sane", func(t *testing.T) {
		national, model, craftsmen, apprentices, male := 0, 0, 0, 0, 0
		for _, wk := range b.Workers {
			for _, h := range wk.Honours {
				if h.Tier == graph.TierNational {
					national++
					break
				}
			}
			if wk.HasRole(graph.RoleModelWorker) {
				model++
				if !wk.HasRole(graph.RoleCraftsman) {
					t.Errorf("model worker %s is not a craftsman", wk.Name)
				}
			}
			if wk.HasRole(graph.RoleCraftsman) {
				craftsmen++
				if wk.MentorCapacity < 1 || wk.MentorCapacity > 5 {
					t.Errorf("craftsman %s capacity %d", wk.Name, wk.MentorCapacity)
				}
			}
			if wk.HasRole(graph.RoleApprentice) {
				apprentices++
				if l := wk.Skills[0].Level; l.Rank() > graph.LevelSenior.Rank() {
					t.Errorf("apprentice %s at %s", wk.Name, l)
				}
			}
			if wk.Gender == graph.GenderMale {
				male++
			}
		}
		n := len(b.Workers)
		if national == 0 || national*50 >= n {
			t.Errorf("%d of %d workers hold national honours, want some but < 2%%", national, n)
		}
		if model == 0 || model >= craftsmen {
			t.Errorf("%d model workers among %d craftsmen", model, craftsmen)
		}
		if craftsmen*100 < 8*n || craftsmen*100 > 20*n || apprentices*100 < 30*n || apprentices*100 > 60*n {
			t.Errorf("%d craftsmen and %d apprentices among %d workers", craftsmen, apprentices, n)
		}
		if male*100 < 60*n || male*100 > 92*n {
			t.Errorf("%d of %d workers are men", male, n)
		}
		nonPublic := 0
		for _, e := range b.Enterprises {
			if e.Ownership == graph.OwnershipPrivate || e.Ownership == graph.OwnershipForeign {
				nonPublic++
			}
		}
		if nonPublic*2 <= len(b.Enterprises) {
			t.Errorf("%d of %d enterprises are non-public, want over half", nonPublic, len(b.Enterprises))
		}
	})
	t.Run("problems and visits", func(t *testing.T) {
		statuses := map[graph.ProblemStatus]int{}
		for _, p := range b.Problems {
			statuses[p.Status]++
			if p.Status == graph.ProblemSolved && len(p.SolverIDs) == 0 {
				t.Errorf("solved problem %s has no solver", p.ID)
			}
			if p.Status != graph.ProblemSolved && len(p.SolverIDs) > 0 {
				t.Errorf("%s problem %s has solvers", p.Status, p.ID)
			}
			if p.Industry != w.enterprises[p.EnterpriseID].Industry {
				t.Errorf("problem %s industry %s differs from its enterprise's", p.ID, p.Industry)
			}
		}
		for _, s := range []graph.ProblemStatus{graph.ProblemOpen, graph.ProblemMatched, graph.ProblemVisitScheduled, graph.ProblemSolved} {
			if statuses[s] == 0 {
				t.Errorf("no %s problem", s)
			}
		}
		results := map[graph.OutcomeResult]int{}
		vstat := map[graph.VisitStatus]int{}
		for _, v := range b.Visits {
			vstat[v.Status]++
			for _, id := range v.ProblemIDs {
				if w.problems[id].EnterpriseID != v.EnterpriseID {
					t.Errorf("visit %s addresses problem %s of another enterprise", v.ID, id)
				}
			}
			for _, o := range v.Outcomes {
				results[o.Result]++
				if o.Result == graph.OutcomeSolved && w.problems[o.ProblemID].Status != graph.ProblemSolved {
					t.Errorf("visit %s solved problem %s which is %s", v.ID, o.ProblemID, w.problems[o.ProblemID].Status)
				}
			}
			switch v.Status {
			case graph.VisitDone:
				if v.Rating < 1 || len(v.Outcomes) == 0 || v.Date >= date(sum.Base) {
					t.Errorf("done visit %s: rating %d, %d outcomes, date %s", v.ID, v.Rating, len(v.Outcomes), v.Date)
				}
			case graph.VisitScheduled:
				if v.Rating != 0 || v.Date <= date(sum.Base) || w.problems[v.ProblemIDs[0]].Status != graph.ProblemVisitScheduled {
					t.Errorf("scheduled visit %s: rating %d, date %s", v.ID, v.Rating, v.Date)
				}
			}
		}
		if results[graph.OutcomeSolved] == 0 || results[graph.OutcomePartly] == 0 || vstat[graph.VisitScheduled] == 0 || vstat[graph.VisitDone] < 3 {
			t.Errorf("visit outcomes %v, statuses %v", results, vstat)
		}
	})
	t.Run("similar solved problems exist", func(t *testing.T) {
		shares := func(a, b *graph.Problem) bool {
			for _, x := range a.Skills {
				for _, y := range b.Skills {
					if x.Code == y.Code {
						return true
					}
				}
			}
			return false
		}
		if !shares(w.problems[sum.OpenWeldingProblemID], w.problems[sum.WeldingProblemID]) {
			t.Error("the open welding problem shares no skill with the solved one")
		}
		withSimilar := 0
		for i := range b.Problems {
			if b.Problems[i].Status != graph.ProblemOpen {
				continue
			}
			for j := range b.Problems {
				if b.Problems[j].Status == graph.ProblemSolved && shares(&b.Problems[i], &b.Problems[j]) {
					withSimilar++
					break
				}
			}
		}
		if withSimilar < 5 {
			t.Errorf("%d open problems have a similar solved one, want several", withSimilar)
		}
	})
	t.Run("mentor gaps", func(t *testing.T) {
		if n := w.mentorGaps(sum.CityUnionID)[CityGapSkill]; n < 2*len(districts) {
			t.Errorf("city gap in %s has %d waiting apprentices, want ≥ %d", CityGapSkill, n, 2*len(districts))
		}
		for _, d := range sum.Districts {
			if n := w.mentorGaps(d.UnionID)[d.GapSkill]; n < 2 {
				t.Errorf("%s: gap %s has %d waiting apprentices", d.Name, d.GapSkill, n)
			}
		}
		// A trade with mentors to spare is no gap anywhere: welding in the story district.
		if _, gap := w.mentorGaps(sum.Districts[0].UnionID)[SkillWelder]; gap {
			t.Error("welding is a gap in the story district")
		}
	})
	t.Run("studios", func(t *testing.T) {
		kinds := map[graph.StudioKind]int{}
		for _, s := range b.Studios {
			kinds[s.Kind]++
			l := w.workers[s.LeaderID]
			if l.EnterpriseID != s.HostEnterpriseID || !l.HasRole(graph.RoleCraftsman) {
				t.Errorf("studio %s: leader %s is no craftsman of the host", s.Name, l.Name)
			}
			if s.Kind == graph.StudioModelWorker && !l.HasRole(graph.RoleModelWorker) {
				t.Errorf("studio %s: leader is no model worker", s.Name)
			}
			for _, m := range s.MemberIDs {
				if m == s.LeaderID {
					t.Errorf("studio %s lists its leader as member", s.Name)
				}
			}
		}
		if len(kinds) < 2 || len(b.Studios) < 6 {
			t.Errorf("studios by kind %v", kinds)
		}
	})
	t.Run("targets", func(t *testing.T) {
		city, districtsSum := 0, 0
		for _, tg := range b.Targets {
			if tg.Kind != graph.TargetPairsSigned || tg.Campaign != sum.Campaign {
				continue
			}
			switch w.unions[tg.UnionID].Tier {
			case graph.TierCity:
				city += tg.Number
			case graph.TierDistrict:
				districtsSum += tg.Number
			}
		}
		if city != 2000 || districtsSum != 2000 {
			t.Errorf("pairs targets: city %d, districts %d; want 2000 each", city, districtsSum)
		}
		tg := b.Targets[slices.IndexFunc(b.Targets, func(x graph.Target) bool { return x.ID == sum.PairsTargetID })]
		if tg.UnionID != sum.CityUnionID || tg.Number != 2000 {
			t.Errorf("summary pairs target %+v", tg)
		}
	})
	t.Run("summary", func(t *testing.T) {
		wang := w.workers[sum.ModelWorkerID]
		if wang != &b.Workers[0] || wang.Name != ModelWorkerName || !strings.HasPrefix(wang.Name, "王") ||
			wang.Skills[0].Code != SkillWelder || !wang.HasRole(graph.RoleModelWorker) {
			t.Errorf("model worker %+v", wang)
		}
		if !slices.ContainsFunc(wang.Honours, func(h graph.Honour) bool { return h.Title == "全国劳动模范" }) {
			t.Error("the model worker lacks 全国劳动模范")
		}
		if open := w.openMentees()[wang.ID]; !wang.AcceptingMentees || open >= wang.MentorCapacity {
			t.Errorf("the model worker has %d/%d open pairings, accepting %v", open, wang.MentorCapacity, wang.AcceptingMentees)
		}
		if s := w.studios[sum.ModelWorkerStudioID]; s.LeaderID != wang.ID || s.HostEnterpriseID != sum.ModelEnterpriseID {
			t.Errorf("model worker studio %+v", s)
		}
		tan := w.workers[sum.PatentLeaderID]
		ps := w.studios[sum.PatentStudioID]
		counts := map[graph.AchievementKind]int{}
		for _, a := range ps.Achievements {
			counts[a.Kind] += a.Count
		}
		if tan.Gender != graph.GenderFemale || ps.LeaderID != tan.ID || counts[graph.AchievementUtilityModel] != 6 ||
			counts[graph.AchievementInnovation] != 29 || !strings.Contains(tan.Bio, "14项") {
			t.Errorf("patent studio %+v", ps)
		}
		if p := w.problems[sum.WeldingProblemID]; p.Status != graph.ProblemSolved || !strings.Contains(p.Title, "20%") ||
			!strings.Contains(p.Outcome, "TIG") || !slices.Contains(p.SolverIDs, wang.ID) {
			t.Errorf("welding problem %+v", p)
		}
		if p := w.problems[sum.OpenWeldingProblemID]; p.Status != graph.ProblemOpen {
			t.Errorf("open welding problem is %s", p.Status)
		}
		if p := w.problems[sum.CNCProblemID]; p.Status != graph.ProblemVisitScheduled || p.Skills[0].Code != SkillCNC {
			t.Errorf("CNC problem %+v", p)
		}
		if v := w.visits[sum.DoneVisitID]; v.Status != graph.VisitDone || v.Rating != 5 || !slices.Contains(v.ProblemIDs, sum.WeldingProblemID) {
			t.Errorf("done visit %+v", v)
		}
		if v := w.visits[sum.ScheduledVisitID]; v.Status != graph.VisitScheduled || !slices.Contains(v.ExpertIDs, tan.ID) {
			t.Errorf("scheduled visit %+v", v)
		}
		wantStatus := map[string]graph.PairingStatus{sum.ActivePairingID: graph.PairingActive,
			sum.CompletedPairingID: graph.PairingCompleted, sum.ProposedPairingID: graph.PairingProposed,
			sum.DeclinedPairingID: graph.PairingDeclined, sum.TerminatedPairingID: graph.PairingTerminated}
		for id, s := range wantStatus {
			if p := w.pairings[id]; p == nil || p.Status != s {
				t.Errorf("pairing %s is not %s", id, s)
			}
		}
		if g := w.pairings[sum.ActivePairingID].Agreement.Goal; g != "2027年6月前达到焊工高级工" {
			t.Errorf("active goal %q", g)
		}
		if a := w.pairings[sum.CompletedPairingID].Award; a != "高师带徒优秀师徒" {
			t.Errorf("completed award %q", a)
		}
		if w.unions[sum.CityUnionID].Name != "长沙市总工会" || w.unions[sum.ProvinceUnionID].Name != "湖南省总工会" ||
			w.regions[sum.CityRegionID].Name != "长沙市" || len(sum.Districts) != 6 {
			t.Errorf("summary tree %+v", sum)
		}
		total := 0
		for _, d := range sum.Districts {
			total += d.Workers
		}
		if total != len(b.Workers) {
			t.Errorf("district workers sum to %d, want %d", total, len(b.Workers))
		}
	})
	t.Run("timestamps are UTC and relative to the base", func(t *testing.T) {
		for _, wk := range b.Workers {
			if wk.CreatedAt.Location() != time.UTC || wk.CreatedAt.Before(sum.Base) || wk.CreatedAt.After(sum.Base.AddDate(0, 0, 1)) {
				t.Fatalf("worker %s created at %v", wk.Name, wk.CreatedAt)
			}
		}
	})
	t.Logf("default city: %s", describe(b))
}

// checkCapacity fails t when a mentor's open pairings exceed their capacity, a mentor is no
// craftsman or stands too low for the goal, or an apprentice has two open pairings.
func checkCapacity(t *testing.T, w *world) {
	b := w.b
	open := w.openMentees()
	for id, n := range open {
		if m := w.workers[id]; n > m.MentorCapacity {
			t.Errorf("%s has %d open pairings, capacity %d", m.Name, n, m.MentorCapacity)
		}
	}
	busy := map[string]int{}
	for _, p := range b.Pairings {
		if p.Status.Open() {
			busy[p.ApprenticeID]++
		}
		m := w.workers[p.MentorID]
		if !m.HasRole(graph.RoleCraftsman) {
			t.Errorf("pairing %s: mentor %s is no craftsman", p.ID, m.Name)
		}
		if ml, _ := m.Skill(p.Agreement.SkillCode); ml.Level.Rank() <= p.Agreement.TargetLevel.Rank() {
			t.Errorf("pairing %s: mentor %s at %s cannot lead to %s", p.ID, m.Name, ml.Level, p.Agreement.TargetLevel)
		}
		if _, ok := w.workers[p.ApprenticeID].Skill(p.Agreement.SkillCode); !ok {
			t.Errorf("pairing %s: apprentice lacks the trade %s", p.ID, p.Agreement.SkillCode)
		}
	}
	for id, n := range busy {
		if n > 1 {
			t.Errorf("apprentice %s has %d open pairings", w.workers[id].Name, n)
		}
	}
}

// checkPairings fails t when a pairing's fields disagree with its status or dates.
func checkPairings(t *testing.T, w *world, base time.Time) {
	b := w.b
	seen := map[graph.PairingStatus]int{}
	for _, p := range b.Pairings {
		seen[p.Status]++
		signed := p.Agreement.SignedOn != ""
		switch p.Status {
		case graph.PairingActive, graph.PairingCompleted, graph.PairingTerminated:
			if !signed || p.Agreement.Goal == "" || p.Agreement.Deadline == "" {
				t.Errorf("%s pairing %s lacks a signed agreement", p.Status, p.ID)
			}
		case graph.PairingProposed, graph.PairingDeclined, graph.PairingAccepted:
			if signed || p.Score == 0 {
				t.Errorf("%s pairing %s is signed or unscored", p.Status, p.ID)
			}
		}
		if (p.Status == graph.PairingTerminated) != (p.TerminationReason != "") {
			t.Errorf("pairing %s: status %s with reason %q", p.ID, p.Status, p.TerminationReason)
		}
		if p.Award != "" && p.Status != graph.PairingCompleted {
			t.Errorf("pairing %s: award on a %s pairing", p.ID, p.Status)
		}
		if p.Status == graph.PairingCompleted {
			last := p.Reviews[len(p.Reviews)-1]
			if last.LevelReached != p.Agreement.TargetLevel {
				t.Errorf("completed pairing %s: last review reached %s, target %s", p.ID, last.LevelReached, p.Agreement.TargetLevel)
			}
		}
		for _, r := range p.Reviews {
			if string(r.Date) < string(p.Agreement.SignedOn) || r.Date > date(base) {
				t.Errorf("pairing %s: review on %s outside %s–%s", p.ID, r.Date, p.Agreement.SignedOn, date(base))
			}
		}
	}
	// An apprentice's current pairing starts after the reviews of any earlier one.
	byApprentice := map[string][]graph.Pairing{}
	for _, p := range b.Pairings {
		byApprentice[p.ApprenticeID] = append(byApprentice[p.ApprenticeID], p)
	}
	for _, ps := range byApprentice {
		for _, q := range ps {
			if q.Status != graph.PairingActive {
				continue
			}
			for _, p := range ps {
				if p.ID != q.ID && len(p.Reviews) > 0 && p.Reviews[len(p.Reviews)-1].Date >= q.Agreement.SignedOn {
					t.Errorf("pairing %s signed %s overlaps pairing %s reviewed %s", q.ID, q.Agreement.SignedOn,
						p.ID, p.Reviews[len(p.Reviews)-1].Date)
				}
			}
		}
	}
	for _, s := range []graph.PairingStatus{graph.PairingProposed, graph.PairingAccepted, graph.PairingDeclined,
		graph.PairingActive, graph.PairingCompleted, graph.PairingTerminated} {
		if seen[s] == 0 {
			t.Errorf("no %s pairing", s)
		}
	}
	awarded := 0
	for _, p := range b.Pairings {
		if p.Award == "高师带徒优秀师徒" {
			awarded++
		}
	}
	if awarded < 2 {
		t.Errorf("%d awarded pairings, want several", awarded)
	}
}

// deepMasters counts mentors, other than those listed, whose mentees (through ACTIVE or
// COMPLETED pairings) mentor others in turn.
func deepMasters(b graph.Batch, except ...string) int {
	down := map[string][]string{}
	for _, p := range b.Pairings {
		if p.Status == graph.PairingActive || p.Status == graph.PairingCompleted {
			down[p.MentorID] = append(down[p.MentorID], p.ApprenticeID)
		}
	}
	n := 0
	for _, m := range b.Workers {
		if slices.Contains(except, m.ID) {
			continue
		}
		if slices.ContainsFunc(down[m.ID], func(a string) bool { return len(down[a]) > 0 && a != m.ID }) {
			n++
		}
	}
	return n
}

// describe counts the entities of b.
func describe(b graph.Batch) string {
	reviews, honours := 0, 0
	for _, p := range b.Pairings {
		reviews += len(p.Reviews)
	}
	for _, w := range b.Workers {
		honours += len(w.Honours)
	}
	return fmt.Sprintf("%d regions, %d unions, %d enterprises, %d workers (%d honours), %d problems, %d visits, "+
		"%d pairings (%d reviews), %d studios, %d targets", len(b.Regions), len(b.Unions), len(b.Enterprises),
		len(b.Workers), honours, len(b.Problems), len(b.Visits), len(b.Pairings), reviews, len(b.Studios), len(b.Targets))
}

func TestStreamChunks(t *testing.T) {
	occ := occupations(t)
	known := index{}
	chunks := 0
	var all graph.Batch
	sum, err := Stream(Options{Seed: 11}, func(b graph.Batch) error {
		chunks++
		if err := known.add(b); err != nil {
			return err
		}
		all.Workers = append(all.Workers, b.Workers...)
		return checkRefs(b, known, occ)
	})
	if err != nil {
		t.Fatal(err)
	}
	if chunks != 1+len(districts) || len(all.Workers) != sum.Workers {
		t.Fatalf("%d chunks with %d workers", chunks, len(all.Workers))
	}
	t.Run("emit errors are returned as is", func(t *testing.T) {
		stop := errors.New("stop")
		if _, err := Stream(Options{}, func(graph.Batch) error { return stop }); !errors.Is(err, stop) {
			t.Fatalf("err = %v", err)
		}
	})
}

func TestDistrictScale(t *testing.T) {
	start := time.Now()
	b, sum := build(t, Options{Seed: 42, Workers: DistrictWorkers})
	elapsed := time.Since(start)
	if len(b.Workers) != DistrictWorkers {
		t.Fatalf("%d workers", len(b.Workers))
	}
	if err := validateAll(b); err != nil {
		t.Fatal(err)
	}
	known := index{}
	if err := known.add(b); err != nil {
		t.Fatal(err)
	}
	if err := checkRefs(b, known, occupations(t)); err != nil {
		t.Fatal(err)
	}
	w := newWorld(b)
	checkCapacity(t, w)
	checkPairings(t, w, sum.Base)
	if n := w.mentorGaps(sum.CityUnionID)[CityGapSkill]; n == 0 {
		t.Error("no city-wide gap at district scale")
	}
	if n := deepMasters(b, sum.LineageIDs[0], sum.LineageIDs[1]); n < 10 {
		t.Errorf("%d random masters whose apprentices mentor others, want many", n)
	}
	if elapsed > 5*time.Second {
		t.Errorf("generating %d workers took %v", DistrictWorkers, elapsed)
	}
	t.Logf("district scale generated in %v: %s", elapsed, describe(b))
}

func TestCreditCode(t *testing.T) {
	tests := []struct {
		name     string
		div      string
		body     uint32
		newStyle bool
	}{
		{"zero body", "430111", 0, false},
		{"large body", "430104", 99_999_999, false},
		{"typical", "430102", 12_345_678, false},
		{"new style zero", "430111", 0, true},
		{"new style large", "430112", 99_999_999, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := creditCode(tt.div, tt.body, tt.newStyle)
			e := graph.Enterprise{ID: "ent_01JD3V7Q6Y9K8Z2M4N5P6R7S8T", Name: "x", CreditCode: c, Ownership: graph.OwnershipPrivate,
				RegionID: "reg_01JD3V7Q6Y9K8Z2M4N5P6R7S8T", CreatedAt: time.Now().UTC()}
			e.UpdatedAt = e.CreatedAt
			if err := e.Validate(); err != nil {
				t.Fatalf("%s: %v", c, err)
			}
			if !strings.HasPrefix(c, "91"+tt.div) || creditCheck(c) != c[17] || strings.HasPrefix(c[8:], "MA") != tt.newStyle {
				t.Fatalf("%s is malformed", c)
			}
		})
	}
	// A published example code (GB 32100 appendix style) checks out.
	if got := creditCheck("91350100M000100Y4"); got != '3' {
		t.Errorf("check of a known code = %c, want 3", got)
	}
}

func BenchmarkCity(b *testing.B) {
	skills, err := taxonomy.Load()
	if err != nil {
		b.Fatal(err)
	}
	for _, n := range []int{DefaultWorkers, DistrictWorkers} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			for b.Loop() {
				if _, err := City(Options{Workers: n, Skills: skills}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
