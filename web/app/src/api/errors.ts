// Plain-language text for API errors, by extensions.code, in the active UI language.
import { GqlError } from './graphql'
import { t, te, currentLocale } from '@/i18n'

/** codeOf returns the error code of any thrown value ('UNKNOWN' when it has none). */
export function codeOf(err: unknown): string {
  if (err instanceof GqlError) return err.code
  if (err && typeof err === 'object' && typeof (err as { code?: unknown }).code === 'string') return (err as { code: string }).code
  return 'UNKNOWN'
}

/** fieldOf returns the input field an INVALID_INPUT error is about, or undefined. */
export function fieldOf(err: unknown): string | undefined {
  if (err instanceof GqlError) return err.field || undefined
  if (err && typeof err === 'object' && typeof (err as { field?: unknown }).field === 'string') return (err as { field: string }).field
  return undefined
}

/** fieldLabel returns a readable name for an input field (last path segment, translated when known). */
export function fieldLabel(field: string): string {
  const last = field.split('.').pop() || field
  const key = `common.fields.${last}`
  return te(key) ? t(key) : last
}

function isLoginFailure(err: unknown): boolean {
  return err instanceof GqlError && err.code === 'UNAUTHENTICATED' && !!err.path && err.path[0] === 'login'
}

/** retryAfterSeconds returns the wait a rate-limit refusal names ("try again in 899 s"), or 0. */
export function retryAfterSeconds(err: unknown): number {
  const msg = err instanceof Error ? err.message : ''
  const m = /try again in (\d+)\s*s/i.exec(msg)
  return m ? Number(m[1]) : 0
}

/** isRateLimited reports whether err refuses a call for being repeated too often. */
export function isRateLimited(err: unknown): boolean {
  if (codeOf(err) === 'RATE_LIMITED' || codeOf(err) === 'TOO_MANY_REQUESTS' || codeOf(err) === 'HTTP_429') return true
  const msg = err instanceof Error ? err.message.toLowerCase() : ''
  return /too many|rate limit|try again (later|in)/.test(msg)
}

/** errorText returns plain text for an error: by code, with the field named for INVALID_INPUT. */
export function errorText(err: unknown): string {
  if (isRateLimited(err)) return t('common.errors.RATE_LIMITED')
  if (isLoginFailure(err)) return t('common.errors.BAD_CREDENTIALS')
  const code = codeOf(err)
  if (code === 'INVALID_INPUT') {
    const field = fieldOf(err)
    if (field) return t('common.errors.INVALID_INPUT_FIELD', { field: fieldLabel(field), message: reasonText(detail(err)) })
    return t('common.errors.INVALID_INPUT')
  }
  if (code.startsWith('HTTP_5')) return t('common.errors.INTERNAL')
  const key = `common.errors.${code}`
  if (te(key)) return t(key)
  return t('common.errors.UNKNOWN')
}

// Chinese renderings of the server's most common validation reasons; others are shown as sent.
const REASONS_ZH: Array<[RegExp, string]> = [
  [/must not be empty|must be set|is required|needs an? /i, '不能为空'],
  [/must be at most (\d+) characters/i, '最多 $1 个字'],
  [/must be at least (\d+) (?:bytes|characters)/i, '至少 $1 个字符'],
  [/cannot be changed/i, '不能修改'],
  [/is outside (\S+)/i, '超出范围（$1）'],
  [/lists (.+) twice/i, '重复填写了 $1'],
  [/is not a level on the ladder/i, '不是有效的技能等级'],
  [/is not an occupation code/i, '不是有效的职业编码'],
  [/does not exist|^no \w+ /i, '不存在'],
  [/say why the pairing ends/i, '请说明终止原因'],
  [/a worker cannot mentor themselves/i, '不能与自己结对'],
  [/too many/i, '数量过多'],
]

/** reasonText translates a validation reason into the active language where a rendering exists. */
export function reasonText(reason: string): string {
  if (currentLocale() !== 'zh-CN') return reason
  for (const [re, zh] of REASONS_ZH) {
    const m = re.exec(reason)
    if (m) return zh.replace('$1', m[1] ?? '')
  }
  return reason
}

/** detail strips the "input: field:" prefixes the server puts before the reason of a field error. */
function detail(err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err)
  const parts = msg.split(': ')
  return parts[parts.length - 1] || msg
}
