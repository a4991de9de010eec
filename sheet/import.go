package sheet

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"

	"jiangxin/graph"
)

// Options configure Validate and Import. The zero value detects everything and applies the
// default limits.
type Options struct {
	Name   string // the file's name; its extension is checked against the content
	Format Format // "" detects from the content
	Kind   Kind   // "" takes each sheet's kind from its name or header; else only sheets of this kind are read
	// ValidOnly imports the valid rows when some rows are rejected; without it nothing is
	// written unless every row is valid.
	ValidOnly bool
	// Progress, when set, is called as rows are read and records written.
	Progress func(Progress)
	// AuthorizeBatch, when set, is called once during planning with every record the import
	// would create (the whole planned create batch, before any Authorize call), so that the
	// caller can learn the unions, enterprises and other records created in the same file and
	// referenced by other new records (workers of a new enterprise). It must not keep or modify
	// the batch. An error rejects the whole import as Authorize's does.
	AuthorizeBatch func(ctx context.Context, creates graph.Batch) error
	// Authorize, when set, is called for every record the import would create (before is nil)
	// or change (before is the stored record, after the record with the row applied), as
	// pointers to graph entities (*graph.Region, *graph.Union, *graph.Enterprise, *graph.Worker,
	// *graph.Studio, *graph.Target), during planning. An error rejects the whole import before
	// anything is written: it is returned wrapped (errors.Is keeps working, e.g. graph.ErrForbidden)
	// and nothing is stored. Validate calls it too and refuses the same way.
	Authorize func(ctx context.Context, before, after any) error

	MaxBytes          int64  // largest accepted workbook upload (DefaultMaxBytes)
	UnzipSizeLimit    int64  // excelize: all parts decompressed (DefaultUnzipSizeLimit)
	UnzipXMLSizeLimit int64  // excelize: largest part kept in memory (DefaultUnzipXMLSizeLimit)
	BatchSize         int    // records per Store.Import call (DefaultBatchSize)
	MaxIssues         int    // issues kept in the report (DefaultMaxIssues); all are counted
	TempDir           string // for spooled uploads and excelize's temporary files ("" = system default)
}

// Progress reports how far Validate or Import got.
type Progress struct {
	Phase string // "read" while reading rows, "write" while writing records
	Sheet string
	Done  int // rows read, or records written
	Total int // records to write ("write" phase only)
}

func (o *Options) defaults() {
	if o.MaxBytes <= 0 {
		o.MaxBytes = DefaultMaxBytes
	}
	if o.UnzipSizeLimit <= 0 {
		o.UnzipSizeLimit = DefaultUnzipSizeLimit
	}
	if o.UnzipXMLSizeLimit <= 0 {
		o.UnzipXMLSizeLimit = min(DefaultUnzipXMLSizeLimit, o.UnzipSizeLimit)
	}
	if o.BatchSize <= 0 {
		o.BatchSize = DefaultBatchSize
	}
	if o.MaxIssues <= 0 {
		o.MaxIssues = DefaultMaxIssues
	}
}

// Validate reads the file in r and reports, row by row, what an import would do, without
// writing anything. It returns an error wrapping ErrBadFile when the file cannot be read at
// all, the store's error when looking records up fails, and the refusal of
// Options.AuthorizeBatch or Options.Authorize, wrapped with the row it concerns.
func Validate(ctx context.Context, store graph.Store, r io.Reader, o Options) (Report, error) {
	p, err := plan(ctx, graph.NewService(store, nil, nil), r, o)
	if err != nil {
		return Report{}, err
	}
	return p.rep, nil
}

// Import validates the file in r as Validate does, then writes through svc: new records in
// batches of Options.BatchSize with Store.Import (each batch all-or-nothing), changed ones with
// Store.Update*. When rows are rejected and Options.ValidOnly is not set it writes nothing and
// returns the report with ErrRejected. It returns an error wrapping ErrBadFile for an
// unreadable file, and, writing nothing, the refusal of Options.AuthorizeBatch or
// Options.Authorize wrapped with the row it concerns; a store error while writing is returned
// with the counts written so far.
func Import(ctx context.Context, svc *graph.Service, r io.Reader, o Options) (Result, error) {
	p, err := plan(ctx, svc, r, o)
	if err != nil {
		return Result{}, err
	}
	res := Result{Report: p.rep, Rejected: p.rep.Rejected, Unchanged: p.rep.Unchanged}
	if !p.rep.OK() && !p.o.ValidOnly {
		return res, ErrRejected
	}
	err = p.execute(ctx, &res)
	return res, err
}

