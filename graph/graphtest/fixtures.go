package graphtest

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"jiangxin/graph"
)

// Occupation codes of the national classification used by the fixtures.
const (
	SkillTurner      = "6-18-01-01" // 车工
	SkillMiller      = "6-18-01-02" // 铣工
	SkillCNC         = "6-18-01-07" // 多工序数控机床操作调整工
	SkillWelder      = "6-18-02-04" // 焊工
	SkillElectrician = "6-31-01-03" // 电工
)

// Skills returns a small slice of the occupation catalogue: the categories above the fixture
// trades and the trades themselves, with aliases such as 氩弧焊工 and 数控车工.
func Skills() []graph.Skill {
	return []graph.Skill{
		{Code: "6-00-00-00", Name: "生产制造及有关人员", Depth: 1},
		{Code: "6-18-00-00", Name: "机械制造基础加工人员", Depth: 2, ParentCode: "6-00-00-00"},
		{Code: "6-18-01-00", Name: "机械冷加工人员", Depth: 3, ParentCode: "6-18-00-00"},
		{Code: SkillTurner, Name: "车工", Depth: 4, ParentCode: "6-18-01-00",
			Definition: "操作车床，进行工件旋转表面切削加工的人员。",
			Tasks:      []string{"安装夹具，调整车床", "操作车床，进行切削加工"}, Aliases: []string{"数控车工"}},
		{Code: SkillMiller, Name: "铣工", Depth: 4, ParentCode: "6-18-01-00", Aliases: []string{"数控铣工"}},
		{Code: SkillCNC, Name: "多工序数控机床操作调整工", Depth: 4, ParentCode: "6-18-01-00",
			Aliases: []string{"CNC/数控", "加工中心操作工"}, Digital: true},
		{Code: "6-18-02-00", Name: "机械热加工人员", Depth: 3, ParentCode: "6-18-00-00"},
		{Code: SkillWelder, Name: "焊工", Depth: 4, ParentCode: "6-18-02-00",
			Definition: "操作焊接和气割设备，对金属工件进行焊接或切割成型的人员。",
			Tasks:      []string{"选择焊接工艺", "操作焊机进行焊接"},
			Aliases:    []string{"电焊工", "氩弧焊工", "TIG焊工"}},
		{Code: "6-31-00-00", Name: "生产辅助人员", Depth: 2, ParentCode: "6-00-00-00"},
		{Code: "6-31-01-00", Name: "机械设备修理人员", Depth: 3, ParentCode: "6-31-00-00"},
		{Code: SkillElectrician, Name: "电工", Depth: 4, ParentCode: "6-31-01-00", Aliases: []string{"维修电工"}, Green: true},
	}
}

// Maker builds valid entities with fresh IDs and distinct UTC timestamps that carry
// nanoseconds, so that round trips check full precision. IDs increase in the order they are
// made. A Maker is safe for concurrent use.
type Maker struct {
	ids *graph.IDGen

	mu    sync.Mutex
	clock time.Time
	n     int
}

// NewMaker returns a Maker whose clock starts at 2026-03-14 09:26:53.589793238 UTC.
func NewMaker() *Maker {
	return &Maker{
		ids:   graph.NewIDGen(nil, nil),
		clock: time.Date(2026, 3, 14, 9, 26, 53, 589793238, time.UTC),
	}
}

// ID returns a fresh ID of kind k.
func (m *Maker) ID(k graph.Kind) string { return m.ids.New(k) }

// Now returns the next timestamp: UTC, with a nanosecond part, later than every earlier one.
func (m *Maker) Now() time.Time {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.clock = m.clock.Add(time.Second + 1001*time.Nanosecond)
	return m.clock
}

// Seq returns 1, 2, 3 … on successive calls.
func (m *Maker) Seq() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.n++
	return m.n
}

// CreditCode returns a fresh, well-formed unified social credit code: random digits, so that
// codes of different Makers do not collide.
func (m *Maker) CreditCode() string { return fmt.Sprintf("91%016d", rand.Uint64N(1e16)) }

// Region returns a region below parentID ("" for a root).
func (m *Maker) Region(name string, kind graph.RegionKind, parentID string, opts ...func(*graph.Region)) graph.Region {
	r := graph.Region{ID: m.ID(graph.KindRegion), Name: name, Kind: kind, ParentID: parentID}
	for _, o := range opts {
		o(&r)
	}
	return r
}

