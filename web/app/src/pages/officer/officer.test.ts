// Unit tests of the officer area's logic: periods, dashboard chart data, labels, bulk approval,
// spreadsheet helpers, account form rules and union tree membership.
import { describe, expect, it, vi } from 'vitest'
import messages from './messages'
import { parsePeriod, periodGroups, periodLabel, type Translate } from './periods'
import { progressRows, percentOf, promotionsOption, trendOption, tradesOption, isAllZero, type UnionProgressData } from './dashboardCharts'
import { AUDIT_ACTIONS, namesQuery, actionLabel, entityName, entityPath, summaryText, typeOfId, SHEET_KINDS, EXPORT_KINDS, STUDIO_KINDS, TIERS, LEVELS, TARGET_KINDS } from './labels'
import { runBulk, type RowResult } from './bulk'
import { DownloadError, downloadStatusKey, fetchFile, fileNameFrom, reasonZh } from './sheets'
import { formErrors, rolesFor, scopeKindFor } from './accounts'
import { inTree } from './tree'

type Tree = { [k: string]: unknown }

/** translator looks keys up in the officer messages of a locale and fills {params}, like vue-i18n. */
function translator(locale: 'zh-CN' | 'en'): Translate {
  const root = messages[locale] as Tree
  return (key, params) => {
    let v: unknown = root
    for (const part of key.split('.')) v = (v as Tree | undefined)?.[part]
    if (typeof v !== 'string') return key
    return v.replace(/\{(\w+)\}/g, (_, k: string) => String(params?.[k] ?? `{${k}}`))
  }
}
const zh = translator('zh-CN')
const en = translator('en')

describe('periods', () => {
  it('parses every accepted form and rejects others', () => {
    const cases: [string, ReturnType<typeof parsePeriod>][] = [
      ['', { kind: 'all' }],
      ['2026', { kind: 'year', year: 2026 }],
      ['2026-H1', { kind: 'half', year: 2026, part: 1 }],
      ['2026-Q3', { kind: 'quarter', year: 2026, part: 3 }],
      ['2026-05', { kind: 'month', year: 2026, part: 5 }],
      ['2026-13', null],
      ['2026-Q5', null],
      ['26', null],
    ]
    for (const [v, want] of cases) expect(parsePeriod(v), v).toEqual(want)
  })

  it('lists all, years, halves, quarters and the last 12 months up to now, newest first', () => {
    const g = periodGroups(new Date('2026-11-22T01:00:00Z'))
    expect(g.map((x) => x.kind)).toEqual(['all', 'year', 'half', 'quarter', 'month'])
    expect(g[0].values).toEqual([''])
    expect(g[1].values).toEqual(['2026', '2025'])
    expect(g[2].values).toEqual(['2026-H2', '2026-H1', '2025-H2', '2025-H1'])
    expect(g[3].values.slice(0, 5)).toEqual(['2026-Q4', '2026-Q3', '2026-Q2', '2026-Q1', '2025-Q4'])
    expect(g[4].values).toHaveLength(12)
    expect(g[4].values[0]).toBe('2026-11')
    expect(g[4].values[11]).toBe('2025-12')
    for (const grp of g) for (const v of grp.values) expect(parsePeriod(v), v).not.toBeNull()
  })

  it('does not offer future halves or quarters early in a year', () => {
    const g = periodGroups(new Date('2026-02-10T00:00:00Z'))
    expect(g[2].values[0]).toBe('2026-H1')
    expect(g[3].values[0]).toBe('2026-Q1')
    expect(g[4].values.slice(0, 3)).toEqual(['2026-02', '2026-01', '2025-12'])
  })

  it('names periods in Chinese and English', () => {
    expect(periodLabel('', zh)).toBe('全部')
    expect(periodLabel('2026', zh)).toBe('2026年')
    expect(periodLabel('2026-H1', zh)).toBe('2026年上半年')
    expect(periodLabel('2026-Q3', zh)).toBe('2026年第3季度')
    expect(periodLabel('2026-05', zh)).toBe('2026年5月')
    expect(periodLabel('2026-Q3', en)).toBe('Q3 2026')
    expect(periodLabel('campaign-x', zh)).toBe('campaign-x')
  })
})