// planner turns rows into planned creates and updates.
type planner struct {
	ctx context.Context
	svc *graph.Service
	dir *directory
	o   Options
	rep Report

	creates graph.Batch
	updates []update
	seen    map[string]int // natural key → line, per kind

	newWorkers map[string]int    // planned worker ID → index in creates.Workers
	createRows map[string]rowRef // planned record ID → its row, kept when Options.Authorize is set

	deferred []deferredUnion
	// the sheet being read
	tbl    *table
	spec   *spec
	header []string
	cols   map[string]int
	early  map[int][]Issue // prescan issues by line
}

type update struct {
	kind   Kind
	id     string
	apply  any // func(*graph.X) error for the kind
	before any // *graph.X: the record as read when planning
	row    rowRef
}

type deferredUnion struct {
	idx  int // into creates.Unions
	ref  string
	line int
	cell string
	col  string
	sh   int
}

func plan(ctx context.Context, svc *graph.Service, r io.Reader, o Options) (*planner, error) {
	o.defaults()
	if o.Kind != "" {
		if _, ok := specs[o.Kind]; !ok {
			return nil, fmt.Errorf("%w: %q cannot be imported", graph.ErrInvalid, o.Kind)
		}
	}
	src, err := open(r, &o)
	if err != nil {
		return nil, err
	}
	defer src.Close()
	dir, err := loadDirectory(ctx, svc.Store())
	if err != nil {
		return nil, err
	}
	p := &planner{ctx: ctx, svc: svc, dir: dir, o: o, seen: map[string]int{}, newWorkers: map[string]int{},
		createRows: map[string]rowRef{}, rep: Report{File: o.Name, Format: src.format, maxIssues: o.MaxIssues}}
	type found struct {
		t      *table
		kind   Kind
		line   int
		header []string
	}
	var tables []found
	for _, t := range src.tables {
		kind, line, header, err := findHeader(t, o.Kind)
		if err != nil {
			return nil, err
		}
		if kind == "" {
			continue
		}
		tables = append(tables, found{t, kind, line, header})
	}
	if len(tables) == 0 {
		what := "a roster"
		if o.Kind != "" {
			what = "a " + string(o.Kind) + " sheet"
		}
		return nil, badFile("%s has no header row of %s; download a template with `jiangxin template`", nameOr(o.Name), what)
	}
	for _, k := range importKinds {
		for _, f := range tables {
			if f.kind != k {
				continue
			}
			if err := p.table(f.t, f.kind, f.line, f.header); err != nil {
				return nil, err
			}
		}
	}
	p.resolveDeferred()
	if err := p.authorize(ctx); err != nil {
		return nil, err
	}
	return p, nil
}

// findHeader reads up to 20 rows looking for the header row: the first row whose cells name
// at least two columns of a kind. It returns kind "" for a sheet without one.
func findHeader(t *table, want Kind) (Kind, int, []string, error) {
	for i := 0; i < 20; i++ {
		line, cells, err := t.next()
		if errors.Is(err, io.EOF) {
			return "", 0, nil, nil
		}
		if err != nil {
			return "", 0, nil, err
		}
		best, bestN := Kind(""), 1
		for _, k := range importKinds {
			if want != "" && k != want || t.kind != "" && k != t.kind && want == "" {
				continue
			}
			n := 0
			hk := specs[k].headerKeys()
			for _, c := range cells {
				if _, ok := hk[normHeader(c)]; ok {
					n++
				}
			}
			if n > bestN {
				best, bestN = k, n
			}
		}
		if best != "" {
			return best, line, cells, nil
		}
	}
	return "", 0, nil, nil
}

