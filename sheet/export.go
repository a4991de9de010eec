package sheet

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/transform"

	"jiangxin/graph"
)

// ExportOptions narrow an export and choose the CSV encoding.
type ExportOptions struct {
	UnionID  string // pairings: of this sponsoring union; progress: targets of this union and the unions below it
	Campaign string // pairings: of this campaign
	// GBK writes CSV in GBK (for old Excel versions) instead of UTF-8 with a byte-order mark.
	GBK bool
}

var reportSpecs = map[Kind]*spec{
	KindPairings: {kind: KindPairings, sheet: "师徒结对名册", cols: []Column{
		{Key: "mentor", Header: "师傅", Width: 10}, {Key: "mentor_no", Header: "师傅工号", Width: 12},
		{Key: "mentor_employer", Header: "师傅单位", Width: 28}, {Key: "apprentice", Header: "徒弟", Width: 10},
		{Key: "apprentice_no", Header: "徒弟工号", Width: 12}, {Key: "apprentice_employer", Header: "徒弟单位", Width: 28},
		{Key: "trade", Header: "工种", Width: 12}, {Key: "target_level", Header: "目标等级", Width: 10},
		{Key: "signed_on", Header: "签约日期", Width: 12}, {Key: "deadline", Header: "目标期限", Width: 12},
		{Key: "goal", Header: "培养目标", Width: 36}, {Key: "status", Header: "状态", Width: 8},
		{Key: "campaign", Header: "结对活动", Width: 34}, {Key: "union", Header: "主办工会", Width: 24},
		{Key: "reviews", Header: "评审次数", Width: 9}, {Key: "last_review", Header: "最近评审", Width: 12},
		{Key: "award", Header: "奖项", Width: 18}, {Key: "score", Header: "匹配得分", Width: 9},
	}},
	KindProgress: {kind: KindProgress, sheet: "目标进度", cols: []Column{
		{Key: "union", Header: "工会", Width: 28}, {Key: "kind", Header: "指标", Width: 12},
		{Key: "period", Header: "期间", Width: 10}, {Key: "campaign", Header: "活动", Width: 34},
		{Key: "number", Header: "目标数", Width: 9}, {Key: "done", Header: "完成数", Width: 9},
		{Key: "rate", Header: "完成率", Width: 9}, {Key: "start", Header: "开始日期", Width: 12},
		{Key: "end", Header: "结束日期", Width: 12},
	}},
	KindVisits: {kind: KindVisits, sheet: "专家进企业", cols: []Column{
		{Key: "date", Header: "日期", Width: 12}, {Key: "enterprise", Header: "企业", Width: 28},
		{Key: "problem", Header: "技术难题", Width: 36}, {Key: "result", Header: "结果", Width: 10},
		{Key: "notes", Header: "说明", Width: 40}, {Key: "experts", Header: "专家", Width: 24},
		{Key: "status", Header: "状态", Width: 8}, {Key: "rating", Header: "企业评分", Width: 9},
		{Key: "comment", Header: "企业评价", Width: 30},
	}},
}

var pairingStatusNames = map[graph.PairingStatus]string{graph.PairingProposed: "拟结对", graph.PairingAccepted: "已同意",
	graph.PairingDeclined: "已谢绝", graph.PairingActive: "培养中", graph.PairingCompleted: "已出师", graph.PairingTerminated: "已终止"}

var visitStatusNames = map[graph.VisitStatus]string{graph.VisitScheduled: "已安排", graph.VisitDone: "已完成", graph.VisitCancelled: "已取消"}

var outcomeNames = map[graph.OutcomeResult]string{graph.OutcomeSolved: "已解决", graph.OutcomePartly: "部分解决", graph.OutcomeUnsolved: "未解决"}

// ContentType returns the MIME type of format, for HTTP downloads.
func ContentType(f Format) string {
	if f == CSV {
		return "text/csv; charset=utf-8"
	}
	return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
}

// FileName returns a download name for kind in format, e.g. 工匠名册.xlsx.
func FileName(k Kind, f Format) string {
	if k == KindAll {
		return "全部名册." + string(f)
	}
	return SheetName(k) + "." + string(f)
}

// tableWriter writes sheets of rows to a workbook or a CSV file.
// maxSheetRows is Excel's row limit.
const maxSheetRows = excelize.TotalRows

type tableWriter interface {
	begin(name string, cols []Column) error
	row(vals []any) error
	close() error
}

