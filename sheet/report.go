package sheet

import (
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"

	"jiangxin/graph"
)

// Issue is one problem found in a file: a bad cell, a bad row, or a problem with the sheet.
type Issue struct {
	Sheet  string // sheet name (the file name for CSV)
	Row    int    // 1-based row (line) number in the file; 0 for the sheet as a whole
	Column string // the column's header as written in the file; "" for the row as a whole
	Cell   string // e.g. C12; "" when Column is empty
	Value  string // the offending cell's content
	Reason string // what is wrong, in words a user can act on

	col    int // 0-based column index; -1 for none
	merged bool
}

// String returns "sheet row 12, C12 技能等级 “九级”: reason".
func (i Issue) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s", i.Sheet)
	if i.Row > 0 {
		fmt.Fprintf(&b, " row %d", i.Row)
	}
	if i.Cell != "" || i.Column != "" {
		fmt.Fprintf(&b, ", %s", strings.TrimSpace(i.Cell+" "+i.Column))
	}
	if i.Value != "" {
		v := i.Value
		if len([]rune(v)) > 40 {
			v = string([]rune(v)[:40]) + "…"
		}
		fmt.Fprintf(&b, " “%s”", v)
	}
	fmt.Fprintf(&b, ": %s", i.Reason)
	return b.String()
}

// SheetReport counts what happened to one sheet's rows.
type SheetReport struct {
	Name      string
	Kind      Kind
	Rows      int // data rows read (empty rows not counted)
	Create    int // rows that create a record
	Update    int // rows that change an existing record
	Unchanged int // rows equal to an existing record
	Rejected  int // rows with at least one issue

	header []string
}

// Report is the outcome of validating a file: per-sheet counts and every issue found.
type Report struct {
	File   string
	Format Format
	Sheets []SheetReport
	// Totals over the sheets.
	Rows, Create, Update, Unchanged, Rejected int
	// Issues lists the issues found, at most Options.MaxIssues of them; IssueCount counts all.
	Issues     []Issue
	IssueCount int
	// Warnings are problems that reject nothing, e.g. a union whose enterprise is not known yet.
	Warnings []Issue

	maxIssues int
	bad       []badRow
}

type badRow struct {
	sheet int
	line  int
	cells []string
	cols  map[int]string // column → reason
	row   string         // row-level reasons
}

// OK reports whether the file has no issue at all.
func (r *Report) OK() bool { return r.IssueCount == 0 }

func (r *Report) sheet() *SheetReport { return &r.Sheets[len(r.Sheets)-1] }

// addIssue records an issue; cells are the row's cells (nil for sheet-level issues).
func (r *Report) addIssue(is Issue, cells []string) {
	r.IssueCount++
	if len(r.Issues) < r.maxIssues {
		r.Issues = append(r.Issues, is)
	}
	if is.Row <= 0 || len(r.bad) >= r.maxIssues && (len(r.bad) == 0 || r.bad[len(r.bad)-1].line != is.Row) {
		return
	}
	sh := len(r.Sheets) - 1
	if n := len(r.bad); n == 0 || r.bad[n-1].line != is.Row || r.bad[n-1].sheet != sh {
		r.bad = append(r.bad, badRow{sheet: sh, line: is.Row, cells: append([]string(nil), cells...), cols: map[int]string{}})
	}
	b := &r.bad[len(r.bad)-1]
	if is.col >= 0 {
		b.cols[is.col] = joinReason(b.cols[is.col], is.Reason)
	} else {
		b.row = joinReason(b.row, is.Reason)
	}
}

func joinReason(a, b string) string {
	if a == "" {
		return b
	}
	return a + "; " + b
}

// Summary returns one line: rows read, to create, to update, unchanged, rejected.
func (r *Report) Summary() string {
	return fmt.Sprintf("%d rows: %d to create, %d to update, %d unchanged, %d rejected",
		r.Rows, r.Create, r.Update, r.Unchanged, r.Rejected)
}

