import { describe, expect, it } from 'vitest'
import { canTakeMentee, linkedMentors, exclusionKey, filterMatches, freeSlots, suggestedGoal, topSkill, tradeOptions, type MentorMatch, EXCLUSION_RULES } from './mentors'
import messages from './messages'

const weld = { code: '6-18-02-04', name: '焊工' }
const ndt = { code: '6-31-03-04', name: '无损检测员' }
const fitter = { code: '6-20-01-01', name: '装配钳工' }

function match(id: string, over: Partial<MentorMatch['worker']> = {}): MentorMatch {
  return {
    worker: {
      id,
      name: id,
      acceptingMentees: true,
      openMentees: 1,
      mentorCapacity: 3,
      skills: [{ skill: weld, level: 'TECHNICIAN', primary: true }],
      honours: [],
      ...over,
    },
    score: { total: 1, summary: '', parts: [] },
  }
}

describe('slots', () => {
  it.each([
    [3, 1, 2],
    [2, 2, 0],
    [1, 3, 0],
  ])('capacity %i with %i open leaves %i free', (cap, open, free) => {
    expect(freeSlots({ mentorCapacity: cap, openMentees: open })).toBe(free)
  })
  it('needs both accepting and a free slot', () => {
    expect(canTakeMentee(match('a').worker)).toBe(true)
    expect(canTakeMentee(match('a', { acceptingMentees: false }).worker)).toBe(false)
    expect(canTakeMentee(match('a', { openMentees: 3 }).worker)).toBe(false)
  })
})

describe('filters', () => {
  const list = [
    match('wang', { skills: [{ skill: weld, level: 'SENIOR_TECHNICIAN' }, { skill: ndt, level: 'TECHNICIAN' }] }),
    match('li', { openMentees: 3 }),
    match('liu', { skills: [{ skill: fitter, level: 'SENIOR' }] }),
  ]
  it('offers each trade once, sorted by code', () => {
    expect(tradeOptions(list)).toEqual([weld, fitter, ndt])
  })
  it('filters by trade and by free slot, keeping the ranking', () => {
    expect(filterMatches(list, { trade: '', acceptingOnly: false }).map((m) => m.worker.id)).toEqual(['wang', 'li', 'liu'])
    expect(filterMatches(list, { trade: weld.code, acceptingOnly: false }).map((m) => m.worker.id)).toEqual(['wang', 'li'])
    expect(filterMatches(list, { trade: weld.code, acceptingOnly: true }).map((m) => m.worker.id)).toEqual(['wang'])
    expect(filterMatches(list, { trade: ndt.code, acceptingOnly: true }).map((m) => m.worker.id)).toEqual(['wang'])
  })
})

describe('topSkill', () => {
  it('picks the highest level, primary on ties', () => {
    const w = match('x', {
      skills: [
        { skill: ndt, level: 'TECHNICIAN' },
        { skill: weld, level: 'TECHNICIAN', primary: true },
        { skill: fitter, level: null },
      ],
    }).worker
    expect(topSkill(w)?.skill).toEqual(weld)
    expect(topSkill(match('y', { skills: [] }).worker)).toBeNull()
  })
})

describe('suggestedGoal', () => {
  it('suggests the next level of the primary trade', () => {
    expect(suggestedGoal([{ skill: ndt, level: 'SENIOR' }, { skill: weld, level: 'INTERMEDIATE', primary: true }])).toEqual({ skill: weld, targetLevel: 'SENIOR' })
  })
  it('starts an uncertified apprentice at 初级工', () => {
    expect(suggestedGoal([{ skill: weld, level: null }])).toEqual({ skill: weld, targetLevel: 'JUNIOR' })
  })
  it('suggests nothing at the top or without a trade', () => {
    expect(suggestedGoal([{ skill: weld, level: 'SENIOR_TECHNICIAN', primary: true }])).toBeNull()
    expect(suggestedGoal([])).toBeNull()
  })
})

describe('exclusions', () => {
  it('labels every hard rule, and not unknown ones', () => {
    for (const r of EXCLUSION_RULES) expect(exclusionKey(r)).toBe(`roleShared.exclusion.${r}`)
    expect(messages['zh-CN'].roleShared.exclusion.at_capacity).toBe('名额已满')
    expect(exclusionKey('weird')).toBeNull()
  })
})

describe('linkedMentors', () => {
  it('keeps masters with a pending, accepted or active pairing', () => {
    const m = linkedMentors([
      { status: 'ACTIVE', mentor: { id: 'li' } },
      { status: 'PROPOSED', mentor: { id: 'wang' } },
      { status: 'DECLINED', mentor: { id: 'ma' } },
      { status: 'COMPLETED', mentor: { id: 'liu' } },
    ])
    expect([...m.entries()]).toEqual([
      ['li', 'ACTIVE'],
      ['wang', 'PROPOSED'],
    ])
  })
})
