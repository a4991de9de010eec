// Pure helpers shared by the apprentice, craftsman and enterprise pages: skill levels, pairing
// statuses, score explanations and the agreement form. No Vue here, so Vitest covers it directly.

/** The national five-level ladder, lowest first (matches the GraphQL SkillLevel enum). */
export const LEVELS = ['JUNIOR', 'INTERMEDIATE', 'SENIOR', 'TECHNICIAN', 'SENIOR_TECHNICIAN'] as const
export type Level = (typeof LEVELS)[number]

/** levelRank is a level's place on the ladder (0 = 初级工), or -1 for none/unknown. */
export function levelRank(level: string | null | undefined): number {
  return level ? LEVELS.indexOf(level as Level) : -1
}

/** levelKey is the i18n key of a level's name; null for no level. */
export function levelKey(level: string | null | undefined): string | null {
  return levelRank(level) >= 0 ? `roleShared.level.${level}` : null
}

export const PAIRING_STATUSES = ['PROPOSED', 'ACCEPTED', 'DECLINED', 'ACTIVE', 'COMPLETED', 'TERMINATED'] as const
export type PairingStatus = (typeof PAIRING_STATUSES)[number]

/** pairingStatusKey is the i18n key of a pairing status's Chinese label. */
export function pairingStatusKey(status: string): string {
  return `roleShared.pairingStatus.${status}`
}

/** pairingStatusType is the el-tag type that colours a pairing status. */
export function pairingStatusType(status: string): 'primary' | 'success' | 'warning' | 'info' | 'danger' {
  switch (status) {
    case 'PROPOSED':
      return 'warning'
    case 'ACCEPTED':
      return 'primary'
    case 'ACTIVE':
      return 'success'
    case 'COMPLETED':
      return 'success'
    case 'DECLINED':
    case 'TERMINATED':
      return 'danger'
    default:
      return 'info'
  }
}

/** A part of a matching score as the API returns it (ScorePart). */
export interface ScorePart {
  name: string
  value: number
  weight: number
  contribution: number
  detail: string
}

/** An explained score (Explanation). */
export interface Explanation {
  total: number
  parts: ScorePart[]
  summary: string
}

/** Score part names the matching engine uses and that have a Chinese label. */
export const KNOWN_PARTS = [
  'skill_fit',
  'level_gap',
  'honours',
  'proximity',
  'industry',
  'capacity',
  'track_record',
  'relevance',
  'coverage',
  'solved_before',
  'availability',
] as const

/** One row of an explanation table. */
export interface ExplanationRow {
  name: string
  /** i18n key of the part's label, or null when the part is unknown (show name). */
  labelKey: string | null
  value: number
  weight: number
  contribution: number
  /** contribution as a whole percentage of the total (0 when the total is 0). */
  percent: number
  detail: string
}

/**
 * explanationRows turns a score into table rows, biggest contribution first; parts that
 * contribute nothing go last (ties keep the engine's order).
 */
export function explanationRows(score: Explanation | null | undefined): ExplanationRow[] {
  if (!score) return []
  const total = score.total > 0 ? score.total : 0
  return score.parts
    .map((p, i) => ({ p, i }))
    .sort((a, b) => b.p.contribution - a.p.contribution || a.i - b.i)
    .map(({ p }) => ({
      name: p.name,
      labelKey: (KNOWN_PARTS as readonly string[]).includes(p.name) ? `roleShared.scorePart.${p.name}` : null,
      value: p.value,
      weight: p.weight,
      contribution: p.contribution,
      percent: total > 0 ? Math.round((p.contribution / total) * 100) : 0,
      detail: p.detail,
    }))
}

/** formatScore prints a score with two decimals. */
export function formatScore(n: number): string {
  return Number.isFinite(n) ? n.toFixed(2) : '–'
}

/** The agreement form shared by 拜师 requests and signing (all optional as typed). */
export interface AgreementForm {
  skillCode: string
  targetLevel: string
  deadline: string
  goal: string
  reviewCadenceDays: number | null
  signedOn?: string
}

/** emptyAgreementForm is a blank agreement form. */
export function emptyAgreementForm(): AgreementForm {
  return { skillCode: '', targetLevel: '', deadline: '', goal: '', reviewCadenceDays: null }
}

/** The AgreementInput the API takes. */
export interface AgreementInput {
  signedOn?: string
  skillCode?: string
  targetLevel?: string
  deadline?: string
  goal?: string
  reviewCadenceDays?: number
}

/**
 * agreementInput maps the form to an AgreementInput, leaving out what was not filled in;
 * it returns null when nothing was filled in (requestMentor then sends no agreement).
 */
export function agreementInput(form: AgreementForm): AgreementInput | null {
  const out: AgreementInput = {}
  const skill = form.skillCode.trim()
  if (skill) out.skillCode = skill
  if (levelRank(form.targetLevel) >= 0) out.targetLevel = form.targetLevel
  if (form.deadline) out.deadline = form.deadline
  const goal = form.goal.trim()
  if (goal) out.goal = goal
  if (form.reviewCadenceDays != null && form.reviewCadenceDays > 0) {
    out.reviewCadenceDays = Math.round(form.reviewCadenceDays)
  }
  if (form.signedOn) out.signedOn = form.signedOn
  return Object.keys(out).length ? out : null
}

/** A missing-field problem of a form: the field and the i18n key of the message. */
export interface FieldProblem {
  field: string
  key: string
}