const target = (id: string, kind: string, number: number, achieved: number, period = '2026', campaign = '') =>
  ({ target: { id, kind, period, campaign, number }, achieved, ratio: number ? achieved / number : 0 })

describe('dashboard chart data', () => {
  const union = (id: string, targets: ReturnType<typeof target>[]): UnionProgressData => ({
    union: { id, name: `U${id}` }, pairsSigned: 5, pairsCompleted: 2, problemsSolved: 1, studios: 3, promotions: 2, targets,
  })

  it('clamps percentages to 0–100', () => {
    expect(percentOf(0.0035)).toBe(0)
    expect(percentOf(0.5)).toBe(50)
    expect(percentOf(1.7)).toBe(100)
    expect(percentOf(-1)).toBe(0)
    expect(percentOf(Number.NaN)).toBe(0)
  })

  it('makes one row per child with bars in target-kind order, marking met targets', () => {
    const rows = progressRows([
      union('1', [target('t3', 'STUDIOS', 10, 12), target('t1', 'PROBLEMS_SOLVED', 20, 5), target('t2', 'PAIRS_SIGNED', 400, 100)]),
      union('2', []),
    ], zh)
    expect(rows).toHaveLength(2)
    expect(rows[0].items.map((i) => i.label)).toEqual(['结对签约', '解决难题', '创新工作室'])
    expect(rows[0].items.map((i) => i.percent)).toEqual([25, 25, 100])
    expect(rows[0].items.map((i) => i.status)).toEqual(['', '', 'success'])
    expect(rows[0].items[0]).toMatchObject({ achieved: 100, number: 400, kind: 'PAIRS_SIGNED' })
    expect(rows[1].items).toEqual([])
    expect(rows[1].counts.map((c) => c.value)).toEqual([5, 2, 1, 3])
  })

  it('names the period or campaign when a kind has several targets', () => {
    const rows = progressRows([union('1', [
      target('a', 'PAIRS_SIGNED', 10, 1, '2026'), target('b', 'PAIRS_SIGNED', 10, 1, '', '高师带徒'),
      target('c', 'PAIRS_COMPLETED', 10, 1, '2026-H1'),
    ])], zh)
    expect(rows[0].items.map((i) => i.label)).toEqual(['结对签约（高师带徒）', '结对签约（2026年）', '结对完成'])
  })

  it('draws the monthly trend as three lines over the months', () => {
    const opt = trendOption([
      { month: '2026-01', signed: 4, completed: 1, solved: 0 },
      { month: '2026-02', signed: 3, completed: 0, solved: 2 },
    ], zh)
    expect(opt.xAxis.data).toEqual(['2026-01', '2026-02'])
    expect(opt.series.map((s) => s.name)).toEqual(['签约', '完成', '解决难题'])
    expect(opt.series.map((s) => s.type)).toEqual(['line', 'line', 'line'])
    // Counts never dip below zero: straight segments, no spline overshoot.
    expect(opt.series.every((s) => s.smooth === false)).toBe(true)
    expect(opt.series.map((s) => s.data)).toEqual([[4, 3], [1, 0], [0, 2]])
    expect(opt.legend.data).toEqual(['签约', '完成', '解决难题'])
  })

  it('draws promotions by level lowest first, filling missing levels with 0', () => {
    const opt = promotionsOption([{ level: 'TECHNICIAN', count: 3 }, { level: 'JUNIOR', count: 1 }], zh)
    expect(opt.xAxis.data).toEqual(['初级工', '中级工', '高级工', '技师', '高级技师'])
    expect(opt.series[0].data).toEqual([1, 0, 0, 3, 0])
  })

  it('draws open problems by trade with the largest on top', () => {
    const opt = tradesOption([
      { skill: { code: 'a', name: '焊工' }, count: 5 },
      { skill: { code: 'b', name: '电工' }, count: 2 },
      { skill: { code: 'c', name: '钳工' }, count: 9 },
    ], zh)
    // ECharts draws category axes bottom-up: the last category is on top.
    expect(opt.yAxis.data).toEqual(['电工', '焊工', '钳工'])
    expect(opt.series[0].data).toEqual([2, 5, 9])
  })

  it('tells an all-zero series', () => {
    expect(isAllZero([0, 0])).toBe(true)
    expect(isAllZero([])).toBe(true)
    expect(isAllZero([0, 1])).toBe(false)
  })
})

