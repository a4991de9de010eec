// Package demo generates a deterministic demo city for Jiangxin (匠心): Changsha (长沙市, 湖南省)
// with real districts and streets, a union tree, invented enterprises, workers with trades,
// levels and honours, innovation studios, technical problems, expert visits, master–apprentice
// pairings three generations deep and the unions' targets, echoing the figures of the seed news
// reports (Changsha's 2,000-pair pledge, 高师带徒 awards, a plant whose welded parts passed only
// 20% until experts advised TIG instead of MIG/MAG, a model worker's 6 utility-model patents and
// 29 patent grants).
//
// The workflow fields are filled in too: pairing origins, completion dates and promotions,
// review cadences with a few pairings whose reviews have lapsed (stalled as of the base date),
// solving dates, private contacts and confidential notes of problems, problems routed to a
// studio, visit invitations (accepted and declined) and one PLANNED visit still awaiting its
// experts' answers.
//
// The same Options always give a byte-identical batch, IDs and timestamps included. The city is
// generated as a skeleton (regions, unions, targets) followed by one self-contained chunk per
// district, so that large scales can be streamed with Stream; City and Build collect everything
// into one graph.Batch.
//
// The headline entities are listed in Summary. The batch opens with the demo's first model
// worker, 王建湘, a welder (焊工, 高级技师) holding 全国劳动模范 and 全国五一劳动奖章, who leads
// 王建湘劳模创新工作室 and stands in the middle of a four-generation lineage.
package demo

import (
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"

	"jiangxin/graph"
	"jiangxin/graph/taxonomy"
)

// Sizes of the named scales.
const (
	DefaultWorkers  = 600       // the small demo
	DistrictWorkers = 20_000    // a "district" scale
	CityWorkers     = 1_200_000 // a "city" scale (Changsha has 1.2 million skilled workers)
	MinWorkers      = 200       // fewer cannot hold the story and every district's features
)

// Options configure the generator. The zero value is the small default demo with seed 0.
type Options struct {
	Seed    int64     // seeds every random choice
	Workers int       // total workers; 0 means DefaultWorkers
	Base    time.Time // the "import" date all dates are relative to; zero means 2026-03-01 UTC
	// Skills is the occupation catalogue the task text of bios, reviews and problems is drawn
	// from; nil parses the embedded taxonomy (about 70 ms). Pass taxonomy.Load's result when
	// it is at hand anyway; the generator only reads it.
	Skills []graph.Skill
}

// defaultBase is the base date used when Options.Base is zero.
var defaultBase = time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)

// WorkersForScale returns the worker count of a named scale: "" or "small" (DefaultWorkers),
// "district" (DistrictWorkers), "city" (CityWorkers) or a plain number. It returns an ErrInvalid
// error for anything else.
func WorkersForScale(scale string) (int, error) {
	switch strings.ToLower(strings.TrimSpace(scale)) {
	case "", "small":
		return DefaultWorkers, nil
	case "district":
		return DistrictWorkers, nil
	case "city":
		return CityWorkers, nil
	}
	n, err := strconv.Atoi(strings.TrimSpace(scale))
	if err != nil || n < MinWorkers {
		return 0, graph.Invalid("scale", "%q is not small, district, city or a number ≥ %d", scale, MinWorkers)
	}
	return n, nil
}

// DistrictInfo names one district of the demo and its well-known IDs.
type DistrictInfo struct {
	Name     string // e.g. 雨花区
	RegionID string
	UnionID  string // the district union (区总工会)
	Workers  int
	GapSkill string // a trade in which the district lacks mentors with a free slot
}

