import { beforeEach, describe, expect, it, vi } from 'vitest'
import { SESSION_KEY } from './api/graphql'

const account = { id: 'acc_1', username: 'hengyue', displayName: '长沙恒岳重工', role: 'ENTERPRISE', scope: { id: 'ent_1', __typename: 'Enterprise', name: '长沙恒岳重工有限公司' } }
const future = new Date(Date.now() + 3600_000).toISOString()

type Call = { body: any; headers: Record<string, string> }

function mockFetch(responses: Array<{ status?: number; body: unknown }>): Call[] {
  const calls: Call[] = []
  vi.stubGlobal('fetch', vi.fn(async (_url: string, init: RequestInit) => {
    calls.push({ body: JSON.parse(String(init.body)), headers: init.headers as Record<string, string> })
    const r = responses.shift() ?? { body: { data: {} } }
    return new Response(JSON.stringify(r.body), { status: r.status ?? 200, headers: { 'Content-Type': 'application/json' } })
  }))
  return calls
}

// fresh imports the session module anew, as a page reload would.
async function fresh() {
  vi.resetModules()
  return import('./session')
}

beforeEach(() => {
  localStorage.clear()
  vi.unstubAllGlobals()
})

describe('session', () => {
  it('starts signed out', async () => {
    const { useSession } = await fresh()
    const s = useSession()
    expect(s.isSignedIn).toBe(false)
    expect(s.role).toBeNull()
    expect(s.hasRole()).toBe(false)
  })

  it('login stores token and account, and survives a reload', async () => {
    const calls = mockFetch([{ body: { data: { login: { token: 'tok-1', expiresAt: future, account } } } }])
    const { useSession } = await fresh()
    const s = useSession()
    await s.login('hengyue', 'pw')
    expect(calls[0].body.variables).toEqual({ username: 'hengyue', password: 'pw' })
    expect(calls[0].headers.Authorization).toBeUndefined()
    expect(s.isSignedIn).toBe(true)
    expect(s.role).toBe('ENTERPRISE')
    expect(s.scopeId).toBe('ent_1')
    expect(s.hasRole('ENTERPRISE', 'ADMIN')).toBe(true)
    expect(s.hasRole('CRAFTSMAN')).toBe(false)
    expect(JSON.parse(localStorage.getItem(SESSION_KEY)!).token).toBe('tok-1')

    const again = (await fresh()).useSession()
    expect(again.isSignedIn).toBe(true)
    expect(again.account?.username).toBe('hengyue')
  })

  it('sends the stored token with later requests', async () => {
    localStorage.setItem(SESSION_KEY, JSON.stringify({ token: 'tok-2', expiresAt: future, account }))
    const calls = mockFetch([{ body: { data: { me: null } } }])
    await fresh()
    const { gql } = await import('./api/graphql')
    await gql('{ me { id } }')
    expect(calls[0].headers.Authorization).toBe('Bearer tok-2')
  })

  it('drops an expired session on load', async () => {
    localStorage.setItem(SESSION_KEY, JSON.stringify({ token: 'old', expiresAt: new Date(Date.now() - 1000).toISOString(), account }))
    const s = (await fresh()).useSession()
    expect(s.isSignedIn).toBe(false)
    expect(localStorage.getItem(SESSION_KEY)).toBeNull()
  })

  it('ignores a malformed stored session', async () => {
    localStorage.setItem(SESSION_KEY, '{not json')
    const s = (await fresh()).useSession()
    expect(s.isSignedIn).toBe(false)
  })

  it('a failed login leaves the session signed out and throws the API error', async () => {
    mockFetch([{ body: { errors: [{ message: 'wrong username or password: unauthenticated', path: ['login'], extensions: { code: 'UNAUTHENTICATED' } }], data: null } }])
    const s = (await fresh()).useSession()
    await expect(s.login('x', 'y')).rejects.toMatchObject({ code: 'UNAUTHENTICATED' })
    expect(s.isSignedIn).toBe(false)
    expect(localStorage.getItem(SESSION_KEY)).toBeNull()
  })

  it('logout revokes on the server and forgets locally', async () => {
    localStorage.setItem(SESSION_KEY, JSON.stringify({ token: 'tok-3', expiresAt: future, account }))
    const calls = mockFetch([{ body: { data: { logout: true } } }])
    const s = (await fresh()).useSession()
    await s.logout()
    expect(calls[0].body.query).toContain('logout')
    expect(calls[0].headers.Authorization).toBe('Bearer tok-3')
    expect(s.isSignedIn).toBe(false)
    expect(localStorage.getItem(SESSION_KEY)).toBeNull()
  })

  it('logout still signs out when the server refuses the token', async () => {
    localStorage.setItem(SESSION_KEY, JSON.stringify({ token: 'tok-4', expiresAt: future, account }))
    mockFetch([{ body: { errors: [{ message: 'unauthenticated', extensions: { code: 'UNAUTHENTICATED' } }] } }])
    const s = (await fresh()).useSession()
    await s.logout()
    expect(s.isSignedIn).toBe(false)
  })

  it('a token the server rejects is forgotten', async () => {
    localStorage.setItem(SESSION_KEY, JSON.stringify({ token: 'revoked', expiresAt: future, account }))
    mockFetch([{ body: { errors: [{ message: 'token revoked', path: ['me'], extensions: { code: 'UNAUTHENTICATED' } }] } }])
    const s = (await fresh()).useSession()
    const { gql } = await import('./api/graphql')
    await expect(gql('{ me { id } }')).rejects.toMatchObject({ code: 'UNAUTHENTICATED' })
    expect(s.isSignedIn).toBe(false)
    expect(localStorage.getItem(SESSION_KEY)).toBeNull()
  })
})

describe('gql transport errors', () => {
  it('maps a failed fetch to NETWORK', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => { throw new TypeError('Failed to fetch') }))
    const { gql } = await import('./api/graphql')
    await expect(gql('{ ping }')).rejects.toMatchObject({ code: 'NETWORK' })
  })
  it('maps a non-JSON 429 to RATE_LIMITED', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => new Response('slow down', { status: 429 })))
    const { gql } = await import('./api/graphql')
    await expect(gql('{ ping }')).rejects.toMatchObject({ code: 'RATE_LIMITED' })
  })
  it('passes the field of an INVALID_INPUT error', async () => {
    mockFetch([{ status: 200, body: { errors: [{ message: 'input.title: required', path: ['createProblem'], extensions: { code: 'INVALID_INPUT', field: 'input.title' } }] } }])
    const { gql } = await import('./api/graphql')
    await expect(gql('mutation { x }')).rejects.toMatchObject({ code: 'INVALID_INPUT', field: 'input.title' })
  })
})