func (p *planner) table(t *table, kind Kind, headerLine int, header []string) error {
	sp := specs[kind]
	p.tbl, p.spec, p.header = t, sp, header
	p.rep.Sheets = append(p.rep.Sheets, SheetReport{Name: t.name, Kind: kind, header: header})
	sh := p.rep.sheet()
	p.cols = map[string]int{}
	hk := sp.headerKeys()
	var unknown []string
	for i, h := range header {
		n := normHeader(h)
		if n == "" || n == "序号" || n == "no" || n == "no." || n == "#" || n == "备注" || n == "错误原因" || n == "原行号" {
			continue
		}
		k, ok := hk[n]
		if !ok {
			unknown = append(unknown, h)
			continue
		}
		if j, dup := p.cols[k]; dup {
			p.sheetIssue(headerLine, i, h, fmt.Sprintf("column %s appears twice (columns %s and %s)", h, colName(j), colName(i)))
			continue
		}
		p.cols[k] = i
	}
	var missing []string
	for _, c := range sp.cols {
		if _, ok := p.cols[c.Key]; !ok && c.Required {
			missing = append(missing, fmt.Sprintf("%s (%s)", c.Header, c.Key))
		}
	}
	if kind == KindWorkers {
		_, a := p.cols["employer"]
		_, b := p.cols["employer_code"]
		if !a && !b {
			missing = append(missing, "工作单位 (employer) or 单位信用代码 (employer_code)")
		}
	}
	if len(missing) > 0 {
		msg := "required columns missing: " + strings.Join(missing, ", ")
		if len(unknown) > 0 {
			msg += "; unrecognised columns: " + strings.Join(unknown, ", ")
		}
		p.sheetIssue(headerLine, -1, "", msg)
		// Count the rows this sheet loses, so the result states them.
		for {
			_, cells, err := t.next()
			if errors.Is(err, io.EOF) {
				return nil
			}
			if err != nil {
				return err
			}
			if !emptyRow(cells) {
				sh.Rows++
				sh.Rejected++
				p.rep.Rows++
				p.rep.Rejected++
			}
		}
	}
	p.early = map[int][]Issue{}
	for _, is := range t.issues {
		if is.Row <= headerLine {
			continue
		}
		if is.merged {
			// A merged range empties every cell but its first: mark each row it covers.
			_, last, _ := strings.Cut(is.Value, ":")
			_, end, err := excelize.CellNameToCoordinates(last)
			if err != nil {
				end = is.Row
			}
			for l := is.Row; l <= min(end, is.Row+1000); l++ {
				c := is
				c.Row = l
				p.early[l] = append(p.early[l], c)
			}
			continue
		}
		p.early[is.Row] = append(p.early[is.Row], is)
	}
	rows, stop := readAhead(t)
	defer stop()
	for {
		if err := p.ctx.Err(); err != nil {
			return err
		}
		it, ok := <-rows
		if !ok {
			break
		}
		if it.err != nil {
			return it.err
		}
		line, cells := it.line, it.cells
		if emptyRow(cells) {
			continue
		}
		sh.Rows++
		p.rep.Rows++
		r := &rowCtx{p: p, line: line, cells: cells}
		for _, is := range p.early[line] {
			r.failAt(is.col, is.Reason)
		}
		if !r.bad {
			for i, c := range cells {
				if len(c) > 4*maxCellChars || len([]rune(c)) > maxCellChars {
					r.failAt(i, fmt.Sprintf("cell longer than %d characters", maxCellChars))
				}
			}
		}
		var act action
		if !r.bad {
			var err error
			act, err = p.row(kind, r)
			if err != nil {
				return err
			}
		}
		switch {
		case r.bad:
			sh.Rejected++
			p.rep.Rejected++
		case act == actCreate:
			sh.Create++
			p.rep.Create++
		case act == actUpdate:
			sh.Update++
			p.rep.Update++
		default:
			sh.Unchanged++
			p.rep.Unchanged++
		}
		if p.o.Progress != nil && p.rep.Rows%1000 == 0 {
			p.o.Progress(Progress{Phase: "read", Sheet: t.name, Done: p.rep.Rows})
		}
	}
	if p.o.Progress != nil {
		p.o.Progress(Progress{Phase: "read", Sheet: t.name, Done: p.rep.Rows})
	}
	return nil
}

type rowItem struct {
	line  int
	cells []string
	err   error
}

// readAhead reads the table's rows in a goroutine, so that parsing the file and planning the
// rows overlap. stop ends the goroutine early.
func readAhead(t *table) (<-chan rowItem, func()) {
	out := make(chan rowItem, 512)
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		defer close(out)
		for {
			line, cells, err := t.next()
			if errors.Is(err, io.EOF) {
				return
			}
			select {
			case out <- rowItem{line, cells, err}:
			case <-done:
				return
			}
			if err != nil {
				return
			}
		}
	}()
	return out, func() {
		close(done)
		<-finished
	}
}

func emptyRow(cells []string) bool {
	for _, c := range cells {
		if clean(c) != "" {
			return false
		}
	}
	return true
}

func colName(i int) string {
	n, _ := excelize.ColumnNumberToName(i + 1)
	return n
}