// Union returns a union below parentID ("" for a root).
func (m *Maker) Union(name string, tier graph.Tier, parentID string, opts ...func(*graph.Union)) graph.Union {
	now := m.Now()
	u := graph.Union{ID: m.ID(graph.KindUnion), Name: name, Tier: tier, ParentID: parentID, CreatedAt: now, UpdatedAt: now}
	for _, o := range opts {
		o(&u)
	}
	return u
}

// Enterprise returns a private enterprise in regionID with a fresh credit code.
func (m *Maker) Enterprise(name, regionID string, opts ...func(*graph.Enterprise)) graph.Enterprise {
	now := m.Now()
	e := graph.Enterprise{ID: m.ID(graph.KindEnterprise), Name: name, CreditCode: m.CreditCode(),
		Industry: "装备制造", Ownership: graph.OwnershipPrivate, RegionID: regionID, CreatedAt: now, UpdatedAt: now}
	for _, o := range opts {
		o(&e)
	}
	return e
}

// Worker returns a worker living in regionID, with no employer, roles or skills.
func (m *Maker) Worker(name, regionID string, opts ...func(*graph.Worker)) graph.Worker {
	now := m.Now()
	w := graph.Worker{ID: m.ID(graph.KindWorker), Name: name, Gender: graph.GenderUnspecified, RegionID: regionID,
		CreatedAt: now, UpdatedAt: now}
	for _, o := range opts {
		o(&w)
	}
	return w
}

// Honour returns an honour with a fresh ID.
func (m *Maker) Honour(title string, tier graph.Tier, year int) graph.Honour {
	return graph.Honour{ID: m.ID(graph.KindHonour), Title: title, Tier: tier, Year: year, Issuer: "中华全国总工会"}
}

// Problem returns an OPEN problem of enterpriseID.
func (m *Maker) Problem(title, enterpriseID string, opts ...func(*graph.Problem)) graph.Problem {
	now := m.Now()
	p := graph.Problem{ID: m.ID(graph.KindProblem), Title: title, EnterpriseID: enterpriseID, Industry: "装备制造",
		Urgency: graph.UrgencyNormal, Status: graph.ProblemOpen, CreatedAt: now, UpdatedAt: now}
	for _, o := range opts {
		o(&p)
	}
	return p
}

// Visit returns a SCHEDULED visit to enterpriseID on date.
func (m *Maker) Visit(enterpriseID string, date graph.Date, opts ...func(*graph.Visit)) graph.Visit {
	now := m.Now()
	v := graph.Visit{ID: m.ID(graph.KindVisit), EnterpriseID: enterpriseID, Date: date, Status: graph.VisitScheduled,
		CreatedAt: now, UpdatedAt: now}
	for _, o := range opts {
		o(&v)
	}
	return v
}

// Pairing returns a pairing of mentorID and apprenticeID in status.
func (m *Maker) Pairing(mentorID, apprenticeID string, status graph.PairingStatus, opts ...func(*graph.Pairing)) graph.Pairing {
	now := m.Now()
	p := graph.Pairing{ID: m.ID(graph.KindPairing), MentorID: mentorID, ApprenticeID: apprenticeID, Status: status,
		CreatedAt: now, UpdatedAt: now}
	for _, o := range opts {
		o(&p)
	}
	return p
}

// Review returns a review written by authorID on date.
func (m *Maker) Review(date graph.Date, note, authorID string, reached graph.Level) graph.Review {
	return graph.Review{ID: m.ID(graph.KindReview), Date: date, Note: note, LevelReached: reached, AuthorID: authorID,
		CreatedAt: m.Now()}
}

// Studio returns a city-level model-worker studio led by leaderID and hosted by hostID.
func (m *Maker) Studio(name, leaderID, hostID string, opts ...func(*graph.Studio)) graph.Studio {
	now := m.Now()
	s := graph.Studio{ID: m.ID(graph.KindStudio), Name: name, Kind: graph.StudioModelWorker, Tier: graph.TierCity,
		LeaderID: leaderID, HostEnterpriseID: hostID, CreatedAt: now, UpdatedAt: now}
	for _, o := range opts {
		o(&s)
	}
	return s
}

