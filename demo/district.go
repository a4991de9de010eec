package demo

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"jiangxin/graph"
)

// wk is what the generator tracks about one worker of the district beside the entity itself.
type wk struct {
	ent        int
	birth      int
	craftsman  bool
	apprentice bool
	story      bool
	open       int  // open pairings as mentor
	busy       bool // has an open pairing as apprentice
	leads      bool // leads a studio
	reserve    int  // slots kept free for the demo's own flows
}

// en is what the generator tracks about one enterprise of the district.
type en struct {
	industry string
	town     int
	workers  []int
	nextNo   int
}

// dgen generates one district chunk.
type dgen struct {
	*gen
	o     Options
	cat   catalogue
	sk    *skel
	d     int
	dist  district
	sum   *Summary
	b     graph.Batch
	ents  []en
	wks   []wk
	names map[string]bool
	all   map[string][]int // craftsmen holding a trade, by code
	free  map[string][]int // craftsmen holding a trade who may have a free slot (pruned lazily)
	year  int
}

// genDistrict generates district d with n workers.
func genDistrict(o Options, cat catalogue, sk *skel, d, n int, sum *Summary) graph.Batch {
	start := o.Base.Add(time.Duration(d+1) * time.Hour)
	dg := &dgen{gen: newGen(o.Seed, uint64(d)+1, start, o.Base), o: o, cat: cat, sk: sk, d: d,
		dist: districts[d], sum: sum, names: map[string]bool{}, all: map[string][]int{}, free: map[string][]int{},
		year: o.Base.Year()}
	dg.b.Workers = make([]graph.Worker, 0, n)
	dg.wks = make([]wk, 0, n)
	var st *story
	if d == 0 {
		st = dg.storyCast()
	}
	dg.enterprises(n)
	dg.workers(n)
	dg.ensureGapApprentices()
	dg.indexMentors()
	if st != nil {
		dg.storyPairings(st)
	}
	dg.pairings()
	dg.history()
	dg.closeGaps()
	if st != nil {
		dg.storyStudios(st)
	}
	dg.studios(n)
	if st != nil {
		dg.storyProblems(st)
	}
	dg.problems(n)
	dg.enrich(st)
	return dg.b
}

// ---- enterprises -------------------------------------------------------------------------

// addEnterprise stores an enterprise with, when ownUnion, its own enterprise union.
func (dg *dgen) addEnterprise(name, ind string, own graph.Ownership, town int, ownUnion bool) int {
	id, at := dg.next(graph.KindEnterprise)
	seq := len(dg.ents)
	// A bijection of [0, 10^8) spreads the district's sequence numbers over the code space.
	v := uint64(dg.d)*10_000_000 + uint64(seq)
	body := (v*61_803_399 + 37_219_861 + uint64(dg.o.Seed)%100_000_000) % 100_000_000
	newStyle := own == graph.OwnershipPrivate || own == graph.OwnershipForeign || seq%3 == 0
	e := graph.Enterprise{ID: id, Name: name, CreditCode: creditCode(dg.dist.code, uint32(body), newStyle), Industry: ind,
		Ownership: own, RegionID: dg.sk.townRegions[dg.d][town], UnionID: dg.sk.townUnions[dg.d][town],
		CreatedAt: at, UpdatedAt: at}
	if ownUnion {
		uid, uat := dg.next(graph.KindUnion)
		dg.b.Unions = append(dg.b.Unions, graph.Union{ID: uid, Name: name + "工会委员会", Tier: graph.TierEnterprise,
			ParentID: e.UnionID, RegionID: e.RegionID, EnterpriseID: id, CreatedAt: uat, UpdatedAt: uat})
		e.UnionID = uid
	}
	dg.b.Enterprises = append(dg.b.Enterprises, e)
	dg.ents = append(dg.ents, en{industry: ind, town: town, nextNo: 1})
	dg.names[name] = true
	return seq
}

// enterpriseName invents a plausible, unused company name.
func (dg *dgen) enterpriseName(ind string, own graph.Ownership) string {
	suffixes := industries[ind].suffixes
	for try := 0; ; try++ {
		n := 2
		if try >= 10 {
			n = 3
		}
		var brand strings.Builder
		for range n {
			brand.WriteRune(one(dg.gen, brandChars))
		}
		suffix := one(dg.gen, suffixes)
		var name string
		switch own {
		case graph.OwnershipForeign:
			name = one(dg.gen, foreignBrands) + "（长沙）" + suffix
			if try >= 5 {
				name = one(dg.gen, foreignBrands) + brand.String() + "（长沙）" + suffix
			}
		case graph.OwnershipState:
			name = "长沙市" + brand.String() + strings.Replace(suffix, "有限公司", "集团有限公司", 1)
			if dg.chance(0.4) {
				name = "湖南省" + brand.String() + suffix
			}
		case graph.OwnershipMixed:
			name = "湖南" + brand.String() + strings.Replace(suffix, "有限公司", "股份有限公司", 1)
			name = strings.Replace(name, "股份股份", "股份", 1)
		case graph.OwnershipCollective:
			name = "长沙市" + dg.dist.short + brand.String() + suffix
		default:
			name = "长沙" + brand.String() + suffix
			if dg.chance(0.25) {
				name = "湖南" + brand.String() + suffix
			}
		}
		if try >= 30 {
			name += "第" + strconv.Itoa(try) + "分公司"
		}
		if !dg.names[name] {
			return name
		}
	}
}

// enterprises generates the district's random enterprises, about one per 30 workers.
func (dg *dgen) enterprises(n int) {
	want := len(dg.ents) + max(4, int(math.Round(float64(n)/30)))
	for len(dg.ents) < want {
		ind := pick(dg.gen, dg.dist.industries)
		own := pick(dg.gen, industries[ind].ownership)
		dg.addEnterprise(dg.enterpriseName(ind, own), ind, own, dg.r.IntN(len(dg.dist.towns)), dg.chance(0.9))
	}
}

// ---- workers -----------------------------------------------------------------------------

// person describes a worker to add.
type person struct {
	name       string
	gender     graph.Gender
	birth      int
	ent        int
	skills     []graph.WorkerSkill // the first is primary
	honours    []graph.Honour
	craftsman  bool
	apprentice bool
	capacity   int
	accepting  bool
	bio        string
	story      bool
}

