// Sign-in: refusals in plain Chinese next to the form, each role landing on its home with its own
// menu, the guard's redirect round trip, the 403 page for another role's page, and signing out.
import { test, expect, login, shot, openMenu, visible, USERS } from './fixtures'

test.describe('sign-in', () => {
  test('a wrong password is refused in Chinese next to the form', async ({ page }, info) => {
    await page.goto('/login')
    await expect(page.getByTestId('login-form')).toBeVisible()
    await shot(page, info, 'login')

    await page.getByTestId('login-submit').click()
    const errors = page.getByTestId('login-form').locator('.el-form-item__error')
    await expect(errors).toHaveCount(2) // both fields are asked for before anything is sent

    await page.getByTestId('login-username').fill(USERS.apprentice)
    await page.getByTestId('login-password').fill('not-the-password')
    await page.getByTestId('login-submit').click()
    await expect(errors).toHaveText(['用户名或密码不正确'])
    await expect(page).toHaveURL(/\/login/)
    await expect(page.getByTestId('account-button')).toHaveCount(0)
    await shot(page, info, 'login-refused')

    // Typing again clears the message; the right password then signs in.
    await page.getByTestId('login-password').fill('jiangxin-2026')
    await expect(errors).toHaveCount(0)
    await page.getByTestId('login-submit').click()
    await expect(page).not.toHaveURL(/\/login/)
    await expect(page.getByTestId('account-button')).toContainText('张鹏')
  })

  const homes = [
    { user: USERS.apprentice, name: '张鹏', role: '徒弟', own: 'menu-apprentice-find-master', notOwn: 'menu-officer-dashboard' },
    { user: USERS.craftsman, name: '王建湘', role: '工匠', own: 'menu-craftsman-requests', notOwn: 'menu-apprentice-find-master' },
    { user: USERS.enterprise, name: '恒岳', role: '企业', own: 'menu-enterprise-problems', notOwn: 'menu-apprentice-find-master' },
    { user: USERS.officer, name: '长沙市总工会', role: '工会干部', own: 'menu-officer-dashboard', notOwn: 'menu-apprentice-find-master' },
  ]
  for (const h of homes) {
    test(`${h.user} lands on the role home with the role's menu`, async ({ page }, info) => {
      await login(page, h.user)
      await expect(page).toHaveURL(/\/$/)
      await expect(page.getByTestId('home-page')).toBeVisible()
      await expect(page.getByTestId('home-role')).toHaveText(h.role)
      await expect(page.getByTestId('home-task').first()).toBeVisible()
      await expect(page.getByTestId('account-button')).toContainText(h.name)
      if (info.project.name === 'phone') await page.getByTestId('menu-toggle').click()
      await expect(visible(page.getByTestId(h.own))).toHaveCount(1)
      await expect(page.getByTestId(h.notOwn)).toHaveCount(0)
      await shot(page, info, `home-${h.user}`)
    })
  }

  test('a signed-out visit to a role page asks to sign in and comes back after it', { tag: '@desktop' }, async ({ page }) => {
    await page.goto('/apprentice/find-master')
    await expect(page).toHaveURL(/\/login\?redirect=/)
    await page.getByTestId('login-username').fill(USERS.apprentice)
    await page.getByTestId('login-password').fill('jiangxin-2026')
    await page.getByTestId('login-submit').click()
    await expect(page).toHaveURL(/\/apprentice\/find-master$/)
  })

  test("another role's page shows the 403 page", { tag: '@desktop' }, async ({ page }) => {
    await login(page, USERS.apprentice)
    await page.goto('/officer/dashboard')
    await expect(page).toHaveURL(/\/403/)
  })

  test('signing out forgets the session', { tag: '@desktop' }, async ({ page }) => {
    await login(page, USERS.craftsman)
    await page.getByTestId('account-button').click()
    await page.getByTestId('sign-out').click()
    await expect(page).toHaveURL(/\/login/)
    await expect(page.getByTestId('account-button')).toHaveCount(0)
    expect(await page.evaluate(() => localStorage.getItem('jiangxin.session'))).toBeNull()
    await page.goto('/apprentice/find-master')
    await expect(page).toHaveURL(/\/login\?redirect=/)
  })

  test('the menu reaches the search page', async ({ page }) => {
    await page.goto('/')
    await openMenu(page, 'search')
    await expect(page).toHaveURL(/\/search/)
  })
})
