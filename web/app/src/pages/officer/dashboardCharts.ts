// Turns Query.dashboard data into progress rows and ECharts options. Pure functions: the
// dashboard page feeds them, the unit tests check them.

import { LEVELS, TARGET_KINDS } from './labels'
import { periodLabel, type Translate } from './periods'

/** TargetProgressData is one TargetProgress of the API. */
export interface TargetProgressData {
  target: { id: string; kind: string; period: string; campaign: string; number: number }
  achieved: number
  ratio: number
}

/** UnionProgressData is one UnionProgress of the API. */
export interface UnionProgressData {
  union: { id: string; name: string }
  pairsSigned: number
  pairsCompleted: number
  problemsSolved: number
  studios: number
  promotions: number
  targets: TargetProgressData[]
}

/** MonthCountData is one MonthCount of the API. */
export interface MonthCountData {
  month: string
  signed: number
  completed: number
  solved: number
}

/** LevelCountData is one LevelCount of the API. */
export interface LevelCountData {
  level: string
  count: number
}

/** TradeCountData is one TradeCount of the API. */
export interface TradeCountData {
  skill: { code: string; name: string }
  count: number
}

/** ProgressItem is one progress bar: a target of a union. */
export interface ProgressItem {
  key: string
  kind: string
  label: string
  achieved: number
  number: number
  /** 0–100, for el-progress. */
  percent: number
  /** el-progress status: 'success' once the target is met. */
  status: '' | 'success'
}

/** ProgressRow is one child union with its targets. */
export interface ProgressRow {
  unionId: string
  name: string
  items: ProgressItem[]
  /** The union's counts, shown when it has no targets. */
  counts: { kind: string; value: number }[]
}

const kindOrder = (k: string) => {
  const i = (TARGET_KINDS as readonly string[]).indexOf(k)
  return i < 0 ? TARGET_KINDS.length : i
}

/** percentOf turns a ratio into a whole percentage clamped to 0–100. */
export function percentOf(ratio: number): number {
  if (!Number.isFinite(ratio) || ratio <= 0) return 0
  return Math.min(100, Math.round(ratio * 100))
}

/**
 * progressRows makes one row per union with a bar per target, ordered 结对签约, 结对完成,
 * 解决难题, 创新工作室; a kind with several targets (periods or campaigns) names each.
 */
export function progressRows(unions: UnionProgressData[], t: Translate): ProgressRow[] {
  return unions.map((u) => {
    const targets = [...u.targets].sort((a, b) => kindOrder(a.target.kind) - kindOrder(b.target.kind)
      || a.target.period.localeCompare(b.target.period) || a.target.campaign.localeCompare(b.target.campaign))
    const perKind = new Map<string, number>()
    for (const tp of targets) perKind.set(tp.target.kind, (perKind.get(tp.target.kind) ?? 0) + 1)
    const items = targets.map((tp) => {
      let label = t(`officer.targetKind.${tp.target.kind}`)
      if ((perKind.get(tp.target.kind) ?? 0) > 1) {
        const scope = tp.target.campaign || periodLabel(tp.target.period, t)
        if (scope) label = `${label}（${scope}）`
      }
      return {
        key: tp.target.id,
        kind: tp.target.kind,
        label,
        achieved: tp.achieved,
        number: tp.target.number,
        percent: percentOf(tp.ratio),
        status: (tp.ratio >= 1 ? 'success' : '') as ProgressItem['status'],
      }
    })
    return {
      unionId: u.union.id,
      name: u.union.name,
      items,
      counts: [
        { kind: 'PAIRS_SIGNED', value: u.pairsSigned },
        { kind: 'PAIRS_COMPLETED', value: u.pairsCompleted },
        { kind: 'PROBLEMS_SOLVED', value: u.problemsSolved },
        { kind: 'STUDIOS', value: u.studios },
      ],
    }
  })
}

const baseGrid = { left: 8, right: 16, top: 40, bottom: 8, containLabel: true }

/** trendOption is the monthly line chart of pairs signed, completed and problems solved. */
export function trendOption(trend: MonthCountData[], t: Translate) {
  const names = {
    signed: t('officer.dashboard.series.signed'),
    completed: t('officer.dashboard.series.completed'),
    solved: t('officer.dashboard.series.solved'),
  }
  const line = (name: string, data: number[]) => ({ name, type: 'line' as const, smooth: false, data })
  return {
    tooltip: { trigger: 'axis' as const },
    legend: { top: 0, data: [names.signed, names.completed, names.solved] },
    grid: baseGrid,
    xAxis: { type: 'category' as const, boundaryGap: false, data: trend.map((m) => m.month) },
    yAxis: { type: 'value' as const, minInterval: 1 },
    series: [
      line(names.signed, trend.map((m) => m.signed)),
      line(names.completed, trend.map((m) => m.completed)),
      line(names.solved, trend.map((m) => m.solved)),
    ],
  }
}

/** promotionsOption is the bar chart of promotions by level, lowest level first. */
export function promotionsOption(levels: LevelCountData[], t: Translate) {
  const counts = new Map(levels.map((l) => [l.level, l.count]))
  const order = [...LEVELS, ...levels.map((l) => l.level).filter((l) => !(LEVELS as readonly string[]).includes(l))]
  return {
    tooltip: { trigger: 'axis' as const },
    grid: { ...baseGrid, top: 16 },
    xAxis: { type: 'category' as const, data: order.map((l) => t(`officer.level.${l}`)), axisLabel: { interval: 0 } },
    yAxis: { type: 'value' as const, minInterval: 1 },
    series: [{
      name: t('officer.dashboard.series.promotions'),
      type: 'bar' as const,
      barMaxWidth: 40,
      data: order.map((l) => counts.get(l) ?? 0),
    }],
  }
}

/** tradesOption is the horizontal bar chart of open problems by trade, the largest on top. */
export function tradesOption(trades: TradeCountData[], t: Translate) {
  const rows = [...trades].sort((a, b) => a.count - b.count)
  return {
    tooltip: { trigger: 'axis' as const, axisPointer: { type: 'shadow' as const } },
    grid: { ...baseGrid, top: 16 },
    xAxis: { type: 'value' as const, minInterval: 1 },
    yAxis: { type: 'category' as const, data: rows.map((r) => r.skill.name) },
    series: [{
      name: t('officer.dashboard.series.openProblems'),
      type: 'bar' as const,
      barMaxWidth: 24,
      data: rows.map((r) => r.count),
    }],
  }
}

/** isAllZero says whether a series holds nothing to draw. */
export function isAllZero(values: number[]): boolean {
  return values.every((v) => !v)
}
