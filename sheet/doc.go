// Package sheet moves Jiangxin's rosters in and out of spreadsheets: it imports regions,
// unions, enterprises, workers (with trades, levels, honours and employer), innovation studios
// and union targets from .xlsx workbooks and CSV files (UTF-8 or GBK), and exports rosters,
// pairing lists, target progress and visit outcomes to .xlsx and CSV.
//
// # Calling it
//
// The API takes readers and writers, so an HTTP handler and the command line call it alike:
//
//	rep, err := sheet.Validate(ctx, store, r, sheet.Options{Name: "工匠名册.xlsx"})
//	res, err := sheet.Import(ctx, svc, r, sheet.Options{Name: "工匠名册.xlsx", ValidOnly: true,
//		Progress: func(p sheet.Progress) { … }})
//	err = sheet.Export(ctx, store, sheet.KindWorkers, w, sheet.XLSX, sheet.ExportOptions{})
//	err = sheet.Template(sheet.KindWorkers, w, sheet.XLSX)
//	err = rep.WriteText(w)   // every bad row: row number, column, value, reason
//	err = rep.WriteXLSX(w)   // the bad rows with the bad cells marked red
//
// Validate reads the whole file and reports what an import would do (rows to create, to
// update, unchanged, rejected) without writing. Import does the same and then writes: when any
// row is rejected it writes nothing unless Options.ValidOnly is set, in which case it writes
// the valid rows. Either way Result states exactly how many entities were created, updated,
// left unchanged and rejected.
//
// # Authorization
//
// Options.AuthorizeBatch and Options.Authorize let the caller restrict what an import may
// touch (a union officer imports only records inside their union tree). After planning,
// AuthorizeBatch sees every record the file would create at once, so that the check can find
// records created in the same file (the new enterprise of new workers); then Authorize sees
// each planned create (before nil) and each planned update (the stored record and a copy with
// the row applied and UpdatedAt set, as it would be written). The first refusal fails
// Validate and Import alike, wrapped with the sheet and row ("sheet 工匠名册 row 7: …"), and
// nothing is written.
//
// # Files
//
// The format is taken from Options.Format, else from the file's first bytes (a zip archive is
// a workbook; the OLE header of legacy .xls and encrypted workbooks is refused with a clear
// error), and the file name's extension must agree (a text file renamed .xlsx is refused). A
// CSV file may be UTF-8 (with or without a byte-order mark) or GBK/GB18030, detected from its
// first 64 KiB, and separated by commas, semicolons or tabs. Uploads are spooled to a temporary
// file of at most Options.MaxBytes; workbooks are opened with excelize's UnzipSizeLimit and
// UnzipXMLSizeLimit so a zip bomb fails fast, and rows are streamed (excelize's Rows iterator,
// csv.Reader), never loaded whole.
//
// A workbook may hold several sheets: each sheet's kind comes from its name (工匠名册,
// workers …) or its header row, and sheets are imported in dependency order (regions, unions,
// enterprises, workers, studios, targets), so a workbook written by Export(KindAll) imports
// into an empty store in one go. Rows above the header (a title row) are skipped, empty rows
// are ignored, merged cells and formulas without a saved value in the data area are errors.
//
// # Matching rows to records (natural keys)
//
// Re-importing a file changes nothing: each row is matched to an existing record by a natural
// key and updated only where it differs.
//
//   - region: name + parent region
//   - union: name + parent union
//   - enterprise: unified social credit code (统一社会信用代码); the name when the code is empty
//   - worker: employee number (工号) within the employer, the employer being identified by its
//     credit code or its name
//   - studio: name + host enterprise
//   - target: union + kind + period + campaign
//
// Columns missing from a file leave the matching fields of existing records unchanged; a
// present column is authoritative (an empty cell clears an optional field, except an
// enterprise's credit code, which is never cleared by an import). IDs and
// timestamps are made by the graph.Service, never read from a file.
//
// # Headers
//
// Each column has a Chinese header and English aliases (see Columns); headers are matched
// ignoring case, spaces, underscores, a leading "*" (required marks in templates) and bracketed
// hints such as "技能等级（初级工…高级技师）".
//
// # Fuzzing
//
// FuzzCSV and FuzzXLSX run their seed corpora as normal tests. To fuzz for longer:
//
//	go test ./sheet -run '^$' -fuzz FuzzCSV -fuzztime 60s
//	go test ./sheet -run '^$' -fuzz FuzzXLSX -fuzztime 60s
//
// (each fuzz worker first builds a demo store; under coverage instrumentation on a busy
// machine that takes up to a minute before executions start.)
//
// # Benchmark
//
// BenchmarkImportWorkers100k validates and imports a 100,000-worker workbook:
//
//	go test ./sheet -run '^$' -bench ImportWorkers100k -benchtime 3x -timeout 30m
package sheet