// addWorker stores p and returns its index.
func (dg *dgen) addWorker(p person) int {
	id, at := dg.next(graph.KindWorker)
	e := &dg.ents[p.ent]
	joined := max(p.birth+18, dg.year-dg.between(0, 25))
	w := graph.Worker{ID: id, Name: p.name, Gender: p.gender, BirthYear: p.birth,
		RegionID: dg.b.Enterprises[p.ent].RegionID, EnterpriseID: dg.b.Enterprises[p.ent].ID,
		EmployeeNo: fmt.Sprintf("%d%05d", min(joined, dg.year), e.nextNo), Skills: p.skills, Honours: p.honours,
		Bio: p.bio, CreatedAt: at, UpdatedAt: at}
	e.nextNo++
	if len(w.Skills) > 0 {
		w.Skills[0].Primary = true
	}
	model := false
	for _, h := range p.honours {
		model = model || isModelTitle(h.Title)
	}
	if p.craftsman || model {
		w.Roles = append(w.Roles, graph.RoleCraftsman)
		w.MentorCapacity, w.AcceptingMentees = p.capacity, p.accepting
	}
	if model {
		w.Roles = append(w.Roles, graph.RoleModelWorker)
	}
	if p.apprentice {
		w.Roles = append(w.Roles, graph.RoleApprentice)
	}
	i := len(dg.wks)
	dg.b.Workers = append(dg.b.Workers, w)
	dg.wks = append(dg.wks, wk{ent: p.ent, birth: p.birth, craftsman: p.craftsman || model, apprentice: p.apprentice, story: p.story})
	e.workers = append(e.workers, i)
	return i
}

// isModelTitle reports whether a title makes its holder a model worker (劳模).
func isModelTitle(t string) bool {
	return strings.Contains(t, "劳动模范") || strings.Contains(t, "五一劳动奖章")
}

// honour returns a new honour.
func (dg *dgen) honour(h honourDef, year int) graph.Honour {
	id, _ := dg.next(graph.KindHonour)
	return graph.Honour{ID: id, Title: h.title, Tier: h.tier, Year: year, Issuer: h.issuer}
}

// honourYear picks a year the worker born in birth plausibly received h; 0 when none fits.
func (dg *dgen) honourYear(h honourDef, birth int) int {
	lo, hi := max(birth+25, 2005), dg.year-1
	if h.years == nil {
		if hi < lo {
			return 0
		}
		return dg.between(lo, hi)
	}
	var fit []int
	for _, y := range h.years {
		if y >= lo && y <= dg.year {
			fit = append(fit, y)
		}
	}
	if len(fit) == 0 {
		return 0
	}
	return one(dg.gen, fit)
}

// name invents a Chinese name.
func (dg *dgen) name(g graph.Gender) string {
	s := pick(dg.gen, surnames)
	first, second := maleFirst, maleSecond
	if g == graph.GenderFemale {
		first, second = femaleFirst, femaleSecond
	}
	if dg.chance(0.3) {
		return s + string(one(dg.gen, second))
	}
	a, b := one(dg.gen, first), one(dg.gen, second)
	if a == b {
		return s + string(a)
	}
	return s + string(a) + string(b)
}

// level picks a level from weights over 初级工…高级技师 (index 0 = none).
func (dg *dgen) level(w [6]int) graph.Level {
	items := []weighted[graph.Level]{{graph.LevelNone, w[0]}, {graph.LevelJunior, w[1]},
		{graph.LevelIntermediate, w[2]}, {graph.LevelSenior, w[3]}, {graph.LevelTechnician, w[4]},
		{graph.LevelSeniorTechnician, w[5]}}
	return pick(dg.gen, items)
}

// certified picks the year a worker born in birth reached level l.
func (dg *dgen) certified(l graph.Level, birth int) int {
	if l == graph.LevelNone {
		return 0
	}
	y := birth + 17 + 3*l.Rank() + dg.between(0, 4)
	return max(min(y, dg.year-1), birth+17, 1990)
}

// workers fills the district's enterprises with random workers up to n in all.
func (dg *dgen) workers(n int) {
	left := n - len(dg.wks)
	if left <= 0 {
		return
	}
	// Enterprise sizes follow a log-normal spread: a few large plants, many small firms.
	weights := make([]float64, len(dg.ents))
	total := 0.0
	for i := range weights {
		weights[i] = math.Exp(dg.r.NormFloat64() * 0.8)
		total += weights[i]
	}
	sizes := make([]int, len(dg.ents))
	given := 0
	for i := range sizes {
		sizes[i] = int(float64(left) * weights[i] / total)
		given += sizes[i]
	}
	for i := 0; given < left; i = (i + 1) % len(sizes) {
		sizes[i]++
		given++
	}
	for e, size := range sizes {
		for range size {
			dg.randomWorker(e)
		}
	}
}

// secondary picks a second trade related to primary: same catalogue category first, else
// another trade of the industry.
func (dg *dgen) secondary(ind, primary string) string {
	parent := dg.cat.skills[primary].ParentCode
	var related []string
	for _, t := range industries[ind].trades {
		if t.v != primary && dg.cat.skills[t.v].ParentCode == parent {
			related = append(related, t.v)
		}
	}
	if len(related) > 0 && dg.chance(0.7) {
		return one(dg.gen, related)
	}
	for range 5 {
		if t := pick(dg.gen, industries[ind].trades); t != primary {
			return t
		}
	}
	return ""
}

// femaleShare is the share of women in a trade.
func femaleShare(code string) float64 {
	switch code {
	case SkillBattery, SkillInspector, SkillChemLab:
		return 0.55
	case SkillAutoLine, SkillRobotOperator, SkillElectrician, SkillCNC, SkillSubstationOp, SkillDecorator, SkillPainter:
		return 0.25
	}
	return 0.12
}

