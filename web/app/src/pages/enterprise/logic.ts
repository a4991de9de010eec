// Pure helpers of the enterprise pages (and the craftsman's invitations): problem form → input,
// which required skills an expert covers, visit steps, outcomes and labels' colours.
import { levelRank, type FieldProblem } from '../apprentice/logic'

type TagType = 'primary' | 'success' | 'warning' | 'info' | 'danger'

export interface SkillRef {
  code: string
  name: string
}

/** A problem's required trade (RequiredSkill). */
export interface RequiredSkillView {
  skill: SkillRef
  minLevel: string | null
}

/** A problem as the enterprise pages query it. */
export interface ProblemView {
  id: string
  title: string
  description: string
  industry: string
  status: string
  urgency: string
  outcome: string
  solvedOn: string | null
  contact: string | null
  confidential: string | null
  skills: RequiredSkillView[]
  solvers?: { id: string; name: string }[]
  createdAt: string
  updatedAt?: string
}

/** A visit as the role pages query it. */
export interface VisitView {
  id: string
  date: string
  status: string
  rating: number
  ratingComment: string
  enterprise: { id: string; name: string }
  problems: ProblemView[]
  invitations: { expert: { id: string; name: string }; status: string; respondedAt: string | null }[]
  experts: { id: string; name: string }[]
  outcomes?: { problem: { id: string; title: string }; result: string; notes: string }[]
}

/** visitStatusType colours a visit status. */
export function visitStatusType(s: string): TagType {
  return ({ PLANNED: 'warning', SCHEDULED: 'primary', DONE: 'success', CANCELLED: 'info' } as Record<string, TagType>)[s] ?? 'info'
}

/** invitationStatusType colours an invitation status. */
export function invitationStatusType(s: string): TagType {
  return ({ INVITED: 'warning', ACCEPTED: 'success', DECLINED: 'danger' } as Record<string, TagType>)[s] ?? 'info'
}

/** problemStatusType colours a problem status. */
export function problemStatusType(s: string): TagType {
  return (
    ({ OPEN: 'warning', MATCHED: 'primary', VISIT_SCHEDULED: 'primary', SOLVED: 'success', CLOSED: 'info' } as Record<string, TagType>)[s] ??
    'info'
  )
}

/** urgencyType colours an urgency. */
export function urgencyType(u: string): TagType {
  return ({ HIGH: 'danger', NORMAL: 'primary', LOW: 'info' } as Record<string, TagType>)[u] ?? 'info'
}

/** The 发布难题 form. */
export interface ProblemForm {
  title: string
  description: string
  industry: string
  urgency: string
  skills: { code: string; name: string; minLevel: string }[]
  contact: string
  confidential: string
}

/** emptyProblemForm is a blank problem form (normal urgency, the enterprise's industry). */
export function emptyProblemForm(industry = ''): ProblemForm {
  return { title: '', description: '', industry, urgency: 'NORMAL', skills: [], contact: '', confidential: '' }
}

/** problemProblems lists what the problem form lacks: a title, a description, at least one trade. */
export function problemProblems(f: ProblemForm): FieldProblem[] {
  const out: FieldProblem[] = []
  if (!f.title.trim()) out.push({ field: 'title', key: 'enterprise.post.needTitle' })
  else if (f.title.trim().length > 100) out.push({ field: 'title', key: 'enterprise.post.titleTooLong' })
  if (!f.description.trim()) out.push({ field: 'description', key: 'enterprise.post.needDescription' })
  if (!f.skills.some((s) => s.code)) out.push({ field: 'skills', key: 'enterprise.post.needSkill' })
  return out
}

/** The ProblemInput the API takes. */
export interface ProblemInput {
  title: string
  description?: string
  enterpriseId: string
  industry?: string
  skills?: { code: string; minLevel?: string }[]
  urgency?: string
  contact?: string
  confidential?: string
}

/**
 * problemInput maps the form to createProblem's input: trimmed text, empty fields left out,
 * each trade once (the first row wins), "any level" rows without minLevel.
 */
