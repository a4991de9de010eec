package sheet

import (
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"

	"jiangxin/graph"
)

// dropdowns lists the choices offered in template cells.
var dropdowns = map[Kind]map[string][]string{
	KindRegions:     {"kind": {"省", "市", "区县", "镇街"}},
	KindUnions:      {"tier": {"国家级", "省级", "市级", "区县级", "镇街", "企业级"}},
	KindEnterprises: {"ownership": {"国有", "集体", "民营", "外资", "混合所有制"}},
	KindWorkers: {"gender": {"男", "女"}, "level": {"初级工", "中级工", "高级工", "技师", "高级技师"},
		"accepting": {"是", "否"}},
	KindStudios: {"kind": {"劳模创新工作室", "工匠创新工作室", "技能大师工作室"},
		"tier": {"国家级", "省级", "市级", "区县级", "企业级"}},
	KindTargets: {"kind": {"结对签约", "结对完成", "解决难题", "创新工作室"}},
}

// Template writes an empty sheet for kind with its headers (required ones marked *), for
// xlsx with drop-down lists, a frozen header and a second sheet 填写说明 explaining every
// column with an example. It returns an ErrInvalid error for a kind that cannot be imported.
func Template(kind Kind, w io.Writer, format Format) error {
	sp, ok := specs[kind]
	if !ok {
		return fmt.Errorf("%w: no template for %q", graph.ErrInvalid, kind)
	}
	cols := make([]Column, len(sp.cols))
	for i, c := range sp.cols {
		cols[i] = c
		if c.Required {
			cols[i].Header = "*" + c.Header
		}
	}
	if format == CSV {
		cw, err := newCSVWriter(w, false)
		if err != nil {
			return err
		}
		if err := cw.begin(sp.sheet, cols); err != nil {
			return err
		}
		return cw.close()
	}
	xw, err := newXLSXWriter(w)
	if err != nil {
		return err
	}
	if err := xw.begin(sp.sheet, cols); err != nil {
		return err
	}
	if err := xw.sw.Flush(); err != nil {
		return err
	}
	xw.sw = nil
	f := xw.f
	for i, c := range sp.cols {
		choices := dropdowns[kind][c.Key]
		if len(choices) == 0 {
			continue
		}
		col := colName(i)
		dv := excelize.NewDataValidation(true)
		dv.Sqref = fmt.Sprintf("%s2:%s%d", col, col, 100000)
		if err := dv.SetDropList(choices); err != nil {
			return err
		}
		dv.SetError(excelize.DataValidationErrorStyleWarning, "取值不在列表中", "请从下拉列表中选择："+strings.Join(choices, "、"))
		if err := f.AddDataValidation(sp.sheet, dv); err != nil {
			return err
		}
	}
	const help = "填写说明"
	if _, err := f.NewSheet(help); err != nil {
		return err
	}
	rows := [][]any{{"列名", "英文列名（可替代）", "其他可用列名", "必填", "说明", "示例"}}
	for _, c := range sp.cols {
		req := ""
		if c.Required {
			req = "是"
		}
		rows = append(rows, []any{c.Header, c.Key, strings.Join(c.Aliases, "、"), req, c.Hint, c.Example})
	}
	rows = append(rows, []any{}, []any{"匹配规则", naturalKeys[kind]},
		[]any{"说明", "表头可放在前几行（上方可有标题行）；空行忽略；请勿合并单元格；公式请先转为数值。"})
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow(help, cell, &r); err != nil {
			return err
		}
	}
	for i, wd := range []float64{16, 22, 28, 6, 40, 34} {
		c := colName(i)
		if err := f.SetColWidth(help, c, c, wd); err != nil {
			return err
		}
	}
	return xw.close()
}

// naturalKeys says, per kind, how rows are matched to existing records.
var naturalKeys = map[Kind]string{
	KindRegions:     "按“地区名称 + 上级地区”匹配已有地区",
	KindUnions:      "按“工会名称 + 上级工会”匹配已有工会",
	KindEnterprises: "按“统一社会信用代码”匹配已有企业；未填信用代码时按企业名称",
	KindWorkers:     "按“工作单位（信用代码或名称）+ 工号”匹配已有人员",
	KindStudios:     "按“工作室名称 + 依托单位”匹配已有工作室",
	KindTargets:     "按“工会 + 指标 + 期间 + 活动”匹配已有目标",
}