// randomWorker adds one random worker to enterprise e.
func (dg *dgen) randomWorker(e int) {
	ind := dg.ents[e].industry
	primary := pick(dg.gen, industries[ind].trades)
	p := person{ent: e, gender: graph.GenderMale}
	if dg.chance(femaleShare(primary)) {
		p.gender = graph.GenderFemale
	}
	var lv graph.Level
	switch u := dg.r.Float64(); {
	case u < 0.12: // craftsman
		p.craftsman = true
		lv = dg.level([6]int{0, 0, 0, 20, 45, 35})
		switch lv {
		case graph.LevelSeniorTechnician:
			p.birth = dg.between(1964, 1986)
		case graph.LevelTechnician:
			p.birth = dg.between(1970, 1994)
		default:
			p.birth = dg.between(1975, 1996)
		}
		p.capacity = pick(dg.gen, []weighted[int]{{1, 10}, {2, 25}, {3, 35}, {4, 20}, {5, 10}})
		p.accepting = dg.chance(0.85)
	case u < 0.57: // apprentice
		p.apprentice = true
		lv = dg.level([6]int{10, 40, 40, 10, 0, 0})
		p.birth = dg.between(1996, dg.year-19)
		if dg.chance(0.15) { // a migrant worker learning a new trade
			p.birth = dg.between(1980, 1995)
		}
	default:
		lv = dg.level([6]int{10, 20, 35, 30, 5, 0})
		p.birth = dg.between(1966, dg.year-19)
	}
	p.name = dg.name(p.gender)
	p.skills = []graph.WorkerSkill{{Code: primary, Level: lv, Certified: dg.certified(lv, p.birth)}}
	if dg.chance(map[bool]float64{true: 0.3, false: 0.1}[p.craftsman]) {
		if s := dg.secondary(ind, primary); s != "" {
			sl := graph.Level(min(int(lv)+1, int(graph.LevelJunior)))
			if lv == graph.LevelNone {
				sl = graph.LevelNone
			}
			p.skills = append(p.skills, graph.WorkerSkill{Code: s, Level: sl, Certified: dg.certified(sl, p.birth)})
		}
	}
	switch {
	case p.craftsman:
		p.honours = dg.randomHonours(lv, p.birth, e)
		p.bio = dg.bio(p, lv)
	case p.apprentice && dg.chance(0.03), !p.apprentice && dg.chance(0.04):
		if y := dg.honourYear(honourDef{years: nil}, p.birth-3); y > 0 {
			p.honours = []graph.Honour{dg.honour(honourDef{"岗位能手", dg.b.Enterprises[e].Name, graph.TierEnterprise, false, nil}, y)}
		}
	}
	dg.addWorker(p)
}

// randomHonours draws a craftsman's honours, rarer the higher the tier.
func (dg *dgen) randomHonours(lv graph.Level, birth, e int) []graph.Honour {
	var defs []honourDef
	district := honourDef{dg.dist.short + "工匠", dg.dist.name + "总工会", graph.TierDistrict, false, nil}
	enterprise := honourDef{"首席技师", dg.b.Enterprises[e].Name, graph.TierEnterprise, false, nil}
	var probs [5]float64 // national, provincial, city, district, enterprise
	switch lv {
	case graph.LevelSeniorTechnician:
		probs = [5]float64{0.06, 0.18, 0.30, 0.25, 0.10}
	case graph.LevelTechnician:
		probs = [5]float64{0.01, 0.08, 0.25, 0.35, 0.15}
	default:
		probs = [5]float64{0, 0, 0.05, 0.30, 0.25}
	}
	u := dg.r.Float64()
	tier := 5
	for i, p := range probs {
		if u < p {
			tier = i
			break
		}
		u -= p
	}
	switch tier {
	case 0:
		defs = append(defs, pick(dg.gen, []weighted[honourDef]{{hNationalModel, 30}, {hMayDayMedal, 35}, {hTechExpert, 30}, {hGreatCraftsman, 5}}))
		if dg.chance(0.7) {
			defs = append(defs, one(dg.gen, []honourDef{hHunanModel, hHunanMayDay, hHunanExpert}))
		}
		if dg.chance(0.5) {
			defs = append(defs, hChangshaCraft)
		}
	case 1:
		defs = append(defs, pick(dg.gen, []weighted[honourDef]{{hHunanModel, 40}, {hHunanMayDay, 30}, {hHunanExpert, 30}}))
		if dg.chance(0.5) {
			defs = append(defs, hChangshaCraft)
		} else if dg.chance(0.3) {
			defs = append(defs, district)
		}
	case 2:
		defs = append(defs, pick(dg.gen, []weighted[honourDef]{{hChangshaCraft, 50}, {hChangshaModel, 25}, {hChampion, 25}}))
		if dg.chance(0.5) {
			defs = append(defs, district)
		}
	case 3:
		defs = append(defs, district)
	case 4:
		defs = append(defs, enterprise)
	}
	var out []graph.Honour
	for _, h := range defs {
		if y := dg.honourYear(h, birth); y > 0 {
			out = append(out, dg.honour(h, y))
		}
	}
	slices.SortStableFunc(out, func(a, b graph.Honour) int { return a.Year - b.Year })
	return out
}

// bio writes a craftsman's short biography from the catalogue's task text.
func (dg *dgen) bio(p person, lv graph.Level) string {
	code := p.skills[0].Code
	tasks := dg.cat.tasks(code)
	var sb strings.Builder
	fmt.Fprintf(&sb, "%s%s，从业%d年", dg.cat.name(code), lv.Chinese(), max(dg.year-p.birth-20, 3))
	if len(tasks) >= 2 {
		i := dg.r.IntN(len(tasks))
		j := (i + 1 + dg.r.IntN(len(tasks)-1)) % len(tasks)
		fmt.Fprintf(&sb, "，擅长%s，%s", tasks[i], tasks[j])
	}
	sb.WriteString("。")
	if len(p.honours) > 0 {
		top := p.honours[0]
		for _, h := range p.honours {
			if h.Tier.Rank() > top.Tier.Rank() {
				top = h
			}
		}
		fmt.Fprintf(&sb, "%d年获评%s。", top.Year, top.Title)
	}
	return sb.String()
}

