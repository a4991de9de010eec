import { describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import Highlighted from './Highlighted.vue'

describe('Highlighted', () => {
  it('renders matches as <em> and everything else as text', () => {
    const w = mount(Highlighted, { props: { fragment: '<img src=x onerror="alert(1)"><em>焊工</em> &amp; <script>x()</script>' } })
    expect(w.findAll('em').map((e) => e.text())).toEqual(['焊工'])
    expect(w.find('img').exists()).toBe(false)
    expect(w.find('script').exists()).toBe(false)
    expect(w.text()).toBe('<img src=x onerror="alert(1)">焊工 & <script>x()</script>')
  })
})
