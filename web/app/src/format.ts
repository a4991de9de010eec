// Small formatting helpers shared by pages: skill levels, score part names, dates, search highlights.

/** SkillLevel is the national five-level ladder, lowest first. */
export type SkillLevel = 'JUNIOR' | 'INTERMEDIATE' | 'SENIOR' | 'TECHNICIAN' | 'SENIOR_TECHNICIAN'

/** LEVELS lists the skill levels from lowest to highest. */
export const LEVELS: readonly SkillLevel[] = ['JUNIOR', 'INTERMEDIATE', 'SENIOR', 'TECHNICIAN', 'SENIOR_TECHNICIAN']

/** levelRank returns 1 (初级工) … 5 (高级技师), or 0 for an unknown level. */
export function levelRank(level: string | null | undefined): number {
  return LEVELS.indexOf(level as SkillLevel) + 1
}

const PARTS: Record<string, [string, string]> = {
  skill_fit: ['技能匹配', 'Skill fit'],
  level_gap: ['等级差距', 'Level gap'],
  honours: ['荣誉', 'Honours'],
  proximity: ['距离远近', 'Proximity'],
  industry: ['行业相近', 'Industry'],
  capacity: ['带徒余量', 'Capacity'],
  track_record: ['带徒成绩', 'Track record'],
  relevance: ['问题相关度', 'Relevance'],
  coverage: ['技能覆盖', 'Coverage'],
  solved_before: ['解决过类似问题', 'Solved before'],
  availability: ['可约时间', 'Availability'],
  specialty: ['专长方向', 'Specialty'],
  members: ['成员实力', 'Members'],
  achievements: ['创新成果', 'Achievements'],
  tier: ['级别', 'Tier'],
  skills: ['技能互补', 'Skills'],
  tier_span: ['级别跨度', 'Tier span'],
}

/** partLabel returns the readable name of a score part (Chinese unless locale is en); unknown names pass through. */
export function partLabel(name: string, locale: string = 'zh-CN'): string {
  const p = PARTS[name]
  if (!p) return name
  return locale === 'en' ? p[1] : p[0]
}

/** formatDate renders an RFC 3339 time or YYYY-MM-DD date as YYYY-MM-DD (local), '' when empty. */
export function formatDate(v: string | null | undefined): string {
  if (!v) return ''
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) return v
  const d = new Date(v)
  if (Number.isNaN(d.getTime())) return v
  const p = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`
}

/** formatDateTime renders an RFC 3339 time as YYYY-MM-DD HH:mm (local). */
export function formatDateTime(v: string | null | undefined): string {
  if (!v) return ''
  const d = new Date(v)
  if (Number.isNaN(d.getTime())) return v
  const p = (n: number) => String(n).padStart(2, '0')
  return `${formatDate(v)} ${p(d.getHours())}:${p(d.getMinutes())}`
}

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'", '&#x27;': "'", '&#34;': '"' }

/** decodeEntities turns the basic HTML entities back into characters (others stay as written). */
export function decodeEntities(s: string): string {
  return s.replace(/&(?:amp|lt|gt|quot|#39|#x27|#34);/g, (m) => ENTITIES[m] ?? m)
}

/** escapeHtml escapes text for use inside HTML. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string)
}

/** HighlightSegment is a run of plain text, emphasised when it was inside <em>…</em>. */
export interface HighlightSegment { text: string; em: boolean }

/**
 * highlightSegments splits a search highlight fragment (HTML-escaped by the server, matches in
 * <em>…</em>) into plain-text segments. Any other tag is treated as text, never as markup.
 */
export function highlightSegments(fragment: string): HighlightSegment[] {
  const out: HighlightSegment[] = []
  let em = false
  for (const piece of fragment.split(/(<\/?em>)/i)) {
    if (/^<em>$/i.test(piece)) { em = true; continue }
    if (/^<\/em>$/i.test(piece)) { em = false; continue }
    if (!piece) continue
    const text = decodeEntities(piece)
    const last = out[out.length - 1]
    if (last && last.em === em) last.text += text
    else out.push({ text, em })
  }
  return out
}

/** sanitizeHighlight returns safe HTML for a highlight fragment: everything escaped except <em> and </em>. */
export function sanitizeHighlight(fragment: string): string {
  return highlightSegments(fragment).map((s) => (s.em ? `<em>${escapeHtml(s.text)}</em>` : escapeHtml(s.text))).join('')
}