// ensureGapApprentices makes sure at least two apprentices of the district hold each of its gap
// trades as their main trade, so that some wait for a mentor: apprentices of enterprises whose
// industry has the trade are retrained first.
func (dg *dgen) ensureGapApprentices() {
	for _, gap := range dg.gapSkills() {
		have := 0
		for i := range dg.wks {
			if dg.wks[i].apprentice && !dg.wks[i].story && dg.b.Workers[i].Skills[0].Code == gap {
				have++
			}
		}
		for pass := 0; pass < 2 && have < 2; pass++ {
			for i := range dg.wks {
				if have >= 2 {
					break
				}
				w := &dg.b.Workers[i]
				if !dg.wks[i].apprentice || dg.wks[i].story || w.Skills[0].Code == gap {
					continue
				}
				fits := slices.ContainsFunc(industries[dg.ents[dg.wks[i].ent].industry].trades,
					func(t weighted[string]) bool { return t.v == gap })
				if pass == 0 && !fits {
					continue
				}
				w.Skills = []graph.WorkerSkill{{Code: gap, Level: w.Skills[0].Level, Certified: w.Skills[0].Certified, Primary: true}}
				have++
			}
		}
	}
}

// gapSkills returns the trades in which the district lacks mentors with a free slot.
func (dg *dgen) gapSkills() []string { return []string{CityGapSkill, dg.dist.gapSkill} }

// indexMentors indexes the craftsmen by the trades they hold.
func (dg *dgen) indexMentors() {
	for i := range dg.wks {
		if !dg.wks[i].craftsman {
			continue
		}
		for _, s := range dg.b.Workers[i].Skills {
			dg.all[s.Code] = append(dg.all[s.Code], i)
			if dg.b.Workers[i].MentorCapacity > 0 {
				dg.free[s.Code] = append(dg.free[s.Code], i)
			}
		}
	}
}

// rank returns worker i's rank (1 初级工 … 5 高级技师) in trade code; 0 when it lacks the trade.
func (dg *dgen) rank(i int, code string) int {
	s, _ := dg.b.Workers[i].Skill(code)
	return s.Level.Rank()
}

// hasSlot reports whether mentor m accepts mentees and has a free slot.
func (dg *dgen) hasSlot(m int) bool {
	w := &dg.b.Workers[m]
	return w.AcceptingMentees && dg.wks[m].open < w.MentorCapacity-dg.wks[m].reserve
}

// findMentor samples a craftsman holding code at rank ≥ minRank, other than not, preferring
// one of enterprise ent; with slot, only mentors with a free slot. It returns -1 when none is
// found.
func (dg *dgen) findMentor(code string, minRank, ent, not int, slot bool, older int) int {
	list := dg.all[code]
	if slot {
		list = dg.free[code]
	}
	best := -1
	for try := 0; try < 16 && len(list) > 0; try++ {
		k := dg.r.IntN(len(list))
		m := list[k]
		if slot && !dg.hasSlot(m) {
			list[k] = list[len(list)-1]
			list = list[:len(list)-1]
			dg.free[code] = list
			continue
		}
		if m == not || dg.rank(m, code) < minRank || (older > 0 && dg.wks[m].birth > older) {
			continue
		}
		if dg.wks[m].ent == ent {
			return m
		}
		if best < 0 {
			best = m
		}
	}
	return best
}

// ---- pairings ----------------------------------------------------------------------------

// pairingSpec describes a pairing to add.
type pairingSpec struct {
	mentor, apprentice int
	status             graph.PairingStatus
	code               string
	target             graph.Level
	signed             time.Time // zero: not signed
	deadline           time.Time
	cadence            int
	union              string
	campaign           string
	score              float64
	award              string
	reason             string
	reviews            int       // how many reviews; the last of a COMPLETED pairing reaches the target
	ended              time.Time // when a TERMINATED pairing ended; no review follows it
}

// levelName returns the Chinese name of a level as used in goals.
func levelName(l graph.Level) string { return l.Chinese() }

// endOfMonth returns the last day of t's month.
func endOfMonth(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month()+1, 0, 0, 0, 0, 0, time.UTC)
}

// campaignOf names the pairing campaign of a year.
func (dg *dgen) campaignOf(year int) string {
	if year >= dg.year-1 {
		return strconv.Itoa(year) + "年长沙市劳模工匠师徒结对活动"
	}
	return strconv.Itoa(year) + "年高师带徒活动"
}

// sponsor picks the union sponsoring a pairing of apprentice a.
func (dg *dgen) sponsor(a int) string {
	switch u := dg.r.Float64(); {
	case u < 0.7:
		return dg.sk.distUnions[dg.d]
	case u < 0.9:
		return dg.b.Enterprises[dg.wks[a].ent].UnionID
	}
	return dg.sk.cityUnion
}

var progressNotes = []string{"已能独立完成", "基本掌握，需加强练习", "进步明显，下阶段提高效率", "按计划推进，质量稳定", "操作规范性有待提高"}

// addPairing stores a pairing and updates the open counts.
func (dg *dgen) addPairing(s pairingSpec) string {
	id, at := dg.next(graph.KindPairing)
	p := graph.Pairing{ID: id, MentorID: dg.b.Workers[s.mentor].ID, ApprenticeID: dg.b.Workers[s.apprentice].ID,
		UnionID: s.union, Campaign: s.campaign, Status: s.status, Score: s.score, Award: s.award,
		TerminationReason: s.reason, CreatedAt: at, UpdatedAt: at}
	a := graph.Agreement{SkillCode: s.code, TargetLevel: s.target, ReviewCadenceDays: s.cadence}
	if !s.deadline.IsZero() {
		a.Deadline = date(s.deadline)
		a.Goal = fmt.Sprintf("%d年%d月前达到%s%s", s.deadline.Year(), s.deadline.Month(), dg.cat.name(s.code), levelName(s.target))
	}
	if !s.signed.IsZero() {
		a.SignedOn = date(s.signed)
	}
	p.Agreement = a
	if !s.signed.IsZero() && s.reviews > 0 {
		cad := max(s.cadence, 30)
		last := s.deadline
		switch s.status {
		case graph.PairingTerminated:
			last = s.ended
		case graph.PairingCompleted:
		default:
			last = dg.base.AddDate(0, 0, -1)
		}
		var dates []time.Time
		for t := s.signed.AddDate(0, 0, cad); !t.After(last); t = t.AddDate(0, 0, cad) {
			dates = append(dates, t)
		}
		if s.status == graph.PairingCompleted && (len(dates) == 0 || !dates[len(dates)-1].Equal(last)) {
			dates = append(dates, last)
		}
		if len(dates) > s.reviews {
			dates = dates[len(dates)-s.reviews:]
		}
		tasks := dg.cat.tasks(s.code)
		for k, t := range dates {
			rid, _ := dg.next(graph.KindReview)
			r := graph.Review{ID: rid, Date: date(t), AuthorID: p.MentorID, CreatedAt: t.Add(10 * time.Hour)}
			if s.status == graph.PairingCompleted && k == len(dates)-1 {
				r.LevelReached = s.target
				r.Note = fmt.Sprintf("通过%s%s技能等级认定，达成协议目标。", dg.cat.name(s.code), levelName(s.target))
			} else if len(tasks) > 0 {
				r.Note = fmt.Sprintf("带教重点：%s；徒弟%s。", one(dg.gen, tasks), one(dg.gen, progressNotes))
			} else {
				r.Note = "按计划带教，徒弟" + one(dg.gen, progressNotes) + "。"
			}
			p.Reviews = append(p.Reviews, r)
		}
	}
	if s.status == graph.PairingCompleted {
		// The apprentice was certified at the target level when the pairing ended.
		for k := range dg.b.Workers[s.apprentice].Skills {
			if ws := &dg.b.Workers[s.apprentice].Skills[k]; ws.Code == s.code && ws.Level == s.target {
				ws.Certified = s.deadline.Year()
			}
		}
	}
	if s.status.Open() {
		dg.wks[s.mentor].open++
		dg.wks[s.apprentice].busy = true
	}
	dg.b.Pairings = append(dg.b.Pairings, p)
	return id
}

