// The Jiangxin web app: Vue 3, Element Plus (zh-CN locale, English on switch), vue-router, vue-i18n.
import { createApp } from 'vue'
import ElementPlus from 'element-plus'
import 'element-plus/dist/index.css'
import * as Icons from '@element-plus/icons-vue'
import App from './App.vue'
import { i18n, currentLocale } from './i18n'
import { makeRouter } from './router'
import './style.css'

document.documentElement.lang = currentLocale()

const app = createApp(App)
for (const [name, comp] of Object.entries(Icons)) app.component(name, comp)
app.use(ElementPlus)
app.use(i18n)
app.use(makeRouter())
app.mount('#app')
