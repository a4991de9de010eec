import { describe, expect, it } from 'vitest'
import {
  agreementFormOf,
  agreementInput,
  cleanDate,
  conflictKey,
  emptyAgreementForm,
  explanationRows,
  formField,
  levelKey,
  levelRank,
  pairingStatusKey,
  pairingStatusType,
  signProblems,
  sortPairings,
  todayISO,
  PAIRING_STATUSES,
  LEVELS,
  KNOWN_PARTS,
} from './logic'
import messages from './messages'

function lookup(tree: unknown, key: string): unknown {
  return key.split('.').reduce<unknown>((node, k) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[k] : undefined), tree)
}

describe('levels', () => {
  it('ranks the ladder lowest first and unknowns as -1', () => {
    expect(LEVELS.map(levelRank)).toEqual([0, 1, 2, 3, 4])
    expect(levelRank(null)).toBe(-1)
    expect(levelRank('')).toBe(-1)
    expect(levelRank('MASTER')).toBe(-1)
  })
  it('names every level in Chinese and English', () => {
    const zh = LEVELS.map((l) => lookup(messages['zh-CN'], levelKey(l)!))
    expect(zh).toEqual(['初级工', '中级工', '高级工', '技师', '高级技师'])
    for (const l of LEVELS) expect(typeof lookup(messages.en, levelKey(l)!)).toBe('string')
    expect(levelKey(null)).toBeNull()
    expect(levelKey('NOPE')).toBeNull()
  })
})

describe('pairing status', () => {
  it('labels every status in both locales', () => {
    for (const s of PAIRING_STATUSES) {
      expect(typeof lookup(messages['zh-CN'], pairingStatusKey(s))).toBe('string')
      expect(typeof lookup(messages.en, pairingStatusKey(s))).toBe('string')
    }
    expect(lookup(messages['zh-CN'], pairingStatusKey('PROPOSED'))).toBe('待回应')
    expect(lookup(messages['zh-CN'], pairingStatusKey('COMPLETED'))).toBe('已出师')
  })
  it.each([
    ['PROPOSED', 'warning'],
    ['ACCEPTED', 'primary'],
    ['ACTIVE', 'success'],
    ['COMPLETED', 'success'],
    ['DECLINED', 'danger'],
    ['TERMINATED', 'danger'],
    ['SOMETHING', 'info'],
  ])('colours %s as %s', (status, type) => {
    expect(pairingStatusType(status)).toBe(type)
  })
})

describe('explanationRows', () => {
  const score = {
    total: 4,
    summary: '',
    parts: [
      { name: 'honours', value: 1, weight: 1, contribution: 1, detail: '全国劳模' },
      { name: 'skill_fit', value: 1, weight: 3, contribution: 3, detail: '焊工: 高级技师' },
      { name: 'capacity', value: 0, weight: 0.5, contribution: 0, detail: 'full' },
      { name: 'mystery', value: 0, weight: 1, contribution: 0, detail: '?' },
    ],
  }
  it('orders parts by contribution and keeps ties in engine order', () => {
    expect(explanationRows(score).map((r) => r.name)).toEqual(['skill_fit', 'honours', 'capacity', 'mystery'])
  })
  it('gives each part its share of the total and its label key', () => {
    const rows = explanationRows(score)
    expect(rows[0]).toMatchObject({ percent: 75, labelKey: 'roleShared.scorePart.skill_fit', detail: '焊工: 高级技师' })
    expect(rows[1].percent).toBe(25)
    expect(rows[3].labelKey).toBeNull()
  })
  it('handles a zero total and a missing score', () => {
    expect(explanationRows({ total: 0, summary: '', parts: [{ name: 'honours', value: 0, weight: 1, contribution: 0, detail: '' }] })[0].percent).toBe(0)
    expect(explanationRows(null)).toEqual([])
  })
  it('labels every known part in both locales', () => {
    for (const p of KNOWN_PARTS) {
      expect(typeof lookup(messages['zh-CN'], `roleShared.scorePart.${p}`)).toBe('string')
      expect(typeof lookup(messages.en, `roleShared.scorePart.${p}`)).toBe('string')
    }
  })
})

describe('agreementInput', () => {
  it('returns null for an untouched form', () => {
    expect(agreementInput(emptyAgreementForm())).toBeNull()
  })
  it('keeps only filled fields, trimmed and rounded', () => {
    const form = { ...emptyAgreementForm(), skillCode: ' 6-18-02-04 ', targetLevel: 'SENIOR', goal: '  高级工 ', reviewCadenceDays: 30.4 }
    expect(agreementInput(form)).toEqual({ skillCode: '6-18-02-04', targetLevel: 'SENIOR', goal: '高级工', reviewCadenceDays: 30 })
  })
  it('drops an unknown level and a non-positive cadence', () => {
    const form = { ...emptyAgreementForm(), targetLevel: 'GURU', reviewCadenceDays: 0, deadline: '2027-06-30' }
    expect(agreementInput(form)).toEqual({ deadline: '2027-06-30' })
  })
})

