package sheet

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"jiangxin/graph"
)

// cellError is a problem with one cell's value; its message is shown to users.
type cellError struct{ msg string }

func (e *cellError) Error() string { return e.msg }

func bad(format string, args ...any) error { return &cellError{fmt.Sprintf(format, args...)} }

// clean trims a cell and folds full-width spaces and non-breaking spaces.
func clean(s string) string {
	s = strings.ReplaceAll(s, "\u3000", " ")
	s = strings.ReplaceAll(s, "\u00a0", " ")
	return strings.TrimSpace(s)
}

// splitList splits a list cell on ；;、，, and newlines, dropping empty items.
func splitList(s string, seps string) []string {
	f := strings.FieldsFunc(s, func(r rune) bool { return strings.ContainsRune(seps, r) })
	out := f[:0]
	for _, x := range f {
		if x = clean(x); x != "" {
			out = append(out, x)
		}
	}
	return out
}

const (
	itemSeps = "；;\n\r"      // between items of a structured list (trades, honours)
	wordSeps = "；;\n\r、，,/ " // between items of a simple list (roles, trades, members)
)

// splitParts splits a structured item on : or ： (or |), keeping empty parts, so that
// 电工::2019 is a trade without a level but with a year.
func splitParts(s string) []string {
	var out []string
	start := 0
	for i, r := range s {
		if r == ':' || r == '：' || r == '|' {
			out = append(out, clean(s[start:i]))
			start = i + len(string(r))
		}
	}
	out = append(out, clean(s[start:]))
	for len(out) > 0 && out[len(out)-1] == "" {
		out = out[:len(out)-1]
	}
	return out
}

// parseInt reads a whole number, accepting "3", "3.0" and "3人".
func parseInt(cell string) (int, error) {
	s := strings.TrimRight(clean(cell), "人个名项年")
	if n, err := strconv.Atoi(s); err == nil {
		return n, nil
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil && f == math.Trunc(f) && math.Abs(f) < 1e9 {
		return int(f), nil
	}
	return 0, bad("%q is not a whole number", clean(cell))
}

// excelEpoch converts an Excel serial date (1900 system) to a date.
func excelSerial(f float64) (time.Time, bool) {
	if f < 1 || f > 2958465 {
		return time.Time{}, false
	}
	// Serial 60 is Excel's phantom 1900-02-29; 1899-12-30 is day 0 for serials after it.
	days := int(f)
	if days < 60 {
		days++
	}
	return time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC).AddDate(0, 0, days), true
}