// Target returns a target of unionID for the 2026 period.
func (m *Maker) Target(unionID string, kind graph.TargetKind, number int, opts ...func(*graph.Target)) graph.Target {
	now := m.Now()
	t := graph.Target{ID: m.ID(graph.KindTarget), UnionID: unionID, Kind: kind, Period: "2026", Number: number,
		CreatedAt: now, UpdatedAt: now}
	for _, o := range opts {
		o(&t)
	}
	return t
}

// City is a small seeded world echoing Liaoyuan (辽源): a province and city with two districts
// and a town, a second province (上海市 with 浦东新区), a union tree, four enterprises, seven
// workers (masters, craftsmen, apprentices), three problems, two visits, three pairings, two
// studios and two targets. Every field a test may assert on is documented on the field.
type City struct {
	Maker  *Maker
	Skills []graph.Skill

	Jilin, Liaoyuan, Longshan, Xian, Xiangyang graph.Region // 吉林省 ⊃ 辽源市 ⊃ {龙山区 ⊃ 向阳街道, 西安区}
	Shanghai, Pudong                           graph.Region // 上海市 ⊃ 浦东新区

	CityUnion     graph.Union // 辽源市总工会, root
	LongshanUnion graph.Union // 龙山区总工会, below CityUnion
	XianUnion     graph.Union // 西安区总工会, below CityUnion
	TownUnion     graph.Union // 向阳街道总工会, below LongshanUnion
	HeavyUnion    graph.Union // 辽源重型机械厂工会, enterprise union below LongshanUnion

	Heavy   graph.Enterprise // 龙山区, LongshanUnion, 装备制造, STATE
	Valve   graph.Enterprise // 向阳街道, TownUnion, 装备制造, PRIVATE
	Textile graph.Enterprise // 西安区, XianUnion, 纺织业, PRIVATE
	Auto    graph.Enterprise // 浦东新区, no union, 汽车制造, FOREIGN

	Master  graph.Worker // Heavy; MODEL_WORKER+CRAFTSMAN; welder L1 (primary), electrician L3; NATIONAL+CITY honours; capacity 3, accepting
	CNC     graph.Worker // Valve; CRAFTSMAN; CNC L2 (primary), turner L3; PROVINCIAL honour; capacity 2, accepting
	Elec    graph.Worker // Textile; CRAFTSMAN; electrician L2; DISTRICT honour; capacity 1, not accepting
	App1    graph.Worker // Heavy; APPRENTICE; welder L5
	App2    graph.Worker // Valve; APPRENTICE; welder L4, CNC L5
	App3    graph.Worker // Textile; APPRENTICE; electrician uncertified
	Shangha graph.Worker // Auto (Pudong); CRAFTSMAN; CNC L1; DISTRICT honour 浦东工匠; capacity 2, accepting

	Leak      graph.Problem // Heavy; welder≥L3; SOLVED by Master; 装备制造
	Precision graph.Problem // Valve; CNC≥L2 + turner; OPEN; 装备制造
	Fault     graph.Problem // Textile; electrician; VISIT_SCHEDULED; 纺织业

	LeakVisit  graph.Visit // Heavy; [Leak]; experts Master, Elec; DONE, rated 5
	FaultVisit graph.Visit // Textile; [Fault]; expert Elec; SCHEDULED

	P1 graph.Pairing // Master → App1, ACTIVE, LongshanUnion, campaign 2026高师带徒, one review
	P2 graph.Pairing // CNC → App2, PROPOSED, LongshanUnion, campaign 2026高师带徒
	P3 graph.Pairing // Master → CNC, COMPLETED, CityUnion, campaign 2020师带徒

	WeldStudio graph.Studio // MODEL_WORKER, CITY; leader Master; host Heavy; members App1, CNC; welder, electrician
	CNCStudio  graph.Studio // SKILL_MASTER, PROVINCIAL; leader CNC; host Valve; member App2; CNC, turner

	PairsTarget  graph.Target // CityUnion, PAIRS_SIGNED 2000, period 2026, campaign 2026高师带徒
	StudioTarget graph.Target // LongshanUnion, STUDIOS 27, period 2026
}

