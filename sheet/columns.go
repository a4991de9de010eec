package sheet

import (
	"slices"
	"strings"
	"unicode"
)

// Kind names what a sheet holds: one of the importable entity kinds, or an export-only
// report.
type Kind string

// Importable kinds, in the order a multi-sheet workbook is imported.
const (
	KindRegions     Kind = "regions"
	KindUnions      Kind = "unions"
	KindEnterprises Kind = "enterprises"
	KindWorkers     Kind = "workers"
	KindStudios     Kind = "studios"
	KindTargets     Kind = "targets"
)

// Export-only kinds.
const (
	KindPairings Kind = "pairings" // 师徒结对名册
	KindProgress Kind = "progress" // 目标进度 per union target
	KindVisits   Kind = "visits"   // 专家进企业 outcomes, one row per visited problem
	KindAll      Kind = "all"      // every importable kind, one sheet each (xlsx only)
)

var (
	importKinds = []Kind{KindRegions, KindUnions, KindEnterprises, KindWorkers, KindStudios, KindTargets}
	exportKinds = []Kind{KindRegions, KindUnions, KindEnterprises, KindWorkers, KindStudios, KindTargets,
		KindPairings, KindProgress, KindVisits, KindAll}
)

// ImportKinds returns the importable kinds in dependency order.
func ImportKinds() []Kind { return slices.Clone(importKinds) }

// ExportKinds returns every kind Export accepts.
func ExportKinds() []Kind { return slices.Clone(exportKinds) }

// Column describes one column of a sheet.
type Column struct {
	Key      string   // canonical English header, e.g. employee_no
	Header   string   // Chinese header, e.g. 工号
	Aliases  []string // further accepted headers
	Required bool     // the cell must not be empty
	Example  string   // a sample value shown in templates
	Hint     string   // what the cell holds, shown in templates
	Width    float64  // column width in characters
}

// spec is the layout of one kind's sheet.
type spec struct {
	kind  Kind
	sheet string   // Chinese sheet name
	names []string // further accepted sheet names
	cols  []Column
}