export function problemInput(f: ProblemForm, enterpriseId: string): ProblemInput {
  const out: ProblemInput = { title: f.title.trim(), enterpriseId }
  const opt = (v: string) => v.trim() || undefined
  const description = opt(f.description)
  if (description) out.description = description
  const industry = opt(f.industry)
  if (industry) out.industry = industry
  if (f.urgency) out.urgency = f.urgency
  const contact = opt(f.contact)
  if (contact) out.contact = contact
  const confidential = opt(f.confidential)
  if (confidential) out.confidential = confidential
  const seen = new Set<string>()
  const skills: { code: string; minLevel?: string }[] = []
  for (const s of f.skills) {
    if (!s.code || seen.has(s.code)) continue
    seen.add(s.code)
    skills.push(levelRank(s.minLevel) >= 0 ? { code: s.code, minLevel: s.minLevel } : { code: s.code })
  }
  if (skills.length) out.skills = skills
  return out
}

/**
 * coveredSkills lists the problem's required trades an expert holds at the required level or
 * higher (any level when the problem sets none; an uncertified holder covers only "any level").
 */
export function coveredSkills(
  required: RequiredSkillView[],
  held: { skill: { code: string }; level: string | null }[],
): RequiredSkillView[] {
  return required.filter((r) => {
    const h = held.find((x) => x.skill.code === r.skill.code)
    if (!h) return false
    if (!r.minLevel) return true
    return levelRank(h.level) >= levelRank(r.minLevel)
  })
}

/** What the enterprise can do with a visit now. */
export interface VisitActions {
  schedule: boolean
  cancel: boolean
  outcomes: boolean
  rate: boolean
}

/** visitActions: schedule a PLANNED visit once an expert accepted; cancel until it is done;
 * record outcomes of a SCHEDULED visit; rate a DONE visit once. */
export function visitActions(v: Pick<VisitView, 'status' | 'rating' | 'invitations'>): VisitActions {
  const accepted = v.invitations.some((i) => i.status === 'ACCEPTED')
  return {
    schedule: v.status === 'PLANNED' && accepted,
    cancel: v.status === 'PLANNED' || v.status === 'SCHEDULED',
    outcomes: v.status === 'SCHEDULED',
    rate: v.status === 'DONE' && v.rating === 0,
  }
}

/** invitationCounts tallies a visit's answers. */
export function invitationCounts(v: Pick<VisitView, 'invitations'>): { invited: number; accepted: number; declined: number } {
  const c = { invited: 0, accepted: 0, declined: 0 }
  for (const i of v.invitations) {
    if (i.status === 'ACCEPTED') c.accepted++
    else if (i.status === 'DECLINED') c.declined++
    else c.invited++
  }
  return c
}

export const OUTCOME_RESULTS = ['SOLVED', 'PARTLY', 'NOT_SOLVED'] as const

/** One row of the outcomes form. */
export interface OutcomeRow {
  problemId: string
  title: string
  result: string
  notes: string
}

/** outcomeRows starts the outcomes form with one empty row per problem of the visit. */
export function outcomeRows(v: Pick<VisitView, 'problems'>): OutcomeRow[] {
  return v.problems.map((p) => ({ problemId: p.id, title: p.title, result: '', notes: '' }))
}

/** outcomeProblems names the rows still lacking a result (field = the problem id). */
export function outcomeProblems(rows: OutcomeRow[]): FieldProblem[] {
  return rows
    .filter((r) => !(OUTCOME_RESULTS as readonly string[]).includes(r.result))
    .map((r) => ({ field: r.problemId, key: 'enterprise.visit.needResult' }))
}

/** outcomesInput maps the rows to recordVisitOutcomes' input (notes trimmed, left out when empty). */
export function outcomesInput(rows: OutcomeRow[]): { problemId: string; result: string; notes?: string }[] {
  return rows.map((r) => {
    const notes = r.notes.trim()
    return notes ? { problemId: r.problemId, result: r.result, notes } : { problemId: r.problemId, result: r.result }
  })
}
