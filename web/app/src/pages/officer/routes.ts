// Routes of the union officer pages (工会干部): dashboard, campaigns, studios, spreadsheets,
// audit trail and accounts. Each page is its own lazily loaded chunk.
import type { RouteRecordRaw } from 'vue-router'
import type { Role } from '@/session'

const officers: Role[] = ['UNION_OFFICER', 'ADMIN']

const routes: RouteRecordRaw[] = [
  {
    path: '/officer/dashboard', name: 'officer-dashboard', component: () => import('./DashboardPage.vue'),
    meta: { title: 'officer.menu.dashboard', roles: officers, menu: true, icon: 'DataAnalysis', order: 40 },
  },
  {
    path: '/officer/campaign', name: 'officer-campaign', component: () => import('./CampaignPage.vue'),
    meta: { title: 'officer.menu.campaign', roles: officers, menu: true, icon: 'Connection', order: 41 },
  },
  {
    path: '/officer/studios', name: 'officer-studios', component: () => import('./StudiosPage.vue'),
    meta: { title: 'officer.menu.studios', roles: officers, menu: true, icon: 'OfficeBuilding', order: 42 },
  },
  {
    path: '/officer/studios/:id', name: 'officer-studio', component: () => import('./StudioDetailPage.vue'),
    meta: { title: 'officer.menu.studio', roles: officers },
  },
  {
    path: '/officer/sheets', name: 'officer-sheets', component: () => import('./SheetsPage.vue'),
    meta: { title: 'officer.menu.sheets', roles: officers, menu: true, icon: 'Files', order: 43 },
  },
  {
    path: '/officer/audit', name: 'officer-audit', component: () => import('./AuditPage.vue'),
    meta: { title: 'officer.menu.audit', roles: officers, menu: true, icon: 'Tickets', order: 44 },
  },
  {
    path: '/officer/accounts', name: 'officer-accounts', component: () => import('./AccountsPage.vue'),
    meta: { title: 'officer.menu.accounts', roles: officers, menu: true, icon: 'User', order: 45 },
  },
]

export default routes
