package demo

import "jiangxin/graph"

// Occupation codes of the embedded 2022 classification that the demo uses by name. The tests
// check every code of this file against the catalogue.
const (
	SkillWelder          = "6-18-02-04" // 焊工
	SkillTurner          = "6-18-01-01" // 车工
	SkillMiller          = "6-18-01-02" // 铣工
	SkillCNC             = "6-18-01-07" // 多工序数控机床操作调整工
	SkillFitter          = "6-20-01-01" // 装配钳工
	SkillMachineTool     = "6-20-03-01" // 机床装调维修工
	SkillElectrician     = "6-31-01-03" // 电工
	SkillMaintFitter     = "6-31-01-02" // 机修钳工
	SkillRobotOperator   = "6-31-07-03" // 工业机器人系统操作员
	SkillNDT             = "6-31-03-04" // 无损检测员
	SkillHeatTreat       = "6-18-02-03" // 金属热处理工
	SkillPainter         = "6-18-03-03" // 涂装工
	SkillMould           = "6-18-04-01" // 模具工
	SkillFoundry         = "6-18-02-01" // 铸造工
	SkillMachineryAssy   = "6-21-01-02" // 工程机械装配调试工
	SkillMachineryRepair = "6-31-01-09" // 工程机械维修工
	SkillAutoAssy        = "6-22-02-01" // 汽车装调工
	SkillAutoLine        = "6-22-01-01" // 汽车生产线操作工
	SkillMason           = "6-29-01-01" // 砌筑工
	SkillDecorator       = "6-29-04-01" // 装饰装修工 (瓷砖镶贴)
	SkillConcrete        = "6-29-01-03" // 混凝土工
	SkillRebar           = "6-29-01-04" // 钢筋工
	SkillScaffolder      = "6-29-01-05" // 架子工
	SkillRigger          = "6-30-05-02" // 起重工
	SkillWaterproof      = "6-29-02-08" // 防水工
	SkillPipefitter      = "6-29-03-04" // 管工
	SkillLineman         = "6-29-02-12" // 送配电线路工
	SkillCable           = "6-29-02-11" // 电力电缆安装运维工
	SkillSubstation      = "6-31-01-08" // 变电设备检修工
	SkillRelay           = "6-28-01-15" // 继电保护员
	SkillSubstationOp    = "6-28-01-14" // 变配电运行值班员
	SkillPowerInstall    = "6-29-03-08" // 电力电气设备安装工
	SkillMetroRepair     = "6-29-02-17" // 城市轨道交通检修工
	SkillSignal          = "6-29-03-10" // 轨道交通信号工
	SkillRailComm        = "6-29-03-09" // 轨道交通通信工
	SkillBrakeFitter     = "6-23-01-04" // 铁路机车车辆制动钳工
	SkillTraction        = "6-29-02-13" // 牵引电力线路安装维护工
	SkillBattery         = "6-24-04-00" // 电池制造工
	SkillChemLab         = "6-31-03-01" // 化学检验员
	SkillInspector       = "6-31-03-05" // 质检员
)

// tradeNames holds the catalogue name of every trade the demo uses.
var tradeNames = map[string]string{
	SkillWelder: "焊工", SkillTurner: "车工", SkillMiller: "铣工", SkillCNC: "多工序数控机床操作调整工",
	SkillFitter: "装配钳工", SkillMachineTool: "机床装调维修工", SkillElectrician: "电工",
	SkillMaintFitter: "机修钳工", SkillRobotOperator: "工业机器人系统操作员", SkillNDT: "无损检测员",
	SkillHeatTreat: "金属热处理工", SkillPainter: "涂装工", SkillMould: "模具工", SkillFoundry: "铸造工",
	SkillMachineryAssy: "工程机械装配调试工", SkillMachineryRepair: "工程机械维修工",
	SkillAutoAssy: "汽车装调工", SkillAutoLine: "汽车生产线操作工", SkillMason: "砌筑工",
	SkillDecorator: "装饰装修工", SkillConcrete: "混凝土工", SkillRebar: "钢筋工", SkillScaffolder: "架子工",
	SkillRigger: "起重工", SkillWaterproof: "防水工", SkillPipefitter: "管工", SkillLineman: "送配电线路工",
	SkillCable: "电力电缆安装运维工", SkillSubstation: "变电设备检修工", SkillRelay: "继电保护员",
	SkillSubstationOp: "变配电运行值班员", SkillPowerInstall: "电力电气设备安装工",
	SkillMetroRepair: "城市轨道交通检修工", SkillSignal: "轨道交通信号工", SkillRailComm: "轨道交通通信工",
	SkillBrakeFitter: "铁路机车车辆制动钳工", SkillTraction: "牵引电力线路安装维护工",
	SkillBattery: "电池制造工", SkillChemLab: "化学检验员", SkillInspector: "质检员",
}