// Summary lists well-known IDs and names of a generated city, for tests, examples and the UI.
type Summary struct {
	Seed    int64
	Workers int
	Base    time.Time

	ProvinceRegionID string // 湖南省
	CityRegionID     string // 长沙市
	ProvinceUnionID  string // 湖南省总工会
	CityUnionID      string // 长沙市总工会
	Districts        []DistrictInfo

	Campaign      string // the base year's pairing campaign, e.g. 2026年长沙市劳模工匠师徒结对活动
	PairsTargetID string // 长沙市总工会, 2026, PAIRS_SIGNED 2000

	ModelWorkerID        string // 王建湘: welder, 高级技师, 全国劳动模范, mentor with a free slot
	ModelWorkerName      string
	ModelWorkerStudioID  string // 王建湘劳模创新工作室
	ModelEnterpriseID    string // his employer, 长沙恒岳重工有限公司
	PatentLeaderID       string // 谭雅琴: 全国劳动模范, 14 patents of her own
	PatentLeaderName     string
	PatentStudioID       string    // her studio: 6 utility models, 29 patent grants
	LineageIDs           [4]string // 刘长庚 → 王建湘 → 李志强 → 张鹏 (COMPLETED, COMPLETED, ACTIVE)
	ActivePairingID      string    // 李志强 → 张鹏, goal 2027年6月前达到焊工高级工
	CompletedPairingID   string    // 王建湘 → 李志强, 高师带徒优秀师徒
	ProposedPairingID    string    // 王建湘 → 吴俊, score 0.91, in the base year's campaign
	DeclinedPairingID    string    // 李志强 → 孙浩
	TerminatedPairingID  string    // 王建湘 → 黄伟, with a termination reason
	WeldingProblemID     string    // SOLVED: 焊接件渗漏，一次合格率仅20% (TIG instead of MIG/MAG)
	OpenWeldingProblemID string    // OPEN welding problem whose SimilarSolved includes WeldingProblemID
	CNCProblemID         string    // VISIT_SCHEDULED CNC precision problem
	DoneVisitID          string    // the visit that solved WeldingProblemID (rating 5)
	ScheduledVisitID     string    // the visit scheduled for CNCProblemID
	PlannedVisitID       string    // PLANNED visit to OpenWeldingProblemID; 王建湘 and 李志强 not yet answered
	RoutedProblemID      string    // MATCHED 薄板焊接变形超差, routed to ModelWorkerStudioID, with a private contact
	GapSkillCode         string    // CityGapSkill
}

// Headline names of the story.
const (
	ModelWorkerName  = "王建湘"
	PatentLeaderName = "谭雅琴"
)

// City generates the demo city described by opts as one batch. It returns an ErrInvalid error
// for bad options.
func City(opts Options) (graph.Batch, error) {
	b, _, err := Build(opts)
	return b, err
}

// Build generates the demo city as one batch together with its Summary. It returns an
// ErrInvalid error for bad options.
func Build(opts Options) (graph.Batch, Summary, error) {
	var all graph.Batch
	sum, err := Stream(opts, func(b graph.Batch) error {
		all.Regions = append(all.Regions, b.Regions...)
		all.Unions = append(all.Unions, b.Unions...)
		all.Enterprises = append(all.Enterprises, b.Enterprises...)
		all.Workers = append(all.Workers, b.Workers...)
		all.Problems = append(all.Problems, b.Problems...)
		all.Visits = append(all.Visits, b.Visits...)
		all.Pairings = append(all.Pairings, b.Pairings...)
		all.Studios = append(all.Studios, b.Studios...)
		all.Targets = append(all.Targets, b.Targets...)
		return nil
	})
	if err != nil {
		return graph.Batch{}, Summary{}, err
	}
	return all, sum, nil
}

// Stream generates the demo city chunk by chunk and hands each chunk to emit: first the
// skeleton (regions, unions above the enterprises, targets), then one chunk per district with
// its enterprises and their unions, workers, studios, problems, visits and pairings. A chunk
// references only itself and the chunks before it, so each can be imported on its own, in
// order. Chunks are independent of each other's random choices, which lets a later version
// generate them in parallel or split a district further. It returns the first error of emit
// as is, and an ErrInvalid error for bad options.
func Stream(opts Options, emit func(graph.Batch) error) (Summary, error) {
	o, err := normalize(opts)
	if err != nil {
		return Summary{}, err
	}
	cat, err := loadCatalogue(o.Skills)
	if err != nil {
		return Summary{}, err
	}
	sum := Summary{Seed: o.Seed, Workers: o.Workers, Base: o.Base,
		ModelWorkerName: ModelWorkerName, PatentLeaderName: PatentLeaderName, GapSkillCode: CityGapSkill}
	sk := skeleton(o, &sum)
	if err := emit(sk.batch); err != nil {
		return Summary{}, err
	}
	counts := splitWorkers(o.Workers)
	for d := range districts {
		sum.Districts[d].Workers = counts[d]
		b := genDistrict(o, cat, sk, d, counts[d], &sum)
		if err := emit(b); err != nil {
			return Summary{}, err
		}
	}
	return sum, nil
}

// normalize applies defaults and checks opts.
func normalize(o Options) (Options, error) {
	if o.Workers == 0 {
		o.Workers = DefaultWorkers
	}
	if o.Workers < MinWorkers || o.Workers > 10_000_000 {
		return o, graph.Invalid("workers", "%d is outside %d–10,000,000", o.Workers, MinWorkers)
	}
	if o.Base.IsZero() {
		o.Base = defaultBase
	}
	o.Base = o.Base.UTC()
	if y := o.Base.Year(); y < 2022 || y > time.Now().UTC().Year() {
		return o, graph.Invalid("base", "year %d is outside 2022–now", y)
	}
	return o, nil
}

