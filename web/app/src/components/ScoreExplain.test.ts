import { describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import ScoreExplain from './ScoreExplain.vue'
import LevelTag from './LevelTag.vue'
import { i18n } from '@/i18n'

const score = {
  total: 0.71,
  summary: 'skill_fit 0.40 + proximity 0.11 + honours 0.20',
  parts: [
    { name: 'proximity', value: 0.75, weight: 0.15, contribution: 0.1125, detail: 'same district (0.75)' },
    { name: 'skill_fit', value: 1, weight: 0.4, contribution: 0.4, detail: '焊工: 高级技师 vs goal 高级工 (same trade)' },
    { name: 'honours', value: 1, weight: 0.2, contribution: 0.2, detail: '全国劳动模范' },
  ],
}

describe('ScoreExplain', () => {
  it('lists parts by contribution with Chinese names, facts and the summary', () => {
    const w = mount(ScoreExplain, { props: { score }, global: { plugins: [ElementPlus, i18n] } })
    const parts = w.findAll('[data-testid=score-part]')
    expect(parts.map((p) => p.attributes('data-part'))).toEqual(['skill_fit', 'honours', 'proximity'])
    expect(parts[0].text()).toContain('技能匹配')
    expect(parts[0].text()).toContain('+0.40')
    expect(parts[0].text()).toContain('焊工: 高级技师 vs goal 高级工')
    expect(parts[2].text()).toContain('距离远近')
    expect(w.find('[data-testid=score-total]').text()).toBe('0.71')
    expect(w.find('[data-testid=score-summary]').text()).toBe(score.summary)
  })
  it('compact mode hides the facts', () => {
    const w = mount(ScoreExplain, { props: { score, compact: true }, global: { plugins: [ElementPlus, i18n] } })
    expect(w.text()).not.toContain('same district')
    expect(w.find('[data-testid=score-summary]').exists()).toBe(false)
  })
})

describe('LevelTag', () => {
  it('names levels in Chinese', () => {
    const cases: Array<[string | null, string]> = [['JUNIOR', '初级工'], ['TECHNICIAN', '技师'], ['SENIOR_TECHNICIAN', '高级技师'], [null, '未知']]
    for (const [level, want] of cases) {
      const w = mount(LevelTag, { props: { level }, global: { plugins: [ElementPlus, i18n] } })
      expect(w.text()).toBe(want)
    }
  })
})
