// Period picker values for union dashboards: '' (all time), a year (2026), a half (2026-H1),
// a quarter (2026-Q3) or a month (2026-05), as Query.dashboard's period argument expects.

/** PeriodKind names the granularity of a period value. */
export type PeriodKind = 'all' | 'year' | 'half' | 'quarter' | 'month'

/** ParsedPeriod is a period value split into its parts. */
export interface ParsedPeriod {
  kind: PeriodKind
  year?: number
  /** 1–2 for halves, 1–4 for quarters, 1–12 for months. */
  part?: number
}

/** PeriodGroup is one group of the period picker. */
export interface PeriodGroup {
  kind: PeriodKind
  values: string[]
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n))

/** parsePeriod splits a period value; it returns null for a value the dashboard does not accept. */
export function parsePeriod(value: string): ParsedPeriod | null {
  if (value === '') return { kind: 'all' }
  let m = /^(\d{4})$/.exec(value)
  if (m) return { kind: 'year', year: Number(m[1]) }
  m = /^(\d{4})-H([12])$/.exec(value)
  if (m) return { kind: 'half', year: Number(m[1]), part: Number(m[2]) }
  m = /^(\d{4})-Q([1-4])$/.exec(value)
  if (m) return { kind: 'quarter', year: Number(m[1]), part: Number(m[2]) }
  m = /^(\d{4})-(\d{2})$/.exec(value)
  if (m && Number(m[2]) >= 1 && Number(m[2]) <= 12) return { kind: 'month', year: Number(m[1]), part: Number(m[2]) }
  return null
}

/**
 * periodGroups lists the periods an officer can pick, newest first: all time, the current and
 * previous years, their halves and quarters up to now, and the months of the last 12.
 */
export function periodGroups(now: Date, years = 2): PeriodGroup[] {
  const y = now.getUTCFullYear()
  const month = now.getUTCMonth() + 1
  const yearsList: string[] = []
  const halves: string[] = []
  const quarters: string[] = []
  for (let i = 0; i < years; i++) {
    const yy = y - i
    yearsList.push(String(yy))
    const lastHalf = i === 0 ? (month > 6 ? 2 : 1) : 2
    for (let h = lastHalf; h >= 1; h--) halves.push(`${yy}-H${h}`)
    const lastQuarter = i === 0 ? Math.ceil(month / 3) : 4
    for (let q = lastQuarter; q >= 1; q--) quarters.push(`${yy}-Q${q}`)
  }
  const months: string[] = []
  for (let i = 0; i < 12; i++) {
    const total = y * 12 + (month - 1) - i
    months.push(`${Math.floor(total / 12)}-${pad2((total % 12) + 1)}`)
  }
  return [
    { kind: 'all', values: [''] },
    { kind: 'year', values: yearsList },
    { kind: 'half', values: halves },
    { kind: 'quarter', values: quarters },
    { kind: 'month', values: months },
  ]
}

/** Translate is the subset of vue-i18n's t used here. */
export type Translate = (key: string, params?: Record<string, unknown>) => string

/** periodLabel names a period value in the current language; unknown values come back as given. */
export function periodLabel(value: string, t: Translate): string {
  const p = parsePeriod(value)
  if (!p) return value
  switch (p.kind) {
    case 'all':
      return t('officer.period.all')
    case 'year':
      return t('officer.period.year', { year: p.year })
    case 'half':
      return t(p.part === 1 ? 'officer.period.h1' : 'officer.period.h2', { year: p.year })
    case 'quarter':
      return t('officer.period.quarter', { year: p.year, q: p.part })
    case 'month':
      return t('officer.period.month', { year: p.year, month: p.part })
  }
}