// CityGapSkill is the trade in which, across the whole demo city, apprentices wait while every
// mentor holding it is full or has stopped accepting mentees: MentorGaps of the city union lists it.
const CityGapSkill = SkillRobotOperator

// weighted is a value with a relative weight.
type weighted[T any] struct {
	v T
	w int
}

// district describes one real district of Changsha and what its economy looks like.
type district struct {
	name, short, code string
	towns             []string
	share             int // relative share of the city's workers
	industries        []weighted[string]
	gapSkill          string // the trade in which this district lacks free mentors
	pairsTarget       int    // share of the 2,000-pair pledge
}

// districts lists the districts in generation order; the story district (index 0) comes first,
// so the batch opens with the demo's headline model worker.
var districts = []district{
	{name: "雨花区", short: "雨花", code: "430111", towns: []string{"同升街道", "黎托街道", "洞井街道"}, share: 22,
		industries: []weighted[string]{{"工程机械", 4}, {"汽车制造", 3}, {"装备制造", 3}, {"建筑业", 1}},
		gapSkill:   SkillPainter, pairsTarget: 400},
	{name: "岳麓区", short: "岳麓", code: "430104", towns: []string{"麓谷街道", "岳麓街道", "坪塘街道"}, share: 20,
		industries: []weighted[string]{{"装备制造", 4}, {"新材料", 3}, {"工程机械", 1}, {"建筑业", 1}},
		gapSkill:   SkillMould, pairsTarget: 400},
	{name: "芙蓉区", short: "芙蓉", code: "430102", towns: []string{"五里牌街道", "火星街道", "东湖街道"}, share: 12,
		industries: []weighted[string]{{"建筑业", 4}, {"电力", 3}, {"装备制造", 1}, {"新材料", 1}},
		gapSkill:   SkillDecorator, pairsTarget: 250},
	{name: "天心区", short: "天心", code: "430103", towns: []string{"坡子街街道", "暮云街道", "先锋街道"}, share: 12,
		industries: []weighted[string]{{"建筑业", 4}, {"轨道交通", 2}, {"电力", 2}, {"汽车制造", 1}},
		gapSkill:   SkillRebar, pairsTarget: 250},
	{name: "开福区", short: "开福", code: "430105", towns: []string{"伍家岭街道", "捞刀河街道", "青竹湖街道"}, share: 14,
		industries: []weighted[string]{{"轨道交通", 3}, {"建筑业", 3}, {"装备制造", 2}, {"电力", 1}},
		gapSkill:   SkillSignal, pairsTarget: 300},
	{name: "望城区", short: "望城", code: "430112", towns: []string{"高塘岭街道", "白沙洲街道", "丁字湾街道"}, share: 20,
		industries: []weighted[string]{{"新材料", 3}, {"电力", 2}, {"装备制造", 2}, {"汽车制造", 2}, {"建筑业", 1}},
		gapSkill:   SkillBattery, pairsTarget: 400},
}

// industry describes the trades, names and ownership mix of one industry.
type industry struct {
	trades    []weighted[string]
	suffixes  []string
	ownership []weighted[graph.Ownership]
}

