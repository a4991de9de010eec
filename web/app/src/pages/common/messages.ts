// Messages of the common pages (login, home, search, profiles).
export default {
  'zh-CN': {
    commonPages: {
      login: {
        title: '登录匠心',
        subtitle: '工会干部、企业、工匠和徒弟使用各自的账号登录',
        username: '用户名',
        password: '密码',
        submit: '登录',
        usernameRequired: '请输入用户名',
        passwordRequired: '请输入密码',
        welcome: '欢迎，{name}',
        demoHint: '演示账号：admin、cs.union、hengyue、wangjianxiang、zhangpeng 等，密码 jiangxin-2026',
      },
      search: { title: '搜索' },
      worker: { title: '工匠档案' },
      studio: { title: '工作室' },
      enterprise: { title: '企业' },
      problem: { title: '技术难题' },
    },
  },
  en: {
    commonPages: {
      login: {
        title: 'Sign in to Jiangxin',
        subtitle: 'Union officers, enterprises, craftsmen and apprentices sign in with their own accounts',
        username: 'Username',
        password: 'Password',
        submit: 'Sign in',
        usernameRequired: 'Enter your username',
        passwordRequired: 'Enter your password',
        welcome: 'Welcome, {name}',
        demoHint: 'Demo accounts: admin, cs.union, hengyue, wangjianxiang, zhangpeng …, password jiangxin-2026',
      },
      search: { title: 'Search' },
      worker: { title: 'Worker profile' },
      studio: { title: 'Studio' },
      enterprise: { title: 'Enterprise' },
      problem: { title: 'Technical problem' },
    },
  },
}