// Campaign2026 is the campaign of the City's open pairings and pair target.
const Campaign2026 = "2026高师带徒"

// NewCity builds (but does not store) the City with m.
func NewCity(m *Maker) *City {
	c := &City{Maker: m, Skills: Skills()}
	c.Jilin = m.Region("吉林省", graph.RegionProvince, "", func(r *graph.Region) { r.Code = "220000" })
	c.Liaoyuan = m.Region("辽源市", graph.RegionCity, c.Jilin.ID, func(r *graph.Region) { r.Code = "220400" })
	c.Longshan = m.Region("龙山区", graph.RegionDistrict, c.Liaoyuan.ID, func(r *graph.Region) { r.Code = "220402" })
	c.Xian = m.Region("西安区", graph.RegionDistrict, c.Liaoyuan.ID, func(r *graph.Region) { r.Code = "220403" })
	c.Xiangyang = m.Region("向阳街道", graph.RegionTown, c.Longshan.ID)
	c.Shanghai = m.Region("上海市", graph.RegionProvince, "", func(r *graph.Region) { r.Code = "310000" })
	c.Pudong = m.Region("浦东新区", graph.RegionDistrict, c.Shanghai.ID, func(r *graph.Region) { r.Code = "310115" })

	c.CityUnion = m.Union("辽源市总工会", graph.TierCity, "", func(u *graph.Union) { u.RegionID = c.Liaoyuan.ID })
	c.LongshanUnion = m.Union("龙山区总工会", graph.TierDistrict, c.CityUnion.ID, func(u *graph.Union) { u.RegionID = c.Longshan.ID })
	c.XianUnion = m.Union("西安区总工会", graph.TierDistrict, c.CityUnion.ID, func(u *graph.Union) { u.RegionID = c.Xian.ID })
	c.TownUnion = m.Union("向阳街道总工会", graph.TierTown, c.LongshanUnion.ID, func(u *graph.Union) { u.RegionID = c.Xiangyang.ID })

	c.Heavy = m.Enterprise("辽源重型机械厂", c.Longshan.ID, func(e *graph.Enterprise) {
		e.Ownership, e.UnionID = graph.OwnershipState, c.LongshanUnion.ID
	})
	c.Valve = m.Enterprise("龙山阀门有限公司", c.Xiangyang.ID, func(e *graph.Enterprise) { e.UnionID = c.TownUnion.ID })
	c.Textile = m.Enterprise("辽源袜业有限公司", c.Xian.ID, func(e *graph.Enterprise) {
		e.Industry, e.UnionID = "纺织业", c.XianUnion.ID
	})
	c.Auto = m.Enterprise("浦东汽车零部件有限公司", c.Pudong.ID, func(e *graph.Enterprise) {
		e.Industry, e.Ownership = "汽车制造", graph.OwnershipForeign
	})
	c.HeavyUnion = m.Union("辽源重型机械厂工会", graph.TierEnterprise, c.LongshanUnion.ID, func(u *graph.Union) {
		u.RegionID, u.EnterpriseID = c.Longshan.ID, c.Heavy.ID
	})

	c.Master = m.Worker("王焊", c.Longshan.ID, func(w *graph.Worker) {
		w.Gender, w.BirthYear, w.EnterpriseID, w.EmployeeNo = graph.GenderMale, 1968, c.Heavy.ID, "H001"
		w.Roles = []graph.Role{graph.RoleModelWorker, graph.RoleCraftsman}
		w.Skills = []graph.WorkerSkill{
			{Code: SkillWelder, Level: graph.LevelSeniorTechnician, Certified: 2009, Primary: true},
			{Code: SkillElectrician, Level: graph.LevelSenior, Certified: 1995},
		}
		w.Honours = []graph.Honour{m.Honour("全国劳动模范", graph.TierNational, 2015), m.Honour("辽源工匠", graph.TierCity, 2020)}
		w.MentorCapacity, w.AcceptingMentees = 3, true
		w.Bio = "焊接三十年，擅长TIG焊。"
	})
	c.CNC = m.Worker("李数", c.Xiangyang.ID, func(w *graph.Worker) {
		w.Gender, w.BirthYear, w.EnterpriseID, w.EmployeeNo = graph.GenderFemale, 1985, c.Valve.ID, "V001"
		w.Roles = []graph.Role{graph.RoleCraftsman}
		w.Skills = []graph.WorkerSkill{
			{Code: SkillCNC, Level: graph.LevelTechnician, Certified: 2018, Primary: true},
			{Code: SkillTurner, Level: graph.LevelSenior, Certified: 2012},
		}
		w.Honours = []graph.Honour{m.Honour("吉林省技术能手", graph.TierProvincial, 2021)}
		w.MentorCapacity, w.AcceptingMentees = 2, true
	})
	c.Elec = m.Worker("赵电", c.Xian.ID, func(w *graph.Worker) {
		w.Gender, w.EnterpriseID = graph.GenderMale, c.Textile.ID
		w.Roles = []graph.Role{graph.RoleCraftsman}
		w.Skills = []graph.WorkerSkill{{Code: SkillElectrician, Level: graph.LevelTechnician, Primary: true}}
		w.Honours = []graph.Honour{m.Honour("西安区技能大赛状元", graph.TierDistrict, 2022)}
		w.MentorCapacity = 1
	})
	c.App1 = m.Worker("张徒", c.Longshan.ID, func(w *graph.Worker) {
		w.BirthYear, w.EnterpriseID, w.EmployeeNo = 2001, c.Heavy.ID, "H002"
		w.Roles = []graph.Role{graph.RoleApprentice}
		w.Skills = []graph.WorkerSkill{{Code: SkillWelder, Level: graph.LevelJunior, Certified: 2023, Primary: true}}
	})
	c.App2 = m.Worker("刘徒", c.Xiangyang.ID, func(w *graph.Worker) {
		w.EnterpriseID = c.Valve.ID
		w.Roles = []graph.Role{graph.RoleApprentice}
		w.Skills = []graph.WorkerSkill{
			{Code: SkillWelder, Level: graph.LevelIntermediate},
			{Code: SkillCNC, Level: graph.LevelJunior},
		}
	})
	c.App3 = m.Worker("陈徒", c.Xian.ID, func(w *graph.Worker) {
		w.EnterpriseID = c.Textile.ID
		w.Roles = []graph.Role{graph.RoleApprentice}
		w.Skills = []graph.WorkerSkill{{Code: SkillElectrician}}
	})
	c.Shangha = m.Worker("周匠", c.Pudong.ID, func(w *graph.Worker) {
		w.EnterpriseID = c.Auto.ID
		w.Roles = []graph.Role{graph.RoleCraftsman}
		w.Skills = []graph.WorkerSkill{{Code: SkillCNC, Level: graph.LevelSeniorTechnician, Primary: true}}
		w.Honours = []graph.Honour{m.Honour("浦东工匠", graph.TierDistrict, 2023)}
		w.MentorCapacity, w.AcceptingMentees = 2, true
	})

	c.Leak = m.Problem("焊接件渗漏，合格率仅20%", c.Heavy.ID, func(p *graph.Problem) {
		p.Description = "MIG/MAG焊焊缝气孔多，试压渗漏。"
		p.Skills = []graph.RequiredSkill{{Code: SkillWelder, MinLevel: graph.LevelSenior}}
		p.Urgency, p.Status = graph.UrgencyHigh, graph.ProblemSolved
		p.Outcome = "改用TIG焊，合格率提升到98%"
		p.SolverIDs = []string{c.Master.ID}
	})
	c.Precision = m.Problem("数控加工精度不稳定", c.Valve.ID, func(p *graph.Problem) {
		p.Skills = []graph.RequiredSkill{{Code: SkillCNC, MinLevel: graph.LevelTechnician}, {Code: SkillTurner}}
	})
	c.Fault = m.Problem("织袜机电气故障频发", c.Textile.ID, func(p *graph.Problem) {
		p.Industry, p.Status = "纺织业", graph.ProblemVisitScheduled
		p.Skills = []graph.RequiredSkill{{Code: SkillElectrician}}
	})

	c.LeakVisit = m.Visit(c.Heavy.ID, "2026-03-20", func(v *graph.Visit) {
		v.ProblemIDs, v.ExpertIDs = []string{c.Leak.ID}, []string{c.Master.ID, c.Elec.ID}
		v.Status = graph.VisitDone
		v.Outcomes = []graph.ProblemOutcome{{ProblemID: c.Leak.ID, Result: graph.OutcomeSolved, Notes: "改用TIG焊"}}
		v.Rating, v.RatingComment = 5, "专家很专业"
	})
	c.FaultVisit = m.Visit(c.Textile.ID, "2026-04-02", func(v *graph.Visit) {
		v.ProblemIDs, v.ExpertIDs = []string{c.Fault.ID}, []string{c.Elec.ID}
	})

	c.P1 = m.Pairing(c.Master.ID, c.App1.ID, graph.PairingActive, func(p *graph.Pairing) {
		p.UnionID, p.Campaign, p.Score = c.LongshanUnion.ID, Campaign2026, 0.875
		p.Agreement = graph.Agreement{SignedOn: "2026-01-10", SkillCode: SkillWelder, TargetLevel: graph.LevelSenior,
			Deadline: "2027-06-30", Goal: "2027年6月前取得焊工高级工证书", ReviewCadenceDays: 30}
		p.Reviews = []graph.Review{m.Review("2026-02-10", "掌握TIG焊基本操作", c.Master.ID, graph.LevelNone)}
	})
	c.P2 = m.Pairing(c.CNC.ID, c.App2.ID, graph.PairingProposed, func(p *graph.Pairing) {
		p.UnionID, p.Campaign = c.LongshanUnion.ID, Campaign2026
	})
	c.P3 = m.Pairing(c.Master.ID, c.CNC.ID, graph.PairingCompleted, func(p *graph.Pairing) {
		p.UnionID, p.Campaign, p.Award = c.CityUnion.ID, "2020师带徒", "高师带徒优秀师徒"
	})

	c.WeldStudio = m.Studio("王焊劳模创新工作室", c.Master.ID, c.Heavy.ID, func(s *graph.Studio) {
		s.MemberIDs = []string{c.App1.ID, c.CNC.ID}
		s.SpecialtyCodes = []string{SkillWelder, SkillElectrician}
		s.Achievements = []graph.Achievement{
			{Kind: graph.AchievementUtilityModel, Title: "焊接夹具", Year: 2022, Count: 6},
			{Kind: graph.AchievementInventionPatent, Title: "专利授权", Year: 2024, Count: 29},
		}
		s.EstablishedYear, s.Description = 2016, "攻关焊接难题"
	})
	c.CNCStudio = m.Studio("李数技能大师工作室", c.CNC.ID, c.Valve.ID, func(s *graph.Studio) {
		s.Kind, s.Tier = graph.StudioSkillMaster, graph.TierProvincial
		s.MemberIDs = []string{c.App2.ID}
		s.SpecialtyCodes = []string{SkillCNC, SkillTurner}
	})

	c.PairsTarget = m.Target(c.CityUnion.ID, graph.TargetPairsSigned, 2000, func(t *graph.Target) {
		t.Campaign, t.StartDate, t.EndDate = Campaign2026, "2026-01-01", "2026-12-31"
	})
	c.StudioTarget = m.Target(c.LongshanUnion.ID, graph.TargetStudios, 27)
	return c
}

