// Account form rules: which kind of scope each role needs and what the form checks before sending.

/** ScopeKind is what an account acts for. */
export type ScopeKind = 'union' | 'enterprise' | 'worker' | 'none'

/** scopeKindFor returns the scope kind an account role needs. */
export function scopeKindFor(role: string): ScopeKind {
  switch (role) {
    case 'UNION_OFFICER':
      return 'union'
    case 'ENTERPRISE':
      return 'enterprise'
    case 'CRAFTSMAN':
    case 'APPRENTICE':
      return 'worker'
    default:
      return 'none'
  }
}

/** rolesFor lists the roles a signed-in account may hand out: admins every role, officers all but ADMIN. */
export function rolesFor(myRole: string): string[] {
  const all = ['UNION_OFFICER', 'ENTERPRISE', 'CRAFTSMAN', 'APPRENTICE']
  return myRole === 'ADMIN' ? ['ADMIN', ...all] : all
}

/** AccountForm is the create-account form. */
export interface AccountForm {
  username: string
  password: string
  displayName: string
  role: string
  scopeId: string
}

/** formErrors checks the form and returns i18n keys of problems by field (empty when it may be sent). */
export function formErrors(f: AccountForm): Record<string, string> {
  const e: Record<string, string> = {}
  if (!f.username.trim()) e.username = 'officer.accounts.errUsername'
  else if (!/^[a-z0-9._@-]{3,64}$/.test(f.username.trim())) e.username = 'officer.accounts.errUsernameChars'
  if (f.password.length < 8) e.password = 'officer.accounts.errPassword'
  if (!f.role) e.role = 'officer.accounts.errRole'
  if (scopeKindFor(f.role) !== 'none' && !f.scopeId) e.scopeId = 'officer.accounts.errScope'
  return e
}
