// @vitest-environment node
import { describe, expect, it } from 'vitest'
import { menuItems, canAccess } from './menu'
import type { Role } from './session'

const routes = [
  { path: '/', name: 'home', meta: { title: 'common.home', menu: true, order: 0 } },
  { path: '/login', name: 'login', meta: { title: 'common.signIn' } },
  { path: '/search', name: 'search', meta: { title: 'search', menu: true, order: 1, icon: 'Search' } },
  { path: '/officer/dashboard', name: 'officer-dashboard', meta: { title: 'officer.dashboard', menu: true, roles: ['UNION_OFFICER', 'ADMIN'] as Role[], order: 10 } },
  { path: '/apprentice/find', name: 'find', meta: { title: 'apprentice.find', menu: true, roles: ['APPRENTICE'] as Role[], order: 5 } },
  { path: '/enterprise/problems', name: 'problems', meta: { title: 'enterprise.problems', menu: true, roles: ['ENTERPRISE'] as Role[] } },
  { path: '/workers/:id', name: 'worker', meta: { title: 'worker', menu: true } },
  { path: '/search', name: 'search-dup', meta: { title: 'dup', menu: true } },
  { path: '/z', name: 'z', meta: { title: 'z', menu: true, order: 1 } },
]

describe('menuItems', () => {
  const cases: Array<[string, Role | null, string[]]> = [
    ['signed out sees public entries only', null, ['/', '/search', '/z']],
    ['apprentice sees their page, ordered', 'APPRENTICE', ['/', '/search', '/z', '/apprentice/find']],
    ['officer sees the dashboard', 'UNION_OFFICER', ['/', '/search', '/z', '/officer/dashboard']],
    ['admin sees what lists ADMIN', 'ADMIN', ['/', '/search', '/z', '/officer/dashboard']],
    ['enterprise entry without order goes last', 'ENTERPRISE', ['/', '/search', '/z', '/enterprise/problems']],
    ['craftsman sees no role pages', 'CRAFTSMAN', ['/', '/search', '/z']],
  ]
  for (const [name, role, want] of cases) {
    it(name, () => expect(menuItems(routes, role).map((m) => m.path)).toEqual(want))
  }
  it('carries title and icon', () => {
    const s = menuItems(routes, null).find((m) => m.path === '/search')
    expect(s).toMatchObject({ title: 'search', icon: 'Search', name: 'search' })
  })
})

describe('canAccess', () => {
  it('open routes admit everyone', () => {
    expect(canAccess(undefined, null)).toBe(true)
    expect(canAccess([], 'APPRENTICE')).toBe(true)
  })
  it('role routes admit listed roles only', () => {
    expect(canAccess(['ENTERPRISE'], 'ENTERPRISE')).toBe(true)
    expect(canAccess(['ENTERPRISE'], 'CRAFTSMAN')).toBe(false)
    expect(canAccess(['ENTERPRISE'], null)).toBe(false)
  })
})