// Batch returns every entity of c as one graph.Batch (skills excluded: upsert c.Skills first).
func (c *City) Batch() graph.Batch {
	return graph.Batch{
		Regions:     []graph.Region{c.Jilin, c.Liaoyuan, c.Longshan, c.Xian, c.Xiangyang, c.Shanghai, c.Pudong},
		Unions:      []graph.Union{c.CityUnion, c.LongshanUnion, c.XianUnion, c.TownUnion, c.HeavyUnion},
		Enterprises: []graph.Enterprise{c.Heavy, c.Valve, c.Textile, c.Auto},
		Workers:     []graph.Worker{c.Master, c.CNC, c.Elec, c.App1, c.App2, c.App3, c.Shangha},
		Problems:    []graph.Problem{c.Leak, c.Precision, c.Fault},
		Visits:      []graph.Visit{c.LeakVisit, c.FaultVisit},
		Pairings:    []graph.Pairing{c.P1, c.P2, c.P3},
		Studios:     []graph.Studio{c.WeldStudio, c.CNCStudio},
		Targets:     []graph.Target{c.PairsTarget, c.StudioTarget},
	}
}

// Create stores c in s entity by entity through the Create* methods, skills first.
func (c *City) Create(ctx context.Context, s graph.Store) error {
	if err := s.UpsertSkills(ctx, c.Skills); err != nil {
		return fmt.Errorf("upsert skills: %w", err)
	}
	return CreateBatch(ctx, s, c.Batch())
}