var industries = map[string]industry{
	"装备制造": {
		trades: []weighted[string]{{SkillWelder, 20}, {SkillTurner, 12}, {SkillMiller, 8}, {SkillCNC, 15},
			{SkillFitter, 12}, {SkillMachineTool, 6}, {SkillElectrician, 8}, {SkillMaintFitter, 6},
			{SkillRobotOperator, 5}, {SkillPainter, 4}, {SkillNDT, 2}, {SkillMould, 3}, {SkillHeatTreat, 2}},
		suffixes:  []string{"精密机械有限公司", "智能装备有限公司", "机械制造有限公司", "动力设备有限公司", "环保设备有限公司"},
		ownership: []weighted[graph.Ownership]{{graph.OwnershipPrivate, 58}, {graph.OwnershipState, 17}, {graph.OwnershipMixed, 12}, {graph.OwnershipForeign, 9}, {graph.OwnershipCollective, 4}},
	},
	"工程机械": {
		trades: []weighted[string]{{SkillWelder, 25}, {SkillMachineryAssy, 20}, {SkillCNC, 10}, {SkillFitter, 10},
			{SkillMachineryRepair, 10}, {SkillPainter, 6}, {SkillElectrician, 6}, {SkillRobotOperator, 6},
			{SkillMaintFitter, 5}, {SkillTurner, 4}},
		suffixes:  []string{"重工有限公司", "工程机械有限公司", "起重机械有限公司", "路桥机械有限公司"},
		ownership: []weighted[graph.Ownership]{{graph.OwnershipPrivate, 60}, {graph.OwnershipState, 15}, {graph.OwnershipMixed, 15}, {graph.OwnershipForeign, 10}},
	},
	"汽车制造": {
		trades: []weighted[string]{{SkillAutoAssy, 20}, {SkillAutoLine, 20}, {SkillWelder, 12}, {SkillRobotOperator, 12},
			{SkillPainter, 8}, {SkillCNC, 8}, {SkillElectrician, 8}, {SkillMaintFitter, 6}, {SkillMould, 6}},
		suffixes:  []string{"汽车零部件有限公司", "汽车部件制造有限公司", "新能源汽车有限公司", "车桥有限公司"},
		ownership: []weighted[graph.Ownership]{{graph.OwnershipPrivate, 45}, {graph.OwnershipForeign, 25}, {graph.OwnershipMixed, 18}, {graph.OwnershipState, 12}},
	},
	"建筑业": {
		trades: []weighted[string]{{SkillMason, 18}, {SkillDecorator, 15}, {SkillConcrete, 14}, {SkillRebar, 14},
			{SkillScaffolder, 10}, {SkillWelder, 8}, {SkillElectrician, 8}, {SkillRigger, 5}, {SkillWaterproof, 4},
			{SkillPipefitter, 4}},
		suffixes:  []string{"建设工程有限公司", "建筑工程有限公司", "建筑劳务有限公司", "装饰工程有限公司", "市政工程有限公司"},
		ownership: []weighted[graph.Ownership]{{graph.OwnershipPrivate, 70}, {graph.OwnershipState, 15}, {graph.OwnershipCollective, 8}, {graph.OwnershipMixed, 7}},
	},
	"电力": {
		trades: []weighted[string]{{SkillElectrician, 20}, {SkillLineman, 18}, {SkillSubstation, 16}, {SkillRelay, 12},
			{SkillCable, 10}, {SkillSubstationOp, 8}, {SkillPowerInstall, 10}, {SkillWelder, 6}},
		suffixes:  []string{"电力工程有限公司", "电力建设有限公司", "输变电工程有限公司", "电气安装有限公司"},
		ownership: []weighted[graph.Ownership]{{graph.OwnershipState, 45}, {graph.OwnershipPrivate, 35}, {graph.OwnershipMixed, 15}, {graph.OwnershipCollective, 5}},
	},
	"轨道交通": {
		trades: []weighted[string]{{SkillMetroRepair, 20}, {SkillSignal, 12}, {SkillBrakeFitter, 10}, {SkillWelder, 12},
			{SkillElectrician, 12}, {SkillFitter, 10}, {SkillCNC, 8}, {SkillTraction, 8}, {SkillRailComm, 8}},
		suffixes:  []string{"轨道交通装备有限公司", "轨道交通工程有限公司", "轨道车辆配件有限公司", "轨道交通运维有限公司"},
		ownership: []weighted[graph.Ownership]{{graph.OwnershipState, 35}, {graph.OwnershipMixed, 20}, {graph.OwnershipPrivate, 40}, {graph.OwnershipForeign, 5}},
	},
	"新材料": {
		trades: []weighted[string]{{SkillBattery, 20}, {SkillHeatTreat, 10}, {SkillChemLab, 10}, {SkillElectrician, 10},
			{SkillMaintFitter, 10}, {SkillWelder, 8}, {SkillRobotOperator, 8}, {SkillInspector, 10}, {SkillNDT, 6},
			{SkillFoundry, 8}},
		suffixes:  []string{"新材料科技有限公司", "新材料股份有限公司", "粉末冶金有限公司", "新能源材料有限公司"},
		ownership: []weighted[graph.Ownership]{{graph.OwnershipPrivate, 62}, {graph.OwnershipMixed, 14}, {graph.OwnershipForeign, 12}, {graph.OwnershipState, 12}},
	},
}