describe('labels', () => {
  it('has Chinese and English text for every action, enum value and roster kind', () => {
    const groups: [string, readonly string[]][] = [
      ['action', AUDIT_ACTIONS], ['targetKind', TARGET_KINDS], ['level', LEVELS], ['studioKind', STUDIO_KINDS],
      ['tier', TIERS], ['sheetKind', EXPORT_KINDS],
    ]
    for (const tr of [zh, en]) {
      for (const [g, values] of groups) {
        for (const v of values) expect(tr(`officer.${g}.${v}`), `${g}.${v}`).not.toBe(`officer.${g}.${v}`)
      }
    }
    expect(EXPORT_KINDS.slice(0, SHEET_KINDS.length)).toEqual([...SHEET_KINDS])
  })

  it('keeps the same message keys in both languages', () => {
    const keys = (o: unknown, p = ''): string[] => Object.entries(o as Tree).flatMap(([k, v]) =>
      v && typeof v === 'object' ? keys(v, `${p}${k}.`) : [`${p}${k}`])
    expect(keys(messages.en).sort()).toEqual(keys(messages['zh-CN']).sort())
  })

  it('translates common mutation names and leaves unknown ones as they are', () => {
    expect(actionLabel('transitionPairing', zh)).toBe('变更结对状态')
    expect(actionLabel('proposeCampaign', zh)).toBe('结对活动匹配')
    expect(actionLabel('importSheet', zh)).toBe('导入名册')
    expect(actionLabel('createStudio', en)).toBe('Register studio')
    expect(actionLabel('somethingNew', zh)).toBe('somethingNew')
  })

  it('guesses entity types from ID prefixes', () => {
    expect(typeOfId('wkr_01KJKEHJMDSF5JAYM7NRF44VX5')).toBe('Worker')
    expect(typeOfId('pai_01M80F0DWRZQANB03RRY6M7N3Y')).toBe('Pairing')
    expect(typeOfId('xyz_1')).toBe('')
    expect(typeOfId('noprefix')).toBe('')
  })

  it('links records only where a route exists, studios falling back to the officer page', () => {
    const has = (p: string) => p === '/workers/:id'
    expect(entityPath('Worker', 'wkr_1', has)).toBe('/workers/wkr_1')
    expect(entityPath('Pairing', 'pai_1', has)).toBeNull()
    expect(entityPath('Studio', 'stu_1', has)).toBe('/officer/studios/stu_1')
    expect(entityPath('Studio', 'stu_1', () => true)).toBe('/studios/stu_1')
    expect(entityPath('Account', 'acc_1', () => true)).toBeNull()
  })

  it('strips the action from audit summaries and names audited records', () => {
    expect(summaryText('proposeCampaign campaign=x unionId=u', 'proposeCampaign')).toBe('campaign=x unionId=u')
    expect(summaryText('transitionPairing', 'transitionPairing')).toBe('')
    expect(summaryText('imported 3 rows', 'importSheet')).toBe('imported 3 rows')
    expect(entityName({ __typename: 'Worker', id: 'w', name: '王建湘' })).toBe('王建湘')
    expect(entityName({ __typename: 'Problem', id: 'p', title: '焊缝开裂' })).toBe('焊缝开裂')
    expect(entityName({ __typename: 'Pairing', id: 'p', mentor: { name: '甲' }, apprentice: { name: '乙' } })).toBe('甲 → 乙')
    expect(entityName(null, 'tgt_1')).toBe('tgt_1')
  })
})

describe('namesQuery', () => {
  it('asks node for each distinct nameable ID and skips accounts and odd IDs', () => {
    const q = namesQuery(['wkr_1', 'acc_2', null, 'wkr_1', 'pai_3', 'bad id"', 'aud_4'])
    expect(q).not.toBeNull()
    expect(q!.aliases).toEqual({ n0: 'wkr_1', n1: 'pai_3' })
    expect(q!.query).toContain('n0: node(id: "wkr_1")')
    expect(q!.query).toContain('n1: node(id: "pai_3")')
    expect(q!.query).not.toContain('acc_2')
    expect(q!.query).not.toContain('bad id')
  })

  it('returns null when nothing can be named', () => {
    expect(namesQuery([null, 'acc_1', undefined])).toBeNull()
  })
})

