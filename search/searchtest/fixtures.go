package searchtest

import (
	"time"

	"jiangxin/graph"
	"jiangxin/search"
	"jiangxin/search/synonyms"
)

// Occupation codes of the fixture skills (2022 classification).
const (
	CodeWelder     = "6-18-02-04" // 焊工
	CodeTurner     = "6-18-01-01" // 车工
	CodeMiller     = "6-18-01-02" // 铣工
	CodeCNC        = "6-18-01-07" // 多工序数控机床操作调整工
	CodeDecorator  = "6-29-04-01" // 装饰装修工 (tilers)
	CodeBricklayer = "6-29-01-01" // 砌筑工
	CodeElectric   = "6-31-01-03" // 电工
)

// Skills returns the fixture occupations, shaped like the classification's rows.
func Skills() []graph.Skill {
	return []graph.Skill{
		{Code: CodeWelder, Name: "焊工", Depth: 4, ParentCode: "6-18-02-00",
			Definition: "操作焊接和气割设备，对金属工件进行焊接或切割成型的人员。",
			Tasks:      []string{"识读焊接工艺文件", "操作焊接设备进行焊接"}, Aliases: []string{"焊工", "电焊工"}},
		{Code: CodeTurner, Name: "车工", Depth: 4, ParentCode: "6-18-01-00",
			Definition: "操作车床，进行工件旋转表面切削加工的人员。", Aliases: []string{"车工"}},
		{Code: CodeMiller, Name: "铣工", Depth: 4, ParentCode: "6-18-01-00",
			Definition: "操作铣床，进行工件平面、沟槽、曲面等型面切削加工的人员。", Aliases: []string{"铣工"}},
		{Code: CodeCNC, Name: "多工序数控机床操作调整工", Depth: 4, ParentCode: "6-18-01-00",
			Definition: "操作、调整多工序数控机床，进行零件多工序组合切削加工的人员。",
			Aliases:    []string{"CNC/数控", "CNC/数控编程", "多工序数控机床操作调整工", "CNC/数控操机"}},
		{Code: CodeDecorator, Name: "装饰装修工", Depth: 4, ParentCode: "6-29-04-00",
			Definition: "使用工具和设备，对建筑物内外进行装饰装修施工的人员。", Aliases: []string{"装饰装修工", "镶贴工"}},
		{Code: CodeBricklayer, Name: "砌筑工", Depth: 4, ParentCode: "6-29-01-00",
			Definition: "使用手工工具，砌筑砖、石、砌块的人员。", Aliases: []string{"砌筑工", "瓦工"}},
		{Code: CodeElectric, Name: "电工", Depth: 4, ParentCode: "6-31-01-00",
			Definition: "使用工具、量具和仪器仪表，安装、调试与维护、修理机械设备电气部分的人员。", Aliases: []string{"电工", "维修电工"}},
	}
}

// SynonymGroups returns the synonym groups a backend under test must be configured with: the
// team's trade groups and the groups of the fixture skills.
func SynonymGroups() [][]string { return synonyms.All(Skills()) }

// Synonyms returns SynonymGroups as a search.Synonyms.
func Synonyms() *search.Synonyms { return search.NewSynonyms(SynonymGroups()) }

// Fixture region IDs.
const (
	RegJilin    = "reg_jilin"    // 吉林省
	RegLiaoyuan = "reg_liaoyuan" // 辽源市
	RegLongshan = "reg_longshan" // 龙山区
	RegShanghai = "reg_shanghai" // 上海市
	RegPudong   = "reg_pudong"   // 浦东新区
	RegHunan    = "reg_hunan"    // 湖南省
	RegChangsha = "reg_changsha" // 长沙市
)

var (
	jilin    = graph.Region{ID: RegJilin, Name: "吉林省", Kind: graph.RegionProvince}
	liaoyuan = graph.Region{ID: RegLiaoyuan, Name: "辽源市", Kind: graph.RegionCity, ParentID: RegJilin}
	longshan = graph.Region{ID: RegLongshan, Name: "龙山区", Kind: graph.RegionDistrict, ParentID: RegLiaoyuan}
	shanghai = graph.Region{ID: RegShanghai, Name: "上海市", Kind: graph.RegionProvince}
	pudong   = graph.Region{ID: RegPudong, Name: "浦东新区", Kind: graph.RegionDistrict, ParentID: RegShanghai}
	hunan    = graph.Region{ID: RegHunan, Name: "湖南省", Kind: graph.RegionProvince}
	changsha = graph.Region{ID: RegChangsha, Name: "长沙市", Kind: graph.RegionCity, ParentID: RegHunan}
)

// Fixture enterprise IDs.
const (
	EntMachinery = "ent_liaoyuan_machinery"
	EntBuilding  = "ent_pudong_building"
	EntAuto      = "ent_changsha_auto"
)