// parseDate reads a date written as 2026-03-01, 2026/3/1, 2026.3.1, 2026年3月1日, 20260301 or an
// Excel serial number (a date cell read raw).
func parseDate(s string) (graph.Date, error) {
	s = clean(s)
	if s == "" {
		return "", nil
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil {
		if len(s) == 8 && strings.Trim(s, "0123456789") == "" {
			if t, err := time.Parse("20060102", s); err == nil && t.Year() >= 1900 && t.Year() <= 2200 {
				return graph.DateOf(t), nil
			}
		}
		if t, ok := excelSerial(f); ok && f >= 3000 && t.Year() <= 2200 {
			return graph.DateOf(t), nil
		}
		return "", bad("%q is not a date such as 2026-03-01", s)
	}
	r := strings.NewReplacer("年", "-", "月", "-", "日", "", "/", "-", ".", "-", " 00:00:00", "", "T00:00:00Z", "")
	norm := strings.TrimSuffix(r.Replace(s), "-")
	if i := strings.IndexByte(norm, ' '); i > 0 {
		norm = norm[:i]
	}
	if t, err := time.Parse("2006-1-2", norm); err == nil {
		d := graph.DateOf(t)
		if _, err := graph.ParseDate("date", string(d)); err == nil {
			return d, nil
		}
	}
	return "", bad("%q is not a date such as 2026-03-01", s)
}

// parseYear reads a year: 1985, 1985年, a date (its year) or an Excel serial date.
func parseYear(s string) (int, error) {
	s = clean(s)
	if s == "" {
		return 0, nil
	}
	if n, err := parseInt(s); err == nil {
		if n >= 1900 && n <= 2200 {
			return n, nil
		}
		if n > 3000 {
			if t, ok := excelSerial(float64(n)); ok && t.Year() <= 2200 {
				return t.Year(), nil
			}
		}
		return 0, bad("%q is not a year such as 1985", s)
	}
	if d, err := parseDate(s); err == nil {
		return d.Time().Year(), nil
	}
	if t, err := time.Parse("2006-1", strings.NewReplacer("年", "-", "月", "", "/", "-", ".", "-").Replace(s)); err == nil {
		return t.Year(), nil
	}
	return 0, bad("%q is not a year such as 1985", s)
}

func parseBool(s string) (bool, error) {
	switch strings.ToLower(clean(s)) {
	case "是", "y", "yes", "true", "1", "√", "✓", "接收", "可以":
		return true, nil
	case "否", "n", "no", "false", "0", "×", "不接收", "", "不":
		return false, nil
	}
	return false, bad("%q is neither 是 nor 否", s)
}

var levelWords = map[string]graph.Level{"初级": graph.LevelJunior, "中级": graph.LevelIntermediate,
	"高级": graph.LevelSenior, "五级": graph.LevelJunior, "四级": graph.LevelIntermediate, "三级": graph.LevelSenior,
	"二级": graph.LevelTechnician, "一级": graph.LevelSeniorTechnician}

// parseLevel reads a level of the national ladder: 高级技师, 技师, 高级工 …, 一级…五级, 1–5 or an enum name.
func parseLevel(s string) (graph.Level, error) {
	s = clean(s)
	if s == "" || s == "无" || s == "-" {
		return graph.LevelNone, nil
	}
	for _, part := range strings.FieldsFunc(s, func(r rune) bool { return r == '/' || r == '（' || r == '(' || r == '）' || r == ')' }) {
		part = strings.TrimSuffix(clean(part), "职业技能等级")
		if l, err := graph.ParseLevel(strings.ToUpper(part)); err == nil {
			return l, nil
		}
		if l, err := graph.ParseLevel(part); err == nil {
			return l, nil
		}
		if l, ok := levelWords[part]; ok {
			return l, nil
		}
	}
	return graph.LevelNone, bad("%q is not a level on the ladder 初级工, 中级工, 高级工, 技师, 高级技师", s)
}

func parseTier(s string) (graph.Tier, error) {
	switch v := strings.ToUpper(clean(s)); v {
	case "国家级", "全国", "国家", "全国级", "NATIONAL":
		return graph.TierNational, nil
	case "省级", "省", "省部级", "PROVINCIAL":
		return graph.TierProvincial, nil
	case "市级", "市", "地市级", "CITY":
		return graph.TierCity, nil
	case "区县级", "区级", "县级", "区县", "区/县", "区", "县", "DISTRICT":
		return graph.TierDistrict, nil
	case "镇街", "镇街级", "街道", "乡镇", "镇", "TOWN":
		return graph.TierTown, nil
	case "企业", "企业级", "ENTERPRISE":
		return graph.TierEnterprise, nil
	}
	return "", bad("%q is not a level such as 国家级, 省级, 市级, 区县级, 镇街, 企业级", s)
}

var tierNames = map[graph.Tier]string{graph.TierNational: "国家级", graph.TierProvincial: "省级", graph.TierCity: "市级",
	graph.TierDistrict: "区县级", graph.TierTown: "镇街", graph.TierEnterprise: "企业级"}

func parseGender(s string) (graph.Gender, error) {
	switch strings.ToUpper(clean(s)) {
	case "男", "M", "MALE", "男性":
		return graph.GenderMale, nil
	case "女", "F", "FEMALE", "女性":
		return graph.GenderFemale, nil
	case "", "未知", "UNSPECIFIED", "-":
		return graph.GenderUnspecified, nil
	}
	return "", bad("%q is not 男 or 女", s)
}

var genderNames = map[graph.Gender]string{graph.GenderMale: "男", graph.GenderFemale: "女"}

func parseRoles(s string) ([]graph.Role, error) {
	var out []graph.Role
	for _, w := range splitList(s, wordSeps) {
		var r graph.Role
		switch strings.ToUpper(w) {
		case "工匠", "CRAFTSMAN", "匠人":
			r = graph.RoleCraftsman
		case "劳模", "劳动模范", "MODEL_WORKER", "MODELWORKER":
			r = graph.RoleModelWorker
		case "徒弟", "学徒", "APPRENTICE":
			r = graph.RoleApprentice
		default:
			return nil, bad("%q is not a role (工匠, 劳模, 徒弟)", w)
		}
		if !containsRole(out, r) {
			out = append(out, r)
		}
	}
	return out, nil
}

func containsRole(rs []graph.Role, r graph.Role) bool {
	for _, x := range rs {
		if x == r {
			return true
		}
	}
	return false
}

var roleNames = map[graph.Role]string{graph.RoleCraftsman: "工匠", graph.RoleModelWorker: "劳模", graph.RoleApprentice: "徒弟"}

func parseOwnership(s string) (graph.Ownership, error) {
	switch strings.ToUpper(clean(s)) {
	case "国有", "国企", "国有企业", "央企", "STATE":
		return graph.OwnershipState, nil
	case "集体", "集体企业", "COLLECTIVE":
		return graph.OwnershipCollective, nil
	case "民营", "私营", "民营企业", "私营企业", "非公", "PRIVATE":
		return graph.OwnershipPrivate, nil
	case "外资", "外商投资", "外资企业", "合资", "FOREIGN":
		return graph.OwnershipForeign, nil
	case "混合所有制", "混合", "混改", "MIXED":
		return graph.OwnershipMixed, nil
	}
	return "", bad("%q is not an ownership form (国有, 集体, 民营, 外资, 混合所有制)", s)
}

var ownershipNames = map[graph.Ownership]string{graph.OwnershipState: "国有", graph.OwnershipCollective: "集体",
	graph.OwnershipPrivate: "民营", graph.OwnershipForeign: "外资", graph.OwnershipMixed: "混合所有制"}

func parseStudioKind(s string) (graph.StudioKind, error) {
	switch strings.ToUpper(clean(s)) {
	case "劳模创新工作室", "劳模工作室", "劳模", "MODEL_WORKER":
		return graph.StudioModelWorker, nil
	case "工匠创新工作室", "工匠工作室", "工匠", "CRAFTSMAN":
		return graph.StudioCraftsman, nil
	case "技能大师工作室", "大师工作室", "技能大师", "SKILL_MASTER":
		return graph.StudioSkillMaster, nil
	}
	return "", bad("%q is not a studio kind (劳模创新工作室, 工匠创新工作室, 技能大师工作室)", s)
}

var studioKindNames = map[graph.StudioKind]string{graph.StudioModelWorker: "劳模创新工作室",
	graph.StudioCraftsman: "工匠创新工作室", graph.StudioSkillMaster: "技能大师工作室"}

func parseTargetKind(s string) (graph.TargetKind, error) {
	switch strings.ToUpper(clean(s)) {
	case "结对签约", "结对签约数", "师徒结对", "结对", "PAIRS_SIGNED":
		return graph.TargetPairsSigned, nil
	case "结对完成", "结对完成数", "出师", "PAIRS_COMPLETED":
		return graph.TargetPairsCompleted, nil
	case "解决难题", "解决难题数", "技术攻关", "PROBLEMS_SOLVED":
		return graph.TargetProblemsSolved, nil
	case "创新工作室", "工作室", "工作室数", "STUDIOS":
		return graph.TargetStudios, nil
	}
	return "", bad("%q is not a target kind (结对签约, 结对完成, 解决难题, 创新工作室)", s)
}

var targetKindNames = map[graph.TargetKind]string{graph.TargetPairsSigned: "结对签约", graph.TargetPairsCompleted: "结对完成",
	graph.TargetProblemsSolved: "解决难题", graph.TargetStudios: "创新工作室"}

func parseRegionKind(s string) (graph.RegionKind, error) {
	switch strings.ToUpper(clean(s)) {
	case "省", "省级", "省份", "自治区", "直辖市", "PROVINCE":
		return graph.RegionProvince, nil
	case "市", "市级", "地级市", "CITY":
		return graph.RegionCity, nil
	case "区县", "区", "县", "区/县", "县级市", "DISTRICT":
		return graph.RegionDistrict, nil
	case "镇街", "镇", "街道", "乡", "乡镇", "TOWN":
		return graph.RegionTown, nil
	}
	return "", bad("%q is not a region level (省, 市, 区县, 镇街)", s)
}

var regionKindNames = map[graph.RegionKind]string{graph.RegionProvince: "省", graph.RegionCity: "市",
	graph.RegionDistrict: "区县", graph.RegionTown: "镇街"}

// inferTier guesses an honour's tier from its title when the cell leaves it out.
func inferTier(title string) (graph.Tier, bool) {
	switch {
	case strings.HasPrefix(title, "全国") || strings.HasPrefix(title, "大国") || strings.HasPrefix(title, "中华") ||
		strings.HasPrefix(title, "国家") || strings.HasPrefix(title, "中国"):
		return graph.TierNational, true
	case strings.Contains(title, "省"):
		return graph.TierProvincial, true
	case strings.Contains(title, "市"):
		return graph.TierCity, true
	case strings.Contains(title, "区") || strings.Contains(title, "县"):
		return graph.TierDistrict, true
	}
	return "", false
}
