// The signed-in session: token and account, reactive, persisted in localStorage.
import { computed, reactive, readonly } from 'vue'
import { gql, SESSION_KEY, onUnauthenticated } from './api/graphql'

/** Role is an account role of the API (AccountRole). */
export type Role = 'ADMIN' | 'UNION_OFFICER' | 'ENTERPRISE' | 'CRAFTSMAN' | 'APPRENTICE'

/** Account is the signed-in account as returned by login. */
export interface Account {
  id: string
  username: string
  displayName: string
  role: Role
  scope: { id: string; __typename?: string; name?: string } | null
}

interface Stored {
  token: string
  expiresAt: string
  account: Account | null
}

const empty: Stored = { token: '', expiresAt: '', account: null }

/** loadStored reads a saved session, dropping it when malformed or expired. */
export function loadStored(): Stored {
  try {
    const raw = localStorage.getItem(SESSION_KEY)
    if (!raw) return { ...empty }
    const s = JSON.parse(raw) as Partial<Stored>
    if (!s.token || !s.account) return { ...empty }
    if (s.expiresAt && Date.parse(s.expiresAt) <= Date.now()) {
      localStorage.removeItem(SESSION_KEY)
      return { ...empty }
    }
    return { token: s.token, expiresAt: s.expiresAt ?? '', account: s.account }
  } catch {
    return { ...empty }
  }
}

const state = reactive<Stored>(loadStored())

function save(): void {
  try {
    if (state.token) localStorage.setItem(SESSION_KEY, JSON.stringify(state))
    else localStorage.removeItem(SESSION_KEY)
  } catch {
    /* storage unavailable: the session lives in memory only */
  }
}

/** LOGIN_MUTATION signs in and returns the session. */
export const LOGIN_MUTATION = `mutation Login($username: String!, $password: String!) {
  login(username: $username, password: $password) {
    token expiresAt
    account { id username displayName role
      scope { id __typename
        ... on Union { name } ... on Enterprise { name } ... on Worker { name } } }
  }
}`

/** setSession stores a session (used by login and tests). */
export function setSession(token: string, expiresAt: string, account: Account | null): void {
  state.token = token
  state.expiresAt = expiresAt
  state.account = account
  save()
}

/** clearSession forgets the session locally without calling the server. */
export function clearSession(): void {
  setSession('', '', null)
}

/** login signs in; it throws the GqlError of a refusal (UNAUTHENTICATED, INVALID_INPUT, rate limit). */
export async function login(username: string, password: string): Promise<Account> {
  const data = await gql<{ login: { token: string; expiresAt: string; account: Account } }>(LOGIN_MUTATION, { username, password })
  setSession(data.login.token, data.login.expiresAt, data.login.account)
  return data.login.account
}

/** logout revokes the token on the server (best effort) and forgets the session. */
export async function logout(): Promise<void> {
  if (state.token) {
    try {
      await gql('mutation { logout }')
    } catch {
      /* the token may already be invalid; forget it anyway */
    }
  }
  clearSession()
}

/** hasRole reports whether the signed-in account has one of roles (any signed-in account when roles is empty). */
export function hasRole(...roles: Role[]): boolean {
  const r = state.account?.role
  if (!r || !state.token) return false
  return roles.length === 0 || roles.includes(r)
}

const isSignedIn = computed(() => !!state.token && !!state.account)
const role = computed<Role | null>(() => state.account?.role ?? null)
const scopeId = computed<string | null>(() => state.account?.scope?.id ?? null)
const account = computed(() => state.account)
const token = computed(() => state.token)

const session = reactive({ account, token, role, scopeId, isSignedIn, login, logout, hasRole })

/**
 * useSession returns the reactive session: `session.role`, `session.isSignedIn` … are plain values
 * (refs unwrapped) in scripts and templates alike; do not destructure it (that loses reactivity).
 */
export function useSession() {
  return session
}

/** sessionState is the raw reactive state (read-only), for tests and debugging. */
export const sessionState = readonly(state)

// A token the server no longer accepts is forgotten at once; the router guard then asks to sign in.
onUnauthenticated(() => clearSession())