var (
	machinery = graph.Enterprise{ID: EntMachinery, Name: "辽源重型机械制造有限公司", Industry: "装备制造",
		Ownership: graph.OwnershipState, RegionID: RegLongshan}
	building = graph.Enterprise{ID: EntBuilding, Name: "上海浦东建工装饰有限公司", Industry: "建筑业",
		Ownership: graph.OwnershipPrivate, RegionID: RegPudong}
	auto = graph.Enterprise{ID: EntAuto, Name: "长沙汽车零部件有限公司", Industry: "汽车制造",
		Ownership: graph.OwnershipMixed, RegionID: RegChangsha}
)

// Fixture document IDs.
const (
	WkrWang  = "wkr_wang"  // 焊工 技师, 全国技术能手, 钨极氩弧焊
	WkrLi    = "wkr_li"    // 焊工 高级工, TIG焊, provincial 五一劳动奖章
	WkrZhao  = "wkr_zhao"  // 焊工 中级工, 焊条电弧焊 only (not TIG)
	WkrChen  = "wkr_chen"  // 数控 技师 + 车工 高级技师, 长沙工匠
	WkrLiu   = "wkr_liu"   // 铣工 高级工, 数控铣床 / 加工中心
	WkrSun   = "wkr_sun"   // 车工 中级工: 数 and 控 apart
	WkrZhou  = "wkr_zhou"  // 装饰装修工 高级工, 瓷砖镶贴, 浦东工匠
	WkrWu    = "wkr_wu"    // 砌筑工 初级工, 贴瓷砖
	WkrZheng = "wkr_zheng" // 电工 技师, PLC, 上海工匠
	WkrQian  = "wkr_qian"  // apprentice whose notes look like query syntax
	PrbLeak  = "prb_leak"  // 焊接件渗漏, 氩弧焊
	PrbCNC   = "prb_cnc"   // 数控车床加工精度
	PrbFoo   = "prb_foo"   // mentions foo only
	StuWang  = "stu_wang"  // 劳模创新工作室, city tier
	StuChen  = "stu_chen"  // 技能大师工作室, provincial tier
)

// base is the fixture clock: documents are updated one hour apart, in the order built.
var base = time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)

func skillMap() map[string]graph.Skill {
	m := map[string]graph.Skill{}
	for _, s := range Skills() {
		m[s.Code] = s
	}
	return m
}