describe('runBulk', () => {
  it('reports every row, tells CONFLICT from other errors and sums up', async () => {
    const seen: Record<string, RowResult[]> = {}
    const action = async (id: string) => {
      if (id === 'b') throw Object.assign(new Error('cannot move'), { code: 'CONFLICT' })
      if (id === 'c') throw Object.assign(new Error('nope'), { code: 'FORBIDDEN' })
    }
    const summary = await runBulk(['a', 'b', 'c', 'd'], action, (id, r) => { (seen[id] ??= []).push(r) }, { describe: (e) => `x:${(e as Error).message}` })
    expect(summary).toEqual({ total: 4, ok: 2, conflict: 1, error: 1 })
    expect(seen.a.map((r) => r.state)).toEqual(['running', 'ok'])
    expect(seen.b.at(-1)).toEqual({ state: 'conflict', message: 'x:cannot move' })
    expect(seen.c.at(-1)).toEqual({ state: 'error', message: 'x:nope' })
    expect(seen.d.at(-1)?.state).toBe('ok')
  })

  it('runs at most `concurrency` actions at once and every id exactly once', async () => {
    let running = 0
    let peak = 0
    const calls: string[] = []
    const ids = Array.from({ length: 10 }, (_, i) => `p${i}`)
    const summary = await runBulk(ids, async (id) => {
      calls.push(id)
      running++
      peak = Math.max(peak, running)
      await new Promise((r) => setTimeout(r, 2))
      running--
    }, () => {}, { concurrency: 3 })
    expect(peak).toBe(3)
    expect(calls.sort()).toEqual([...ids].sort())
    expect(summary.ok).toBe(10)
  })

  it('resolves at once for no ids', async () => {
    expect(await runBulk([], async () => {}, () => {})).toEqual({ total: 0, ok: 0, conflict: 0, error: 0 })
  })
})

describe('spreadsheet helpers', () => {
  it('reads file names from Content-Disposition', () => {
    expect(fileNameFrom("attachment; filename*=UTF-8''%E5%B7%A5%E5%8C%A0%E5%90%8D%E5%86%8C.csv", 'x')).toBe('工匠名册.csv')
    expect(fileNameFrom('attachment; filename="a.xlsx"', 'x')).toBe('a.xlsx')
    expect(fileNameFrom(null, 'fallback.xlsx')).toBe('fallback.xlsx')
    expect(fileNameFrom('attachment', 'fallback.xlsx')).toBe('fallback.xlsx')
  })

  it('fetches with the bearer token and names the file', async () => {
    const fake = vi.fn(async (_url: string, init?: RequestInit) => new Response('data', {
      status: 200, headers: { 'Content-Disposition': "attachment; filename*=UTF-8''t.csv", 'X-Auth': String((init?.headers as Record<string, string>).Authorization) },
    }))
    const f = await fetchFile('/exports/workers?union=u', 'tok', 'w.xlsx', fake as unknown as typeof fetch)
    expect(fake).toHaveBeenCalledWith('/exports/workers?union=u', { headers: { Authorization: 'Bearer tok' } })
    expect(f.name).toBe('t.csv')
    expect(await f.blob.text()).toBe('data')
  })

  it('turns a refused download into a DownloadError with its status', async () => {
    const fake = async () => new Response('union x is outside your tree: forbidden', { status: 403 })
    await expect(fetchFile('/exports/all', 'tok', 'a.xlsx', fake as unknown as typeof fetch)).rejects.toMatchObject({ status: 403 })
    await expect(fetchFile('/exports/all', null, 'a.xlsx', fake as unknown as typeof fetch)).rejects.toBeInstanceOf(DownloadError)
    expect(downloadStatusKey(403)).toBe('officer.sheets.err403')
    expect(downloadStatusKey(502)).toBe('officer.sheets.errOther')
  })

  it('words the importer reasons in Chinese', () => {
    const cases: [string, string][] = [
      ['工号 must not be empty', '工号不能为空'],
      ['"abc" is not a year such as 1985', '“abc”不是有效的年份（例如 1985）'],
      ['region "不存在区" not found', '未找到地区“不存在区”'],
      ['工作单位 or 单位信用代码 is needed to identify the employer', '请填写工作单位或单位信用代码以确定工作单位'],
      ['duplicate worker: same as row 3', '与第 3 行重复（worker）'],
      ['25 is outside 0–20', '25 超出范围 0–20'],
      ['something new', 'something new'],
    ]
    for (const [in_, want] of cases) expect(reasonZh(in_), in_).toBe(want)
  })
})

