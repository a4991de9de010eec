import { describe, expect, it } from 'vitest'
import {
  OUTCOME_RESULTS,
  coveredSkills,
  emptyProblemForm,
  invitationCounts,
  outcomeProblems,
  outcomeRows,
  outcomesInput,
  problemInput,
  problemProblems,
  visitActions,
  visitStatusType,
  problemStatusType,
} from './logic'
import messages from './messages'

function lookup(tree: unknown, key: string): unknown {
  return key.split('.').reduce<unknown>((node, k) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[k] : undefined), tree)
}

const weld = { code: '6-18-02-04', name: '焊工' }
const fitter = { code: '6-20-01-01', name: '装配钳工' }

describe('problem form', () => {
  it('needs a title, a description and a trade', () => {
    expect(problemProblems(emptyProblemForm()).map((p) => p.field)).toEqual(['title', 'description', 'skills'])
    const f = { ...emptyProblemForm(), title: 't', description: 'd', skills: [{ code: '', name: '', minLevel: '' }] }
    expect(problemProblems(f).map((p) => p.field)).toEqual(['skills'])
    expect(problemProblems({ ...f, title: 'x'.repeat(101), skills: [{ ...weld, minLevel: '' }] }).map((p) => p.key)).toEqual(['enterprise.post.titleTooLong'])
  })
  it('maps to ProblemInput: trimmed, empty fields left out, trades once, any level without minLevel', () => {
    const f = {
      title: ' 薄板焊接变形超差 ',
      description: ' 变形 3mm ',
      industry: '工程机械',
      urgency: 'HIGH',
      skills: [
        { ...weld, minLevel: 'TECHNICIAN' },
        { code: '', name: '', minLevel: 'SENIOR' },
        { ...fitter, minLevel: '' },
        { ...weld, minLevel: 'JUNIOR' },
      ],
      contact: ' 王工 0731-1 ',
      confidential: '  ',
    }
    expect(problemInput(f, 'ent_1')).toEqual({
      title: '薄板焊接变形超差',
      description: '变形 3mm',
      enterpriseId: 'ent_1',
      industry: '工程机械',
      urgency: 'HIGH',
      contact: '王工 0731-1',
      skills: [{ code: weld.code, minLevel: 'TECHNICIAN' }, { code: fitter.code }],
    })
  })
  it('keys used by the checks exist in both locales', () => {
    for (const p of problemProblems(emptyProblemForm())) {
      expect(typeof lookup(messages['zh-CN'], p.key)).toBe('string')
      expect(typeof lookup(messages.en, p.key)).toBe('string')
    }
  })
})

describe('coveredSkills', () => {
  const required = [
    { skill: weld, minLevel: 'TECHNICIAN' },
    { skill: fitter, minLevel: null },
  ]
  it.each([
    ['a senior technician welder covers welding', [{ skill: weld, level: 'SENIOR_TECHNICIAN' }], [weld.code]],
    ['a senior welder is below 技师', [{ skill: weld, level: 'SENIOR' }], []],
    ['an uncertified fitter covers any-level fitting', [{ skill: fitter, level: null }], [fitter.code]],
    ['an uncertified welder does not reach 技师', [{ skill: weld, level: null }], []],
    ['both', [{ skill: weld, level: 'TECHNICIAN' }, { skill: fitter, level: 'JUNIOR' }], [weld.code, fitter.code]],
    ['nothing shared', [{ skill: { code: '1-1', name: 'x' }, level: 'SENIOR_TECHNICIAN' }], []],
  ])('%s', (_name, held, want) => {
    expect(coveredSkills(required, held).map((r) => r.skill.code)).toEqual(want)
  })
})