var specs = map[Kind]*spec{
	KindRegions: {kind: KindRegions, sheet: "地区", names: []string{"行政区划", "regions"}, cols: []Column{
		{Key: "name", Header: "地区名称", Aliases: []string{"地区", "名称", "region"}, Required: true, Example: "雨花区", Width: 16},
		{Key: "kind", Header: "层级", Aliases: []string{"类型", "region_kind"}, Required: true, Example: "区县", Hint: "省/市/区县/镇街", Width: 8},
		{Key: "parent", Header: "上级地区", Aliases: []string{"上级", "parent_region"}, Example: "湖南省/长沙市", Hint: "名称或“省/市”路径", Width: 22},
		{Key: "code", Header: "行政区划代码", Aliases: []string{"区划代码", "division_code"}, Example: "430111", Width: 14},
	}},
	KindUnions: {kind: KindUnions, sheet: "工会", names: []string{"工会组织", "unions"}, cols: []Column{
		{Key: "name", Header: "工会名称", Aliases: []string{"工会", "名称", "union"}, Required: true, Example: "雨花区总工会", Width: 28},
		{Key: "tier", Header: "级别", Aliases: []string{"层级", "level"}, Required: true, Example: "区县级", Hint: "全国/省级/市级/区县级/镇街/企业", Width: 10},
		{Key: "parent", Header: "上级工会", Aliases: []string{"上级", "parent_union"}, Example: "长沙市总工会", Width: 28},
		{Key: "region", Header: "所在地区", Aliases: []string{"地区"}, Example: "长沙市/雨花区", Width: 22},
		{Key: "enterprise", Header: "所属企业", Aliases: []string{"企业"}, Hint: "企业工会填写：信用代码或企业名称", Width: 28},
	}},
	KindEnterprises: {kind: KindEnterprises, sheet: "企业", names: []string{"企业名录", "enterprises"}, cols: []Column{
		{Key: "name", Header: "企业名称", Aliases: []string{"单位名称", "名称", "enterprise"}, Required: true, Example: "长沙恒岳重工有限公司", Width: 30},
		{Key: "credit_code", Header: "统一社会信用代码", Aliases: []string{"信用代码", "社会信用代码", "uscc"}, Example: "91430111MA4L0XXXXX", Hint: "18位", Width: 22},
		{Key: "industry", Header: "所属行业", Aliases: []string{"行业"}, Example: "装备制造", Width: 14},
		{Key: "ownership", Header: "所有制", Aliases: []string{"企业性质", "所有制形式"}, Required: true, Example: "民营", Hint: "国有/集体/民营/外资/混合所有制", Width: 12},
		{Key: "region", Header: "所在地区", Aliases: []string{"地区"}, Required: true, Example: "长沙市/雨花区", Width: 26},
		{Key: "union", Header: "所属工会", Aliases: []string{"工会"}, Example: "雨花区总工会", Width: 28},
	}},
	KindWorkers: {kind: KindWorkers, sheet: "工匠名册", names: []string{"职工名册", "人员名册", "workers"}, cols: []Column{
		{Key: "name", Header: "姓名", Aliases: []string{"worker"}, Required: true, Example: "王建湘", Width: 10},
		{Key: "gender", Header: "性别", Aliases: []string{"sex"}, Example: "男", Hint: "男/女", Width: 6},
		{Key: "birth_year", Header: "出生年份", Aliases: []string{"出生年月", "出生日期", "birth", "birth_date"}, Example: "1972", Width: 10},
		{Key: "employer", Header: "工作单位", Aliases: []string{"单位", "所在单位", "企业名称", "enterprise"}, Example: "长沙恒岳重工有限公司", Hint: "与信用代码至少填一项", Width: 30},
		{Key: "employer_code", Header: "单位信用代码", Aliases: []string{"统一社会信用代码", "信用代码", "employer_credit_code"}, Example: "91430111MA4L0XXXXX", Width: 22},
		{Key: "employee_no", Header: "工号", Aliases: []string{"员工编号", "职工编号", "employee_number"}, Required: true, Example: "200100001", Width: 12},
		{Key: "region", Header: "所在地区", Aliases: []string{"地区"}, Hint: "空则取单位所在地区", Width: 22},
		{Key: "roles", Header: "角色", Aliases: []string{"身份"}, Example: "工匠、劳模", Hint: "工匠/劳模/徒弟，可多选", Width: 14},
		{Key: "trade", Header: "主要工种", Aliases: []string{"工种", "职业", "primary_trade", "primary_skill"}, Example: "焊工", Hint: "工种名称或职业编码", Width: 14},
		{Key: "level", Header: "技能等级", Aliases: []string{"等级", "职业技能等级"}, Example: "高级技师", Hint: "初级工/中级工/高级工/技师/高级技师", Width: 10},
		{Key: "certified", Header: "取证年份", Aliases: []string{"发证年份", "certified_year"}, Example: "2008", Width: 10},
		{Key: "other_trades", Header: "其他工种", Aliases: []string{"其他技能", "other_skills"}, Example: "电工:高级工:2015", Hint: "工种:等级:年份，多项用；分隔", Width: 24},
		{Key: "honours", Header: "荣誉称号", Aliases: []string{"荣誉", "honors"}, Example: "全国劳动模范:国家级:2015:国务院", Hint: "称号:级别:年份:授予单位，多项用；分隔", Width: 40},
		{Key: "capacity", Header: "带徒名额", Aliases: []string{"可带徒弟数", "mentor_capacity"}, Example: "3", Hint: "0–20", Width: 10},
		{Key: "accepting", Header: "接收徒弟", Aliases: []string{"是否接收徒弟", "accepting_mentees"}, Example: "是", Hint: "是/否", Width: 10},
		{Key: "bio", Header: "个人简介", Aliases: []string{"简介", "biography"}, Width: 40},
	}},
	KindStudios: {kind: KindStudios, sheet: "创新工作室", names: []string{"工作室", "studios"}, cols: []Column{
		{Key: "name", Header: "工作室名称", Aliases: []string{"名称", "studio"}, Required: true, Example: "王建湘劳模创新工作室", Width: 30},
		{Key: "kind", Header: "类型", Aliases: []string{"工作室类型", "studio_kind"}, Required: true, Example: "劳模创新工作室", Hint: "劳模创新工作室/工匠创新工作室/技能大师工作室", Width: 16},
		{Key: "tier", Header: "级别", Aliases: []string{"level"}, Required: true, Example: "市级", Width: 8},
		{Key: "host", Header: "依托单位", Aliases: []string{"依托企业", "所在单位", "host_enterprise"}, Required: true, Example: "长沙恒岳重工有限公司", Hint: "信用代码或企业名称", Width: 30},
		{Key: "leader", Header: "领办人", Aliases: []string{"领衔人", "leader_name"}, Example: "王建湘", Width: 10},
		{Key: "leader_no", Header: "领办人工号", Aliases: []string{"领衔人工号", "leader_employee_no"}, Required: true, Example: "200100001", Width: 12},
		{Key: "leader_employer", Header: "领办人单位", Aliases: []string{"leader_enterprise"}, Hint: "空则为依托单位", Width: 24},
		{Key: "members", Header: "成员工号", Aliases: []string{"成员", "member_employee_nos"}, Example: "200300012、200500031", Hint: "依托单位工号，外单位写“信用代码/工号”，用、分隔", Width: 30},
		{Key: "specialties", Header: "专业方向", Aliases: []string{"专业领域", "specialty_trades"}, Example: "焊工、电焊工", Hint: "工种，用、分隔", Width: 20},
		{Key: "established", Header: "成立年份", Aliases: []string{"established_year"}, Example: "2016", Width: 10},
		{Key: "description", Header: "简介", Aliases: []string{"工作室简介"}, Width: 40},
	}},
	KindTargets: {kind: KindTargets, sheet: "目标任务", names: []string{"目标", "targets"}, cols: []Column{
		{Key: "union", Header: "工会", Aliases: []string{"工会名称"}, Required: true, Example: "长沙市总工会", Width: 28},
		{Key: "kind", Header: "指标", Aliases: []string{"指标类型", "target_kind"}, Required: true, Example: "结对签约", Hint: "结对签约/结对完成/解决难题/创新工作室", Width: 12},
		{Key: "period", Header: "期间", Aliases: []string{"年度"}, Example: "2026", Hint: "期间与活动至少填一项", Width: 10},
		{Key: "campaign", Header: "活动", Aliases: []string{"活动名称"}, Example: "2026年长沙市劳模工匠师徒结对活动", Width: 34},
		{Key: "number", Header: "目标数", Aliases: []string{"目标数量", "数量"}, Required: true, Example: "2000", Width: 10},
		{Key: "start", Header: "开始日期", Aliases: []string{"start_date"}, Example: "2026-01-01", Width: 12},
		{Key: "end", Header: "结束日期", Aliases: []string{"end_date"}, Example: "2026-12-31", Width: 12},
	}},
}