type xlsxWriter struct {
	name string
	cols []Column
	part int
	w    io.Writer
	f    *excelize.File
	sw   *excelize.StreamWriter
	head int
	n    int
	used bool
}

func newXLSXWriter(w io.Writer) (*xlsxWriter, error) {
	f := excelize.NewFile()
	head, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true},
		Fill:      excelize.Fill{Type: "pattern", Color: []string{"DDEBF7"}, Pattern: 1},
		Alignment: &excelize.Alignment{Vertical: "center"}})
	if err != nil {
		return nil, err
	}
	return &xlsxWriter{w: w, f: f, head: head}, nil
}

func (x *xlsxWriter) begin(name string, cols []Column) error {
	if x.sw != nil {
		if err := x.sw.Flush(); err != nil {
			return err
		}
	}
	if x.part > 0 && !strings.HasPrefix(name, x.name+"(") {
		x.part = 0
	}
	if !x.used {
		if err := x.f.SetSheetName("Sheet1", name); err != nil {
			return err
		}
		x.used = true
	} else if _, err := x.f.NewSheet(name); err != nil {
		return err
	}
	sw, err := x.f.NewStreamWriter(name)
	if err != nil {
		return err
	}
	x.sw, x.n = sw, 1
	if x.part == 0 {
		x.name, x.cols, x.part = name, cols, 1
	}
	for i, c := range cols {
		w := c.Width
		if w == 0 {
			w = 14
		}
		if err := sw.SetColWidth(i+1, i+1, w); err != nil {
			return err
		}
	}
	if err := sw.SetPanes(frozenHeader()); err != nil {
		return err
	}
	hdr := make([]string, len(cols))
	for i, c := range cols {
		hdr[i] = c.Header
	}
	return sw.SetRow("A1", styled(x.head, hdr...), excelize.RowOpts{Height: 20})
}

func (x *xlsxWriter) row(vals []any) error {
	if x.n >= maxSheetRows {
		// A sheet holds at most 1,048,576 rows: continue on 名称(2), 名称(3) …
		x.part++
		cols := x.cols
		if err := x.begin(fmt.Sprintf("%s(%d)", x.name, x.part), cols); err != nil {
			return err
		}
	}
	x.n++
	for i, v := range vals {
		if v == "" {
			vals[i] = nil // no cell at all rather than an empty string
		}
	}
	cell, _ := excelize.CoordinatesToCellName(1, x.n)
	return x.sw.SetRow(cell, vals)
}

func (x *xlsxWriter) close() error {
	defer x.f.Close()
	if x.sw != nil {
		if err := x.sw.Flush(); err != nil {
			return err
		}
	}
	return x.f.Write(x.w)
}

type csvWriter struct {
	cw    *csv.Writer
	enc   io.WriteCloser
	begun bool
}

func newCSVWriter(w io.Writer, gbk bool) (*csvWriter, error) {
	c := &csvWriter{}
	if gbk {
		c.enc = transform.NewWriter(w, simplifiedchinese.GB18030.NewEncoder())
		c.cw = csv.NewWriter(c.enc)
	} else {
		if _, err := io.WriteString(w, "\ufeff"); err != nil { // Excel needs the BOM to read UTF-8
			return nil, err
		}
		c.cw = csv.NewWriter(w)
	}
	c.cw.UseCRLF = true
	return c, nil
}

func (c *csvWriter) begin(_ string, cols []Column) error {
	if c.begun {
		return fmt.Errorf("%w: CSV holds one sheet; export xlsx for several", graph.ErrInvalid)
	}
	c.begun = true
	hdr := make([]string, len(cols))
	for i, col := range cols {
		hdr[i] = col.Header
	}
	return c.cw.Write(hdr)
}

func (c *csvWriter) row(vals []any) error {
	rec := make([]string, len(vals))
	for i, v := range vals {
		switch v := v.(type) {
		case string:
			rec[i] = v
		case nil:
		default:
			rec[i] = fmt.Sprint(v)
		}
	}
	return c.cw.Write(rec)
}

func (c *csvWriter) close() error {
	c.cw.Flush()
	if err := c.cw.Error(); err != nil {
		return err
	}
	if c.enc != nil {
		return c.enc.Close()
	}
	return nil
}

