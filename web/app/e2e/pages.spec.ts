// The remaining main pages render from live data without an error and are screenshotted: the public
// enterprise, studio and problem profiles, the craftsman's studios, and the officer's studios,
// studio detail, spreadsheets and accounts pages. (The role flows cover the other pages.)
import type { Page } from '@playwright/test'
import { test, expect, login, openMenu, settled, shot, visible, USERS } from './fixtures'

/** firstIds asks the API, signed out, for one enterprise, studio and problem of the demo city. */
async function firstIds(page: Page): Promise<{ enterprise: string; studio: string; problem: string }> {
  const res = await page.request.post('/graphql', {
    data: { query: '{ enterprises(first: 1) { nodes { id } } studios(first: 1) { nodes { id } } problems(first: 1) { nodes { id } } }' },
  })
  const d = (await res.json()).data
  return { enterprise: d.enterprises.nodes[0].id, studio: d.studios.nodes[0].id, problem: d.problems.nodes[0].id }
}

/** expectNoError checks that the settled page shows no error alert. */
async function expectNoError(page: Page): Promise<void> {
  await settled(page)
  await expect(visible(page.locator('.el-alert--error'))).toHaveCount(0)
}

test.describe('main pages', () => {
  test('public profiles of an enterprise, a studio and a problem', async ({ page }, info) => {
    const ids = await firstIds(page)
    for (const [path, testid, name] of [
      [`/enterprises/${ids.enterprise}`, 'enterprise-page', 'enterprise-profile'],
      [`/studios/${ids.studio}`, 'studio-page', 'studio-profile'],
      [`/problems/${ids.problem}`, 'problem-page', 'problem-profile'],
    ] as const) {
      await page.goto(path)
      await expect(page.getByTestId(testid)).toBeVisible()
      await expect(page.getByTestId(testid).locator('h1, h2').first()).not.toBeEmpty()
      await expectNoError(page)
      await shot(page, info, name)
    }
  })

  test("the craftsman's studios", async ({ page }, info) => {
    await login(page, USERS.craftsman)
    await openMenu(page, 'craftsman-studios')
    await expect(page.getByTestId('studios-page')).toBeVisible()
    await expect(page.getByTestId('studios-page')).toContainText('王建湘劳模创新工作室')
    await expectNoError(page)
    await shot(page, info, 'craftsman-studios')
  })

  test("the officer's studios, spreadsheets and accounts", async ({ page }, info) => {
    await login(page, USERS.officer)
    await openMenu(page, 'officer-studios')
    const rows = page.getByTestId('studios-row')
    await expect(rows.first()).toBeVisible()
    await expectNoError(page)
    await shot(page, info, 'officer-studios')
    const studio = await rows.first().getAttribute('data-studio-id')
    // The studio's name opens its profile; the officer's own studio page manages it.
    await rows.first().getByTestId('studios-open').click()
    await expect(page).toHaveURL(new RegExp(`/studios/${studio}$`))
    await page.goto(`/officer/studios/${studio}`)
    await expect(page.getByTestId('officer-studio')).toBeVisible()
    await expectNoError(page)
    await shot(page, info, 'officer-studio')

    await openMenu(page, 'officer-sheets')
    await expect(page.getByTestId('officer-sheets')).toBeVisible()
    await expectNoError(page)
    await shot(page, info, 'officer-sheets')

    await openMenu(page, 'officer-accounts')
    await expect(page.getByTestId('officer-accounts')).toBeVisible()
    await expect(page.getByTestId('officer-accounts')).toContainText('cs.union')
    await expectNoError(page)
    await shot(page, info, 'officer-accounts')
  })
})
