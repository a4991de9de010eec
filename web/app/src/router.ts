// The router: every src/pages/<area>/routes.ts is collected; a guard enforces meta.roles.
import { createRouter, createWebHistory, type RouteRecordRaw, type Router } from 'vue-router'
import { useSession } from './session'
import { canAccess } from './menu'
import { t } from './i18n'

const modules = import.meta.glob<{ default: RouteRecordRaw[] }>('./pages/*/routes.ts', { eager: true })

/** pageRoutes are the routes of every page folder. */
export const pageRoutes: RouteRecordRaw[] = Object.values(modules).flatMap((m) => m.default ?? [])

const fallbackRoutes: RouteRecordRaw[] = [
  { path: '/403', name: 'forbidden', component: () => import('./components/ForbiddenPage.vue'), meta: { title: 'common.forbidden.title' } },
  { path: '/:pathMatch(.*)*', name: 'not-found', component: () => import('./components/NotFoundPage.vue'), meta: { title: 'common.notFound.title' } },
]

/** makeRouter builds the app router with the sign-in and role guard. */
export function makeRouter(): Router {
  const router = createRouter({
    history: createWebHistory('/'),
    routes: [...pageRoutes, ...fallbackRoutes],
    scrollBehavior: (_to, _from, saved) => saved ?? { top: 0 },
  })
  router.beforeEach((to) => {
    const session = useSession()
    const roles = to.meta.roles
    if (!roles || roles.length === 0) return true
    if (!session.isSignedIn) return { name: 'login', query: { redirect: to.fullPath } }
    if (!canAccess(roles, session.role)) return { name: 'forbidden', query: { from: to.fullPath } }
    return true
  })
  router.afterEach((to) => {
    const title = to.meta.title ? t(to.meta.title) : ''
    document.title = title ? `${title} · ${t('common.productFull')}` : t('common.productFull')
  })
  return router
}
