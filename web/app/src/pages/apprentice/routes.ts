// Routes of the apprentice (徒弟) area.
import type { RouteRecordRaw } from 'vue-router'

const routes: RouteRecordRaw[] = [
  {
    path: '/apprentice/find-master',
    name: 'apprentice-find-master',
    component: () => import('./FindMaster.vue'),
    meta: { title: 'apprentice.menu.findMaster', roles: ['APPRENTICE'], menu: true, icon: 'Search', order: 10 },
  },
  {
    path: '/apprentice/pairings',
    name: 'apprentice-pairings',
    component: () => import('./MyPairings.vue'),
    meta: { title: 'apprentice.menu.pairings', roles: ['APPRENTICE'], menu: true, icon: 'Connection', order: 11 },
  },
]

export default routes