// history adds the completed pairings of the past: craftsmen who were once apprentices of older
// masters (mostly those who mentor today, which makes lineages several generations deep) and
// skilled workers who were trained. It runs after pairings and takes no capacity.
func (dg *dgen) history() {
	for i := range dg.wks {
		w := &dg.b.Workers[i]
		if dg.wks[i].story || len(w.Skills) == 0 || w.Skills[0].Level == graph.LevelNone {
			continue
		}
		code := w.Skills[0].Code
		rank := w.Skills[0].Level.Rank()
		birth := dg.wks[i].birth
		var signedYear int
		switch {
		case dg.wks[i].craftsman && birth >= 1976 && dg.chance(map[bool]float64{true: 0.8, false: 0.3}[dg.wks[i].open > 0]):
			signedYear = birth + 22 + dg.between(0, 4)
			rank = min(rank, graph.LevelTechnician.Rank())
		case !dg.wks[i].craftsman && !dg.wks[i].apprentice && rank >= 2 && dg.chance(0.12):
			signedYear = dg.year - dg.between(2, 6)
		default:
			continue
		}
		signedYear = min(signedYear, dg.year-3)
		m := dg.findMentor(code, rank+1, dg.wks[i].ent, i, false, birth-8)
		if m < 0 {
			continue
		}
		signedYear = max(signedYear, dg.wks[m].birth+30)
		if signedYear > dg.year-3 { // the pairing must have ended before the base date
			continue
		}
		signed := ymd(signedYear, time.Month(dg.between(1, 12)), dg.between(1, 28))
		deadline := endOfMonth(signed.AddDate(0, dg.between(12, 24), 0))
		award := ""
		if dg.chance(0.3) {
			award = "高师带徒优秀师徒"
		}
		union := dg.sk.distUnions[dg.d]
		if signedYear < 2015 {
			union = dg.b.Enterprises[dg.wks[i].ent].UnionID
		}
		dg.addPairing(pairingSpec{mentor: m, apprentice: i, status: graph.PairingCompleted, code: code,
			target: levelOfRank(rank), signed: signed, deadline: deadline, cadence: 90, union: union,
			campaign: dg.campaignOf(signedYear), award: award, reviews: dg.between(2, 4)})
	}
}

// levelOfRank returns the level of rank r (1 初级工 … 5 高级技师).
func levelOfRank(r int) graph.Level {
	if r < 1 || r > 5 {
		return graph.LevelNone
	}
	return graph.Level(6 - r)
}

// score returns a plausible match score.
func (dg *dgen) score() float64 { return float64(dg.between(55, 97)) / 100 }

