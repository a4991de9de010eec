// Routes of the enterprise (企业) area.
import type { RouteRecordRaw } from 'vue-router'

const routes: RouteRecordRaw[] = [
  {
    path: '/enterprise/post-problem',
    name: 'enterprise-post-problem',
    component: () => import('./PostProblem.vue'),
    meta: { title: 'enterprise.menu.post', roles: ['ENTERPRISE'], menu: true, icon: 'EditPen', order: 30 },
  },
  {
    path: '/enterprise/problems',
    name: 'enterprise-problems',
    component: () => import('./MyProblems.vue'),
    meta: { title: 'enterprise.menu.problems', roles: ['ENTERPRISE'], menu: true, icon: 'Tickets', order: 31 },
  },
  {
    path: '/enterprise/problems/:id',
    name: 'enterprise-problem',
    component: () => import('./ProblemDetail.vue'),
    props: true,
    meta: { title: 'enterprise.menu.problem', roles: ['ENTERPRISE'], menu: false },
  },
]

export default routes
