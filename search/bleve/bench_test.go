package bleve

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"jiangxin/graph"
	"jiangxin/search"
	"jiangxin/search/searchtest"
	"jiangxin/search/synonyms"
)

// Benchmarks:
//
//	go test ./search/bleve -run '^$' -bench BleveIndex100k -benchtime 1x
//	go test ./search/bleve -run '^$' -bench 'BleveQuery100k|BleveSuggest100k'
//
// The query benchmarks build their 100k-document index once under the system temporary
// directory and reuse it. -short uses 10k documents.

type trade struct {
	code, name string
	aliases    []string
	processes  []string
}

var benchTrades = []trade{
	{"6-18-02-04", "焊工", []string{"电焊工", "氩弧焊工"}, []string{"钨极氩弧焊", "TIG焊", "CO2气体保护焊", "焊条电弧焊", "埋弧焊", "激光焊", "压力容器焊接", "钢结构焊接"}},
	{"6-18-01-01", "车工", []string{"车床工"}, []string{"数控车床编程", "普通车床操作", "螺纹加工", "轴类零件加工"}},
	{"6-18-01-02", "铣工", nil, []string{"数控铣床操作", "加工中心五轴加工", "型腔铣削"}},
	{"6-18-01-04", "磨工", nil, []string{"外圆磨削", "数控磨床调整", "精密磨削"}},
	{"6-18-01-07", "多工序数控机床操作调整工", []string{"CNC/数控", "CNC/数控编程"}, []string{"CNC编程", "FANUC系统", "西门子系统", "多轴联动加工"}},
	{"6-20-01-01", "装配钳工", []string{"钳工"}, []string{"设备装配", "刮研", "液压系统装调"}},
	{"6-31-01-02", "机修钳工", nil, []string{"设备维修", "故障诊断", "液压系统维修"}},
	{"6-31-01-03", "电工", []string{"维修电工"}, []string{"PLC编程", "变频器调试", "高压电工作业", "电气自动化"}},
	{"6-29-04-01", "装饰装修工", []string{"镶贴工"}, []string{"瓷砖镶贴", "石材铺装", "吊顶安装"}},
	{"6-29-01-01", "砌筑工", []string{"瓦工"}, []string{"砌砖", "砌筑", "抹灰"}},
	{"6-29-01-04", "钢筋工", nil, []string{"钢筋绑扎", "钢筋加工"}},
	{"6-18-04-01", "模具工", []string{"注塑工"}, []string{"模具装配", "冲压模具调试", "注塑模具维修"}},
	{"6-30-05-01", "起重装卸机械操作工", []string{"叉车工"}, []string{"叉车驾驶", "起重吊装"}},
	{"6-23-02-03", "船舶电气装配工", nil, []string{"船舶电气安装", "电缆敷设"}},
}

var (
	benchSurnames = []rune("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐")
	benchGiven    = []rune("建国秀英志强伟芳娜敏静丽军磊洋勇艳杰涛明超霞平刚桂兰华")
	benchHonours  = []struct {
		title string
		tier  graph.Tier
	}{
		{"全国劳动模范", graph.TierNational}, {"全国五一劳动奖章", graph.TierNational}, {"全国技术能手", graph.TierNational},
		{"大国工匠", graph.TierNational}, {"省五一劳动奖章", graph.TierProvincial}, {"省技术能手", graph.TierProvincial},
		{"上海工匠", graph.TierCity}, {"长沙工匠", graph.TierCity}, {"辽源工匠", graph.TierCity}, {"浦东工匠", graph.TierDistrict},
		{"技能大赛状元", graph.TierCity}, {"企业首席技师", graph.TierEnterprise},
	}
	benchProvinces  = []string{"吉林省", "辽宁省", "山东省", "湖南省", "上海市", "江苏省", "浙江省", "广东省", "云南省", "四川省"}
	benchIndustries = []string{"装备制造", "建筑业", "汽车制造", "船舶制造", "电力", "冶金", "化工", "轨道交通"}
)