// WriteText writes the report for people: one line per sheet, then one per issue.
func (r *Report) WriteText(w io.Writer) error {
	var b strings.Builder
	for _, s := range r.Sheets {
		fmt.Fprintf(&b, "%s (%s): %d rows: %d to create, %d to update, %d unchanged, %d rejected\n",
			s.Name, s.Kind, s.Rows, s.Create, s.Update, s.Unchanged, s.Rejected)
	}
	for _, is := range r.Issues {
		fmt.Fprintf(&b, "  %s\n", is)
	}
	if r.IssueCount > len(r.Issues) {
		fmt.Fprintf(&b, "  … and %d more issues\n", r.IssueCount-len(r.Issues))
	}
	for i, is := range r.Warnings {
		if i == r.maxIssues {
			fmt.Fprintf(&b, "  … and %d more warnings\n", len(r.Warnings)-i)
			break
		}
		fmt.Fprintf(&b, "  warning: %s\n", is)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// WriteXLSX writes the report as a workbook: a sheet 错误清单 listing every issue (sheet, row,
// cell, column, value, reason) and, per sheet with bad rows, those rows as they were in the
// file, with the bad cells filled red and the reasons in a last column 错误原因.
func (r *Report) WriteXLSX(w io.Writer) error {
	f := excelize.NewFile()
	defer f.Close()
	head, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true},
		Fill: excelize.Fill{Type: "pattern", Color: []string{"DDEBF7"}, Pattern: 1}})
	if err != nil {
		return err
	}
	red, err := f.NewStyle(&excelize.Style{Fill: excelize.Fill{Type: "pattern", Color: []string{"FFC7CE"}, Pattern: 1},
		Font: &excelize.Font{Color: "9C0006"}})
	if err != nil {
		return err
	}
	const list = "错误清单"
	if err := f.SetSheetName("Sheet1", list); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(list)
	if err != nil {
		return err
	}
	widths := []float64{16, 8, 8, 16, 24, 70}
	for i, wd := range widths {
		if err := sw.SetColWidth(i+1, i+1, wd); err != nil {
			return err
		}
	}
	if err := sw.SetPanes(frozenHeader()); err != nil {
		return err
	}
	if err := sw.SetRow("A1", styled(head, "工作表", "行号", "单元格", "列", "内容", "错误原因")); err != nil {
		return err
	}
	for i, is := range r.Issues {
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		row := []any{is.Sheet, is.Row, is.Cell, is.Column, is.Value, is.Reason}
		if is.Row == 0 {
			row[1] = ""
		}
		if err := sw.SetRow(cell, row); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	for si, s := range r.Sheets {
		var rows []badRow
		for _, b := range r.bad {
			if b.sheet == si {
				rows = append(rows, b)
			}
		}
		if len(rows) == 0 {
			continue
		}
		name := reportSheetName(f, s.Name)
		if _, err := f.NewSheet(name); err != nil {
			return err
		}
		sw, err := f.NewStreamWriter(name)
		if err != nil {
			return err
		}
		ncol := len(s.header)
		for _, b := range rows {
			ncol = max(ncol, len(b.cells))
		}
		if err := sw.SetColWidth(1, 1, 8); err != nil {
			return err
		}
		if err := sw.SetColWidth(2, ncol+1, 16); err != nil {
			return err
		}
		if err := sw.SetColWidth(ncol+2, ncol+2, 60); err != nil {
			return err
		}
		if err := sw.SetPanes(frozenHeader()); err != nil {
			return err
		}
		hdr := append([]string{"原行号"}, s.header...)
		for len(hdr) < ncol+1 {
			hdr = append(hdr, "")
		}
		hdr = append(hdr, "错误原因")
		if err := sw.SetRow("A1", styled(head, hdr...)); err != nil {
			return err
		}
		for i, b := range rows {
			vals := make([]any, ncol+2)
			vals[0] = b.line
			var reasons []string
			if b.row != "" {
				reasons = append(reasons, b.row)
			}
			for c := 0; c < ncol; c++ {
				v := ""
				if c < len(b.cells) {
					v = b.cells[c]
				}
				if why, ok := b.cols[c]; ok {
					vals[c+1] = excelize.Cell{StyleID: red, Value: v}
					col := ""
					if c < len(s.header) {
						col = s.header[c]
					}
					reasons = append(reasons, strings.TrimSpace(col+" "+why))
				} else {
					vals[c+1] = v
				}
			}
			vals[ncol+1] = strings.Join(reasons, "; ")
			cell, _ := excelize.CoordinatesToCellName(1, i+2)
			if err := sw.SetRow(cell, vals); err != nil {
				return err
			}
		}
		if err := sw.Flush(); err != nil {
			return err
		}
	}
	return f.Write(w)
}

func reportSheetName(f *excelize.File, name string) string {
	n := []rune("错误行-" + name)
	if len(n) > 31 {
		n = n[:31]
	}
	base := strings.Map(func(r rune) rune {
		if strings.ContainsRune(`:\/?*[]`, r) {
			return '_'
		}
		return r
	}, string(n))
	out := base
	for i := 2; ; i++ {
		if idx, _ := f.GetSheetIndex(out); idx < 0 {
			return out
		}
		out = fmt.Sprintf("%s%d", string([]rune(base)[:min(len([]rune(base)), 28)]), i)
	}
}

func frozenHeader() *excelize.Panes {
	return &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: "A2", ActiveCell: "A2", Pane: "bottomLeft"}}}
}

func styled(style int, vals ...string) []any {
	out := make([]any, len(vals))
	for i, v := range vals {
		out[i] = excelize.Cell{StyleID: style, Value: v}
	}
	return out
}

// Result is the outcome of Import.
type Result struct {
	Report Report
	// Written reports whether anything was written: false when rows were rejected and
	// Options.ValidOnly was not set, or when the file had nothing to write.
	Written bool
	// What was written: records created and updated, rows equal to their record, rows rejected.
	Created, Updated, Unchanged, Rejected int
}

// String states the result exactly, e.g. "120 created, 3 updated, 7 unchanged, 2 rejected".
func (r Result) String() string {
	return fmt.Sprintf("%d created, %d updated, %d unchanged, %d rejected", r.Created, r.Updated, r.Unchanged, r.Rejected)
}

// ErrRejected is returned by Import when rows were rejected and Options.ValidOnly was not
// set: nothing was written. It wraps graph.ErrInvalid.
var ErrRejected = fmt.Errorf("rows rejected, nothing imported: %w", graph.ErrInvalid)
