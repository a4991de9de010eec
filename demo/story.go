package demo

import "jiangxin/graph"

// story holds the indices of the hand-written cast of the story district (雨花区).
type story struct {
	heavy, enviro, smart, auto int // enterprises: 恒岳重工, 清源环保, 鼎越智能, 凯弗勒汽车零部件

	wang, liu, li, zhang, zhao, chen, wu, sun, huang, tan, zhou int // workers
}

// storyCast adds the story's enterprises and people, before any random ones, so that the batch
// opens with 王建湘.
func (dg *dgen) storyCast() *story {
	st := &story{}
	st.heavy = dg.addEnterprise("长沙恒岳重工有限公司", "工程机械", graph.OwnershipPrivate, 0, true)
	st.enviro = dg.addEnterprise("长沙清源环保设备有限公司", "装备制造", graph.OwnershipPrivate, 1, true)
	st.smart = dg.addEnterprise("湖南鼎越智能装备股份有限公司", "装备制造", graph.OwnershipMixed, 0, true)
	st.auto = dg.addEnterprise("凯弗勒（长沙）汽车零部件有限公司", "汽车制造", graph.OwnershipForeign, 2, true)

	ws := func(code string, l graph.Level, year int) graph.WorkerSkill {
		return graph.WorkerSkill{Code: code, Level: l, Certified: year}
	}
	hon := func(h honourDef, year int) graph.Honour { return dg.honour(h, year) }
	district := honourDef{dg.dist.short + "工匠", dg.dist.name + "总工会", graph.TierDistrict, false, nil}

	st.wang = dg.addWorker(person{name: ModelWorkerName, gender: graph.GenderMale, birth: 1972, ent: st.heavy,
		skills:    []graph.WorkerSkill{ws(SkillWelder, graph.LevelSeniorTechnician, 2008), ws(SkillNDT, graph.LevelTechnician, 2012)},
		honours:   []graph.Honour{hon(hHunanModel, 2011), hon(hMayDayMedal, 2016), hon(hChangshaCraft, 2018), hon(hNationalModel, 2020)},
		craftsman: true, capacity: 5, accepting: true, story: true,
		bio: "焊工高级技师，扎根工程机械焊接一线三十年，擅长厚板结构件与不锈钢薄壁件焊接工艺。2020年获评全国劳动模范，" +
			"领衔王建湘劳模创新工作室，多次随“大国工匠进企业”专家组攻克焊接渗漏难题。"})
	st.liu = dg.addWorker(person{name: "刘长庚", gender: graph.GenderMale, birth: 1962, ent: st.heavy,
		skills:    []graph.WorkerSkill{ws(SkillWelder, graph.LevelSeniorTechnician, 1998)},
		honours:   []graph.Honour{hon(hHunanMayDay, 2005), hon(hChangshaModel, 2014)},
		craftsman: true, capacity: 2, accepting: false, story: true,
		bio: "退休返聘的焊接技能大师，王建湘的师傅，已不再新带徒弟，专注工作室工艺指导。"})
	st.li = dg.addWorker(person{name: "李志强", gender: graph.GenderMale, birth: 1987, ent: st.heavy,
		skills:    []graph.WorkerSkill{ws(SkillWelder, graph.LevelTechnician, 2019)},
		honours:   []graph.Honour{hon(district, 2021), hon(hChangshaCraft, 2023)},
		craftsman: true, capacity: 2, accepting: true, story: true,
		bio: "焊工技师，2010年拜师王建湘，2012年出师并获“高师带徒优秀师徒”，如今带教新徒弟。"})
	apprentice := func(name string, birth, ent int, l graph.Level, year int) int {
		return dg.addWorker(person{name: name, gender: graph.GenderMale, birth: birth, ent: ent,
			skills: []graph.WorkerSkill{ws(SkillWelder, l, year)}, apprentice: true, story: true})
	}
	st.zhang = apprentice("张鹏", 2002, st.heavy, graph.LevelIntermediate, 2024)
	st.zhao = apprentice("赵磊", 2004, st.heavy, graph.LevelJunior, 2025)
	st.chen = apprentice("陈思远", 2000, st.heavy, graph.LevelIntermediate, 2023)
	st.wu = apprentice("吴俊", 2005, st.heavy, graph.LevelJunior, 2025)
	st.sun = apprentice("孙浩", 2001, st.enviro, graph.LevelIntermediate, 2024)
	st.huang = dg.addWorker(person{name: "黄伟", gender: graph.GenderMale, birth: 1998, ent: st.heavy,
		skills: []graph.WorkerSkill{ws(SkillFitter, graph.LevelIntermediate, 2025), ws(SkillWelder, graph.LevelJunior, 2021)}, story: true})
	st.tan = dg.addWorker(person{name: PatentLeaderName, gender: graph.GenderFemale, birth: 1979, ent: st.smart,
		skills:    []graph.WorkerSkill{ws(SkillMachineTool, graph.LevelSeniorTechnician, 2012), ws(SkillCNC, graph.LevelTechnician, 2010)},
		honours:   []graph.Honour{hon(hHunanModel, 2016), hon(hChangshaCraft, 2019), hon(hNationalModel, 2020)},
		craftsman: true, capacity: 3, accepting: true, story: true,
		bio: "公司技术部副部长，机床装调维修工高级技师。十几年来带领团队取得6项实用新型专利和29项专利授权，" +
			"个人获得14项专利授权，领衔研发的三项新产品每年为公司增加销售收入2000多万元，2020年获评全国劳动模范。"})
	st.zhou = dg.addWorker(person{name: "周立新", gender: graph.GenderMale, birth: 1976, ent: st.smart,
		skills:    []graph.WorkerSkill{ws(SkillCNC, graph.LevelSeniorTechnician, 2009), ws(SkillTurner, graph.LevelTechnician, 2004)},
		honours:   []graph.Honour{hon(hHunanExpert, 2014), hon(hTechExpert, 2018)},
		craftsman: true, capacity: 3, accepting: true, story: true,
		bio: "数控加工高级技师，全国技术能手，擅长加工中心多工序工艺与精度补偿。"})

	dg.wks[st.wang].reserve = 1 // he keeps a free slot, so the demo can propose him a mentee
	dg.sum.ModelWorkerID = dg.b.Workers[st.wang].ID
	dg.sum.ModelEnterpriseID = dg.b.Enterprises[st.heavy].ID
	dg.sum.PatentLeaderID = dg.b.Workers[st.tan].ID
	dg.sum.LineageIDs = [4]string{dg.b.Workers[st.liu].ID, dg.b.Workers[st.wang].ID, dg.b.Workers[st.li].ID, dg.b.Workers[st.zhang].ID}
	return st
}