// brandChars make invented two-character brand names (字号); none of their pairs is the name of a
// well-known Changsha company.
var brandChars = []rune("恒岳湘麓星远航锐达鼎盛宏泰信通安瑞卓越德隆兴科创博力金峰永昌顺嘉利精诚威铭凯晟翔宇腾")

// foreignBrands are invented transliterated names for foreign-invested firms.
var foreignBrands = []string{"凯弗勒", "艾森特", "霍尔曼", "米勒斯", "奥德林", "博朗特", "斯坦顿", "维克森"}

// surnames are family names with rough frequencies in Hunan (per mille).
var surnames = []weighted[string]{
	{"刘", 75}, {"李", 70}, {"王", 60}, {"陈", 60}, {"张", 55}, {"周", 40}, {"彭", 30}, {"罗", 30}, {"唐", 30},
	{"胡", 30}, {"黄", 30}, {"谭", 25}, {"邓", 25}, {"曾", 25}, {"杨", 25}, {"吴", 20}, {"何", 15}, {"肖", 15},
	{"蒋", 12}, {"谢", 12}, {"朱", 12}, {"赵", 12}, {"易", 10}, {"龙", 10}, {"廖", 10}, {"贺", 10}, {"徐", 10},
	{"邹", 8}, {"袁", 8}, {"孙", 8}, {"郭", 8}, {"高", 8}, {"文", 7}, {"戴", 7}, {"曹", 7}, {"田", 7}, {"汤", 6},
	{"夏", 6}, {"石", 6}, {"熊", 6}, {"向", 6}, {"冯", 6}, {"潘", 6}, {"钟", 6}, {"林", 6}, {"梁", 6}, {"宋", 6},
	{"郑", 6}, {"许", 6}, {"马", 6}, {"付", 5}, {"姚", 5}, {"陶", 5}, {"韩", 5}, {"雷", 5}, {"毛", 5}, {"颜", 5},
	{"欧阳", 5}, {"蔡", 5}, {"段", 4}, {"姜", 4}, {"范", 4}, {"方", 4}, {"卢", 4}, {"丁", 4}, {"魏", 4}, {"苏", 4},
	{"阳", 4}, {"尹", 4}, {"任", 3}, {"秦", 3}, {"符", 3},
}

// Given-name parts: a first and a second character, or a single character.
var (
	maleFirst    = []rune("建志国海立振伟卫文俊子浩宇家明永红小德新春学光庆世金长大")
	maleSecond   = []rune("强刚平涛波新华民东斌杰豪然航轩辉军林明峰亮勇成兵龙飞鹏超磊宁")
	femaleFirst  = []rune("晓秀丽雅欣佳美小春海玉桂慧思梦诗雨紫")
	femaleSecond = []rune("芳娟敏静丽艳娜霞燕玲婷雪慧琴红梅莉倩颖琳萍兰凤洁蓉怡涵")
)

