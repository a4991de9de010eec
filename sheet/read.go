package sheet

import (
	"archive/zip"
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/transform"

	"jiangxin/graph"
)

// Format is a file format.
type Format string

// Formats.
const (
	XLSX Format = "xlsx"
	CSV  Format = "csv"
)

// ParseFormat accepts xlsx or csv (any case, with or without a dot). It returns false for
// anything else.
func ParseFormat(s string) (Format, bool) {
	switch strings.ToLower(strings.TrimPrefix(strings.TrimSpace(s), ".")) {
	case "xlsx", "excel":
		return XLSX, true
	case "csv", "tsv", "txt":
		return CSV, true
	}
	return "", false
}

// ErrBadFile means the file cannot be read as a roster: not a workbook or CSV file, over a
// size limit, corrupt, or without a recognisable header. Errors wrapping it also wrap
// graph.ErrInvalid.
var ErrBadFile = errors.New("unreadable file")

func badFile(format string, args ...any) error {
	return fmt.Errorf("%w: %w: %s", ErrBadFile, graph.ErrInvalid, fmt.Sprintf(format, args...))
}

// Limits applied when Options leave them zero.
const (
	DefaultMaxBytes          = 256 << 20 // an upload
	DefaultUnzipSizeLimit    = 1 << 30   // all parts of a workbook, decompressed
	DefaultUnzipXMLSizeLimit = 16 << 20  // one part kept in memory; larger ones go to temporary files
	DefaultBatchSize         = 5000
	DefaultMaxIssues         = 10000
	maxColumns               = 200
	maxCellChars             = 32767 // Excel's own limit
)

var (
	zipMagic = []byte("PK\x03\x04")
	oleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}
)

// table is one sheet (or a CSV file) being read row by row.
type table struct {
	name   string
	kind   Kind    // from the sheet name; "" when the header must tell
	issues []Issue // found before reading rows: merged cells, formulas without values
	next   func() (line int, cells []string, err error)
	close  func() error
	xlsx   bool
}

// source is an opened file: its tables in file order.
type source struct {
	format Format
	tables []*table
	closer func() error
}

func (s *source) Close() error {
	var errs []error
	for _, t := range s.tables {
		if t.close != nil {
			errs = append(errs, t.close())
		}
	}
	if s.closer != nil {
		errs = append(errs, s.closer())
	}
	return errors.Join(errs...)
}

// open detects the format of r and prepares its tables.
func open(r io.Reader, o *Options) (*source, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	head, _ := br.Peek(8)
	ext := strings.ToLower(filepath.Ext(o.Name))
	format := o.Format
	switch {
	case bytes.Equal(head, oleMagic):
		return nil, badFile("legacy .xls or password-protected workbooks cannot be read; save it in Excel as an unprotected .xlsx workbook")
	case format == "" && bytes.HasPrefix(head, zipMagic):
		format = XLSX
	case format == "":
		format = CSV
	}
	if format == XLSX && !bytes.HasPrefix(head, zipMagic) {
		return nil, badFile("%s is not an .xlsx workbook (it is not a zip archive); save it in Excel as .xlsx or export CSV", nameOr(o.Name))
	}
	if format == CSV && (ext == ".xlsx" || ext == ".xlsm" || ext == ".xls") {
		return nil, badFile("%s is named %s but is not an Excel workbook; save it in Excel as .xlsx", nameOr(o.Name), ext)
	}
	if format == CSV && bytes.HasPrefix(head, zipMagic) {
		return nil, badFile("%s is a zip archive, not a CSV file", nameOr(o.Name))
	}
	if format == XLSX {
		return openXLSX(br, o)
	}
	t, err := openCSV(br, o.Name)
	if err != nil {
		return nil, err
	}
	return &source{format: CSV, tables: []*table{t}}, nil
}

func nameOr(n string) string {
	if n == "" {
		return "the file"
	}
	return filepath.Base(n)
}