// storyPairings adds the four-generation welding lineage 刘长庚 → 王建湘 → 李志强 → 张鹏 and
// the pairings of every status around it. Dates are relative to the base date.
func (dg *dgen) storyPairings(st *story) {
	base := dg.base
	city, dist := dg.sk.cityUnion, dg.sk.distUnions[dg.d]
	current := dg.campaignOf(dg.year)
	dg.addPairing(pairingSpec{mentor: st.liu, apprentice: st.wang, status: graph.PairingCompleted, code: SkillWelder,
		target: graph.LevelSenior, signed: ymd(1996, 3, 15), deadline: ymd(1998, 12, 31), cadence: 90, reviews: 3})
	dg.sum.CompletedPairingID = dg.addPairing(pairingSpec{mentor: st.wang, apprentice: st.li, status: graph.PairingCompleted,
		code: SkillWelder, target: graph.LevelSenior, signed: ymd(2010, 4, 1), deadline: ymd(2012, 6, 30), cadence: 60,
		union: city, campaign: "2010年高师带徒活动", award: "高师带徒优秀师徒", reviews: 4})
	dg.sum.ActivePairingID = dg.addPairing(pairingSpec{mentor: st.li, apprentice: st.zhang, status: graph.PairingActive,
		code: SkillWelder, target: graph.LevelSenior, signed: base.AddDate(0, -6, 0),
		deadline: endOfMonth(base.AddDate(1, 3, 0)), cadence: 30, union: dist, campaign: dg.campaignOf(base.AddDate(0, -6, 0).Year()),
		reviews: 6})
	dg.addPairing(pairingSpec{mentor: st.wang, apprentice: st.zhao, status: graph.PairingActive, code: SkillWelder,
		target: graph.LevelIntermediate, signed: base.AddDate(0, -2, 9), deadline: endOfMonth(base.AddDate(0, 9, 0)),
		cadence: 30, union: city, campaign: current, score: 0.93, reviews: 6})
	dg.addPairing(pairingSpec{mentor: st.wang, apprentice: st.chen, status: graph.PairingActive, code: SkillWelder,
		target: graph.LevelSenior, signed: base.AddDate(0, 0, -9), deadline: endOfMonth(base.AddDate(1, 9, 0)),
		cadence: 30, union: city, campaign: current, score: 0.88, reviews: 6})
	dg.sum.ProposedPairingID = dg.addPairing(pairingSpec{mentor: st.wang, apprentice: st.wu, status: graph.PairingProposed,
		code: SkillWelder, target: graph.LevelIntermediate, deadline: endOfMonth(base.AddDate(1, 0, 0)), cadence: 30,
		union: city, campaign: current, score: 0.91})
	dg.sum.DeclinedPairingID = dg.addPairing(pairingSpec{mentor: st.li, apprentice: st.sun, status: graph.PairingDeclined,
		code: SkillWelder, target: graph.LevelSenior, deadline: endOfMonth(base.AddDate(1, 6, 0)), union: dist,
		campaign: current, score: 0.78})
	dg.sum.TerminatedPairingID = dg.addPairing(pairingSpec{mentor: st.wang, apprentice: st.huang, status: graph.PairingTerminated,
		code: SkillWelder, target: graph.LevelIntermediate, signed: base.AddDate(-2, -10, 0),
		deadline: endOfMonth(base.AddDate(-1, -4, 0)), cadence: 60, union: dist, campaign: dg.campaignOf(base.AddDate(-2, -10, 0).Year()),
		reason: "徒弟转岗至装配车间，双方协商终止协议", reviews: 2, ended: base.AddDate(-2, -1, 0)})
}

