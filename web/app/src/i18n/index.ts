// vue-i18n set-up: common messages plus every page folder's messages.ts, merged deeply.
import { createI18n } from 'vue-i18n'
import common from './common'

/** Locale is a supported UI language. */
export type Locale = 'zh-CN' | 'en'

/** LOCALE_KEY is the localStorage key of the chosen language. */
export const LOCALE_KEY = 'jiangxin.locale'

type Tree = { [key: string]: any }

/** deepMerge merges b into a copy of a (objects recursively, other values replaced). */
export function deepMerge(a: Tree, b: Tree): Tree {
  const out: Tree = { ...a }
  for (const [k, v] of Object.entries(b ?? {})) {
    if (v && typeof v === 'object' && !Array.isArray(v) && out[k] && typeof out[k] === 'object') {
      out[k] = deepMerge(out[k], v)
    } else {
      out[k] = v
    }
  }
  return out
}

/** mergeMessages merges message modules of the form { 'zh-CN': {...}, en: {...} }. */
export function mergeMessages(mods: Array<Partial<Record<Locale, Tree>>>): Record<Locale, Tree> {
  let out: Record<Locale, Tree> = { 'zh-CN': {}, en: {} }
  for (const m of mods) {
    out = { 'zh-CN': deepMerge(out['zh-CN'], m['zh-CN'] ?? {}), en: deepMerge(out.en, m.en ?? {}) }
  }
  return out
}

const pageModules = import.meta.glob<{ default: Partial<Record<Locale, Tree>> }>('../pages/*/messages.ts', { eager: true })

function initialLocale(): Locale {
  try {
    const v = localStorage.getItem(LOCALE_KEY)
    if (v === 'en' || v === 'zh-CN') return v
  } catch {
    /* no storage */
  }
  return 'zh-CN'
}

/** i18n is the app's vue-i18n instance (Composition API mode). */
export const i18n = createI18n({
  legacy: false,
  locale: initialLocale(),
  fallbackLocale: 'zh-CN',
  missingWarn: false,
  fallbackWarn: false,
  messages: mergeMessages([common, ...Object.values(pageModules).map((m) => m.default)]),
})

// A plain view of the global composer: the library's full message typing is too deep for tsc here.
type PlainComposer = {
  t: (key: string, params?: Record<string, unknown>) => string
  te: (key: string) => boolean
  locale: { value: string }
}
const g = i18n.global as unknown as PlainComposer

/** te reports whether a translation key exists in the active (or fallback) locale. */
export function te(key: string): boolean {
  return g.te(key)
}

/** currentLocale returns the active locale. */
export function currentLocale(): Locale {
  return g.locale.value as Locale
}

/** setLocale switches the UI language and remembers it. */
export function setLocale(l: Locale): void {
  g.locale.value = l
  try {
    localStorage.setItem(LOCALE_KEY, l)
  } catch {
    /* no storage */
  }
  document.documentElement.lang = l
}

/** t translates a key outside components. */
export function t(key: string, params?: Record<string, unknown>): string {
  return params ? g.t(key, params) : g.t(key)
}
