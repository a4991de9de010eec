// Routes of the common area: sign-in, home, search and the public profile pages.
import type { RouteRecordRaw } from 'vue-router'

const routes: RouteRecordRaw[] = [
  { path: '/', name: 'home', component: () => import('./HomePage.vue'), meta: { title: 'common.home', menu: true, icon: 'HomeFilled', order: 0 } },
  { path: '/login', name: 'login', component: () => import('./LoginPage.vue'), meta: { title: 'common.signIn' } },
  { path: '/search', name: 'search', component: () => import('./SearchPage.vue'), meta: { title: 'commonPages.search.title', menu: true, icon: 'Search', order: 1 } },
  { path: '/workers/:id', name: 'worker', component: () => import('./WorkerPage.vue'), meta: { title: 'commonPages.worker.title' } },
  { path: '/studios/:id', name: 'studio', component: () => import('./StudioPage.vue'), meta: { title: 'commonPages.studio.title' } },
  { path: '/enterprises/:id', name: 'enterprise', component: () => import('./EnterprisePage.vue'), meta: { title: 'commonPages.enterprise.title' } },
  { path: '/problems/:id', name: 'problem', component: () => import('./ProblemPage.vue'), meta: { title: 'commonPages.problem.title' } },
]

export default routes