// splitWorkers divides n workers among the districts by their shares.
func splitWorkers(n int) []int {
	total := 0
	for _, d := range districts {
		total += d.share
	}
	out := make([]int, len(districts))
	left := n
	for i, d := range districts {
		out[i] = n * d.share / total
		left -= out[i]
	}
	out[0] += left
	return out
}

// catalogue holds what the generator needs from the occupation catalogue.
type catalogue struct {
	skills map[string]graph.Skill
}

// loadCatalogue indexes all (the embedded classification when nil) and checks that it holds
// every trade the demo uses. It returns an ErrInvalid error when a trade is missing.
func loadCatalogue(all []graph.Skill) (catalogue, error) {
	if all == nil {
		var err error
		if all, err = taxonomy.Load(); err != nil {
			return catalogue{}, fmt.Errorf("load taxonomy: %w", err)
		}
	}
	c := catalogue{skills: make(map[string]graph.Skill, len(tradeNames))}
	for _, s := range all {
		if _, ok := tradeNames[s.Code]; ok && s.Depth == 4 {
			c.skills[s.Code] = s
		}
	}
	for code, name := range tradeNames {
		s, ok := c.skills[code]
		if !ok || s.Name != name {
			return catalogue{}, graph.Invalid("skills", "the catalogue lacks occupation %s %s", code, name)
		}
	}
	return c, nil
}

// name returns the trade's catalogue name.
func (c catalogue) name(code string) string { return c.skills[code].Name }

// tasks returns the trade's catalogue tasks.
func (c catalogue) tasks(code string) []string { return c.skills[code].Tasks }

// gen is one deterministic stream of random choices, IDs and timestamps.
type gen struct {
	r     *rand.Rand
	ids   *graph.IDGen
	clock time.Time
	base  time.Time
}

// newGen returns the generator of stream for seed; its clock starts at start and advances one
// millisecond per ID.
func newGen(seed int64, stream uint64, start, base time.Time) *gen {
	g := &gen{r: rand.New(rand.NewPCG(uint64(seed), stream^0x9e3779b97f4a7c15)), clock: start, base: base}
	var key [32]byte
	binary.LittleEndian.PutUint64(key[0:], uint64(seed))
	binary.LittleEndian.PutUint64(key[8:], stream)
	copy(key[16:], "jiangxin-demo!!!")
	g.ids = graph.NewIDGen(func() time.Time { return g.clock }, rand.NewChaCha8(key))
	return g
}

// next returns a fresh ID of kind k and its creation time.
func (g *gen) next(k graph.Kind) (string, time.Time) {
	g.clock = g.clock.Add(time.Millisecond)
	return g.ids.New(k), g.clock
}

// chance reports true with probability p.
func (g *gen) chance(p float64) bool { return g.r.Float64() < p }

// between returns a uniform int in [lo, hi].
func (g *gen) between(lo, hi int) int {
	if hi <= lo {
		return lo
	}
	return lo + g.r.IntN(hi-lo+1)
}

// pick returns a weighted random choice.
func pick[T any](g *gen, items []weighted[T]) T {
	total := 0
	for _, it := range items {
		total += it.w
	}
	n := g.r.IntN(total)
	for _, it := range items {
		if n < it.w {
			return it.v
		}
		n -= it.w
	}
	return items[len(items)-1].v
}

// one returns a uniform random element of items.
func one[T any](g *gen, items []T) T { return items[g.r.IntN(len(items))] }

// date returns the calendar date of t.
func date(t time.Time) graph.Date { return graph.DateOf(t) }