// Documents returns the fixture documents: 10 workers, 3 problems, 2 studios, 7 skills and
// 3 enterprises, built with the search.From* functions.
func Documents() []search.Document {
	sk := skillMap()
	n := 0
	at := func() time.Time { n++; return base.Add(time.Duration(n) * time.Hour) }
	ly := []graph.Region{jilin, liaoyuan, longshan}
	pd := []graph.Region{shanghai, pudong}
	cs := []graph.Region{hunan, changsha}
	craft := []graph.Role{graph.RoleCraftsman}
	appr := []graph.Role{graph.RoleApprentice}
	worker := func(id, name string, roles []graph.Role, skills []graph.WorkerSkill, honours []graph.Honour, bio string) graph.Worker {
		return graph.Worker{ID: id, Name: name, Roles: roles, Skills: skills, Honours: honours, Bio: bio, UpdatedAt: at()}
	}
	ws := func(code string, l graph.Level) graph.WorkerSkill { return graph.WorkerSkill{Code: code, Level: l} }
	hon := func(title string, tier graph.Tier) graph.Honour { return graph.Honour{Title: title, Tier: tier} }

	docs := []search.Document{
		search.FromWorker(worker(WkrWang, "王建国", []graph.Role{graph.RoleCraftsman, graph.RoleModelWorker},
			[]graph.WorkerSkill{ws(CodeWelder, graph.LevelTechnician)},
			[]graph.Honour{hon("全国技术能手", graph.TierNational), hon("辽源工匠", graph.TierCity)},
			"从事压力容器焊接三十年，精通钨极氩弧焊和CO2气体保护焊，带徒12人。"), sk, ly, &machinery),
		search.FromWorker(worker(WkrLi, "李秀英", craft,
			[]graph.WorkerSkill{ws(CodeWelder, graph.LevelSenior)},
			[]graph.Honour{hon("湖南省五一劳动奖章", graph.TierProvincial)},
			"擅长TIG焊薄板焊接，不锈钢管道全位置焊。"), sk, cs, &auto),
		search.FromWorker(worker(WkrZhao, "赵刚", appr,
			[]graph.WorkerSkill{ws(CodeWelder, graph.LevelIntermediate)}, nil,
			"主要从事焊条电弧焊和二保焊，钢结构件焊接。"), sk, ly, &machinery),
		search.FromWorker(worker(WkrChen, "陈志强", craft,
			[]graph.WorkerSkill{ws(CodeCNC, graph.LevelTechnician), ws(CodeTurner, graph.LevelSeniorTechnician)},
			[]graph.Honour{hon("长沙工匠", graph.TierCity)},
			"数控车床编程与操作，FANUC系统，加工精度达到0.005毫米。"), sk, cs, &auto),
		search.FromWorker(worker(WkrLiu, "刘洋", craft,
			[]graph.WorkerSkill{ws(CodeMiller, graph.LevelSenior)}, nil,
			"负责数控铣床和加工中心的五轴加工。"), sk, ly, &machinery),
		search.FromWorker(worker(WkrSun, "孙丽", appr,
			[]graph.WorkerSkill{ws(CodeTurner, graph.LevelIntermediate)}, nil,
			"参加过数次技能比武，负责车间质量控制。"), sk, cs, &auto),
		search.FromWorker(worker(WkrZhou, "周大海", craft,
			[]graph.WorkerSkill{ws(CodeDecorator, graph.LevelSenior)},
			[]graph.Honour{hon("浦东工匠", graph.TierDistrict)},
			"从事瓷砖镶贴和石材铺装二十年。"), sk, pd, &building),
		search.FromWorker(worker(WkrWu, "吴小军", appr,
			[]graph.WorkerSkill{ws(CodeBricklayer, graph.LevelJunior)}, nil,
			"跟随师傅学习贴瓷砖和砌墙。"), sk, pd, &building),
		search.FromWorker(worker(WkrZheng, "郑强", []graph.Role{graph.RoleCraftsman, graph.RoleModelWorker},
			[]graph.WorkerSkill{ws(CodeElectric, graph.LevelTechnician)},
			[]graph.Honour{hon("上海工匠", graph.TierCity)},
			"熟悉PLC编程与变频器调试，负责工地临时用电。"), sk, pd, &building),
		search.FromWorker(worker(WkrQian, "钱多多", appr, nil, nil,
			"调试记录 foo bar field x 2 <script>"), sk, cs, nil),
		search.FromProblem(graph.Problem{ID: PrbLeak, Title: "焊接件渗漏，合格率仅20%",
			Description: "液压油箱焊缝渗漏，一次合格率仅20%，专家建议改用氩弧焊工艺。", EnterpriseID: EntMachinery,
			Industry: "装备制造", Skills: []graph.RequiredSkill{{Code: CodeWelder, MinLevel: graph.LevelSenior}},
			Status: graph.ProblemOpen, UpdatedAt: at()}, sk, ly, &machinery),
		search.FromProblem(graph.Problem{ID: PrbCNC, Title: "数控车床加工精度不稳定",
			Description: "批量加工轴类零件时尺寸漂移。", EnterpriseID: EntAuto,
			Skills: []graph.RequiredSkill{{Code: CodeCNC}, {Code: CodeTurner}},
			Status: graph.ProblemOpen, UpdatedAt: at()}, sk, cs, &auto),
		search.FromProblem(graph.Problem{ID: PrbFoo, Title: "夹具foo改进", Description: "工装夹具定位不准。",
			EnterpriseID: EntAuto, Status: graph.ProblemSolved, Outcome: "已解决", UpdatedAt: at()}, sk, cs, &auto),
		search.FromStudio(graph.Studio{ID: StuWang, Name: "王建国劳模创新工作室", Kind: graph.StudioModelWorker,
			Tier: graph.TierCity, HostEnterpriseID: EntMachinery, SpecialtyCodes: []string{CodeWelder},
			Achievements: []graph.Achievement{{Kind: graph.AchievementUtilityModel, Title: "实用新型专利", Year: 2024, Count: 6}},
			Description:  "焊接工艺创新与技能传承。", UpdatedAt: at()}, sk, ly, &machinery, nil),
		search.FromStudio(graph.Studio{ID: StuChen, Name: "陈志强技能大师工作室", Kind: graph.StudioSkillMaster,
			Tier: graph.TierProvincial, HostEnterpriseID: EntAuto, SpecialtyCodes: []string{CodeCNC, CodeTurner},
			Description: "精密零件加工攻关。", UpdatedAt: at()}, sk, cs, &auto, nil),
	}
	for _, s := range Skills() {
		d := search.FromSkill(s)
		d.UpdatedAt = at()
		docs = append(docs, d)
	}
	for _, e := range []struct {
		e    graph.Enterprise
		path []graph.Region
	}{{machinery, ly}, {building, pd}, {auto, cs}} {
		e.e.UpdatedAt = at()
		docs = append(docs, search.FromEnterprise(e.e, e.path))
	}
	return docs
}

// Workers lists the fixture worker IDs.
var Workers = []string{WkrWang, WkrLi, WkrZhao, WkrChen, WkrLiu, WkrSun, WkrZhou, WkrWu, WkrZheng, WkrQian}
