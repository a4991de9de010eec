// Names of API enum values and audit actions, as i18n keys of the officer area.

import type { Translate } from './periods'

/** TARGET_KINDS lists target kinds in display order. */
export const TARGET_KINDS = ['PAIRS_SIGNED', 'PAIRS_COMPLETED', 'PROBLEMS_SOLVED', 'STUDIOS'] as const

/** LEVELS lists skill levels lowest first (初级工 … 高级技师). */
export const LEVELS = ['JUNIOR', 'INTERMEDIATE', 'SENIOR', 'TECHNICIAN', 'SENIOR_TECHNICIAN'] as const

/** STUDIO_KINDS lists studio kinds. */
export const STUDIO_KINDS = ['MODEL_WORKER', 'CRAFTSMAN', 'SKILL_MASTER'] as const

/** TIERS lists administrative tiers, highest first. */
export const TIERS = ['NATIONAL', 'PROVINCIAL', 'CITY', 'DISTRICT', 'TOWN', 'ENTERPRISE'] as const

/** ACCOUNT_ROLES lists account roles. */
export const ACCOUNT_ROLES = ['ADMIN', 'UNION_OFFICER', 'ENTERPRISE', 'CRAFTSMAN', 'APPRENTICE'] as const

/** SHEET_KINDS lists the importable roster kinds (templates exist for each). */
export const SHEET_KINDS = ['regions', 'unions', 'enterprises', 'workers', 'studios', 'targets'] as const

/** EXPORT_KINDS lists the kinds GET /exports/{kind} serves. */
export const EXPORT_KINDS = [...SHEET_KINDS, 'pairings', 'progress', 'visits', 'all'] as const

/** AUDIT_ACTIONS lists the mutations with a Chinese label (officer.action.<name>). */
export const AUDIT_ACTIONS = [
  'addAchievement', 'addHonour', 'addReview', 'addStudioMember', 'awardPairing', 'cancelVisit',
  'changePassword', 'completePairing', 'createAccount', 'createEnterprise', 'createPairing',
  'createProblem', 'createRegion', 'createStudio', 'createTarget', 'createUnion', 'createVisit',
  'createWorker', 'deleteEnterprise', 'deletePairing', 'deleteProblem', 'deleteRegion', 'deleteStudio',
  'deleteTarget', 'deleteUnion', 'deleteVisit', 'deleteWorker', 'importSheet', 'login', 'logout',
  'proposeCampaign', 'proposeVisit', 'rateVisit', 'recordVisitOutcomes', 'removeHonour',
  'removeStudioMember', 'removeWorkerSkill', 'requestMentor', 'respondInvitation', 'respondPairing',
  'routeProblem', 'scheduleVisit', 'setAccountDisabled', 'setProblemStatus', 'setWorkerSkill',
  'signAgreement', 'terminatePairing', 'transitionPairing', 'updateEnterprise', 'updatePairing',
  'updateProblem', 'updateRegion', 'updateStudio', 'updateTarget', 'updateUnion', 'updateVisit',
  'updateWorker',
] as const

const known = new Set<string>(AUDIT_ACTIONS)

/** actionLabel names an audit action; an action without a label comes back as given. */
export function actionLabel(action: string, t: Translate): string {
  return known.has(action) ? t(`officer.action.${action}`) : action
}

/** enumLabel names an enum value of a group (targetKind, level, studioKind, tier, role, sheetKind). */
export function enumLabel(group: string, value: string | null | undefined, t: Translate): string {
  if (!value) return ''
  return t(`officer.${group}.${value}`)
}

/** ENTITY_ROUTES maps an entity type to the detail route pattern other areas may define. */
export const ENTITY_ROUTES: Record<string, string> = {
  Worker: '/workers/:id',
  Pairing: '/pairings/:id',
  Problem: '/problems/:id',
  Studio: '/studios/:id',
  Enterprise: '/enterprises/:id',
  Union: '/unions/:id',
  Visit: '/visits/:id',
}

/** ID_PREFIXES maps an ID prefix to its entity type (IDs look like wkr_01…). */
export const ID_PREFIXES: Record<string, string> = {
  wkr: 'Worker', pai: 'Pairing', prb: 'Problem', stu: 'Studio', ent: 'Enterprise', uni: 'Union',
  vis: 'Visit', acc: 'Account', tgt: 'Target', reg: 'Region',
}

/** typeOfId guesses an entity's type from its ID prefix; '' when unknown. */
export function typeOfId(id: string): string {
  const i = id.indexOf('_')
  return i > 0 ? (ID_PREFIXES[id.slice(0, i)] ?? '') : ''
}

/**
 * entityPath returns the detail path of an entity when the app has a route for its type
 * (hasPattern says whether a route pattern exists), or null.
 */
export function entityPath(type: string, id: string, hasPattern: (pattern: string) => boolean): string | null {
  const pattern = ENTITY_ROUTES[type]
  if (!pattern || !hasPattern(pattern)) {
    if (type === 'Studio') return `/officer/studios/${encodeURIComponent(id)}`
    return null
  }
  return pattern.replace(':id', encodeURIComponent(id))
}

/** summaryText drops the action name the server puts before an audit summary's details. */
export function summaryText(summary: string, action: string): string {
  const s = summary.trim()
  if (s === action) return ''
  return s.startsWith(`${action} `) ? s.slice(action.length + 1) : s
}

/** AuditEntity is the entity of an audit entry with the names the audit query asks for. */
export interface AuditEntity {
  __typename: string
  id: string
  name?: string
  title?: string
  mentor?: { name: string }
  apprentice?: { name: string }
}

/** entityName names an audited record: its name, a problem's title, or 师傅 → 徒弟 for a pairing; else its ID. */
export function entityName(e: AuditEntity | null | undefined, fallbackId?: string | null): string {
  if (!e) return fallbackId ?? ''
  if (e.name) return e.name
  if (e.title) return e.title
  if (e.mentor && e.apprentice) return `${e.mentor.name} → ${e.apprentice.name}`
  return e.id
}

/** NODE_PREFIXES are the ID prefixes Query.node resolves (accounts, reviews and honours it does not). */
export const NODE_PREFIXES = ['reg', 'uni', 'ent', 'wkr', 'prb', 'vis', 'pai', 'stu', 'tgt'] as const

/**
 * namesQuery builds one query naming the records behind ids through Query.node, one alias (n0,
 * n1 …) per distinct ID that node resolves; it returns null when there is none. Audit entries
 * are named this way because asking for AuditEntry.entity fails the whole page when one entry's
 * record is an account.
 */
export function namesQuery(ids: (string | null | undefined)[]): { query: string; aliases: Record<string, string> } | null {
  const distinct = [...new Set(ids.filter((id): id is string => !!id && /^[a-z]{3}_[0-9A-Za-z]+$/.test(id)))]
    .filter((id) => (NODE_PREFIXES as readonly string[]).includes(id.slice(0, 3)))
  if (!distinct.length) return null
  const aliases: Record<string, string> = {}
  const parts = distinct.map((id, i) => {
    aliases[`n${i}`] = id
    return `n${i}: node(id: "${id}") { __typename id ... on Worker { name } ... on Studio { name } ... on Enterprise { name } `
      + '... on Union { name } ... on Region { name } ... on Problem { title } ... on Pairing { mentor { name } apprentice { name } } }'
  })
  return { query: `query OfficerAuditNames { ${parts.join(' ')} }`, aliases }
}