// Export writes kind (an importable kind, a report, or KindAll for every importable kind as
// one workbook) from store to w. Importable kinds are written in the columns Import reads, so
// an export imports back unchanged. It returns an ErrInvalid error for an unknown kind or
// KindAll as CSV, and the store's or writer's error otherwise.
func Export(ctx context.Context, store graph.Store, kind Kind, w io.Writer, format Format, o ExportOptions) error {
	if !slices.Contains(exportKinds, kind) {
		return fmt.Errorf("%w: unknown export %q", graph.ErrInvalid, kind)
	}
	if kind == KindAll && format != XLSX {
		return fmt.Errorf("%w: export all needs xlsx (one sheet per kind)", graph.ErrInvalid)
	}
	var tw tableWriter
	var err error
	switch format {
	case XLSX:
		tw, err = newXLSXWriter(w)
	case CSV:
		tw, err = newCSVWriter(w, o.GBK)
	default:
		return fmt.Errorf("%w: unknown format %q", graph.ErrInvalid, format)
	}
	if err != nil {
		return err
	}
	dir, err := loadDirectory(ctx, store)
	if err != nil {
		_ = tw.close()
		return err
	}
	e := &exporter{ctx: ctx, st: store, dir: dir, tw: tw, o: o}
	kinds := []Kind{kind}
	if kind == KindAll {
		kinds = importKinds
	}
	for _, k := range kinds {
		if err := e.export(k); err != nil {
			_ = tw.close()
			return fmt.Errorf("export %s: %w", k, err)
		}
	}
	return tw.close()
}

type exporter struct {
	ctx context.Context
	st  graph.Store
	dir *directory
	tw  tableWriter
	o   ExportOptions
	err error
}

func (e *exporter) export(k Kind) error {
	if err := e.exportRows(k); err != nil {
		return err
	}
	return e.err
}

func (e *exporter) exportRows(k Kind) error {
	sp := specs[k]
	if sp == nil {
		sp = reportSpecs[k]
	}
	if err := e.tw.begin(sp.sheet, sp.cols); err != nil {
		return err
	}
	ctx, st, d := e.ctx, e.st, e.dir
	switch k {
	case KindRegions:
		// Parents before children, so that the rows import in order.
		for _, id := range topoOrder(d.regions, func(r graph.Region) string { return r.ParentID }) {
			r := d.regions[id]
			e.put(r.Name, regionKindNames[r.Kind], d.regionPath(r.ParentID), r.Code)
		}
		return nil
	case KindUnions:
		for _, id := range topoOrder(d.unions, func(u graph.Union) string { return u.ParentID }) {
			u := d.unions[id]
			e.put(u.Name, tierNames[u.Tier], d.unionPath(u.ParentID), d.regionPath(u.RegionID), d.entRef(u.EnterpriseID))
		}
		return nil
	case KindEnterprises:
		return all(ctx, func(p graph.Page) (graph.Conn[graph.Enterprise], error) {
			return st.ListEnterprises(ctx, graph.EnterpriseFilter{}, p)
		}, func(x graph.Enterprise) {
			e.put(x.Name, x.CreditCode, x.Industry, ownershipNames[x.Ownership], d.regionPath(x.RegionID), d.unionPath(x.UnionID))
		})
	case KindWorkers:
		return all(ctx, func(p graph.Page) (graph.Conn[graph.Worker], error) {
			return st.ListWorkers(ctx, graph.WorkerFilter{}, p)
		},
			e.worker)
	case KindStudios:
		var err error
		lerr := all(ctx, func(p graph.Page) (graph.Conn[graph.Studio], error) {
			return st.ListStudios(ctx, graph.StudioFilter{}, p)
		},
			func(s graph.Studio) {
				if err == nil {
					err = e.studio(s)
				}
			})
		if lerr != nil {
			return lerr
		}
		return err
	case KindTargets:
		return all(ctx, func(p graph.Page) (graph.Conn[graph.Target], error) {
			return st.ListTargets(ctx, graph.TargetFilter{}, p)
		},
			func(t graph.Target) {
				e.put(d.unionPath(t.UnionID), targetKindNames[t.Kind], t.Period, t.Campaign, t.Number, string(t.StartDate), string(t.EndDate))
			})
	case KindPairings:
		return e.pairings()
	case KindProgress:
		return e.progress()
	case KindVisits:
		return e.visits()
	}
	return nil
}

// put writes one row; the first write error is kept in e.err and later rows are dropped.
func (e *exporter) put(vals ...any) {
	if e.err != nil {
		return
	}
	e.err = e.tw.row(vals)
}