// CreateBatch stores the entities of b one by one through the Create* methods, in dependency
// order (regions, unions without an enterprise, enterprises, enterprise unions, workers,
// problems, visits, pairings, studios, targets). Entities of one kind are created in slice
// order, so parents must precede children.
func CreateBatch(ctx context.Context, s graph.Store, b graph.Batch) error {
	for _, r := range b.Regions {
		if err := s.CreateRegion(ctx, r); err != nil {
			return fmt.Errorf("create region %s: %w", r.Name, err)
		}
	}
	var later []graph.Union
	for _, u := range b.Unions {
		if u.EnterpriseID != "" {
			later = append(later, u)
			continue
		}
		if err := s.CreateUnion(ctx, u); err != nil {
			return fmt.Errorf("create union %s: %w", u.Name, err)
		}
	}
	for _, e := range b.Enterprises {
		if err := s.CreateEnterprise(ctx, e); err != nil {
			return fmt.Errorf("create enterprise %s: %w", e.Name, err)
		}
	}
	for _, u := range later {
		if err := s.CreateUnion(ctx, u); err != nil {
			return fmt.Errorf("create union %s: %w", u.Name, err)
		}
	}
	for _, w := range b.Workers {
		if err := s.CreateWorker(ctx, w); err != nil {
			return fmt.Errorf("create worker %s: %w", w.Name, err)
		}
	}
	for _, p := range b.Problems {
		if err := s.CreateProblem(ctx, p); err != nil {
			return fmt.Errorf("create problem %s: %w", p.Title, err)
		}
	}
	for _, v := range b.Visits {
		if err := s.CreateVisit(ctx, v); err != nil {
			return fmt.Errorf("create visit %s: %w", v.ID, err)
		}
	}
	for _, p := range b.Pairings {
		if err := s.CreatePairing(ctx, p); err != nil {
			return fmt.Errorf("create pairing %s: %w", p.ID, err)
		}
	}
	for _, st := range b.Studios {
		if err := s.CreateStudio(ctx, st); err != nil {
			return fmt.Errorf("create studio %s: %w", st.Name, err)
		}
	}
	for _, t := range b.Targets {
		if err := s.CreateTarget(ctx, t); err != nil {
			return fmt.Errorf("create target %s: %w", t.ID, err)
		}
	}
	return nil
}