// ymd returns the date y-m-d.
func ymd(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// skel is the generated skeleton: regions, unions and targets above the enterprises.
type skel struct {
	batch       graph.Batch
	cityRegion  string
	cityUnion   string
	distRegions []string
	distUnions  []string
	townRegions [][]string
	townUnions  [][]string
}

// skeleton generates the region tree, the union tree down to the streets and the targets.
func skeleton(o Options, sum *Summary) *skel {
	g := newGen(o.Seed, 0, o.Base, o.Base)
	s := &skel{}
	b := &s.batch
	region := func(name string, kind graph.RegionKind, parent, code string) string {
		id, _ := g.next(graph.KindRegion)
		b.Regions = append(b.Regions, graph.Region{ID: id, Name: name, Kind: kind, ParentID: parent, Code: code})
		return id
	}
	union := func(name string, tier graph.Tier, parent, regionID string) string {
		id, at := g.next(graph.KindUnion)
		b.Unions = append(b.Unions, graph.Union{ID: id, Name: name, Tier: tier, ParentID: parent, RegionID: regionID,
			CreatedAt: at, UpdatedAt: at})
		return id
	}
	prov := region("湖南省", graph.RegionProvince, "", "430000")
	s.cityRegion = region("长沙市", graph.RegionCity, prov, "430100")
	provUnion := union("湖南省总工会", graph.TierProvincial, "", prov)
	s.cityUnion = union("长沙市总工会", graph.TierCity, provUnion, s.cityRegion)
	sum.ProvinceRegionID, sum.CityRegionID = prov, s.cityRegion
	sum.ProvinceUnionID, sum.CityUnionID = provUnion, s.cityUnion
	for _, d := range districts {
		dr := region(d.name, graph.RegionDistrict, s.cityRegion, d.code)
		du := union(d.name+"总工会", graph.TierDistrict, s.cityUnion, dr)
		s.distRegions = append(s.distRegions, dr)
		s.distUnions = append(s.distUnions, du)
		var trs, tus []string
		for _, t := range d.towns {
			tr := region(t, graph.RegionTown, dr, "")
			trs = append(trs, tr)
			tus = append(tus, union(t+"总工会", graph.TierTown, du, tr))
		}
		s.townRegions = append(s.townRegions, trs)
		s.townUnions = append(s.townUnions, tus)
		sum.Districts = append(sum.Districts, DistrictInfo{Name: d.name, RegionID: dr, UnionID: du, GapSkill: d.gapSkill})
	}

	year := o.Base.Year()
	period := strconv.Itoa(year)
	start, end := date(ymd(year, 1, 1)), date(ymd(year, 12, 31))
	target := func(unionID string, kind graph.TargetKind, campaign string, n int) string {
		id, at := g.next(graph.KindTarget)
		b.Targets = append(b.Targets, graph.Target{ID: id, UnionID: unionID, Kind: kind, Period: period,
			Campaign: campaign, Number: n, StartDate: start, EndDate: end, CreatedAt: at, UpdatedAt: at})
		return id
	}
	campaign := strconv.Itoa(year) + "年长沙市劳模工匠师徒结对活动"
	sum.Campaign = campaign
	sum.PairsTargetID = target(s.cityUnion, graph.TargetPairsSigned, campaign, 2000)
	target(s.cityUnion, graph.TargetPairsCompleted, campaign, 92)
	target(s.cityUnion, graph.TargetProblemsSolved, strconv.Itoa(year)+"年大国工匠进企业技术攻关行动", 120)
	target(s.cityUnion, graph.TargetStudios, "", 155)
	target(provUnion, graph.TargetStudios, "", 600)
	for i, d := range districts {
		target(s.distUnions[i], graph.TargetPairsSigned, campaign, d.pairsTarget)
		target(s.distUnions[i], graph.TargetProblemsSolved, strconv.Itoa(year)+"年大国工匠进企业技术攻关行动", 20)
	}
	return s
}

// creditAlphabet is the character set of unified social credit codes (GB 32100-2015).
const creditAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"

// creditCode returns a well-formed unified social credit code (统一社会信用代码) for a company
// registered in the division divCode, distinct for each body in 0–99,999,999 and each value of
// newStyle: registration authority 9 (market regulation), type 1 (enterprise), the division, a
// nine-character organisation code with its GB 11714 check character, and the GB 32100 check
// character. Companies registered since 2015 (newStyle) have organisation codes starting with MA.
func creditCode(divCode string, body uint32, newStyle bool) string {
	body %= 100_000_000
	var org []byte
	if newStyle {
		org = []byte("MA")
		var tail [6]byte
		for i := 5; i >= 0; i-- { // 31^6 > 10^8: six characters of the credit alphabet
			tail[i] = creditAlphabet[body%31]
			body /= 31
		}
		org = append(org, tail[:]...)
	} else {
		org = fmt.Appendf(nil, "%08d", body)
	}
	w11714 := [8]int{3, 7, 9, 10, 5, 8, 4, 2}
	sum := 0
	for i, c := range org {
		v := int(c - '0')
		if c >= 'A' {
			v = int(c-'A') + 10
		}
		sum += v * w11714[i]
	}
	switch c := 11 - sum%11; c {
	case 10:
		org = append(org, 'X')
	case 11:
		org = append(org, '0')
	default:
		org = append(org, byte('0'+c))
	}
	code := "91" + divCode + string(org)
	return code + string(creditCheck(code))
}

// creditCheck returns the GB 32100 check character of the first 17 characters of code.
func creditCheck(code string) byte {
	sum, w := 0, 1
	for i := range 17 {
		sum += strings.IndexByte(creditAlphabet, code[i]) * w
		w = w * 3 % 31
	}
	return creditAlphabet[(31-sum%31)%31]
}