// topoOrder returns the IDs of a tree's nodes ordered by depth, then ID: every parent comes
// before its children.
func topoOrder[T any](nodes map[string]T, parent func(T) string) []string {
	depth := make(map[string]int, len(nodes))
	var depthOf func(id string, guard int) int
	depthOf = func(id string, guard int) int {
		if d, ok := depth[id]; ok {
			return d
		}
		n, ok := nodes[id]
		if !ok || guard > 64 {
			return 0
		}
		d := 1
		if p := parent(n); p != "" {
			d = depthOf(p, guard+1) + 1
		}
		depth[id] = d
		return d
	}
	ids := make([]string, 0, len(nodes))
	for id := range nodes {
		depthOf(id, 0)
		ids = append(ids, id)
	}
	slices.SortFunc(ids, func(a, b string) int {
		if depth[a] != depth[b] {
			return depth[a] - depth[b]
		}
		return strings.Compare(a, b)
	})
	return ids
}

// entRef is how exports name an enterprise: its credit code when set, else its name.
func (d *directory) entRef(id string) string {
	if id == "" {
		return ""
	}
	if x := d.ents[id]; x.CreditCode != "" {
		return x.CreditCode
	}
	return d.ents[id].Name
}

func (d *directory) skillRef(code string) string {
	name := d.skillName[code]
	if name == "" || d.skillByName[name] != code {
		return code
	}
	return name
}

func levelText(l graph.Level) string {
	if l == graph.LevelNone {
		return ""
	}
	return l.Chinese()
}

func yearText(y int) string {
	if y == 0 {
		return ""
	}
	return strconv.Itoa(y)
}

// yearCell is a year as a number, or no value for 0.
func yearCell(y int) any {
	if y == 0 {
		return nil
	}
	return y
}

func boolText(b bool) string {
	if b {
		return "是"
	}
	return "否"
}

func (e *exporter) worker(w graph.Worker) {
	d := e.dir
	var trade, level string
	var cert any
	var others, honours, roles []string
	for _, s := range w.Skills {
		if s.Primary && trade == "" {
			trade, level, cert = d.skillRef(s.Code), levelText(s.Level), yearCell(s.Certified)
			continue
		}
		item := d.skillRef(s.Code)
		if s.Level != graph.LevelNone || s.Certified != 0 {
			item += ":" + levelText(s.Level)
		}
		if s.Certified != 0 {
			item += ":" + yearText(s.Certified)
		}
		others = append(others, item)
	}
	for _, h := range w.Honours {
		item := h.Title + ":" + tierNames[h.Tier] + ":" + yearText(h.Year)
		if h.Issuer != "" {
			item += ":" + h.Issuer
		}
		honours = append(honours, strings.TrimRight(item, ":"))
	}
	for _, r := range w.Roles {
		roles = append(roles, roleNames[r])
	}
	ent := d.ents[w.EnterpriseID]
	e.put(w.Name, genderNames[w.Gender], yearCell(w.BirthYear), ent.Name, ent.CreditCode, w.EmployeeNo,
		d.regionPath(w.RegionID), strings.Join(roles, "、"), trade, level, cert, strings.Join(others, "；"),
		strings.Join(honours, "；"), w.MentorCapacity, boolText(w.AcceptingMentees), w.Bio)
}

func (e *exporter) studio(s graph.Studio) error {
	d := e.dir
	ids := append([]string{s.LeaderID}, s.MemberIDs...)
	ws, err := e.st.GetManyWorkers(e.ctx, ids)
	if err != nil {
		return err
	}
	byID := map[string]graph.Worker{}
	for _, w := range ws {
		byID[w.ID] = w
	}
	ref := func(w graph.Worker) string {
		if w.EnterpriseID == s.HostEnterpriseID {
			return w.EmployeeNo
		}
		return d.entRef(w.EnterpriseID) + "/" + w.EmployeeNo
	}
	var members, specs []string
	for _, id := range s.MemberIDs {
		members = append(members, ref(byID[id]))
	}
	for _, c := range s.SpecialtyCodes {
		specs = append(specs, d.skillRef(c))
	}
	leader := byID[s.LeaderID]
	leaderEnt := ""
	if leader.EnterpriseID != s.HostEnterpriseID {
		leaderEnt = d.entRef(leader.EnterpriseID)
	}
	e.put(s.Name, studioKindNames[s.Kind], tierNames[s.Tier], d.entRef(s.HostEnterpriseID), leader.Name, leader.EmployeeNo,
		leaderEnt, strings.Join(members, "、"), strings.Join(specs, "、"), yearCell(s.EstablishedYear), s.Description)
	return nil
}