// pairings pairs the district's apprentices with mentors in every status, leaving some waiting.
func (dg *dgen) pairings() {
	gaps := dg.gapSkills()
	gapSeen := map[string]int{}
	terminations := []string{
		"徒弟离职返乡，协议终止", "徒弟转岗至其他工种，双方协商终止协议", "师傅调往外地项目部，无法继续带教",
		"徒弟连续三个月未参加带教，经工会调解终止", "企业生产线调整，岗位撤并",
	}
	for _, a := range dg.r.Perm(len(dg.wks)) {
		if !dg.wks[a].apprentice || dg.wks[a].story || dg.wks[a].busy {
			continue
		}
		w := &dg.b.Workers[a]
		code := w.Skills[0].Code
		cur := w.Skills[0].Level.Rank()
		if slices.Contains(gaps, code) {
			gapSeen[code]++
			if gapSeen[code] <= 2 || dg.chance(0.4) {
				continue
			}
		}
		if dg.chance(0.22) {
			continue // waiting for a mentor
		}
		ent := dg.wks[a].ent
		status := pick(dg.gen, []weighted[graph.PairingStatus]{{graph.PairingActive, 55}, {graph.PairingProposed, 12},
			{graph.PairingAccepted, 5}, {graph.PairingCompleted, 14}, {graph.PairingDeclined, 7}, {graph.PairingTerminated, 7}})
		if status == graph.PairingCompleted && cur < 1 {
			status = graph.PairingActive
		}
		switch status {
		case graph.PairingCompleted:
			m := dg.findMentor(code, cur+1, ent, a, false, 0)
			if m < 0 {
				continue
			}
			signed := dg.base.AddDate(0, -dg.between(20, 40), -dg.between(0, 27))
			deadline := endOfMonth(signed.AddDate(0, dg.between(10, 16), 0))
			award := ""
			if dg.chance(0.3) {
				award = "高师带徒优秀师徒"
			}
			dg.addPairing(pairingSpec{mentor: m, apprentice: a, status: status, code: code, target: levelOfRank(cur),
				signed: signed, deadline: deadline, cadence: 60, union: dg.sponsor(a), campaign: dg.campaignOf(signed.Year()),
				award: award, reviews: dg.between(2, 5)})
			if cur < 4 && dg.chance(0.5) && dg.hasSlot(m) && dg.rank(m, code) >= cur+2 {
				dg.active(m, a, code, cur+1, dg.sponsor(a), deadline)
			}
		case graph.PairingDeclined:
			m := dg.findMentor(code, cur+2, ent, a, false, 0)
			if m < 0 {
				continue
			}
			dg.addPairing(pairingSpec{mentor: m, apprentice: a, status: status, code: code, target: levelOfRank(cur + 1),
				deadline: endOfMonth(dg.base.AddDate(1, dg.between(0, 6), 0)), union: dg.sponsor(a),
				campaign: dg.campaignOf(dg.year), score: dg.score()})
			if dg.chance(0.5) {
				if m2 := dg.findMentor(code, cur+2, ent, m, true, 0); m2 >= 0 && m2 != a {
					dg.active(m2, a, code, cur+1, dg.sponsor(a), time.Time{})
				}
			}
		case graph.PairingTerminated:
			m := dg.findMentor(code, cur+2, ent, a, false, 0)
			if m < 0 {
				continue
			}
			signed := dg.base.AddDate(0, -dg.between(6, 30), -dg.between(0, 27))
			ended := signed.AddDate(0, dg.between(4, 10), 0)
			if limit := dg.base.AddDate(0, 0, -7); ended.After(limit) {
				ended = limit
			}
			dg.addPairing(pairingSpec{mentor: m, apprentice: a, status: status, code: code, target: levelOfRank(cur + 1),
				signed: signed, deadline: endOfMonth(signed.AddDate(0, 18, 0)), cadence: 60, union: dg.sponsor(a),
				campaign: dg.campaignOf(signed.Year()), reason: one(dg.gen, terminations), reviews: dg.between(1, 2),
				ended: ended})
			if dg.chance(0.3) {
				if m2 := dg.findMentor(code, cur+2, ent, m, true, 0); m2 >= 0 && m2 != a {
					dg.active(m2, a, code, cur+1, dg.sponsor(a), ended)
				}
			}
		default: // ACTIVE, PROPOSED, ACCEPTED hold a slot
			m := dg.findMentor(code, cur+2, ent, a, true, 0)
			if m < 0 {
				continue // no mentor with a free slot: the apprentice waits
			}
			if status == graph.PairingActive {
				dg.active(m, a, code, cur+1, dg.sponsor(a), time.Time{})
				continue
			}
			dg.addPairing(pairingSpec{mentor: m, apprentice: a, status: status, code: code, target: levelOfRank(cur + 1),
				deadline: endOfMonth(dg.base.AddDate(1, dg.between(0, 6), 0)), cadence: 30, union: dg.sponsor(a),
				campaign: dg.campaignOf(dg.year), score: dg.score()})
		}
	}
}

// active adds an ACTIVE pairing of mentor m and apprentice a towards rank target in code,
// signed after the given time (when set) and before the base date.
func (dg *dgen) active(m, a int, code string, target int, union string, after time.Time) string {
	signed := dg.base.AddDate(0, 0, -dg.between(20, 540))
	if !after.IsZero() && signed.Before(after) {
		signed = after.AddDate(0, 0, dg.between(15, 60))
		if limit := dg.base.AddDate(0, 0, -3); signed.After(limit) {
			signed = limit
		}
	}
	cadence := pick(dg.gen, []weighted[int]{{30, 40}, {60, 35}, {90, 25}})
	score := 0.0
	if signed.Year() == dg.year || dg.chance(0.3) {
		score = dg.score()
	}
	return dg.addPairing(pairingSpec{mentor: m, apprentice: a, status: graph.PairingActive, code: code,
		target: levelOfRank(target), signed: signed, deadline: endOfMonth(signed.AddDate(0, dg.between(12, 24), 0)),
		cadence: cadence, union: union, campaign: dg.campaignOf(signed.Year()), score: score, reviews: 6})
}

// closeGaps stops every mentor of a gap trade with a free slot from accepting mentees, so that
// the apprentices left waiting in that trade have no mentor with a free slot.
func (dg *dgen) closeGaps() {
	for _, gap := range dg.gapSkills() {
		for _, m := range dg.all[gap] {
			if dg.hasSlot(m) {
				dg.b.Workers[m].AcceptingMentees = false
			}
		}
	}
}

// ---- studios -----------------------------------------------------------------------------

// topHonour returns the highest-tier honour of worker i and whether it has any.
func (dg *dgen) topHonour(i int) (graph.Honour, bool) {
	hs := dg.b.Workers[i].Honours
	if len(hs) == 0 {
		return graph.Honour{}, false
	}
	top := hs[0]
	for _, h := range hs[1:] {
		if h.Tier.Rank() > top.Tier.Rank() {
			top = h
		}
	}
	return top, true
}

// studioSpec describes a studio to add.
type studioSpec struct {
	name         string
	kind         graph.StudioKind
	tier         graph.Tier
	leader       int
	members      []int
	specialties  []string
	achievements []graph.Achievement
	established  int
	desc         string
}

// addStudio stores a studio.
func (dg *dgen) addStudio(s studioSpec) string {
	id, at := dg.next(graph.KindStudio)
	st := graph.Studio{ID: id, Name: s.name, Kind: s.kind, Tier: s.tier, LeaderID: dg.b.Workers[s.leader].ID,
		HostEnterpriseID: dg.b.Enterprises[dg.wks[s.leader].ent].ID, SpecialtyCodes: s.specialties,
		Achievements: s.achievements, EstablishedYear: s.established, Description: s.desc, CreatedAt: at, UpdatedAt: at}
	for _, m := range s.members {
		st.MemberIDs = append(st.MemberIDs, dg.b.Workers[m].ID)
	}
	dg.wks[s.leader].leads = true
	dg.b.Studios = append(dg.b.Studios, st)
	return id
}