// genDocs returns n realistic documents: 70% workers, 15% problems, 5% studios, 10% enterprises.
func genDocs(n int, seed uint64) []search.Document {
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	pick := func(ss []string) string { return ss[r.IntN(len(ss))] }
	name := func() string {
		return string(benchSurnames[r.IntN(len(benchSurnames))]) + string(benchGiven[r.IntN(len(benchGiven))]) +
			string(benchGiven[r.IntN(len(benchGiven))])
	}
	regions := func() []search.RegionRef {
		p := r.IntN(len(benchProvinces))
		c, d := r.IntN(4), r.IntN(5)
		return []search.RegionRef{
			{ID: fmt.Sprintf("reg_p%d", p), Name: benchProvinces[p]},
			{ID: fmt.Sprintf("reg_p%d_c%d", p, c), Name: fmt.Sprintf("第%d市", c+1)},
			{ID: fmt.Sprintf("reg_p%d_c%d_d%d", p, c, d), Name: fmt.Sprintf("第%d区", d+1)},
		}
	}
	skill := func(t trade, l graph.Level) search.SkillRef {
		return search.SkillRef{Code: t.code, Name: t.name, Aliases: t.aliases, Level: l}
	}
	base := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	docs := make([]search.Document, n)
	for i := range docs {
		t := benchTrades[r.IntN(len(benchTrades))]
		d := search.Document{Regions: regions(), Industry: pick(benchIndustries),
			EnterpriseID: fmt.Sprintf("ent_%d", r.IntN(n/10+1)), UpdatedAt: base.Add(time.Duration(i) * time.Minute)}
		switch k := r.IntN(100); {
		case k < 70:
			d.ID, d.Kind, d.Title = fmt.Sprintf("wkr_%d", i), search.KindWorker, name()
			lv := graph.Level(1 + r.IntN(5))
			d.Skills = []search.SkillRef{skill(t, lv)}
			if r.IntN(4) == 0 {
				d.Skills = append(d.Skills, skill(benchTrades[r.IntN(len(benchTrades))], graph.Level(1+r.IntN(5))))
			}
			if lv <= graph.LevelTechnician && r.IntN(2) == 0 {
				h := benchHonours[r.IntN(len(benchHonours))]
				d.Honours = []search.HonourRef{{Title: h.title, Tier: h.tier}}
			}
			d.Roles = []graph.Role{graph.RoleCraftsman}
			if lv >= graph.LevelIntermediate {
				d.Roles = []graph.Role{graph.RoleApprentice}
			}
			d.Body = fmt.Sprintf("从事%s工作%d年，擅长%s和%s，带徒%d人。", t.name, 1+r.IntN(35), pick(t.processes),
				pick(t.processes), r.IntN(20))
		case k < 85:
			d.ID, d.Kind = fmt.Sprintf("prb_%d", i), search.KindProblem
			d.Title = fmt.Sprintf("%s过程中质量不稳定", pick(t.processes))
			d.Body = fmt.Sprintf("批量生产时%s合格率仅%d%%，需要专家现场指导，涉及%s。", pick(t.processes), 20+r.IntN(60), pick(t.processes))
			d.Skills = []search.SkillRef{skill(t, graph.LevelNone)}
			d.Status = pick([]string{"OPEN", "MATCHED", "SOLVED"})
		case k < 90:
			d.ID, d.Kind = fmt.Sprintf("stu_%d", i), search.KindStudio
			d.Title = name() + pick([]string{"劳模创新工作室", "工匠创新工作室", "技能大师工作室"})
			d.StudioKind = []graph.StudioKind{graph.StudioModelWorker, graph.StudioCraftsman, graph.StudioSkillMaster}[r.IntN(3)]
			d.Body = fmt.Sprintf("围绕%s开展技术攻关，获实用新型专利%d项。", pick(t.processes), r.IntN(30))
			d.Skills = []search.SkillRef{skill(t, graph.LevelNone)}
		default:
			d.ID, d.Kind = fmt.Sprintf("ent_%d", i), search.KindEnterprise
			d.Title = fmt.Sprintf("%s%s有限公司", d.Regions[0].Name[:6], pick([]string{"重型机械", "汽车零部件", "建工装饰", "船舶", "电气", "精密制造"}))
			d.EnterpriseID = d.ID
		}
		docs[i] = d
	}
	return docs
}

var benchQueries = []search.Query{
	{Text: "氩弧焊"},
	{Text: "数控"},
	{Text: "瓷砖镶贴"},
	{Text: "CNC"},
	{Text: "數控銑床"},
	{Text: "PLC 变频器"},
	{Text: "液压系统维修", Kinds: []search.Kind{search.KindProblem}},
	{Text: "焊", Kinds: []search.Kind{search.KindWorker}, Filters: search.Filters{MinLevel: graph.LevelTechnician}},
	{Text: "全国技术能手", Facets: []search.Facet{search.FacetRegion, search.FacetLevel}},
	{Text: "工匠", Filters: search.Filters{RegionID: "reg_p3"}, Facets: []search.Facet{search.FacetKind, search.FacetHonourTier}},
	{Kinds: []search.Kind{search.KindStudio}, Filters: search.Filters{StudioKind: graph.StudioSkillMaster}, Sort: search.SortUpdated},
	{Text: "钢结构焊接", Filters: search.Filters{SkillCode: "6-18-02-04", MinLevel: graph.LevelSenior}, Facets: []search.Facet{search.FacetIndustry}},
	{Text: "加工中心", Offset: 40, Limit: 20},
}

