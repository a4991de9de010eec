// Master–apprentice pairing, end to end across two roles: the apprentice 张鹏 finds a master and asks
// 王建湘; 王建湘 sees the request, accepts it, signs the goal and reviews another mentee's progress.
// One flow, so the steps run in order (each project has its own fresh demo city).
import { test, expect, inputOf, login, openMenu, shot, visible, USERS } from './fixtures'

test.describe.serial('master and apprentice', () => {
  test('张鹏 finds a master, reads why, and asks 王建湘', async ({ page }, info) => {
    await login(page, USERS.apprentice)
    await openMenu(page, 'apprentice-find-master')
    await expect(page).toHaveURL(/\/apprentice\/find-master$/)
    const rows = page.getByTestId('mentor-row')
    await expect(rows.first()).toBeVisible()
    expect(await rows.count()).toBeGreaterThan(1)

    const master = rows.filter({ has: page.getByTestId('mentor-name').getByText('王建湘', { exact: true }) })
    await expect(master).toHaveCount(1)
    await expect(master.getByTestId('mentor-score')).toHaveText(/\d/)
    // The score explains itself.
    await master.getByTestId('mentor-why').locator('.el-collapse-item__header').click()
    await expect(visible(master.getByTestId('score-part')).first()).toBeVisible()
    await shot(page, info, 'apprentice-find-master')

    await master.getByTestId('request-mentor').click()
    const dialog = page.getByRole('dialog').filter({ hasText: '王建湘' })
    await expect(dialog).toBeVisible()
    await expect(dialog.getByTestId('request-form')).toBeVisible()
    await shot(page, info, 'apprentice-request-dialog')
    await page.getByTestId('request-submit').click()
    await expect(dialog).toBeHidden()
    await expect(page.locator('.el-message--success').filter({ hasText: '王建湘' }).first()).toBeVisible()
    // 王建湘 can no longer be asked twice (the row is disabled or gone once the list reloads).
    await expect(master.locator('[data-testid="request-mentor"]:enabled')).toHaveCount(0)

    await openMenu(page, 'apprentice-pairings')
    const mine = page.getByTestId('pairing-row').filter({ hasText: '王建湘' })
    await expect(mine).toHaveAttribute('data-status', 'PROPOSED')
    await shot(page, info, 'apprentice-pairings')
  })

  test('王建湘 accepts 张鹏 and signs the goal', async ({ page }, info) => {
    await login(page, USERS.craftsman)
    await openMenu(page, 'craftsman-requests')
    const request = page.getByTestId('request-row').filter({ has: page.getByTestId('request-apprentice').getByText('张鹏', { exact: true }) })
    await expect(request).toHaveCount(1)
    await shot(page, info, 'craftsman-requests')
    await request.getByTestId('accept-request').click()
    await expect(request).toHaveCount(0)

    await openMenu(page, 'craftsman-mentees')
    const mentee = page.getByTestId('mentee-row').filter({ has: page.getByTestId('mentee-name').getByText('张鹏', { exact: true }) })
    await expect(mentee).toHaveAttribute('data-status', 'ACCEPTED')
    await mentee.getByTestId('sign-agreement').click()
    const dialog = page.getByRole('dialog').filter({ has: page.getByTestId('sign-form') })
    await expect(dialog).toBeVisible()
    await fillAgreement(page)
    await shot(page, info, 'craftsman-sign-dialog')
    await page.getByTestId('sign-submit').click()
    await expect(dialog).toBeHidden()
    await expect(mentee).toHaveAttribute('data-status', 'ACTIVE')
    await shot(page, info, 'craftsman-mentees')
  })

  test('王建湘 reviews an active mentee', async ({ page }, info) => {
    await login(page, USERS.craftsman, { to: '/craftsman/mentees' })
    const mentee = page.getByTestId('mentee-row').filter({ has: page.getByTestId('mentee-name').getByText('张鹏', { exact: true }) })
    await expect(mentee).toHaveAttribute('data-status', 'ACTIVE')
    const before = await mentee.getByTestId('review-item').count()
    await mentee.getByTestId('add-review').click()
    const dialog = page.getByRole('dialog').filter({ has: page.getByTestId('review-form') })
    await expect(dialog).toBeVisible()
    const note = `焊缝外观合格，打底焊还需练习（${info.project.name}）`
    await (await inputOf(page.getByTestId('review-note'))).fill(note)
    await shot(page, info, 'craftsman-review-dialog')
    await page.getByTestId('review-submit').click()
    await expect(dialog).toBeHidden()
    await expect(mentee.getByTestId('review-item')).toHaveCount(before + 1)
    await expect(mentee.getByTestId('review-timeline')).toContainText(note)

    // The apprentice sees the accepted, signed pairing with the review.
    await page.getByTestId('account-button').click()
    await page.getByTestId('sign-out').click()
    await login(page, USERS.apprentice, { to: '/apprentice/pairings' })
    const mine = page.getByTestId('pairing-row').filter({ hasText: '王建湘' })
    await expect(mine).toHaveAttribute('data-status', 'ACTIVE')
    await expect(mine.getByTestId('review-timeline')).toContainText(note)
  })
})

/**
 * fillAgreement completes whatever the sign form still lacks: a trade (the apprentice's own, as
 * offered first), a target level and a deadline; the review cadence has a default.
 */
async function fillAgreement(page: import('@playwright/test').Page): Promise<void> {
  const form = page.getByTestId('sign-form')
  const skill = form.getByTestId('agreement-skill')
  if (!(await skill.locator('.el-select__selected-item:not(.is-transparent)').count())) {
    await skill.click()
    await visible(page.locator('.el-select-dropdown__item')).first().click()
  }
  const level = form.getByTestId('agreement-level')
  if (!(await level.locator('.el-select__selected-item:not(.is-transparent)').count())) {
    await level.click()
    await visible(page.locator('.el-select-dropdown__item')).last().click()
  }
  const deadline = form.getByTestId('agreement-deadline')
  const input = await inputOf(deadline)
  if (!(await input.inputValue())) {
    const d = new Date()
    d.setFullYear(d.getFullYear() + 1)
    await input.fill(d.toISOString().slice(0, 10))
    await input.press('Enter')
  }
}