// openCSV reads UTF-8 or GBK text separated by commas, semicolons or tabs.
func openCSV(br *bufio.Reader, name string) (*table, error) {
	head, _ := br.Peek(64 << 10)
	var r io.Reader = br
	if bytes.HasPrefix(head, []byte("\xef\xbb\xbf")) {
		_, _ = br.Discard(3)
		head = head[3:]
	} else if !validUTF8Prefix(head) {
		r = transform.NewReader(br, simplifiedchinese.GB18030.NewDecoder())
		if d, err := io.ReadAll(transform.NewReader(bytes.NewReader(firstLine(head)), simplifiedchinese.GB18030.NewDecoder())); err == nil {
			head = d
		}
	}
	if bytes.IndexByte(head, 0) >= 0 {
		return nil, badFile("%s is a binary file, not CSV text", nameOr(name))
	}
	line := firstLine(head)
	sep := ','
	if c := bytes.Count(line, []byte{'\t'}); c > bytes.Count(line, []byte{','}) {
		sep = '\t'
	} else if s := bytes.Count(line, []byte{';'}); s > bytes.Count(line, []byte{','}) {
		sep = ';'
	}
	cr := csv.NewReader(r)
	cr.Comma = sep
	cr.FieldsPerRecord = -1
	t := &table{name: "CSV"}
	if name != "" {
		t.name = strings.TrimSuffix(filepath.Base(name), filepath.Ext(name))
	}
	t.next = func() (int, []string, error) {
		rec, err := cr.Read()
		if err != nil {
			if errors.Is(err, io.EOF) {
				return 0, nil, io.EOF
			}
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return 0, nil, badFile("line %d: %v", pe.Line, pe.Err)
			}
			return 0, nil, badFile("read CSV: %v", err)
		}
		l, _ := cr.FieldPos(0)
		if len(rec) > maxColumns {
			return 0, nil, badFile("line %d has %d columns; at most %d are read", l, len(rec), maxColumns)
		}
		for _, c := range rec {
			if len(c) > 4*maxCellChars {
				return 0, nil, badFile("line %d holds a cell longer than %d characters", l, maxCellChars)
			}
		}
		return l, rec, nil
	}
	return t, nil
}

func firstLine(b []byte) []byte {
	if i := bytes.IndexAny(b, "\r\n"); i >= 0 {
		return b[:i]
	}
	return b
}

// validUTF8Prefix reports whether b is valid UTF-8, allowing a rune cut off at the end.
func validUTF8Prefix(b []byte) bool {
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		if r == utf8.RuneError && size <= 1 {
			return len(b) < utf8.UTFMax && !utf8.FullRune(b)
		}
		b = b[size:]
	}
	return true
}

// openXLSX spools the workbook to a temporary file (at most MaxBytes) and opens it with
// excelize under the unzip limits.
func openXLSX(r io.Reader, o *Options) (*source, error) {
	tmp, err := os.CreateTemp(o.TempDir, "jiangxin-import-*.xlsx")
	if err != nil {
		return nil, fmt.Errorf("spool upload: %w", err)
	}
	cleanup := func() error {
		_ = tmp.Close()
		return os.Remove(tmp.Name())
	}
	n, err := io.Copy(tmp, io.LimitReader(r, o.MaxBytes+1))
	if err != nil {
		_ = cleanup()
		return nil, fmt.Errorf("spool upload: %w", err)
	}
	if n > o.MaxBytes {
		_ = cleanup()
		return nil, badFile("%s is larger than %d MiB", nameOr(o.Name), o.MaxBytes>>20)
	}
	if err := tmp.Close(); err != nil {
		_ = cleanup()
		return nil, fmt.Errorf("spool upload: %w", err)
	}
	f, err := excelize.OpenFile(tmp.Name(), excelize.Options{UnzipSizeLimit: o.UnzipSizeLimit,
		UnzipXMLSizeLimit: o.UnzipXMLSizeLimit, TmpDir: o.TempDir})
	if err != nil {
		_ = cleanup()
		return nil, xlsxError(o.Name, err)
	}
	src := &source{format: XLSX, closer: func() error {
		return errors.Join(f.Close(), cleanup())
	}}
	parts, err := sheetParts(tmp.Name())
	if err != nil {
		_ = src.Close()
		return nil, xlsxError(o.Name, err)
	}
	for _, name := range f.GetSheetList() {
		t := &table{name: name, xlsx: true}
		if k, ok := ParseKind(name); ok {
			t.kind = k
		}
		if p, ok := parts[name]; ok {
			issues, err := prescan(tmp.Name(), p, name, o.UnzipSizeLimit)
			if err != nil {
				_ = src.Close()
				return nil, xlsxError(o.Name, err)
			}
			t.issues = issues
		}
		sheet := name
		var rows *excelize.Rows
		line := 0
		t.next = func() (int, []string, error) {
			if rows == nil {
				var err error
				if rows, err = f.Rows(sheet); err != nil {
					return 0, nil, xlsxError(o.Name, err)
				}
			}
			if !rows.Next() {
				if err := rows.Error(); err != nil {
					return 0, nil, xlsxError(o.Name, err)
				}
				return 0, nil, io.EOF
			}
			cells, err := rows.Columns(excelize.Options{RawCellValue: true})
			if err != nil {
				return 0, nil, xlsxError(o.Name, err)
			}
			if len(cells) > maxColumns {
				cells = cells[:maxColumns]
			}
			line++
			return line, cells, nil
		}
		t.close = func() error {
			if rows != nil {
				return rows.Close()
			}
			return nil
		}
		src.tables = append(src.tables, t)
	}
	return src, nil
}

func xlsxError(name string, err error) error {
	zerr := err
	switch {
	case errors.Is(err, zip.ErrFormat), errors.Is(err, zip.ErrAlgorithm), errors.Is(err, zip.ErrChecksum):
		return badFile("%s is not a readable .xlsx workbook (%v)", nameOr(name), zerr)
	case errors.Is(err, excelize.ErrWorkbookFileFormat):
		return badFile("%s is not an .xlsx workbook; save it in Excel as .xlsx", nameOr(name))
	case strings.Contains(err.Error(), "unzip size exceeds"):
		return badFile("%s decompresses to more than the allowed size: refusing it (%v)", nameOr(name), err)
	}
	return badFile("%s cannot be read as a workbook: %v", nameOr(name), err)
}