// benchIndex returns the 100k-document benchmark index (10k with -short). It is built once in
// the system temporary directory and reused by later runs while its document count matches.
func benchIndex(b *testing.B) *Index {
	n := 100_000
	if testing.Short() {
		n = 10_000
	}
	ctx := context.Background()
	syn := search.NewSynonyms(synonyms.All(searchtest.Skills()))
	dir := filepath.Join(os.TempDir(), fmt.Sprintf("jiangxin-bench-%s-%d", schemaVersion, n))
	ix, err := Open(dir, Options{Synonyms: syn})
	if err != nil {
		b.Fatal(err)
	}
	if st, err := ix.Stats(ctx); err == nil && st.Documents == n {
		if v, _ := ix.Meta(ctx, "compacted"); v == "yes" {
			return ix
		}
	} else {
		docs := genDocs(n, 1)
		for j := 0; j < len(docs); j += 1000 {
			if err := ix.Index(ctx, docs[j:min(j+1000, len(docs))]...); err != nil {
				b.Fatal(err)
			}
		}
	}
	start := time.Now()
	if err := ix.Compact(ctx); err != nil {
		b.Fatal(err)
	}
	b.Logf("compacted %d documents in %v", n, time.Since(start))
	if err := ix.SetMeta(ctx, "compacted", "yes"); err != nil {
		b.Fatal(err)
	}
	return ix
}

// BenchmarkBleveIndex100k indexes 100k generated documents (10k with -short) into a fresh index,
// 10k per Index call (batches of 2000 built concurrently), and reports documents per second of
// wall time and of process CPU time. Run it with -benchtime 1x.
func BenchmarkBleveIndex100k(b *testing.B) {
	n := 100_000
	if testing.Short() {
		n = 10_000
	}
	docs := genDocs(n, 1)
	ctx := context.Background()
	syn := search.NewSynonyms(synonyms.All(searchtest.Skills()))
	for i := 0; i < b.N; i++ {
		ix, err := Open(b.TempDir(), Options{Synonyms: syn})
		if err != nil {
			b.Fatal(err)
		}
		start, cpu0 := time.Now(), cpuTime()
		for j := 0; j < len(docs); j += 10_000 { // each call builds its batches concurrently
			if err := ix.Index(ctx, docs[j:min(j+10_000, len(docs))]...); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(len(docs))/time.Since(start).Seconds(), "docs/s")
		b.ReportMetric(float64(len(docs))/(cpuTime()-cpu0).Seconds(), "docs/cpu-s")
		if err := ix.Close(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkBleveQuery100k runs the benchmark queries (text, synonyms, filters, facets, paging)
// against the 100k index, 20 rounds per iteration, and reports the median and 99th percentile
// latency of single queries.
func BenchmarkBleveQuery100k(b *testing.B) {
	ix := benchIndex(b)
	defer ix.Close()
	ctx := context.Background()
	for _, q := range benchQueries { // warm up
		if _, err := ix.Search(ctx, q); err != nil {
			b.Fatal(err)
		}
	}
	b.ResetTimer()
	var lat []time.Duration
	cpu0 := cpuTime()
	for i := 0; i < b.N; i++ {
		for round := 0; round < 20; round++ {
			for _, q := range benchQueries {
				start := time.Now()
				res, err := ix.Search(ctx, q)
				if err != nil {
					b.Fatal(err)
				}
				lat = append(lat, time.Since(start))
				if res.Total == 0 {
					b.Fatalf("query %+v found nothing", q)
				}
			}
		}
	}
	b.ReportMetric(float64((cpuTime()-cpu0).Microseconds())/1000/float64(len(lat)), "cpu-ms/query")
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
}

// BenchmarkBleveQueryEach reports the mean latency and CPU time of each benchmark query on the
// 100k index.
func BenchmarkBleveQueryEach(b *testing.B) {
	ix := benchIndex(b)
	defer ix.Close()
	ctx := context.Background()
	for i, q := range benchQueries {
		b.Run(fmt.Sprintf("%02d_%s", i, strings.ReplaceAll(q.Text, " ", "_")), func(b *testing.B) {
			cpu0 := cpuTime()
			for j := 0; j < b.N; j++ {
				if _, err := ix.Search(ctx, q); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64((cpuTime()-cpu0).Microseconds())/1000/float64(b.N), "cpu-ms/op")
		})
	}
}

// BenchmarkBleveSuggest100k measures type-ahead on the 100k index.
func BenchmarkBleveSuggest100k(b *testing.B) {
	ix := benchIndex(b)
	defer ix.Close()
	ctx := context.Background()
	prefixes := []string{"焊", "数控", "cn", "电", "瓦"}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := ix.SuggestSkills(ctx, prefixes[i%len(prefixes)], 10); err != nil {
			b.Fatal(err)
		}
	}
}

// cpuTime returns the CPU time (user and system) the process has used: on a shared machine it
// tells the cost of the work apart from time spent waiting for a core.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// TestGenDocs keeps the generator honest (and cheap): valid, varied documents.
func TestGenDocs(t *testing.T) {
	docs := genDocs(2000, 7)
	kinds := map[search.Kind]int{}
	for i := range docs {
		if err := docs[i].Validate(); err != nil {
			t.Fatal(err)
		}
		kinds[docs[i].Kind]++
	}
	if len(kinds) != 4 || kinds[search.KindWorker] < 1200 {
		t.Errorf("kinds %v", kinds)
	}
	if !strings.Contains(docs[0].Body+docs[1].Body+docs[2].Body, "，") {
		t.Errorf("bodies look empty: %q", docs[0].Body)
	}
}