// storyStudios adds the studios of 王建湘 and 谭雅琴.
func (dg *dgen) storyStudios(st *story) {
	y := dg.year - 1
	dg.sum.ModelWorkerStudioID = dg.addStudio(studioSpec{name: ModelWorkerName + "劳模创新工作室", kind: graph.StudioModelWorker,
		tier: graph.TierProvincial, leader: st.wang, members: []int{st.liu, st.li, st.zhang, st.chen},
		specialties: []string{SkillWelder, SkillNDT}, established: 2016,
		achievements: []graph.Achievement{
			{Kind: graph.AchievementUtilityModel, Title: "焊接工装实用新型专利", Year: y, Count: 4},
			{Kind: graph.AchievementInnovation, Title: "焊接工艺革新成果", Year: y, Count: 18},
			{Kind: graph.AchievementTraining, Title: "培训焊工（人次）", Year: y, Count: 620},
		},
		desc: "以全国劳动模范王建湘命名，聚焦厚板与不锈钢焊接工艺攻关，参与“大国工匠进企业”技术攻关，坚持高师带徒。"})
	dg.sum.PatentStudioID = dg.addStudio(studioSpec{name: PatentLeaderName + "劳模创新工作室", kind: graph.StudioModelWorker,
		tier: graph.TierProvincial, leader: st.tan, members: []int{st.zhou},
		specialties: []string{SkillMachineTool, SkillCNC}, established: 2013,
		achievements: []graph.Achievement{
			{Kind: graph.AchievementUtilityModel, Title: "团队实用新型专利", Year: y, Count: 6},
			{Kind: graph.AchievementInnovation, Title: "团队累计获专利授权（其中本人14项）", Year: y, Count: 29},
			{Kind: graph.AchievementEconomicBenefitCNY, Title: "三项新产品年新增销售收入（元）", Year: y, Count: 20_000_000},
		},
		desc: "聚焦数控机床装调与精度保持技术，带领团队取得6项实用新型专利和29项专利授权（谭雅琴本人14项）。"})
}

// storyProblems adds the welding leak solved by advising TIG instead of MIG/MAG, an open
// welding problem like it, and a CNC precision problem with a visit scheduled.
func (dg *dgen) storyProblems(st *story) {
	leak := problemTpls[SkillWelder][0]
	dg.sum.WeldingProblemID = dg.addProblem(problemSpec{ent: st.enviro, tpl: leak, code: SkillWelder,
		status: graph.ProblemSolved, urgency: graph.UrgencyHigh, solvers: []int{st.wang, st.li}, outcome: leak.outcome})
	warp := problemTpl{title: "薄板焊接变形超差", desc: "不锈钢薄板箱体焊后变形超差，校形工时占总工时三成。",
		extra: SkillFitter, min: graph.LevelTechnician}
	warpID := dg.addProblem(problemSpec{ent: st.enviro, tpl: warp, code: SkillWelder, status: graph.ProblemMatched,
		urgency: graph.UrgencyNormal, outcome: "已采用反变形与分段退焊，变形减半，仍需优化工装"})
	dg.sum.DoneVisitID = dg.addVisit(visitSpec{ent: st.enviro, problems: []string{dg.sum.WeldingProblemID, warpID},
		experts: []int{st.wang, st.li}, date: dg.base.AddDate(0, 0, -103), status: graph.VisitDone,
		outcomes: []graph.ProblemOutcome{
			{ProblemID: dg.sum.WeldingProblemID, Result: graph.OutcomeSolved,
				Notes: "专家组建议以TIG焊替代MIG/MAG焊，加背面充氩保护，试制件气密性试验合格率由20%提升至96%。"},
			{ProblemID: warpID, Result: graph.OutcomePartly, Notes: "给出反变形与分段退焊方案，变形减半，工装待改进。"},
		},
		rating: 5, comment: "专家现场示范，渗漏问题彻底解决，返修成本大幅下降"})
	dg.sum.OpenWeldingProblemID = dg.addProblem(problemSpec{ent: st.auto, code: SkillWelder, status: graph.ProblemOpen,
		urgency: graph.UrgencyHigh, tpl: problemTpl{title: "铝合金电池托盘焊缝气孔导致渗漏",
			desc: "新能源汽车铝合金电池托盘搅拌摩擦焊与MIG焊混合工艺下，焊缝气孔导致气密性试验渗漏，一次合格率不足60%。",
			min:  graph.LevelSenior}})
	cnc := problemTpls[SkillCNC][0]
	dg.sum.CNCProblemID = dg.addProblem(problemSpec{ent: st.auto, tpl: cnc, code: SkillCNC,
		status: graph.ProblemVisitScheduled, urgency: graph.UrgencyNormal})
	dg.sum.ScheduledVisitID = dg.addVisit(visitSpec{ent: st.auto, problems: []string{dg.sum.CNCProblemID},
		experts: []int{st.tan, st.zhou}, date: dg.base.AddDate(0, 0, 16), status: graph.VisitScheduled})
}