describe('account form', () => {
  it('maps roles to the scope they need', () => {
    expect(scopeKindFor('UNION_OFFICER')).toBe('union')
    expect(scopeKindFor('ENTERPRISE')).toBe('enterprise')
    expect(scopeKindFor('CRAFTSMAN')).toBe('worker')
    expect(scopeKindFor('APPRENTICE')).toBe('worker')
    expect(scopeKindFor('ADMIN')).toBe('none')
  })

  it('lets only admins hand out ADMIN', () => {
    expect(rolesFor('ADMIN')).toContain('ADMIN')
    expect(rolesFor('UNION_OFFICER')).not.toContain('ADMIN')
    expect(rolesFor('UNION_OFFICER')).toContain('ENTERPRISE')
  })

  it('checks username, password, role and scope before sending', () => {
    const ok = { username: 'hengyue.hr', password: 'longenough', displayName: '', role: 'ENTERPRISE', scopeId: 'ent_1' }
    expect(formErrors(ok)).toEqual({})
    expect(formErrors({ ...ok, username: ' ' })).toEqual({ username: 'officer.accounts.errUsername' })
    expect(formErrors({ ...ok, username: 'Bad Name' })).toEqual({ username: 'officer.accounts.errUsernameChars' })
    expect(formErrors({ ...ok, username: 'ab' })).toEqual({ username: 'officer.accounts.errUsernameChars' })
    expect(formErrors({ ...ok, password: 'short' })).toEqual({ password: 'officer.accounts.errPassword' })
    expect(formErrors({ ...ok, scopeId: '' })).toEqual({ scopeId: 'officer.accounts.errScope' })
    expect(formErrors({ ...ok, role: 'ADMIN', scopeId: '' })).toEqual({})
  })
})

describe('inTree', () => {
  const chain = { id: 'ent-union', parent: { id: 'town', parent: { id: 'district', parent: { id: 'city', parent: null } } } }
  it('finds the root among the union and its ancestors', () => {
    expect(inTree(chain, 'ent-union')).toBe(true)
    expect(inTree(chain, 'district')).toBe(true)
    expect(inTree(chain, 'city')).toBe(true)
    expect(inTree(chain, 'other')).toBe(false)
    expect(inTree(null, 'city')).toBe(false)
    expect(inTree(chain, null)).toBe(false)
  })
})

describe('messages through vue-i18n', () => {
  it('every officer message compiles and renders in both languages', async () => {
    const { createI18n } = await import('vue-i18n')
    const leaves = (o: unknown, p = ''): string[] => Object.entries(o as Tree).flatMap(([k, v]) =>
      v && typeof v === 'object' ? leaves(v, `${p}${k}.`) : [`${p}${k}`])
    const params = { n: 3, shown: 2, year: 2026, q: 3, month: 5, name: 'x', field: 'y', summary: 's', total: 4, ok: 1, conflict: 1, error: 1,
      created: 1, updated: 2, unchanged: 3, rejected: 4, rule: 'r', detail: 'd' }
    for (const locale of ['zh-CN', 'en'] as const) {
      const errors: unknown[] = []
      const i18n = createI18n({ legacy: false, locale, messages: { [locale]: messages[locale] }, missingWarn: false, fallbackWarn: false })
      for (const key of leaves(messages[locale])) {
        let out = ''
        try {
          out = i18n.global.t(key, params)
        } catch (e) {
          errors.push(`${key}: ${(e as Error).message}`)
        }
        expect(out, key).not.toBe('')
        expect(out, key).not.toBe(key)
      }
      expect(errors).toEqual([])
    }
    const i18n = createI18n({ legacy: false, locale: 'zh-CN', messages: { 'zh-CN': messages['zh-CN'] } })
    expect(i18n.global.t('officer.accounts.errUsernameChars')).toContain('. _ - @')
    expect(i18n.global.t('officer.period.quarter', { year: 2026, q: 3 })).toBe('2026年第3季度')
  })
})