describe('visit steps', () => {
  const inv = (...s: string[]) => s.map((status, i) => ({ expert: { id: `e${i}`, name: `e${i}` }, status, respondedAt: null }))
  it.each([
    ['PLANNED', 0, inv('INVITED'), { schedule: false, cancel: true, outcomes: false, rate: false }],
    ['PLANNED', 0, inv('INVITED', 'ACCEPTED'), { schedule: true, cancel: true, outcomes: false, rate: false }],
    ['SCHEDULED', 0, inv('ACCEPTED'), { schedule: false, cancel: true, outcomes: true, rate: false }],
    ['DONE', 0, inv('ACCEPTED'), { schedule: false, cancel: false, outcomes: false, rate: true }],
    ['DONE', 4, inv('ACCEPTED'), { schedule: false, cancel: false, outcomes: false, rate: false }],
    ['CANCELLED', 0, inv('ACCEPTED'), { schedule: false, cancel: false, outcomes: false, rate: false }],
  ])('%s rated %i', (status, rating, invitations, want) => {
    expect(visitActions({ status, rating, invitations })).toEqual(want)
  })
  it('counts the answers', () => {
    expect(invitationCounts({ invitations: inv('INVITED', 'ACCEPTED', 'DECLINED', 'ACCEPTED') })).toEqual({ invited: 1, accepted: 2, declined: 1 })
  })
})

describe('outcomes', () => {
  const visit = { problems: [{ id: 'p1', title: 'A' }, { id: 'p2', title: 'B' }] } as never
  it('starts one empty row per problem', () => {
    expect(outcomeRows(visit)).toEqual([
      { problemId: 'p1', title: 'A', result: '', notes: '' },
      { problemId: 'p2', title: 'B', result: '', notes: '' },
    ])
  })
  it('names rows without a result', () => {
    const rows = outcomeRows(visit)
    rows[0].result = 'SOLVED'
    expect(outcomeProblems(rows)).toEqual([{ field: 'p2', key: 'enterprise.visit.needResult' }])
  })
  it('maps rows to the input, notes trimmed and dropped when empty', () => {
    const rows = [
      { problemId: 'p1', title: 'A', result: 'SOLVED', notes: ' 已解决 ' },
      { problemId: 'p2', title: 'B', result: 'PARTLY', notes: ' ' },
    ]
    expect(outcomesInput(rows)).toEqual([
      { problemId: 'p1', result: 'SOLVED', notes: '已解决' },
      { problemId: 'p2', result: 'PARTLY' },
    ])
  })
})

describe('labels', () => {
  it('names every status and result in both locales', () => {
    for (const loc of [messages['zh-CN'], messages.en]) {
      for (const s of ['OPEN', 'MATCHED', 'VISIT_SCHEDULED', 'SOLVED', 'CLOSED']) expect(typeof lookup(loc, `enterprise.problemStatus.${s}`)).toBe('string')
      for (const s of ['PLANNED', 'SCHEDULED', 'DONE', 'CANCELLED']) expect(typeof lookup(loc, `enterprise.visitStatus.${s}`)).toBe('string')
      for (const s of ['INVITED', 'ACCEPTED', 'DECLINED']) expect(typeof lookup(loc, `enterprise.invitationStatus.${s}`)).toBe('string')
      for (const s of OUTCOME_RESULTS) expect(typeof lookup(loc, `enterprise.outcome.${s}`)).toBe('string')
    }
    expect(messages['zh-CN'].enterprise.privateMark).toBe('仅本企业、工会和受邀专家可见')
  })
  it('colours statuses', () => {
    expect(visitStatusType('DONE')).toBe('success')
    expect(visitStatusType('X')).toBe('info')
    expect(problemStatusType('OPEN')).toBe('warning')
  })
  it('has the same keys in Chinese and English', () => {
    function shape(tree: unknown, prefix = ''): string[] {
      if (typeof tree !== 'object' || tree === null) return [prefix]
      return Object.entries(tree).flatMap(([k, v]) => shape(v, prefix ? `${prefix}.${k}` : k))
    }
    expect(shape(messages.en).sort()).toEqual(shape(messages['zh-CN']).sort())
  })
})