/**
 * signProblems lists what an agreement still lacks before it can be signed (trade, target
 * level, deadline, review cadence), in form order; empty when it can be signed.
 */
export function signProblems(form: AgreementForm, today: string): FieldProblem[] {
  const out: FieldProblem[] = []
  if (!form.skillCode.trim()) out.push({ field: 'skillCode', key: 'roleShared.agreement.needTrade' })
  if (levelRank(form.targetLevel) < 0) out.push({ field: 'targetLevel', key: 'roleShared.agreement.needLevel' })
  if (!form.deadline) out.push({ field: 'deadline', key: 'roleShared.agreement.needDeadline' })
  else if (form.deadline <= today) out.push({ field: 'deadline', key: 'roleShared.agreement.deadlinePast' })
  if (form.reviewCadenceDays == null || form.reviewCadenceDays < 1) {
    out.push({ field: 'reviewCadenceDays', key: 'roleShared.agreement.needCadence' })
  }
  return out
}

/** cleanDate treats the API's empty date ("") as no date. */
export function cleanDate(d: string | null | undefined): string | null {
  return d ? d : null
}

/** todayISO is today's date (local) as YYYY-MM-DD. */
export function todayISO(now: Date = new Date()): string {
  const m = String(now.getMonth() + 1).padStart(2, '0')
  const d = String(now.getDate()).padStart(2, '0')
  return `${now.getFullYear()}-${m}-${d}`
}

/** The matching code for a mapped API field name (agreement.skillCode → skillCode). */
export function formField(apiField: string | undefined | null): string | null {
  if (!apiField) return null
  const parts = apiField.split('.')
  return parts[parts.length - 1] || null
}

/** A pairing as the role pages query it (see PAIRING_FIELDS). */
export interface PairingView {
  id: string
  status: string
  origin: string | null
  score: number
  award: string
  terminationReason: string
  completedOn: string | null
  promotedTo: string | null
  createdAt: string
  updatedAt: string
  mentor: { id: string; name: string; enterprise?: { name: string } | null }
  apprentice: { id: string; name: string }
  agreement: {
    signedOn: string | null
    skill: { code: string; name: string } | null
    targetLevel: string | null
    deadline: string | null
    goal: string
    reviewCadenceDays: number
  }
  reviews: { id: string; date: string; note: string; levelReached: string | null; author: { id: string; name: string } | null; createdAt: string }[]
}

/** Pairing statuses in the order a list shows them: what needs attention first. */
const STATUS_ORDER: Record<string, number> = { PROPOSED: 0, ACCEPTED: 1, ACTIVE: 2, COMPLETED: 3, TERMINATED: 4, DECLINED: 5 }

/** sortPairings orders pairings by status (open ones first), then most recently updated. */
export function sortPairings<T extends { status: string; updatedAt: string }>(list: T[]): T[] {
  return [...list].sort(
    (a, b) => (STATUS_ORDER[a.status] ?? 9) - (STATUS_ORDER[b.status] ?? 9) || b.updatedAt.localeCompare(a.updatedAt),
  )
}

/** agreementFormOf fills the agreement form from a pairing's agreement (for signing). */
export function agreementFormOf(a: PairingView['agreement'] | null | undefined): AgreementForm {
  return {
    skillCode: a?.skill?.code ?? '',
    targetLevel: a?.targetLevel ?? '',
    deadline: cleanDate(a?.deadline) ?? '',
    goal: a?.goal ?? '',
    reviewCadenceDays: a && a.reviewCadenceDays > 0 ? a.reviewCadenceDays : 30,
  }
}

/** Known CONFLICT reasons of the workflow steps, by the server message's wording. */
const CONFLICT_PATTERNS: [RegExp, string][] = [
  [/already links these two/i, 'roleShared.conflict.alreadyPaired'],
  [/not accepting mentees/i, 'roleShared.conflict.notAccepting'],
  [/no free (mentoring )?slot/i, 'roleShared.conflict.noSlot'],
  [/cannot move from|only an accepted pairing|is (PROPOSED|ACCEPTED|ACTIVE|DECLINED|COMPLETED|TERMINATED)\b/i, 'roleShared.conflict.stale'],
  [/already answered/i, 'roleShared.conflict.answered'],
  [/invitations are closed/i, 'roleShared.conflict.closed'],
  [/not invited/i, 'roleShared.conflict.notInvited'],
  [/no invited expert has accepted/i, 'roleShared.conflict.noneAccepted'],
  [/already rated/i, 'roleShared.conflict.rated'],
  [/only open problems get a visit/i, 'roleShared.conflict.problemBusy'],
  [/visit \S+ is (PLANNED|SCHEDULED|DONE|CANCELLED)/i, 'roleShared.conflict.visitMoved'],
]

/**
 * conflictKey is the i18n key that explains a CONFLICT refusal of a workflow step in plain words
 * (the mentor has no free slot, the invitation was already answered …), or null for any other
 * error, for which the app's common error text is used.
 */
export function conflictKey(err: unknown): string | null {
  if (!err || typeof err !== 'object') return null
  const e = err as { code?: unknown; message?: unknown }
  if (e.code !== 'CONFLICT' || typeof e.message !== 'string') return null
  for (const [re, key] of CONFLICT_PATTERNS) if (re.test(e.message)) return key
  return null
}
