// Menu entries derived from route meta, filtered by the signed-in role.
import type { RouteRecordRaw, RouteRecordNormalized } from 'vue-router'
import type { Role } from './session'

declare module 'vue-router' {
  interface RouteMeta {
    /** i18n key of the page title. */
    title?: string
    /** Roles allowed to open the route; omitted: everyone, signed in or not. */
    roles?: Role[]
    /** Show the route in the side menu. */
    menu?: boolean
    /** Element Plus icon name, e.g. 'Search'. */
    icon?: string
    /** Menu position, lowest first. */
    order?: number
  }
}

/** MenuItem is one entry of the side menu. */
export interface MenuItem {
  path: string
  name?: string
  title: string
  icon?: string
  order: number
}

type AnyRoute = Pick<RouteRecordRaw | RouteRecordNormalized, 'path' | 'name' | 'meta'>

/** canAccess reports whether role may open a route with the given allowed roles. */
export function canAccess(roles: readonly Role[] | undefined, role: Role | null): boolean {
  if (!roles || roles.length === 0) return true
  return role !== null && roles.includes(role)
}

/**
 * menuItems returns the menu entries of routes for role: routes with meta.menu, without path
 * parameters, that the role may open; sorted by meta.order then path, one entry per path.
 */
export function menuItems(routes: readonly AnyRoute[], role: Role | null): MenuItem[] {
  const seen = new Set<string>()
  const out: MenuItem[] = []
  for (const r of routes) {
    const m = r.meta ?? {}
    if (!m.menu || r.path.includes(':') || seen.has(r.path)) continue
    if (!canAccess(m.roles as Role[] | undefined, role)) continue
    seen.add(r.path)
    out.push({ path: r.path, name: typeof r.name === 'string' ? r.name : undefined, title: String(m.title ?? r.path), icon: m.icon as string | undefined, order: typeof m.order === 'number' ? m.order : 100 })
  }
  return out.sort((a, b) => a.order - b.order || a.path.localeCompare(b.path))
}
