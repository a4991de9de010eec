// Routes of the craftsman (工匠 / 劳模) area.
import type { RouteRecordRaw } from 'vue-router'

const routes: RouteRecordRaw[] = [
  {
    path: '/craftsman/requests',
    name: 'craftsman-requests',
    component: () => import('./Requests.vue'),
    meta: { title: 'craftsman.menu.requests', roles: ['CRAFTSMAN'], menu: true, icon: 'Bell', order: 20 },
  },
  {
    path: '/craftsman/mentees',
    name: 'craftsman-mentees',
    component: () => import('./Mentees.vue'),
    meta: { title: 'craftsman.menu.mentees', roles: ['CRAFTSMAN'], menu: true, icon: 'User', order: 21 },
  },
  {
    path: '/craftsman/invitations',
    name: 'craftsman-invitations',
    component: () => import('./Invitations.vue'),
    meta: { title: 'craftsman.menu.invitations', roles: ['CRAFTSMAN'], menu: true, icon: 'Message', order: 22 },
  },
  {
    path: '/craftsman/studios',
    name: 'craftsman-studios',
    component: () => import('./Studios.vue'),
    meta: { title: 'craftsman.menu.studios', roles: ['CRAFTSMAN'], menu: true, icon: 'OfficeBuilding', order: 23 },
  },
]

export default routes
