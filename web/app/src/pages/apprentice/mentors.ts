// Helpers of the 找师傅 page: the trade filter's options, filtering recommended masters, free slots.
import type { Explanation } from './logic'
import { LEVELS, levelRank } from './logic'

export interface SkillRef {
  code: string
  name: string
}

export interface MentorWorker {
  id: string
  name: string
  acceptingMentees: boolean
  openMentees: number
  mentorCapacity: number
  enterprise?: { name: string } | null
  skills: { skill: SkillRef; level: string | null; primary?: boolean }[]
  honours: { title: string; tier?: string }[]
}

export interface MentorMatch {
  worker: MentorWorker
  score: Explanation
}

/** freeSlots is how many more mentees a master can take (never negative). */
export function freeSlots(w: Pick<MentorWorker, 'mentorCapacity' | 'openMentees'>): number {
  return Math.max(0, w.mentorCapacity - w.openMentees)
}

/** canTakeMentee says whether a master is accepting and still has a free slot. */
export function canTakeMentee(w: MentorWorker): boolean {
  return w.acceptingMentees && freeSlots(w) > 0
}

/** tradeOptions lists every trade the matched masters hold, once each, sorted by code. */
export function tradeOptions(matches: MentorMatch[]): SkillRef[] {
  const seen = new Map<string, SkillRef>()
  for (const m of matches) {
    for (const s of m.worker.skills) {
      if (!seen.has(s.skill.code)) seen.set(s.skill.code, { code: s.skill.code, name: s.skill.name })
    }
  }
  return [...seen.values()].sort((a, b) => a.code.localeCompare(b.code))
}

export interface MentorFilter {
  /** A trade code; empty for any. */
  trade: string
  /** Only masters accepting mentees with a free slot. */
  acceptingOnly: boolean
}

/** filterMatches keeps the matches passing the filter, in their ranked order. */
export function filterMatches(matches: MentorMatch[], f: MentorFilter): MentorMatch[] {
  return matches.filter((m) => {
    if (f.trade && !m.worker.skills.some((s) => s.skill.code === f.trade)) return false
    if (f.acceptingOnly && !canTakeMentee(m.worker)) return false
    return true
  })
}

/** topSkill is a master's best-levelled trade (primary first on ties), or null. */
export function topSkill(w: MentorWorker): { skill: SkillRef; level: string | null } | null {
  let best: MentorWorker['skills'][number] | null = null
  for (const s of w.skills) {
    if (
      !best ||
      levelRank(s.level) > levelRank(best.level) ||
      (levelRank(s.level) === levelRank(best.level) && s.primary && !best.primary)
    ) {
      best = s
    }
  }
  return best
}

/** The hard rules of the matcher with Chinese labels (WorkerMatches.excluded). */
export const EXCLUSION_RULES = [
  'same_person',
  'not_accepting',
  'at_capacity',
  'level_too_low',
  'no_shared_trade',
  'unavailable',
] as const

/** exclusionKey is the i18n key of an exclusion rule, or null for an unknown rule. */
export function exclusionKey(rule: string): string | null {
  return (EXCLUSION_RULES as readonly string[]).includes(rule) ? `roleShared.exclusion.${rule}` : null
}

/**
 * suggestedGoal proposes the trade and next level for a 拜师 request from the apprentice's own
 * skills: the primary trade (else the first), one level above the current level (初级工 when
 * uncertified); null when the apprentice has no trade or is already at the top level.
 */
export function suggestedGoal(
  skills: { skill: SkillRef; level: string | null; primary?: boolean }[],
): { skill: SkillRef; targetLevel: string } | null {
  const s = skills.find((x) => x.primary) ?? skills[0]
  if (!s) return null
  const next = levelRank(s.level) + 1
  if (next >= LEVELS.length) return null
  return { skill: s.skill, targetLevel: LEVELS[next] }
}

/** OPEN_STATUSES are the pairing statuses that still link a master and an apprentice. */
const OPEN_STATUSES = ['PROPOSED', 'ACCEPTED', 'ACTIVE']

/** linkedMentors maps each master the apprentice already has an open pairing with to its status. */
export function linkedMentors(pairings: { status: string; mentor: { id: string } }[]): Map<string, string> {
  const out = new Map<string, string>()
  for (const p of pairings) if (OPEN_STATUSES.includes(p.status)) out.set(p.mentor.id, p.status)
  return out
}