func (e *exporter) pairings() error {
	var err error
	lerr := all(e.ctx, func(p graph.Page) (graph.Conn[graph.Pairing], error) {
		c, lerr := e.st.ListPairings(e.ctx, graph.PairingFilter{UnionID: e.o.UnionID, Campaign: e.o.Campaign}, p)
		if lerr != nil || err != nil {
			return c, lerr
		}
		var ids []string
		for _, pa := range c.Items {
			ids = append(ids, pa.MentorID, pa.ApprenticeID)
		}
		ws, gerr := e.st.GetManyWorkers(e.ctx, ids)
		if gerr != nil {
			err = gerr
			return c, nil
		}
		byID := make(map[string]graph.Worker, len(ws))
		for _, w := range ws {
			byID[w.ID] = w
		}
		for _, pa := range c.Items {
			m, a := byID[pa.MentorID], byID[pa.ApprenticeID]
			last := ""
			if n := len(pa.Reviews); n > 0 {
				last = string(pa.Reviews[n-1].Date)
			}
			score := ""
			if pa.Score > 0 {
				score = strconv.FormatFloat(pa.Score, 'f', 2, 64)
			}
			e.put(m.Name, m.EmployeeNo, e.dir.entName(m.EnterpriseID), a.Name, a.EmployeeNo, e.dir.entName(a.EnterpriseID),
				e.dir.skillRef(pa.Agreement.SkillCode), levelText(pa.Agreement.TargetLevel), string(pa.Agreement.SignedOn),
				string(pa.Agreement.Deadline), pa.Agreement.Goal, pairingStatusNames[pa.Status], pa.Campaign,
				e.dir.unionPath(pa.UnionID), len(pa.Reviews), last, pa.Award, score)
		}
		return c, nil
	}, func(graph.Pairing) {})
	if lerr != nil {
		return lerr
	}
	return err
}

func (e *exporter) visits() error {
	var err error
	lerr := all(e.ctx, func(p graph.Page) (graph.Conn[graph.Visit], error) {
		c, lerr := e.st.ListVisits(e.ctx, graph.VisitFilter{}, p)
		if lerr != nil || err != nil {
			return c, lerr
		}
		var pids, wids []string
		for _, v := range c.Items {
			pids = append(pids, v.ProblemIDs...)
			wids = append(wids, v.ExpertIDs...)
		}
		ps, gerr := e.st.GetManyProblems(e.ctx, pids)
		if gerr != nil {
			err = gerr
			return c, nil
		}
		ws, gerr := e.st.GetManyWorkers(e.ctx, wids)
		if gerr != nil {
			err = gerr
			return c, nil
		}
		titles := map[string]string{}
		for _, pr := range ps {
			titles[pr.ID] = pr.Title
		}
		names := map[string]string{}
		for _, w := range ws {
			names[w.ID] = w.Name
		}
		for _, v := range c.Items {
			var experts []string
			for _, id := range v.ExpertIDs {
				experts = append(experts, names[id])
			}
			rating := ""
			if v.Rating > 0 {
				rating = strconv.Itoa(v.Rating)
			}
			for _, pid := range v.ProblemIDs {
				result, notes := "", ""
				for _, o := range v.Outcomes {
					if o.ProblemID == pid {
						result, notes = outcomeNames[o.Result], o.Notes
					}
				}
				e.put(string(v.Date), e.dir.entName(v.EnterpriseID), titles[pid], result, notes, strings.Join(experts, "、"),
					visitStatusNames[v.Status], rating, v.RatingComment)
			}
		}
		return c, nil
	}, func(graph.Visit) {})
	if lerr != nil {
		return lerr
	}
	return err
}

func (e *exporter) progress() error {
	rows, err := MeasureTargets(e.ctx, e.st, e.o.UnionID)
	if err != nil {
		return err
	}
	for _, r := range rows {
		rate := ""
		if r.Target.Number > 0 {
			rate = fmt.Sprintf("%.1f%%", 100*float64(r.Done)/float64(r.Target.Number))
		}
		t := r.Target
		e.put(e.dir.unionPath(t.UnionID), targetKindNames[t.Kind], t.Period, t.Campaign, t.Number, r.Done, rate,
			string(t.StartDate), string(t.EndDate))
	}
	return nil
}
