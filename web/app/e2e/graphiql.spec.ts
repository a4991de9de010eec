// /graphiql: the bundled GraphiQL loads with nothing from outside 127.0.0.1 and runs its default
// query against /graphql, sending the stored sign-in token.
import { test, expect, login, shot, USERS } from './fixtures'

test.describe('GraphiQL', () => {
  test('loads offline and runs the default query', async ({ page, baseURL }, info) => {
    const hosts = new Set<string>()
    page.on('request', (r) => hosts.add(new URL(r.url()).host))

    await page.goto('/graphiql')
    await expect(page.locator('.graphiql-container')).toBeVisible()
    const editor = page.locator('.graphiql-query-editor')
    await expect(editor).toContainText('search(query')
    const answer = page.waitForResponse((r) => r.url().endsWith('/graphql') && (r.request().postData() ?? '').includes('search('))
    await page.locator('.graphiql-execute-button').click()
    const body = await (await answer).json()
    expect(body.errors).toBeUndefined()
    expect(body.data.me).toBeNull()
    expect(body.data.search.totalCount).toBeGreaterThan(0)
    // The answer is shown in the response pane (Monaco renders only the lines in view).
    await expect(page.locator('.graphiql-response')).toContainText('"data"')
    await shot(page, info, 'graphiql')

    // Everything, the editor's workers and fonts included, came from the server under test.
    expect([...hosts]).toEqual([new URL(baseURL!).host])
  })

  test('sends the sign-in token of the app', { tag: '@desktop' }, async ({ page }) => {
    await login(page, USERS.apprentice)
    await page.goto('/graphiql')
    await expect(page.locator('.graphiql-query-editor')).toContainText('me {')
    const answer = page.waitForResponse((r) => r.url().endsWith('/graphql') && (r.request().postData() ?? '').includes('search('))
    await page.locator('.graphiql-execute-button').click()
    const res = await answer
    expect(res.request().headers()['authorization']).toMatch(/^Bearer \S+/)
    expect((await res.json()).data.me).toMatchObject({ username: 'zhangpeng', role: 'APPRENTICE' })
    await expect(page.locator('.graphiql-response')).toContainText('"me"')
  })
})
