// Search, signed out (it is public): type-ahead suggestions while typing, highlighted hits, facets
// as filters, and a worker's profile reached from a suggestion.
import { test, expect, inputOf, isPhone, shot, visible } from './fixtures'

test.describe('search', () => {
  test('type-ahead suggests trades and people, hits are highlighted, facets filter', async ({ page }, info) => {
    await page.goto('/search')
    await expect(page.getByTestId('search-start')).toBeVisible()
    const input = await inputOf(page.getByTestId('search-input'))

    // Type-ahead: the trade 焊工 is offered while typing.
    await input.click()
    await input.pressSequentially('焊', { delay: 50 })
    const suggestions = visible(page.getByTestId('search-suggestion'))
    await expect(suggestions.first()).toBeVisible()
    await expect(suggestions.filter({ hasText: '焊工' }).first()).toBeVisible()
    await shot(page, info, 'search-typeahead')

    // Searching: hits with the matched words emphasised.
    await input.fill('焊工')
    await input.press('Escape')
    await page.getByTestId('search-submit').click()
    await expect(page).toHaveURL(/\/search\?.*q=/)
    const hits = page.getByTestId('search-hit')
    await expect(hits.first()).toBeVisible()
    await expect(page.getByTestId('search-total')).toContainText(/\d+/)
    const marks = page.getByTestId('search-results').locator('[data-testid="hit-highlight"] em')
    await expect(marks.first()).toBeVisible()
    expect((await marks.allTextContents()).some((m) => m.includes('焊'))).toBe(true)
    await shot(page, info, 'search-results')

    // A facet narrows the hits to workers only.
    if (isPhone(info)) await page.getByTestId('filters-toggle').click()
    const workers = page.getByTestId('facet-KIND').locator('[data-testid="facet-value"][data-value="WORKER"]')
    await workers.click()
    await expect(page).toHaveURL(/WORKER/)
    await expect(hits.first()).toBeVisible()
    const kinds = await hits.evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')))
    expect(new Set(kinds)).toEqual(new Set(['WORKER']))
  })

  test("a suggested person opens the worker's profile", async ({ page }, info) => {
    await page.goto('/search')
    const input = await inputOf(page.getByTestId('search-input'))
    await input.click()
    await input.pressSequentially('王建湘', { delay: 50 })
    await visible(page.getByTestId('search-suggestion')).filter({ hasText: '王建湘' }).first().click()
    await expect(page).toHaveURL(/\/workers\/wkr_/)

    const profile = page.getByTestId('worker-page')
    await expect(profile).toContainText('王建湘')
    await expect(profile.getByTestId('worker-role').first()).toBeVisible()
    await expect(profile.locator('[data-testid="worker-skill"][data-code="6-18-02-04"]')).toContainText('焊工')
    await expect(profile.getByTestId('worker-honour').first()).toBeVisible()
    await expect(profile.getByTestId('worker-mentee').first()).toBeVisible()
    await expect(profile.getByTestId('lineage-edge').first()).toBeVisible()
    await shot(page, info, 'worker-profile')

    // A mentee's name leads to that mentee's own profile.
    const firstMentee = profile.getByTestId('worker-mentee').first().locator('a').first()
    const name = (await firstMentee.textContent())?.trim() ?? ''
    expect(name).not.toBe('')
    const own = page.url()
    await firstMentee.click()
    await expect(page).not.toHaveURL(own)
    await expect(page).toHaveURL(/\/workers\/wkr_/)
    await expect(page.getByTestId('worker-page').locator('h1, h2').first()).toContainText(name)
  })
})