// studios adds innovation studios led by the district's most decorated craftsmen, about one per
// 50 workers.
func (dg *dgen) studios(n int) {
	type cand struct{ i, rank int }
	var cands []cand
	for i := range dg.wks {
		if !dg.wks[i].craftsman || dg.wks[i].leads || dg.wks[i].story {
			continue
		}
		top, ok := dg.topHonour(i)
		r := top.Tier.Rank()
		if !ok {
			r = 0
		}
		if r >= graph.TierCity.Rank() || dg.b.Workers[i].Skills[0].Level == graph.LevelSeniorTechnician {
			cands = append(cands, cand{i, r})
		}
	}
	slices.SortStableFunc(cands, func(a, b cand) int { return b.rank - a.rank })
	want := max(2, n/50) - len(dg.b.Studios)
	for _, c := range cands[:min(max(want, 0), len(cands))] {
		w := &dg.b.Workers[c.i]
		kind, suffix, tier := graph.StudioSkillMaster, "技能大师工作室", graph.TierCity
		top, ok := dg.topHonour(c.i)
		craft := slices.ContainsFunc(w.Honours, func(h graph.Honour) bool { return strings.Contains(h.Title, "工匠") })
		switch {
		case w.HasRole(graph.RoleModelWorker) && !(craft && dg.chance(0.4)):
			kind, suffix = graph.StudioModelWorker, "劳模创新工作室"
		case craft:
			kind, suffix = graph.StudioCraftsman, "工匠创新工作室"
		}
		if ok {
			switch top.Tier {
			case graph.TierNational:
				tier = graph.TierProvincial
				if dg.chance(0.4) {
					tier = graph.TierNational
				}
			case graph.TierProvincial:
				if dg.chance(0.5) {
					tier = graph.TierProvincial
				}
			case graph.TierDistrict, graph.TierEnterprise:
				tier = graph.TierDistrict
			}
		}
		var specs []string
		var names []string
		for _, s := range w.Skills {
			specs = append(specs, s.Code)
			names = append(names, dg.cat.name(s.Code))
		}
		members := dg.members(c.i, dg.between(3, 8))
		est := dg.between(2012, dg.year-1)
		var ach []graph.Achievement
		if dg.chance(0.6) {
			ach = append(ach, graph.Achievement{Kind: graph.AchievementUtilityModel, Title: "实用新型专利", Year: dg.year - 1, Count: dg.between(1, 6)})
		}
		if dg.chance(0.25) {
			ach = append(ach, graph.Achievement{Kind: graph.AchievementInventionPatent, Title: "发明专利", Year: dg.year - 1, Count: dg.between(1, 3)})
		}
		ach = append(ach,
			graph.Achievement{Kind: graph.AchievementInnovation, Title: "技术革新成果", Year: dg.year - 1, Count: dg.between(3, 30)},
			graph.Achievement{Kind: graph.AchievementTraining, Title: "培训职工（人次）", Year: dg.year - 1, Count: dg.between(50, 900)})
		if dg.chance(0.5) {
			ach = append(ach, graph.Achievement{Kind: graph.AchievementEconomicBenefitCNY, Title: "创造经济效益（元）", Year: dg.year - 1, Count: dg.between(50, 1200) * 10_000})
		}
		dg.addStudio(studioSpec{name: w.Name + suffix, kind: kind, tier: tier, leader: c.i, members: members,
			specialties: specs, achievements: ach, established: est,
			desc: fmt.Sprintf("由%s领衔，聚焦%s技术攻关、工艺革新与高技能人才培养。", w.Name, strings.Join(names, "、"))})
	}
}

// members picks up to k colleagues of leader l for a studio: craftsmen and workers of the
// leader's trades first, with the leader's mentees.
func (dg *dgen) members(l, k int) []int {
	pool := dg.ents[dg.wks[l].ent].workers
	var out []int
	seen := map[int]bool{l: true}
	lw := &dg.b.Workers[l]
	for try := 0; try < 40 && len(out) < k && len(pool) > 1; try++ {
		i := one(dg.gen, pool)
		if seen[i] {
			continue
		}
		seen[i] = true
		_, shares := lw.Skill(dg.b.Workers[i].Skills[0].Code)
		if shares || dg.wks[i].craftsman {
			out = append(out, i)
		}
	}
	slices.Sort(out)
	return out
}

// ---- problems and visits -----------------------------------------------------------------

// problemSpec describes a problem to add.
type problemSpec struct {
	ent     int
	tpl     problemTpl
	code    string
	status  graph.ProblemStatus
	urgency graph.Urgency
	solvers []int
	outcome string
}

// addProblem stores a problem.
func (dg *dgen) addProblem(s problemSpec) string {
	id, at := dg.next(graph.KindProblem)
	p := graph.Problem{ID: id, Title: s.tpl.title, Description: s.tpl.desc, EnterpriseID: dg.b.Enterprises[s.ent].ID,
		Industry: dg.ents[s.ent].industry, Skills: []graph.RequiredSkill{{Code: s.code, MinLevel: s.tpl.min}},
		Urgency: s.urgency, Status: s.status, Outcome: s.outcome, CreatedAt: at, UpdatedAt: at}
	if s.tpl.extra != "" && s.tpl.extra != s.code {
		p.Skills = append(p.Skills, graph.RequiredSkill{Code: s.tpl.extra, MinLevel: graph.LevelSenior})
	}
	for _, w := range s.solvers {
		p.SolverIDs = append(p.SolverIDs, dg.b.Workers[w].ID)
	}
	dg.b.Problems = append(dg.b.Problems, p)
	return id
}

// visitSpec describes a visit to add.
type visitSpec struct {
	ent      int
	problems []string
	experts  []int
	date     time.Time
	status   graph.VisitStatus
	outcomes []graph.ProblemOutcome
	rating   int
	comment  string
}

// addVisit stores a visit.
func (dg *dgen) addVisit(s visitSpec) string {
	id, at := dg.next(graph.KindVisit)
	v := graph.Visit{ID: id, EnterpriseID: dg.b.Enterprises[s.ent].ID, ProblemIDs: s.problems, Date: date(s.date),
		Status: s.status, Outcomes: s.outcomes, Rating: s.rating, RatingComment: s.comment, CreatedAt: at, UpdatedAt: at}
	for _, e := range s.experts {
		v.ExpertIDs = append(v.ExpertIDs, dg.b.Workers[e].ID)
	}
	dg.b.Visits = append(dg.b.Visits, v)
	return id
}

