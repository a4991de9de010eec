import { describe, expect, it } from 'vitest'
import {
  ACHIEVEMENT_KINDS,
  achievementInput,
  achievementProblems,
  canAnswer,
  completionNotice,
  groupMentorships,
  mergeMyVisits,
  myInvitation,
  reviewInput,
  reviewProblems,
  slotUsage,
  sortVisits,
} from './logic'
import messages from './messages'

function lookup(tree: unknown, key: string): unknown {
  return key.split('.').reduce<unknown>((node, k) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[k] : undefined), tree)
}

describe('groupMentorships', () => {
  it('splits requests, current mentees and history', () => {
    const list = ['PROPOSED', 'ACCEPTED', 'ACTIVE', 'DECLINED', 'COMPLETED', 'TERMINATED', 'PROPOSED'].map((status, i) => ({ id: String(i), status }))
    const g = groupMentorships(list)
    expect(g.requests.map((p) => p.id)).toEqual(['0', '6'])
    expect(g.mentees.map((p) => p.id)).toEqual(['1', '2'])
    expect(g.past.map((p) => p.id)).toEqual(['3', '4', '5'])
  })
})

describe('review form', () => {
  const today = '2026-11-22'
  it('needs a date not in the future and a note', () => {
    expect(reviewProblems({ date: '', note: ' ', levelReached: '' }, today)).toEqual([
      { field: 'date', key: 'craftsman.mentees.needDate' },
      { field: 'note', key: 'craftsman.mentees.needNote' },
    ])
    expect(reviewProblems({ date: '2026-11-23', note: 'ok', levelReached: '' }, today).map((p) => p.field)).toEqual(['date'])
    expect(reviewProblems({ date: today, note: 'ok', levelReached: '' }, today)).toEqual([])
  })
  it('maps to ReviewInput without an empty level', () => {
    expect(reviewInput({ date: today, note: '  焊缝成形良好 ', levelReached: '' })).toEqual({ date: today, note: '焊缝成形良好' })
    expect(reviewInput({ date: today, note: 'x', levelReached: 'SENIOR' })).toEqual({ date: today, note: 'x', levelReached: 'SENIOR' })
  })
})

describe('achievement form', () => {
  it('checks kind, title, year and count', () => {
    expect(achievementProblems({ kind: '', title: '', year: 1900, count: 0 }, 2026).map((p) => p.field)).toEqual(['kind', 'title', 'year', 'count'])
    expect(achievementProblems({ kind: 'AWARD', title: '省技术能手', year: 2026, count: 1 }, 2026)).toEqual([])
    expect(achievementProblems({ kind: 'AWARD', title: 't', year: 2027, count: 1 }, 2026).map((p) => p.field)).toEqual(['year'])
  })
  it('maps to AchievementInput', () => {
    expect(achievementInput({ kind: 'TRAINING', title: ' 培训焊工 ', year: 2025, count: 12.2 })).toEqual({ kind: 'TRAINING', title: '培训焊工', year: 2025, count: 12 })
    expect(achievementInput({ kind: 'AWARD', title: 'x', year: null, count: 1 })).toEqual({ kind: 'AWARD', title: 'x', count: 1 })
  })
  it('labels every kind', () => {
    for (const k of ACHIEVEMENT_KINDS) {
      expect(typeof lookup(messages['zh-CN'], `craftsman.achievementKind.${k}`)).toBe('string')
      expect(typeof lookup(messages.en, `craftsman.achievementKind.${k}`)).toBe('string')
    }
  })
})

describe('completionNotice', () => {
  const agreement = { signedOn: null, skill: { code: '6-18-02-04', name: '焊工' }, targetLevel: 'SENIOR', deadline: null, goal: '', reviewCadenceDays: 30 }
  it('announces the promotion', () => {
    expect(completionNotice({ promotedTo: 'SENIOR', agreement })).toEqual({ key: 'craftsman.mentees.promoted', trade: '焊工', level: 'SENIOR' })
  })
  it('says plainly when the apprentice was not raised', () => {
    expect(completionNotice({ promotedTo: null, agreement })).toEqual({ key: 'craftsman.mentees.notPromoted', trade: '焊工', level: null })
  })
})

