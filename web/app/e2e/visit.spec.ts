// Expert visit, end to end across two roles: the enterprise 长沙恒岳重工 posts a welding problem with
// private details, sees the suggested expert team (王建湘 for 焊工) and invites it; 王建湘 sees the
// invitation with the private details and accepts; the enterprise sees the acceptance and
// schedules the visit. One flow, so the steps run in order.
import { test, expect, inputOf, login, openMenu, shot, visible, USERS } from './fixtures'

const title = '大型结构件焊缝裂纹攻关'
const contact = '设备部 刘工 0731-8888 0000'

test.describe.serial('expert visit', () => {
  test('恒岳 posts a problem, sees the expert team and invites it', async ({ page }, info) => {
    await login(page, USERS.enterprise)
    await openMenu(page, 'enterprise-post-problem')
    await expect(page.getByTestId('problem-form')).toBeVisible()

    // Nothing filled in: the form says what is missing next to the fields, and sends nothing.
    await page.getByTestId('problem-submit').click()
    await expect(visible(page.getByTestId('problem-form').locator('.el-form-item__error')).first()).toBeVisible()
    await expect(page).toHaveURL(/\/enterprise\/post-problem$/)

    await (await inputOf(page.getByTestId('problem-title'))).fill(title)
    await (await inputOf(page.getByTestId('problem-description'))).fill('Q355 厚板多层多道焊后出现冷裂纹，需要工艺评定与焊工指导。')
    await pickSkill(page, 'problem-skill-0', '焊工', '6-18-02-04')
    await (await inputOf(page.getByTestId('problem-contact'))).fill(contact)
    await (await inputOf(page.getByTestId('problem-confidential'))).fill('预热 120℃，层间 200℃')
    await shot(page, info, 'enterprise-post-problem')
    await page.getByTestId('problem-submit').click()

    await expect(page).toHaveURL(/\/enterprise\/problems\/prb_/)
    const problem = page.getByTestId('problem-info')
    await expect(problem).toHaveAttribute('data-status', 'OPEN')
    await expect(page.getByTestId('problem-detail-page')).toContainText(title)
    await expect(page.getByTestId('problem-private')).toContainText(contact)

    const team = page.getByTestId('expert-team')
    const members = team.getByTestId('team-member')
    await expect(members.first()).toBeVisible()
    await expect(team.getByTestId('team-member-name')).toContainText(['王建湘'])
    await expect(team.getByTestId('team-member-covers').first()).toContainText('焊工')
    await shot(page, info, 'enterprise-expert-team')
    const invited = await members.count()

    await team.getByTestId('invite-team').click()
    await expect(page.locator('.el-message--success').filter({ hasText: `已向 ${invited} 位专家发出邀请` })).toBeVisible()
    const visit = page.getByTestId('visit-row')
    await expect(visit).toHaveCount(1)
    await expect(visit).toHaveAttribute('data-status', 'PLANNED')
    await expect(visit.getByTestId('visit-invitation')).toHaveCount(invited)
    await expect(visit.getByTestId('visit-invitation').filter({ hasText: '王建湘' })).toHaveAttribute('data-status', 'INVITED')
    await shot(page, info, 'enterprise-problem-invited')

    await openMenu(page, 'enterprise-problems')
    await expect(page.getByTestId('problem-row').filter({ hasText: title })).toHaveCount(1)
    await shot(page, info, 'enterprise-problems')
  })

  test('王建湘 sees the invitation with the private details and accepts it', async ({ page }, info) => {
    await login(page, USERS.craftsman)
    await openMenu(page, 'craftsman-invitations')
    const invitation = page.getByTestId('invitation-row').filter({ hasText: title })
    await expect(invitation).toHaveCount(1)
    await expect(invitation.getByTestId('my-invitation-status')).toBeVisible()
    // Invited experts may read the enterprise's private contact.
    await expect(invitation.getByTestId('problem-private')).toContainText(contact)
    await shot(page, info, 'craftsman-invitations')
    await invitation.getByTestId('accept-invitation').click()
    await expect(page.locator('.el-message--success').filter({ hasText: '已接受邀请' })).toBeVisible()
    await expect(invitation.getByTestId('accept-invitation')).toHaveCount(0)
  })

  test('恒岳 sees the acceptance and schedules the visit', async ({ page }, info) => {
    await login(page, USERS.enterprise, { to: '/enterprise/problems' })
    await page.getByTestId('problem-row').filter({ hasText: title }).click()
    await expect(page).toHaveURL(/\/enterprise\/problems\/prb_/)
    const visit = page.getByTestId('visit-row')
    await expect(visit.getByTestId('visit-invitation').filter({ hasText: '王建湘' })).toHaveAttribute('data-status', 'ACCEPTED')
    await visit.getByTestId('schedule-visit').click()
    const dialog = page.getByRole('dialog').filter({ has: page.getByTestId('schedule-date') })
    await expect(dialog).toBeVisible()
    await page.getByTestId('schedule-submit').click()
    await expect(dialog).toBeHidden()
    await expect(visit).toHaveAttribute('data-status', 'SCHEDULED')
    await expect(page.getByTestId('problem-info')).toHaveAttribute('data-status', 'VISIT_SCHEDULED')
    await shot(page, info, 'enterprise-visit-scheduled')
  })
})

/** pickSkill types query into the occupation search select and picks the option with code. */
async function pickSkill(page: import('@playwright/test').Page, testid: string, query: string, code: string): Promise<void> {
  const select = page.getByTestId(testid)
  await select.click()
  await page.keyboard.type(query)
  await visible(page.getByTestId(`skill-option-${code}`)).click()
  await expect(select).toContainText(query)
}