// honourDef is a title a worker may hold.
type honourDef struct {
	title, issuer string
	tier          graph.Tier
	model         bool  // a 劳模 title: the holder is a MODEL_WORKER
	years         []int // the years it was awarded; nil means any year
}

// The honours of the demo, from the nation down to the city. District and enterprise titles
// are built per district and enterprise.
var (
	hNationalModel  = honourDef{"全国劳动模范", "中共中央、国务院", graph.TierNational, true, []int{2010, 2015, 2020, 2025}}
	hMayDayMedal    = honourDef{"全国五一劳动奖章", "中华全国总工会", graph.TierNational, true, nil}
	hTechExpert     = honourDef{"全国技术能手", "人力资源社会保障部", graph.TierNational, false, []int{2012, 2014, 2016, 2018, 2020, 2022, 2024}}
	hGreatCraftsman = honourDef{"大国工匠", "中华全国总工会、中央广播电视总台", graph.TierNational, false, []int{2022, 2023, 2024, 2025}}
	hHunanModel     = honourDef{"湖南省劳动模范", "中共湖南省委、湖南省人民政府", graph.TierProvincial, true, []int{2011, 2016, 2021}}
	hHunanMayDay    = honourDef{"湖南省五一劳动奖章", "湖南省总工会", graph.TierProvincial, true, nil}
	hHunanExpert    = honourDef{"湖南省技术能手", "湖南省人力资源和社会保障厅", graph.TierProvincial, false, nil}
	hChangshaCraft  = honourDef{"长沙工匠", "长沙市人民政府", graph.TierCity, false, []int{2018, 2019, 2020, 2021, 2022, 2023, 2024, 2025}}
	hChangshaModel  = honourDef{"长沙市劳动模范", "中共长沙市委、长沙市人民政府", graph.TierCity, true, []int{2014, 2019, 2024}}
	hChampion       = honourDef{"技能大赛状元", "长沙市“十行状元、百优工匠”技能竞赛组委会", graph.TierCity, false, []int{2018, 2019, 2020, 2021, 2022, 2023, 2024, 2025}}
)

// problemTpl is a technical problem typical of a trade, written from the catalogue's task text.
type problemTpl struct {
	title, desc, outcome string
	extra                string      // a second trade the problem needs; "" for none
	min                  graph.Level // minimum level of the main trade
}

