// Plain-language text for API errors, by extensions.code, in the active UI language.
import { GqlError } from './graphql'
import { t, te } from '@/i18n'

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
    if (field) return t('common.errors.INVALID_INPUT_FIELD', { field: fieldLabel(field), message: detail(err) })
    return t('common.errors.INVALID_INPUT')
  }
  if (code.startsWith('HTTP_5')) return t('common.errors.INTERNAL')
  const key = `common.errors.${code}`
  if (te(key)) return t(key)
  return t('common.errors.UNKNOWN')
}

/** detail strips the "input: field:" prefixes the server puts before the reason of a field error. */
function detail(err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err)
  const parts = msg.split(': ')
  return parts[parts.length - 1] || msg
}
