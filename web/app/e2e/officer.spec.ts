// The union officer of 长沙市总工会: the dashboard with charts drawn from live data, a small matching
// campaign whose proposals are approved, and the audit trail that records those approvals.
import type { Locator, Page } from '@playwright/test'
import { test, expect, inputOf, login, openMenu, shot, visible, USERS } from './fixtures'

/** inkedPixels counts the pixels of a chart's canvases that are not blank. */
async function inkedPixels(chart: Locator): Promise<number> {
  return chart.locator('canvas').evaluateAll((canvases) =>
    canvases.reduce((sum, el) => {
      const c = el as HTMLCanvasElement
      const ctx = c.getContext('2d')
      if (!ctx || !c.width || !c.height) return sum
      const px = ctx.getImageData(0, 0, c.width, c.height).data
      let n = 0
      for (let i = 3; i < px.length; i += 4) if (px[i] !== 0) n++
      return sum + n
    }, 0),
  )
}

async function expectChartDrawn(chart: Locator): Promise<void> {
  await expect(chart).toBeVisible()
  await chart.scrollIntoViewIfNeeded()
  await expect(chart.locator('canvas').first()).toBeAttached()
  // Drawn, not just present: a real chart inks thousands of pixels (axes, bars, lines, labels).
  await expect.poll(() => inkedPixels(chart), { timeout: 15_000 }).toBeGreaterThan(2000)
}

test.describe.serial('union officer', () => {
  test('the dashboard shows live figures and drawn charts', async ({ page }, info) => {
    await login(page, USERS.officer)
    await openMenu(page, 'officer-dashboard')
    const dash = page.getByTestId('officer-dashboard')
    await expect(dash).toBeVisible()
    const kpis = dash.locator('[data-testid^="dashboard-kpi-"]')
    await expect(kpis.first()).toBeVisible()
    expect(await kpis.count()).toBeGreaterThan(1)
    await expect(kpis.first()).toContainText(/\d/)
    await expect(dash.getByTestId('dashboard-progress-item').first()).toBeVisible()

    await expectChartDrawn(dash.getByTestId('dashboard-trend-chart'))
    await expectChartDrawn(dash.getByTestId('dashboard-promotions-chart'))
    await expectChartDrawn(dash.getByTestId('dashboard-problems-chart'))
    await expect(dash.getByTestId('dashboard-top-mentor-row').first()).toBeVisible()
    await expect(dash.getByTestId('dashboard-stalled-row').first()).toBeVisible()
    await page.evaluate(() => window.scrollTo(0, 0))
    await shot(page, info, 'officer-dashboard')
  })

  test('a small campaign proposes pairs and the officer approves them', async ({ page }, info) => {
    await login(page, USERS.officer, { to: '/officer/campaign' })
    const form = page.getByTestId('campaign-form')
    await expect(form).toBeVisible()

    // No name: refused next to the field, nothing run.
    await page.getByTestId('campaign-run').click()
    await expect(visible(form.locator('.el-form-item__error')).first()).toBeVisible()
    await expect(page.getByTestId('campaign-result')).toHaveCount(0)

    await (await inputOf(page.getByTestId('campaign-name'))).fill(`2026 春季高师带徒 ${info.project.name}`)
    await (await inputOf(page.getByTestId('campaign-cap'))).fill('3')
    await page.getByTestId('campaign-run').click()
    const result = page.getByTestId('campaign-result')
    await expect(result).toBeVisible({ timeout: 60_000 })
    const rows = result.getByTestId('campaign-row')
    await expect(rows.first()).toBeVisible()
    const n = await rows.count()
    expect(n).toBeGreaterThan(0)
    expect(n).toBeLessThanOrEqual(3)
    await expect(result.getByTestId('campaign-stat-pairCount')).toContainText(String(n))
    await shot(page, info, 'officer-campaign-proposed')

    await result.getByTestId('campaign-select-all').click()
    await result.getByTestId('campaign-approve').click()
    await confirmBox(page)
    const states = result.getByTestId('campaign-row-state')
    await expect(states).toHaveCount(n)
    for (let i = 0; i < n; i++) await expect(states.nth(i)).toHaveAttribute('data-state', 'ok')
    await expect(result.getByTestId('campaign-summary')).toBeVisible()
    await shot(page, info, 'officer-campaign-approved')
  })

  test('the audit trail lists the approvals, newest first', async ({ page }, info) => {
    await login(page, USERS.officer)
    await openMenu(page, 'officer-audit')
    const list = page.getByTestId('audit-list')
    const rows = list.getByTestId('audit-row')
    await expect(rows.first()).toBeVisible()
    await expect(page.getByTestId('audit-total')).toContainText(/\d/)
    // The campaign's approvals (transitionPairing) and its proposal are the newest entries.
    await expect(rows.first()).toHaveAttribute('data-action', 'transitionPairing')
    await expect(list.locator('[data-testid="audit-row"][data-action="proposeCampaign"]').first()).toBeVisible()
    await shot(page, info, 'officer-audit')
  })
})

/** confirmBox accepts the Element Plus confirmation box that is showing. */
async function confirmBox(page: Page): Promise<void> {
  const box = page.locator('.el-message-box')
  await expect(box).toBeVisible()
  await box.locator('.el-button--primary').click()
  await expect(box).toBeHidden()
}