describe('signProblems', () => {
  const full = { skillCode: '6-18-02-04', targetLevel: 'SENIOR', deadline: '2027-06-30', goal: '', reviewCadenceDays: 30 }
  it('accepts a complete agreement', () => {
    expect(signProblems(full, '2026-11-22')).toEqual([])
  })
  it('names each missing field in form order', () => {
    expect(signProblems(emptyAgreementForm(), '2026-11-22').map((p) => p.field)).toEqual([
      'skillCode',
      'targetLevel',
      'deadline',
      'reviewCadenceDays',
    ])
  })
  it('refuses a deadline that is not after today', () => {
    expect(signProblems({ ...full, deadline: '2026-11-22' }, '2026-11-22')).toEqual([
      { field: 'deadline', key: 'roleShared.agreement.deadlinePast' },
    ])
  })
  it('uses keys that exist in both locales', () => {
    for (const p of signProblems(emptyAgreementForm(), '2026-11-22')) {
      expect(typeof lookup(messages['zh-CN'], p.key)).toBe('string')
      expect(typeof lookup(messages.en, p.key)).toBe('string')
    }
  })
})

describe('small helpers', () => {
  it('cleans the API empty date', () => {
    expect(cleanDate('')).toBeNull()
    expect(cleanDate(null)).toBeNull()
    expect(cleanDate('2025-09-01')).toBe('2025-09-01')
  })
  it('formats today as YYYY-MM-DD', () => {
    expect(todayISO(new Date(2026, 0, 5))).toBe('2026-01-05')
  })
  it('maps API field paths to form fields', () => {
    expect(formField('agreement.skillCode')).toBe('skillCode')
    expect(formField('reason')).toBe('reason')
    expect(formField(undefined)).toBeNull()
  })
  it('sorts open pairings first, newest first within a status', () => {
    const list = [
      { id: 'a', status: 'COMPLETED', updatedAt: '2026-01-01' },
      { id: 'b', status: 'ACTIVE', updatedAt: '2025-01-01' },
      { id: 'c', status: 'PROPOSED', updatedAt: '2025-06-01' },
      { id: 'd', status: 'ACTIVE', updatedAt: '2026-02-01' },
    ]
    expect(sortPairings(list).map((p) => p.id)).toEqual(['c', 'd', 'b', 'a'])
  })
  it('fills the sign form from an agreement, defaulting the cadence to 30 days', () => {
    const a = { signedOn: '', skill: { code: '6-18-02-04', name: '焊工' }, targetLevel: 'SENIOR', deadline: '', goal: 'g', reviewCadenceDays: 0 }
    expect(agreementFormOf(a)).toEqual({ skillCode: '6-18-02-04', targetLevel: 'SENIOR', deadline: '', goal: 'g', reviewCadenceDays: 30 })
    expect(agreementFormOf(null).skillCode).toBe('')
  })
})

describe('messages', () => {
  function shape(tree: unknown, prefix = ''): string[] {
    if (typeof tree !== 'object' || tree === null) return [prefix]
    return Object.entries(tree).flatMap(([k, v]) => shape(v, prefix ? `${prefix}.${k}` : k))
  }
  it('has the same keys in Chinese and English', () => {
    expect(shape(messages.en).sort()).toEqual(shape(messages['zh-CN']).sort())
  })
})

describe('conflictKey', () => {
  it.each([
    ['an open pairing pai_1 already links these two: conflict', 'roleShared.conflict.alreadyPaired'],
    ['王建湘 is not accepting mentees: conflict', 'roleShared.conflict.notAccepting'],
    ['王建湘 has no free mentoring slot (5 of 5 taken): conflict', 'roleShared.conflict.noSlot'],
    ['mentor wkr_1 has no free slot (capacity 2): conflict', 'roleShared.conflict.noSlot'],
    ['pairing pai_1 cannot move from DECLINED to ACCEPTED: conflict', 'roleShared.conflict.stale'],
    ['the invitation was already answered (ACCEPTED): conflict', 'roleShared.conflict.answered'],
    ['no invited expert has accepted yet: conflict', 'roleShared.conflict.noneAccepted'],
    ['visit vis_1 is already rated: conflict', 'roleShared.conflict.rated'],
    ['problem prb_1 is SOLVED; only open problems get a visit: conflict', 'roleShared.conflict.problemBusy'],
    ['visit vis_1 is DONE; invitations are closed: conflict', 'roleShared.conflict.closed'],
    ['visit vis_1 is DONE and cannot be cancelled: conflict', 'roleShared.conflict.visitMoved'],
  ])('explains %s', (message, key) => {
    expect(conflictKey({ code: 'CONFLICT', message })).toBe(key)
    expect(typeof lookup(messages['zh-CN'], key)).toBe('string')
  })
  it('leaves other errors and unknown conflicts to the common text', () => {
    expect(conflictKey({ code: 'FORBIDDEN', message: 'already links these two' })).toBeNull()
    expect(conflictKey({ code: 'CONFLICT', message: 'something else' })).toBeNull()
    expect(conflictKey(new Error('x'))).toBeNull()
    expect(conflictKey(null)).toBeNull()
  })
})
