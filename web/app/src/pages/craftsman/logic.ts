// Pure helpers of the craftsman pages: grouping mentorships, review and achievement forms.
import { levelRank, type FieldProblem, type PairingView } from '../apprentice/logic'

/** groupMentorships splits a mentor's pairings into incoming requests, current mentees and history. */
export function groupMentorships<T extends { status: string }>(list: T[]): { requests: T[]; mentees: T[]; past: T[] } {
  const out = { requests: [] as T[], mentees: [] as T[], past: [] as T[] }
  for (const p of list) {
    if (p.status === 'PROPOSED') out.requests.push(p)
    else if (p.status === 'ACCEPTED' || p.status === 'ACTIVE') out.mentees.push(p)
    else out.past.push(p)
  }
  return out
}

/** The review form (添加考核记录). */
export interface ReviewForm {
  date: string
  note: string
  levelReached: string
}

/** The ReviewInput the API takes. */
export interface ReviewInput {
  date?: string
  note: string
  levelReached?: string
}

/** reviewProblems lists what the review form lacks: a note, and a date not in the future. */
export function reviewProblems(f: ReviewForm, today: string): FieldProblem[] {
  const out: FieldProblem[] = []
  if (!f.date) out.push({ field: 'date', key: 'craftsman.mentees.needDate' })
  else if (f.date > today) out.push({ field: 'date', key: 'craftsman.mentees.futureDate' })
  if (!f.note.trim()) out.push({ field: 'note', key: 'craftsman.mentees.needNote' })
  return out
}

/** reviewInput maps the review form to the API input (no level when none was chosen). */
export function reviewInput(f: ReviewForm): ReviewInput {
  const out: ReviewInput = { note: f.note.trim() }
  if (f.date) out.date = f.date
  if (levelRank(f.levelReached) >= 0) out.levelReached = f.levelReached
  return out
}

export const ACHIEVEMENT_KINDS = [
  'INVENTION_PATENT',
  'UTILITY_MODEL',
  'INNOVATION',
  'AWARD',
  'TRAINING',
  'ECONOMIC_BENEFIT_CNY',
] as const

/** The achievement form (添加成果). */
export interface AchievementForm {
  kind: string
  title: string
  year: number | null
  count: number | null
}

/** achievementProblems lists what the achievement form lacks. */
export function achievementProblems(f: AchievementForm, thisYear: number): FieldProblem[] {
  const out: FieldProblem[] = []
  if (!(ACHIEVEMENT_KINDS as readonly string[]).includes(f.kind)) out.push({ field: 'kind', key: 'craftsman.studios.needKind' })
  if (!f.title.trim()) out.push({ field: 'title', key: 'craftsman.studios.needTitle' })
  if (f.year != null && (f.year < 1949 || f.year > thisYear)) out.push({ field: 'year', key: 'craftsman.studios.badYear' })
  if (f.count == null || f.count < 1) out.push({ field: 'count', key: 'craftsman.studios.needCount' })
  return out
}

/** achievementInput maps the achievement form to the API's AchievementInput. */
export function achievementInput(f: AchievementForm): { kind: string; title: string; year?: number; count: number } {
  const out: { kind: string; title: string; year?: number; count: number } = {
    kind: f.kind,
    title: f.title.trim(),
    count: Math.round(f.count ?? 0),
  }
  if (f.year != null) out.year = Math.round(f.year)
  return out
}

/** myInvitation is the signed-in expert's invitation to a visit, or null. */
export function myInvitation<I extends { expert: { id: string }; status: string }>(
  v: { invitations: I[] },
  me: string | null,
): I | null {
  return v.invitations.find((i) => i.expert.id === me) ?? null
}

/** canAnswer says whether the expert can still accept or decline: invited and the visit not over. */
export function canAnswer(v: { status: string; invitations: { expert: { id: string }; status: string }[] }, me: string | null): boolean {
  const inv = myInvitation(v, me)
  return !!inv && inv.status === 'INVITED' && (v.status === 'PLANNED' || v.status === 'SCHEDULED')
}

/** sortVisits puts visits still awaiting my answer first, then by date (soonest upcoming, then past). */
export function sortVisits<V extends { date: string; status: string; invitations: { expert: { id: string }; status: string }[] }>(
  list: V[],
  me: string | null,
): V[] {
  const rank = (v: V) => (canAnswer(v, me) ? 0 : v.status === 'PLANNED' || v.status === 'SCHEDULED' ? 1 : 2)
  return [...list].sort((a, b) => rank(a) - rank(b) || (rank(a) < 2 ? a.date.localeCompare(b.date) : b.date.localeCompare(a.date)))
}

/** A mentor's pairing as MY_MENTORSHIPS returns it: the apprentice comes with their skills. */
export type Mentorship = PairingView & {
  apprentice: { id: string; name: string; skills: { skill: { code: string; name: string }; level: string | null; primary: boolean }[] }
}

/** The signed-in mentor with their pairings (MY_MENTORSHIPS). */
export interface MentorInfo {
  id: string
  name: string
  mentorCapacity: number
  openMentees: number
  acceptingMentees: boolean
  mentorships: { nodes: Mentorship[] }
}

/**
 * completionNotice says how to announce a completed pairing: with the promotion (trade and new
 * level) when the apprentice was raised, otherwise plainly.
 */
export function completionNotice(p: Pick<PairingView, 'promotedTo' | 'agreement'>): {
  key: string
  trade: string
  level: string | null
} {
  const trade = p.agreement.skill?.name ?? ''
  if (p.promotedTo) return { key: 'craftsman.mentees.promoted', trade, level: p.promotedTo }
  return { key: 'craftsman.mentees.notPromoted', trade, level: null }
}

/**
 * mergeMyVisits joins visit lists (the ones I joined, and open ones that may invite me) into the
 * visits where I am invited or an expert, each once.
 */
export function mergeMyVisits<V extends { id: string; invitations: { expert: { id: string } }[]; experts: { id: string }[] }>(
  lists: V[][],
  me: string | null,
): V[] {
  const seen = new Map<string, V>()
  for (const list of lists) {
    for (const v of list) {
      if (seen.has(v.id)) continue
      if (v.invitations.some((i) => i.expert.id === me) || v.experts.some((e) => e.id === me)) seen.set(v.id, v)
    }
  }
  return [...seen.values()]
}

/**
 * slotUsage counts a mentor's slots as the server's capacity rule does: accepted and active
 * pairings take a slot (committed); pending proposals do not yet, but accepting one needs a free slot.
 */
export function slotUsage(pairings: { status: string }[], capacity: number): { committed: number; pending: number; free: number } {
  let committed = 0
  let pending = 0
  for (const p of pairings) {
    if (p.status === 'ACCEPTED' || p.status === 'ACTIVE') committed++
    else if (p.status === 'PROPOSED') pending++
  }
  return { committed, pending, free: Math.max(0, capacity - committed) }
}