// Seed stores a new City in s through the Create* methods and fails t on any error.
func Seed(t testing.TB, s graph.Store) *City {
	t.Helper()
	c := NewCity(NewMaker())
	if err := c.Create(context.Background(), s); err != nil {
		t.Fatalf("seed city: %v", err)
	}
	return c
}

// Account returns an enabled account of role scoped to scopeID ("" for an admin), with a
// well-formed (but not verifiable) password hash.
func (m *Maker) Account(username string, role graph.AccountRole, scopeID string, opts ...func(*graph.Account)) graph.Account {
	now := m.Now()
	a := graph.Account{ID: m.ID(graph.KindAccount), Username: username, DisplayName: "用户" + username, Role: role,
		ScopeID: scopeID, PasswordHash: "$argon2id$v=19$m=65536,t=1,p=4$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA",
		CreatedAt: now, UpdatedAt: now}
	for _, o := range opts {
		o(&a)
	}
	return a
}

// Audit returns an audit entry of action by the system, stamped with the Maker's clock. Its ID
// is fresh, so entries made later sort after it.
func (m *Maker) Audit(action, entityID string, unionIDs []string, opts ...func(*graph.AuditEntry)) graph.AuditEntry {
	e := graph.AuditEntry{ID: m.ID(graph.KindAudit), At: m.Now(), ActorName: "system", Action: action,
		EntityID: entityID, UnionIDs: unionIDs, Summary: action + " " + entityID}
	for _, o := range opts {
		o(&e)
	}
	return e
}