// problemTpls holds hand-written problems per trade; trades without one get problems written
// from their catalogue tasks.
var problemTpls = map[string][]problemTpl{
	SkillWelder: {
		{"焊接件渗漏，一次合格率仅20%", "不锈钢容器焊接件采用MIG/MAG焊，气密性试验渗漏严重，一次合格率仅20%，返修成本高。需重新设定焊接参数，改进焊材烘焙和焊缝清理工艺。",
			"专家建议以TIG焊（钨极氩弧焊）替代MIG/MAG焊并加背面充氩保护，合格率提升至95%以上。", "", graph.LevelTechnician},
		{"厚板对接焊缝出现延迟裂纹", "Q355厚板对接焊后24小时出现延迟裂纹，超声波检测不合格，已影响交付。",
			"制定预热、层间温度控制和焊后缓冷工艺，复检全部合格。", SkillNDT, graph.LevelTechnician},
		{"焊接机器人焊缝跟踪偏差大", "焊接机器人工作站在长焊缝上跟踪偏差超过1.5mm，焊缝成形不良，需人工返修。",
			"重新标定激光跟踪传感器并优化示教轨迹，偏差控制在0.3mm以内。", SkillRobotOperator, graph.LevelSenior},
		{"铝合金焊缝气孔超标", "铝合金结构件焊缝射线检测气孔超标，返修率约30%。",
			"改进焊前清理与保护气纯度，采用脉冲TIG焊，气孔率显著下降。", "", graph.LevelTechnician},
	},
	SkillCNC: {
		{"加工中心孔系位置度超差", "箱体零件在加工中心批量加工时孔系位置度超差0.02mm，废品率约8%。",
			"补偿机床几何误差，优化装夹与刀具路径，位置度稳定达标。", SkillMachineTool, graph.LevelTechnician},
		{"多工序零件加工节拍超标", "多工序零件单件加工节拍超出计划30%，影响整线交付。",
			"优化刀具路径、换刀顺序与切削参数，节拍缩短25%。", "", graph.LevelSenior},
		{"五轴加工叶轮表面振纹", "五轴加工中心加工叶轮时叶片表面出现振纹，表面粗糙度达不到Ra0.8。",
			"调整刀具悬伸与切削参数，采用摆线铣削，振纹消除。", "", graph.LevelTechnician},
	},
	SkillTurner: {
		{"薄壁套筒车削变形，圆度超差", "薄壁套筒车削后圆度超差0.03mm，装夹变形明显。",
			"改用软爪和轴向压紧工装，分粗精车释放应力，圆度合格。", "", graph.LevelSenior},
		{"细长轴车削让刀，锥度超差", "细长轴车削时让刀严重，全长锥度超差。",
			"增加跟刀架并优化刀具角度与切削用量，尺寸稳定。", "", graph.LevelSenior},
	},
	SkillMiller: {
		{"曲面铣削振刀，表面粗糙度不达标", "模具型腔曲面铣削振刀，表面粗糙度达不到Ra1.6。",
			"更换减振刀杆并调整步距与转速，表面质量达标。", "", graph.LevelSenior},
	},
	SkillFitter: {
		{"减速机装配后异响，齿轮啮合间隙不均", "减速机总装试车异响，齿轮啮合间隙不均，返修率高。",
			"修订装配工艺，增加啮合印痕检查工序，异响消除。", "", graph.LevelTechnician},
		{"液压阀组装配后内泄漏", "液压阀组总装后保压试验内泄漏超标。", "改进研配与清洁度控制，保压试验合格。", "", graph.LevelSenior},
	},
	SkillMachineTool: {
		{"数控机床主轴温升过高，精度漂移", "数控机床连续运行两小时后主轴温升超过25℃，加工精度漂移。",
			"更换主轴轴承并调整预紧力，增加热补偿，精度恢复。", SkillElectrician, graph.LevelTechnician},
		{"导轨爬行，定位精度下降", "机床低速进给时导轨爬行，定位精度下降。", "刮研导轨并调整润滑，爬行消除。", "", graph.LevelTechnician},
	},
	SkillElectrician: {
		{"生产线变频器频繁过流跳闸", "生产线变频器每班过流跳闸3至5次，造成停线。", "排查负载与参数，加装电抗器，跳闸消除。", "", graph.LevelSenior},
		{"配电柜母排过热", "车间配电柜母排红外测温超过90℃，存在安全隐患。", "紧固连接并更换截面，温升恢复正常。", "", graph.LevelSenior},
	},
	SkillMaintFitter: {
		{"空压机振动超标，轴承频繁损坏", "空压机振动值超标，轴承平均两个月损坏一次。", "进行动平衡校正与对中，振动降至标准以内。", "", graph.LevelSenior},
	},
	SkillRobotOperator: {
		{"机器人工作站节拍不达标，频繁报警停机", "工业机器人工作站节拍比设计值慢20%，且频繁报警停机。",
			"优化示教程序与PLC联调逻辑，节拍达标，报警减少90%。", SkillElectrician, graph.LevelSenior},
	},
	SkillMachineryAssy: {
		{"泵车臂架液压系统压力波动", "混凝土泵车臂架动作时液压系统压力波动大，臂架抖动。", "调整平衡阀与蓄能器参数，臂架动作平稳。", "", graph.LevelTechnician},
	},
	SkillMachineryRepair: {
		{"挖掘机液压系统油温过高", "挖掘机连续作业后液压油温超过90℃，动作变慢。", "清洗散热器并更换溢流阀，油温恢复正常。", "", graph.LevelSenior},
	},
	SkillAutoAssy: {
		{"整车四轮定位参数一致性差", "下线车辆四轮定位参数一致性差，返调率高。", "改进副车架装配定位工装，返调率下降。", "", graph.LevelSenior},
	},
	SkillAutoLine: {
		{"焊装线车身尺寸精度波动", "焊装生产线白车身关键尺寸波动超差。", "优化夹具定位与焊接顺序，尺寸合格率提升。", SkillWelder, graph.LevelSenior},
	},
	SkillPainter: {
		{"涂层橘皮、流挂缺陷率高", "工件涂装后橘皮、流挂缺陷率超过10%。", "调整涂料黏度、喷枪参数与闪干时间，缺陷率降至2%。", "", graph.LevelSenior},
	},
	SkillMason: {
		{"清水墙砌筑灰缝不饱满，墙体开裂", "清水墙砌筑灰缝饱满度不足，局部墙体出现裂缝。", "改进砂浆配比与砌筑手法，增设拉结筋，质量达标。", "", graph.LevelSenior},
	},
	SkillDecorator: {
		{"大规格瓷砖镶贴空鼓率高", "大规格瓷砖镶贴后空鼓率超过5%，业主投诉多。", "采用背涂加双面满浆镶贴工艺，空鼓率降至0.5%以下。", "", graph.LevelSenior},
	},
	SkillConcrete: {
		{"大体积混凝土浇筑后出现温度裂缝", "设备基础大体积混凝土浇筑后出现温度裂缝。", "优化配合比并布设测温点，分层浇筑与保温养护，裂缝得到控制。", "", graph.LevelTechnician},
	},
	SkillRebar: {
		{"钢筋笼加工尺寸偏差大，返工率高", "桩基钢筋笼加工尺寸偏差大，返工率超过10%。", "制作定型胎架并改进下料翻样，返工率降至1%。", "", graph.LevelSenior},
	},
	SkillLineman: {
		{"10kV线路雷击跳闸频繁", "山区10kV配电线路雨季雷击跳闸频繁。", "加装线路避雷器并改善接地，跳闸次数明显下降。", "", graph.LevelTechnician},
	},
	SkillSubstation: {
		{"断路器机构卡涩，分合闸时间超标", "变电站断路器操作机构卡涩，分合闸时间超标。", "解体检修机构并更换润滑脂，特性试验合格。", "", graph.LevelTechnician},
	},
	SkillRelay: {
		{"主变差动保护区外故障误动作", "主变差动保护在区外故障时误动作。", "校核整定值与电流互感器极性，消除误动隐患。", "", graph.LevelTechnician},
	},
	SkillMetroRepair: {
		{"车辆转向架轮对异常磨耗", "地铁车辆转向架轮对出现异常磨耗，镟修周期缩短。", "调整转向架参数并优化镟修方案，磨耗恢复正常。", "", graph.LevelTechnician},
	},
	SkillSignal: {
		{"道岔转辙机表示故障频发", "正线道岔转辙机表示故障频发，影响行车。", "整治表示杆缺口与电缆接续，故障率大幅下降。", "", graph.LevelTechnician},
	},
	SkillBattery: {
		{"电芯涂布面密度一致性差", "电池极片涂布面密度波动超过±3%，电芯一致性差。", "调整涂布模头间隙与浆料黏度，面密度波动控制在±1%。", SkillChemLab, graph.LevelSenior},
	},
	SkillHeatTreat: {
		{"齿轮渗碳淬火变形超差", "齿轮渗碳淬火后变形超差，磨削余量不足。", "改进装炉方式与淬火冷却工艺，变形量减半。", "", graph.LevelTechnician},
	},
	SkillFoundry: {
		{"铸件缩松缩孔，废品率高", "壳体铸件缩松缩孔，废品率约15%。", "优化浇冒口设计与浇注温度，废品率降至3%。", "", graph.LevelTechnician},
	},
	SkillMould: {
		{"注塑模具飞边严重，寿命短", "注塑模具分型面飞边严重，模具寿命不足设计的一半。", "修配分型面并改进排气，飞边消除。", "", graph.LevelSenior},
	},
}