// genericProblem writes a problem from the catalogue's task text of trade code.
func (dg *dgen) genericProblem(code string) problemTpl {
	name := dg.cat.name(code)
	tasks := dg.cat.tasks(code)
	task := "日常作业"
	if len(tasks) > 0 {
		task = one(dg.gen, tasks)
	}
	if r := []rune(task); len(r) > 40 {
		task = string(r[:40])
	}
	return problemTpl{
		title:   fmt.Sprintf("“%s”环节质量不稳定，返工率高", task),
		desc:    fmt.Sprintf("%s岗位在“%s”环节反复出现质量问题，返工率约%d%%，班组缺少高技能人才，申请专家现场诊断。", name, task, dg.between(8, 30)),
		outcome: fmt.Sprintf("专家现场示范“%s”的规范作业方法并修订作业指导书，返工率降至2%%以下。", task),
		min:     graph.LevelSenior,
	}
}

// experts picks up to k distinct craftsmen able to work on a problem needing code at min level
// (and one holding extra, when set), preferring experts from other enterprises.
func (dg *dgen) experts(code string, min graph.Level, extra string, k int) []int {
	var out []int
	for try := 0; try < 12 && len(out) < k; try++ {
		m := dg.findMentor(code, min.Rank(), -1, -1, false, 0)
		if m >= 0 && !slices.Contains(out, m) {
			out = append(out, m)
		}
	}
	if extra != "" && len(out) > 0 {
		if m := dg.findMentor(extra, graph.LevelSenior.Rank(), -1, -1, false, 0); m >= 0 && !slices.Contains(out, m) {
			out = append(out, m)
		}
	}
	return out
}

var (
	ratingComments = []string{"专家现场指导，问题彻底解决", "响应及时，方案实用，感谢工会", "专家经验丰富，带出了我们自己的骨干",
		"问题已解决，希望建立长期联系", "整改方案清晰，效果明显"}
	closeNotes = []string{"企业调整产品方案，需求取消", "企业内部攻关解决，申请关闭", "设备已更新换代，问题不再存在"}
)

// problems posts the district's random problems, about one per 15 workers, with their visits.
func (dg *dgen) problems(n int) {
	want := max(6, n/15)
	open := map[int]int{} // enterprise → index into dg.b.Visits of a DONE visit still taking problems
	for range want {
		w := dg.r.IntN(len(dg.wks))
		e := dg.wks[w].ent
		code := pick(dg.gen, industries[dg.ents[e].industry].trades)
		var tpl problemTpl
		if ts := problemTpls[code]; len(ts) > 0 && dg.chance(0.8) {
			tpl = one(dg.gen, ts)
		} else {
			tpl = dg.genericProblem(code)
		}
		s := problemSpec{ent: e, tpl: tpl, code: code,
			urgency: pick(dg.gen, []weighted[graph.Urgency]{{graph.UrgencyLow, 20}, {graph.UrgencyNormal, 55}, {graph.UrgencyHigh, 25}}),
			status: pick(dg.gen, []weighted[graph.ProblemStatus]{{graph.ProblemOpen, 30}, {graph.ProblemMatched, 15},
				{graph.ProblemVisitScheduled, 8}, {graph.ProblemSolved, 40}, {graph.ProblemClosed, 7}})}
		var team []int
		if s.status != graph.ProblemOpen && s.status != graph.ProblemClosed {
			team = dg.experts(code, tpl.min, tpl.extra, dg.between(1, 3))
			if len(team) == 0 {
				s.status = graph.ProblemOpen
			}
		}
		switch s.status {
		case graph.ProblemSolved:
			s.solvers, s.outcome = team, tpl.outcome
		case graph.ProblemClosed:
			s.outcome = one(dg.gen, closeNotes)
		case graph.ProblemMatched:
			s.outcome = "已匹配专家，待企业确认攻关方案"
		}
		id := dg.addProblem(s)
		switch {
		case s.status == graph.ProblemSolved && dg.chance(0.75):
			if vi, ok := open[e]; ok && len(dg.b.Visits[vi].ProblemIDs) < 3 {
				v := &dg.b.Visits[vi]
				v.ProblemIDs = append(v.ProblemIDs, id)
				v.Outcomes = append(v.Outcomes, graph.ProblemOutcome{ProblemID: id, Result: graph.OutcomeSolved, Notes: tpl.outcome})
				for _, t := range team {
					if tid := dg.b.Workers[t].ID; !slices.Contains(v.ExpertIDs, tid) {
						v.ExpertIDs = append(v.ExpertIDs, tid)
					}
				}
				// The visit's team is credited: keep the problem's solvers within it.
				continue
			}
			dg.addVisit(visitSpec{ent: e, problems: []string{id}, experts: team, status: graph.VisitDone,
				date:     dg.base.AddDate(0, 0, -dg.between(10, 400)),
				outcomes: []graph.ProblemOutcome{{ProblemID: id, Result: graph.OutcomeSolved, Notes: tpl.outcome}},
				rating:   pick(dg.gen, []weighted[int]{{5, 60}, {4, 35}, {3, 5}}), comment: one(dg.gen, ratingComments)})
			open[e] = len(dg.b.Visits) - 1
		case s.status == graph.ProblemMatched && dg.chance(0.3):
			dg.addVisit(visitSpec{ent: e, problems: []string{id}, experts: team, status: graph.VisitDone,
				date:     dg.base.AddDate(0, 0, -dg.between(5, 120)),
				outcomes: []graph.ProblemOutcome{{ProblemID: id, Result: graph.OutcomePartly, Notes: "已给出改进方案，待企业批量验证"}},
				rating:   dg.between(3, 4), comment: "方案有效，仍需跟踪验证"})
		case s.status == graph.ProblemVisitScheduled:
			dg.addVisit(visitSpec{ent: e, problems: []string{id}, experts: team, status: graph.VisitScheduled,
				date: dg.base.AddDate(0, 0, dg.between(3, 45))})
		case s.status == graph.ProblemClosed && dg.chance(0.3):
			if team = dg.experts(code, tpl.min, "", 1); len(team) > 0 {
				dg.addVisit(visitSpec{ent: e, problems: []string{id}, experts: team, status: graph.VisitCancelled,
					date: dg.base.AddDate(0, 0, -dg.between(10, 200))})
			}
		}
	}
}