describe('invitations', () => {
  const me = 'wkr_me'
  const visit = (id: string, status: string, mine: string, date: string) => ({
    id,
    status,
    date,
    invitations: [
      { expert: { id: 'wkr_other' }, status: 'ACCEPTED' },
      { expert: { id: me }, status: mine },
    ],
  })
  it('finds my invitation', () => {
    expect(myInvitation(visit('v', 'PLANNED', 'INVITED', '2026-12-01'), me)?.status).toBe('INVITED')
    expect(myInvitation(visit('v', 'PLANNED', 'INVITED', '2026-12-01'), 'wkr_nobody')).toBeNull()
  })
  it.each([
    ['PLANNED', 'INVITED', true],
    ['SCHEDULED', 'INVITED', true],
    ['PLANNED', 'ACCEPTED', false],
    ['DONE', 'INVITED', false],
    ['CANCELLED', 'INVITED', false],
  ])('a %s visit with my %s invitation can be answered: %s', (status, mine, ok) => {
    expect(canAnswer(visit('v', status, mine, '2026-12-01'), me)).toBe(ok)
  })
  it('sorts visits awaiting my answer first, then upcoming, then past newest first', () => {
    const list = [
      visit('done-old', 'DONE', 'ACCEPTED', '2025-01-01'),
      visit('upcoming', 'SCHEDULED', 'ACCEPTED', '2026-12-20'),
      visit('ask-late', 'PLANNED', 'INVITED', '2026-12-30'),
      visit('done-new', 'DONE', 'ACCEPTED', '2025-11-18'),
      visit('ask-soon', 'PLANNED', 'INVITED', '2026-12-05'),
    ]
    expect(sortVisits(list, me).map((v) => v.id)).toEqual(['ask-soon', 'ask-late', 'upcoming', 'done-new', 'done-old'])
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
  it('has every key the review checks use', () => {
    for (const p of reviewProblems({ date: '', note: '', levelReached: '' }, '2026-01-01')) expect(typeof lookup(messages['zh-CN'], p.key)).toBe('string')
    for (const p of achievementProblems({ kind: '', title: '', year: 1, count: 0 }, 2026)) expect(typeof lookup(messages['zh-CN'], p.key)).toBe('string')
  })
})

describe('mergeMyVisits', () => {
  const v = (id: string, invited: string[], experts: string[] = []) => ({
    id,
    invitations: invited.map((e) => ({ expert: { id: e } })),
    experts: experts.map((e) => ({ id: e })),
  })
  it('keeps visits inviting me or with me as expert, each once, in list order', () => {
    const joined = [v('done', ['me', 'x'], ['me'])]
    const planned = [v('p1', ['x']), v('p2', ['me'])]
    const scheduled = [v('s1', ['me'], ['me']), v('done', ['me'], ['me'])]
    expect(mergeMyVisits([joined, planned, scheduled], 'me').map((x) => x.id)).toEqual(['done', 'p2', 's1'])
  })
  it('keeps nothing for a missing worker', () => {
    expect(mergeMyVisits([[v('p', ['me'])]], null)).toEqual([])
  })
})

describe('slotUsage', () => {
  it('counts accepted and active as taken, proposals as pending', () => {
    const list = ['ACTIVE', 'ACCEPTED', 'PROPOSED', 'PROPOSED', 'COMPLETED', 'DECLINED'].map((status) => ({ status }))
    expect(slotUsage(list, 5)).toEqual({ committed: 2, pending: 2, free: 3 })
    expect(slotUsage(list, 1)).toEqual({ committed: 2, pending: 2, free: 0 })
  })
})
