// @vitest-environment node
import { describe, expect, it } from 'vitest'
import { fromQuery, toQuery, toVariables, toggleFilter, hitPath, FACETS } from './searchQuery'

describe('search state', () => {
  it('reads query and known filters from the URL', () => {
    const s = fromQuery({ q: '焊工', skillCode: '6-18-02-04', kind: 'WORKER', junk: 'x', minLevel: ['a', 'b'] })
    expect(s).toEqual({ q: '焊工', filters: { skillCode: '6-18-02-04', kind: 'WORKER' } })
    expect(toQuery(s)).toEqual({ q: '焊工', skillCode: '6-18-02-04', kind: 'WORKER' })
  })
  it('builds variables: kind becomes kinds, the rest a filter', () => {
    const v = toVariables({ q: '数控', filters: { kind: 'WORKER', minLevel: 'TECHNICIAN' } }, 'c1', 10)
    expect(v).toEqual({ query: '数控', kinds: ['WORKER'], filter: { minLevel: 'TECHNICIAN' }, facets: FACETS, first: 10, after: 'c1' })
    expect(toVariables({ q: '', filters: {} })).toMatchObject({ kinds: null, filter: null, after: null })
  })
  it('toggles a facet value on and off', () => {
    const on = toggleFilter({ q: 'x', filters: {} }, 'LEVEL', 'SENIOR')
    expect(on.filters).toEqual({ minLevel: 'SENIOR' })
    const other = toggleFilter(on, 'LEVEL', 'TECHNICIAN')
    expect(other.filters).toEqual({ minLevel: 'TECHNICIAN' })
    expect(toggleFilter(other, 'LEVEL', 'TECHNICIAN').filters).toEqual({})
  })
  it('links hits to their pages', () => {
    expect(hitPath('WORKER', 'wkr_1')).toBe('/workers/wkr_1')
    expect(hitPath('ENTERPRISE', 'e/1')).toBe('/enterprises/e%2F1')
    expect(hitPath('SKILL', '6-18-02-04')).toBeNull()
  })
})
