// Shared fixtures and helpers of the browser tests.
//
// Every test gets two automatic guards: no request may leave 127.0.0.1 (the UI bundles everything,
// no CDN), and no uncaught exception may surface in the page. Helpers sign in through the real
// login form, navigate through the real menu (the side menu on desktop, the drawer on phones) and
// write full-page screenshots to test-output/screenshots/<project>/<name>.png.
import { test as base, expect, type Locator, type Page, type TestInfo } from '@playwright/test'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

/** PASSWORD is the demo city's password of every demo sign-in. */
export const PASSWORD = 'jiangxin-2026'

/** USERS are the demo sign-ins the specs use. */
export const USERS = {
  admin: 'admin',
  officer: 'cs.union',
  enterprise: 'hengyue',
  craftsman: 'wangjianxiang',
  craftsman2: 'lizhiqiang',
  apprentice: 'zhangpeng',
} as const

const here = path.dirname(fileURLToPath(import.meta.url))
/** SCREENSHOTS is the folder screenshots are written to (gitignored test output). */
export const SCREENSHOTS = path.resolve(here, '../test-output/screenshots')

/** isLocal reports whether a URL the page requested stays on this machine. */
export function isLocal(raw: string): boolean {
  let u: URL
  try {
    u = new URL(raw)
  } catch {
    return false
  }
  if (['data:', 'blob:', 'about:'].includes(u.protocol)) return true
  return u.hostname === '127.0.0.1'
}

// Benign browser noise that is not an application error.
const ignoredPageErrors = [/ResizeObserver loop/]

type Guards = { outsideRequests: string[]; pageErrors: string[] }

/** test is Playwright's test with the offline and page-error guards switched on for every test. */
export const test = base.extend<Guards>({
  outsideRequests: [
    async ({ page }, use) => {
      const outside: string[] = []
      page.on('request', (r) => {
        if (!isLocal(r.url())) outside.push(`${r.method()} ${r.url()}`)
      })
      page.on('websocket', (ws) => {
        if (!isLocal(ws.url().replace(/^ws/, 'http'))) outside.push(`WS ${ws.url()}`)
      })
      await use(outside)
      expect(outside, 'requests to hosts other than 127.0.0.1').toEqual([])
    },
    { auto: true },
  ],
  pageErrors: [
    async ({ page }, use) => {
      const errors: string[] = []
      page.on('pageerror', (e) => {
        if (!ignoredPageErrors.some((re) => re.test(e.message))) errors.push(`${e.name}: ${e.message}`)
      })
      await use(errors)
      expect(errors, 'uncaught exceptions in the page').toEqual([])
    },
    { auto: true },
  ],
})

export { expect }

/** isPhone reports whether the running project is the phone one. */
export function isPhone(info: TestInfo): boolean {
  return info.project.name === 'phone'
}

/** visible narrows a locator to its visible matches. */
export function visible(l: Locator): Locator {
  return l.filter({ visible: true })
}

/**
 * settled waits until the page's requests are done and no Element Plus loading mask is shown,
 * so assertions and screenshots see the loaded page.
 */
export async function settled(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle')
  await expect(visible(page.locator('.el-loading-mask'))).toHaveCount(0)
}

/**
 * shot writes a full-page screenshot of the settled page as <project>/<name>.png; on the phone it
 * also checks that the page does not scroll sideways.
 */
export async function shot(page: Page, info: TestInfo, name: string): Promise<void> {
  await settled(page)
  // Let transitions (dialogs, drawers, chart animations) finish before the picture.
  await page.waitForTimeout(400)
  await page.screenshot({ path: path.join(SCREENSHOTS, info.project.name, `${name}.png`), fullPage: true })
  if (isPhone(info)) {
    // A phone page must not scroll sideways: nothing may stick out of the 390 px viewport.
    const wide = await page.evaluate(() => {
      const vw = document.documentElement.clientWidth
      const out: string[] = []
      for (const el of Array.from(document.querySelectorAll('body *'))) {
        const r = el.getBoundingClientRect()
        if (r.width > 0 && r.right > vw + 1 && getComputedStyle(el).position !== 'fixed') {
          let inScroller = false
          for (let p = el.parentElement; p; p = p.parentElement) {
            const ox = getComputedStyle(p).overflowX
            if ((ox === 'auto' || ox === 'scroll' || ox === 'hidden') && p.getBoundingClientRect().right <= vw + 1) { inScroller = true; break }
          }
          if (!inScroller) out.push(`${el.tagName.toLowerCase()}.${(el.className || '').toString().split(' ')[0]} right=${Math.round(r.right)}`)
        }
      }
      return { scroll: document.documentElement.scrollWidth, vw, out: out.slice(0, 5) }
    })
    expect(wide.scroll, `${name} scrolls sideways on a phone: ${wide.out.join(', ')}`).toBeLessThanOrEqual(wide.vw)
  }
}

/**
 * login signs in through the login form and waits until the app has left /login. With `to`, the
 * form is opened as the router guard would (with ?redirect=to) and the test lands on that page.
 */
export async function login(page: Page, username: string, opts: { to?: string; password?: string } = {}): Promise<void> {
  await page.goto(opts.to ? `/login?redirect=${encodeURIComponent(opts.to)}` : '/login')
  await page.getByTestId('login-username').fill(username)
  await page.getByTestId('login-password').fill(opts.password ?? PASSWORD)
  await page.getByTestId('login-submit').click()
  await expect(page).not.toHaveURL(/\/login/)
  await expect(page.getByTestId('account-button')).toBeVisible()
  if (opts.to) await expect(page).toHaveURL(new RegExp(`${escapeRe(opts.to)}$`))
}

/**
 * openMenu follows the menu entry with data-testid menu-<name>: in the side menu on a wide screen,
 * through the drawer (menu-toggle) on a phone.
 */
export async function openMenu(page: Page, name: string): Promise<void> {
  const toggle = page.getByTestId('menu-toggle')
  if (await toggle.isVisible()) {
    await toggle.click()
  }
  await visible(page.getByTestId(`menu-${name}`)).first().click()
}

/** escapeRe escapes s for use inside a regular expression. */
export function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/** gqlAs runs a GraphQL operation as username through the page's request context (for setup and checks). */
export async function gqlAs<T = any>(page: Page, username: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const signIn = await page.request.post('/graphql', {
    data: {
      query: 'mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token } }',
      variables: { u: username, p: PASSWORD },
    },
  })
  const token = (await signIn.json()).data.login.token as string
  const res = await page.request.post('/graphql', { data: { query, variables }, headers: { Authorization: `Bearer ${token}` } })
  const body = await res.json()
  if (body.errors?.length) throw new Error(`graphql: ${JSON.stringify(body.errors)}`)
  return body.data as T
}

/**
 * inputOf returns the <input> or <textarea> of a form control: Element Plus puts data-testid on the
 * native element for el-input but on the wrapper for some other controls.
 */
export async function inputOf(l: Locator): Promise<Locator> {
  const tag = await l.first().evaluate((e) => e.tagName)
  return tag === 'INPUT' || tag === 'TEXTAREA' ? l.first() : l.locator('input, textarea').first()
}