func (p *planner) sheetIssue(line, col int, column, reason string) {
	is := Issue{Sheet: p.tbl.name, Row: 0, Column: column, Reason: reason, col: col}
	if col >= 0 {
		is.Cell = fmt.Sprintf("%s%d", colName(col), line)
	}
	p.rep.addIssue(is, nil)
}

type action int

const (
	actUnchanged action = iota
	actCreate
	actUpdate
)

// rowCtx is one data row being planned.
type rowCtx struct {
	p     *planner
	line  int
	cells []string
	bad   bool
}

func (r *rowCtx) has(k string) bool { _, ok := r.p.cols[k]; return ok }

func (r *rowCtx) str(k string) string {
	i, ok := r.p.cols[k]
	if !ok || i >= len(r.cells) {
		return ""
	}
	return clean(r.cells[i])
}

// raw returns the cell without folding spaces inside (for free text).
func (r *rowCtx) text(k string) string {
	i, ok := r.p.cols[k]
	if !ok || i >= len(r.cells) {
		return ""
	}
	return strings.TrimSpace(r.cells[i])
}

func (r *rowCtx) fail(k string, reason string) {
	i, ok := r.p.cols[k]
	if !ok {
		i = -1
	}
	r.failAt(i, reason)
}

func (r *rowCtx) failAt(i int, reason string) {
	r.bad = true
	is := Issue{Sheet: r.p.tbl.name, Row: r.line, Reason: reason, col: i}
	if i >= 0 {
		is.Cell = fmt.Sprintf("%s%d", colName(i), r.line)
		if i < len(r.p.header) {
			is.Column = r.p.header[i]
		}
		if i < len(r.cells) {
			is.Value = r.cells[i]
		}
	}
	r.p.rep.addIssue(is, r.cells)
}

func (r *rowCtx) failErr(k string, err error) {
	var fe *graph.FieldError
	if errors.As(err, &fe) {
		r.fail(k, fe.Message)
		return
	}
	r.fail(k, err.Error())
}

// required returns the cell of a required column, failing the row when it is empty.
func (r *rowCtx) required(k string) string {
	v := r.str(k)
	if v == "" {
		r.fail(k, r.p.spec.column(k).Header+" must not be empty")
	}
	return v
}

// dup checks a natural key against the rows read before.
func (r *rowCtx) dup(k, col, what string) bool {
	full := string(r.p.spec.kind) + "\x00" + k
	if l, ok := r.p.seen[full]; ok {
		r.fail(col, fmt.Sprintf("duplicate %s: same as row %d", what, l))
		return true
	}
	r.p.seen[full] = r.line
	return false
}

// invalid maps an entity's Validate error to the column at fault.
func (r *rowCtx) invalid(err error, fields map[string]string) {
	var fe *graph.FieldError
	if errors.As(err, &fe) {
		f := fe.Field
		if i := strings.IndexByte(f, '.'); i > 0 {
			f = f[:i]
		}
		if k, ok := fields[f]; ok && r.has(k) {
			r.fail(k, fe.Message)
			return
		}
		r.fail("", fe.Error())
		return
	}
	r.fail("", err.Error())
}

func (p *planner) row(kind Kind, r *rowCtx) (action, error) {
	switch kind {
	case KindRegions:
		return p.region(r)
	case KindUnions:
		return p.union(r)
	case KindEnterprises:
		return p.enterprise(r)
	case KindWorkers:
		return p.worker(r)
	case KindStudios:
		return p.studio(r)
	case KindTargets:
		return p.target(r)
	}
	return actUnchanged, fmt.Errorf("unknown kind %q", kind)
}

// resolveDeferred links enterprise unions to enterprises named later in the workbook. An
// enterprise found nowhere is a warning, not a rejection: the union is created without it, so
// that a unions file and an enterprises file that name each other can be imported one after
// the other (unions, enterprises, then unions again to link them).
func (p *planner) resolveDeferred() {
	for _, d := range p.deferred {
		id, err := p.dir.enterprise(d.ref)
		if err != nil {
			p.rep.Warnings = append(p.rep.Warnings, Issue{Sheet: p.rep.Sheets[d.sh].Name, Row: d.line, Column: d.col, Cell: d.cell,
				Value: d.ref, Reason: err.Error() + ": the union is imported without its enterprise; import the enterprises, then this file again to link them",
				col: -1})
			continue
		}
		p.creates.Unions[d.idx].EnterpriseID = id
	}
}