// sheetParts maps sheet names to their part paths inside the workbook archive.
func sheetParts(file string) (map[string]string, error) {
	zr, err := zip.OpenReader(file)
	if err != nil {
		return nil, err
	}
	defer zr.Close()
	var wb struct {
		Sheets []struct {
			Name string `xml:"name,attr"`
			RID  string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
		} `xml:"sheets>sheet"`
	}
	var rels struct {
		Rels []struct {
			ID     string `xml:"Id,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	if err := decodePart(&zr.Reader, "xl/workbook.xml", &wb); err != nil {
		return nil, err
	}
	if err := decodePart(&zr.Reader, "xl/_rels/workbook.xml.rels", &rels); err != nil {
		return nil, err
	}
	targets := map[string]string{}
	for _, r := range rels.Rels {
		t := strings.TrimPrefix(r.Target, "/")
		if !strings.HasPrefix(t, "xl/") {
			t = path.Join("xl", t)
		}
		targets[r.ID] = t
	}
	out := map[string]string{}
	for _, s := range wb.Sheets {
		if t, ok := targets[s.RID]; ok {
			out[s.Name] = t
		}
	}
	return out, nil
}

func findPart(zr *zip.Reader, name string) *zip.File {
	for _, f := range zr.File {
		if strings.EqualFold(strings.ReplaceAll(f.Name, "\\", "/"), name) {
			return f
		}
	}
	return nil
}

func decodePart(zr *zip.Reader, name string, v any) error {
	f := findPart(zr, name)
	if f == nil {
		return fmt.Errorf("%s missing", name)
	}
	rc, err := f.Open()
	if err != nil {
		return err
	}
	defer rc.Close()
	return xml.NewDecoder(io.LimitReader(rc, DefaultUnzipXMLSizeLimit)).Decode(v)
}

// prescan streams a worksheet part once to find what the row iterator cannot show: merged
// ranges and formulas without a saved value.
func prescan(file, part, sheet string, limit int64) ([]Issue, error) {
	zr, err := zip.OpenReader(file)
	if err != nil {
		return nil, err
	}
	defer zr.Close()
	f := findPart(&zr.Reader, part)
	if f == nil {
		return nil, nil
	}
	// Most sheets have neither: a byte scan settles that without decoding the XML.
	found, err := containsAny(f, limit, [][]byte{[]byte("<f>"), []byte("<f "), []byte(":f>"), []byte(":f "), []byte("mergeCell")})
	if err != nil || !found {
		return nil, err
	}
	rc, err := f.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	dec := xml.NewDecoder(io.LimitReader(rc, limit))
	var issues []Issue
	var cell string
	var formula, value bool
	for len(issues) < 1000 {
		tok, err := dec.RawToken()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("worksheet %s: %w", sheet, err)
		}
		switch e := tok.(type) {
		case xml.StartElement:
			switch e.Name.Local {
			case "c":
				cell, formula, value = attr(e, "r"), false, false
			case "f":
				formula = true
			case "v", "is":
				value = true
			case "mergeCell":
				ref := attr(e, "ref")
				first, _, _ := strings.Cut(ref, ":")
				col, row, _ := excelize.CellNameToCoordinates(first)
				issues = append(issues, Issue{Sheet: sheet, Row: row, col: col - 1, Cell: first, Value: ref,
					Reason: "merged cells " + ref + ": unmerge them and fill in every cell", merged: true})
			}
		case xml.EndElement:
			if e.Name.Local == "c" && formula && !value {
				col, row, _ := excelize.CellNameToCoordinates(cell)
				issues = append(issues, Issue{Sheet: sheet, Row: row, col: col - 1, Cell: cell,
					Reason: "formula without a saved value: open and save the file in Excel, or paste the values"})
			}
		}
	}
	return issues, nil
}

// containsAny reports whether the decompressed part holds any of the needles (each shorter
// than 16 bytes), reading at most limit bytes.
func containsAny(f *zip.File, limit int64, needles [][]byte) (bool, error) {
	rc, err := f.Open()
	if err != nil {
		return false, err
	}
	defer rc.Close()
	r := io.LimitReader(rc, limit)
	buf := make([]byte, 16+1<<20)
	keep := 0
	for {
		n, err := io.ReadFull(r, buf[keep:])
		chunk := buf[:keep+n]
		for _, nd := range needles {
			if bytes.Contains(chunk, nd) {
				return true, nil
			}
		}
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			return false, nil
		}
		if err != nil {
			return false, err
		}
		keep = copy(buf, chunk[len(chunk)-16:])
	}
}

func attr(e xml.StartElement, name string) string {
	for _, a := range e.Attr {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}