// Columns returns the columns of an importable kind (nil for any other kind).
func Columns(k Kind) []Column {
	if s, ok := specs[k]; ok {
		return append([]Column(nil), s.cols...)
	}
	return nil
}

// SheetName returns the Chinese sheet name of kind k (the kind itself when it has none).
func SheetName(k Kind) string {
	if s, ok := specs[k]; ok {
		return s.sheet
	}
	if s, ok := reportSpecs[k]; ok {
		return s.sheet
	}
	return string(k)
}

// ParseKind accepts a kind's English name or its Chinese sheet name. It returns false for
// anything else.
func ParseKind(s string) (Kind, bool) {
	n := normHeader(s)
	for _, k := range exportKinds {
		if n == normHeader(string(k)) {
			return k, true
		}
		if sp, ok := specs[k]; ok {
			if n == normHeader(sp.sheet) {
				return k, true
			}
			for _, name := range sp.names {
				if n == normHeader(name) {
					return k, true
				}
			}
		}
		if sp, ok := reportSpecs[k]; ok && n == normHeader(sp.sheet) {
			return k, true
		}
	}
	switch n {
	case "worker", "工匠", "职工":
		return KindWorkers, true
	case "enterprise", "企业名单":
		return KindEnterprises, true
	}
	return "", false
}

// normHeader folds a header for matching: no spaces, underscores, hyphens or required
// marks, no bracketed hint, lower case, full-width forms folded.
func normHeader(s string) string {
	s = strings.TrimPrefix(strings.TrimSpace(s), "\ufeff")
	if i := strings.IndexAny(s, "（(【["); i > 0 {
		s = s[:i]
	}
	var b strings.Builder
	for _, r := range s {
		if r >= 0xFF01 && r <= 0xFF5E { // full-width ASCII
			r -= 0xFEE0
		}
		switch {
		case unicode.IsSpace(r), r == '_', r == '-', r == '*', r == '＊', r == '·', r == ':', r == '：':
			continue
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// headerIndex maps a folded header to a column key for each importable kind.
func (sp *spec) headerKeys() map[string]string {
	m := map[string]string{}
	for _, c := range sp.cols {
		m[normHeader(c.Key)] = c.Key
		m[normHeader(c.Header)] = c.Key
		for _, a := range c.Aliases {
			m[normHeader(a)] = c.Key
		}
	}
	return m
}

func (sp *spec) column(key string) Column {
	for _, c := range sp.cols {
		if c.Key == key {
			return c
		}
	}
	return Column{Key: key, Header: key}
}
