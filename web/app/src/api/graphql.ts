// GraphQL client for the Jiangxin API at /graphql. It sends the stored bearer token and turns
// GraphQL and transport errors into GqlError with the server's extensions.code.

/** Key under which the session (token and account) is stored in localStorage. */
export const SESSION_KEY = 'jiangxin.session'

/** GqlError is one error of a GraphQL response (or a transport failure, code NETWORK/HTTP_<status>). */
export class GqlError extends Error {
  code: string
  field?: string
  path?: ReadonlyArray<string | number>
  constructor(message: string, code: string, field?: string, path?: ReadonlyArray<string | number>) {
    super(message)
    this.name = 'GqlError'
    this.code = code
    this.field = field
    this.path = path
  }
}

type RawError = { message?: string; path?: (string | number)[]; extensions?: { code?: string; field?: string } }

/** storedToken reads the bearer token from localStorage, or '' when signed out. */
export function storedToken(): string {
  try {
    const raw = localStorage.getItem(SESSION_KEY)
    if (!raw) return ''
    const s = JSON.parse(raw) as { token?: string; expiresAt?: string }
    if (!s.token) return ''
    if (s.expiresAt && Date.parse(s.expiresAt) <= Date.now()) return ''
    return s.token
  } catch {
    return ''
  }
}

type UnauthorizedListener = () => void
const unauthorizedListeners = new Set<UnauthorizedListener>()

/** onUnauthenticated registers a callback run when the server rejects the token; returns an unsubscribe function. */
export function onUnauthenticated(fn: UnauthorizedListener): () => void {
  unauthorizedListeners.add(fn)
  return () => unauthorizedListeners.delete(fn)
}

function toError(e: RawError): GqlError {
  return new GqlError(e.message || 'error', e.extensions?.code || 'INTERNAL', e.extensions?.field, e.path)
}

async function send<T>(init: RequestInit): Promise<T> {
  let res: Response
  try {
    res = await fetch('/graphql', init)
  } catch (e) {
    throw new GqlError(e instanceof Error ? e.message : String(e), 'NETWORK')
  }
  let body: { data?: T; errors?: RawError[] } | undefined
  try {
    body = await res.json()
  } catch {
    throw new GqlError(`HTTP ${res.status}`, res.status === 429 ? 'RATE_LIMITED' : `HTTP_${res.status}`)
  }
  if (body?.errors?.length) {
    const err = toError(body.errors[0])
    if (err.code === 'UNAUTHENTICATED' && storedToken()) unauthorizedListeners.forEach((fn) => fn())
    throw err
  }
  if (!res.ok) throw new GqlError(`HTTP ${res.status}`, res.status === 429 ? 'RATE_LIMITED' : `HTTP_${res.status}`)
  return (body?.data ?? {}) as T
}

function headers(json: boolean): Record<string, string> {
  const h: Record<string, string> = { Accept: 'application/json' }
  if (json) h['Content-Type'] = 'application/json'
  const t = storedToken()
  if (t) h.Authorization = `Bearer ${t}`
  return h
}

/** gql posts a query with variables and returns its data; it throws GqlError on the first error. */
export async function gql<T = any>(query: string, variables?: Record<string, unknown>): Promise<T> {
  return send<T>({ method: 'POST', headers: headers(true), body: JSON.stringify({ query, variables: variables ?? {} }) })
}

/**
 * upload sends a query with one file following the GraphQL multipart request spec; the file is
 * bound to the variable `file` (override with variables.fileVariable is not supported: name it `file`).
 */
export async function upload<T = any>(query: string, file: File, variables?: Record<string, unknown>): Promise<T> {
  const form = new FormData()
  form.append('operations', JSON.stringify({ query, variables: { ...(variables ?? {}), file: null } }))
  form.append('map', JSON.stringify({ '0': ['variables.file'] }))
  form.append('0', file, file.name)
  return send<T>({ method: 'POST', headers: headers(false), body: form })
}
