// @vitest-environment node
import { describe, expect, it } from 'vitest'
import { highlightSegments, sanitizeHighlight, decodeEntities, escapeHtml, levelRank, partLabel, formatDate } from './format'

describe('sanitizeHighlight', () => {
  const cases: Array<[string, string, string]> = [
    ['keeps em around a match', '<em>焊工</em>高级技师', '<em>焊工</em>高级技师'],
    ['keeps several matches', '从事<em>焊接工</em>艺 … 管理<em>焊接工</em>艺', '从事<em>焊接工</em>艺 … 管理<em>焊接工</em>艺'],
    ['escapes a script tag', '<script>alert(1)</script><em>x</em>', '&lt;script&gt;alert(1)&lt;/script&gt;<em>x</em>'],
    ['escapes an img with a handler', '<img src=x onerror=alert(1)>', '&lt;img src=x onerror=alert(1)&gt;'],
    ['does not double-escape server escapes', 'a &lt;b&gt; &amp; <em>c</em>', 'a &lt;b&gt; &amp; <em>c</em>'],
    ['escaped script stays text', '&lt;script&gt;alert(1)&lt;/script&gt;', '&lt;script&gt;alert(1)&lt;/script&gt;'],
    ['em with attributes is not markup', '<em onclick="x()">y</em>', '&lt;em onclick=&quot;x()&quot;&gt;y'],
    ['uppercase EM is accepted', '<EM>Tig</EM>焊', '<em>Tig</em>焊'],
    ['quotes are escaped', `"it's"`, '&quot;it&#39;s&quot;'],
    ['unclosed em ends at the end', '<em>open', '<em>open</em>'],
    ['empty', '', ''],
  ]
  for (const [name, input, want] of cases) {
    it(name, () => expect(sanitizeHighlight(input)).toBe(want))
  }
})

describe('highlightSegments', () => {
  it('splits into plain and emphasised text with entities decoded', () => {
    expect(highlightSegments('a &amp; <em>b&lt;</em> c')).toEqual([
      { text: 'a & ', em: false },
      { text: 'b<', em: true },
      { text: ' c', em: false },
    ])
  })
  it('merges adjacent runs of the same kind', () => {
    expect(highlightSegments('<em>a</em><em>b</em>')).toEqual([{ text: 'ab', em: true }])
  })
})

describe('entities', () => {
  it('decode then escape round-trips', () => {
    const s = `<a href="x">'&'</a>`
    expect(decodeEntities(escapeHtml(s))).toBe(s)
  })
  it('leaves unknown entities alone', () => {
    expect(decodeEntities('&nbsp;&copy;')).toBe('&nbsp;&copy;')
  })
})

describe('levels and parts', () => {
  it('ranks the ladder', () => {
    expect(levelRank('JUNIOR')).toBe(1)
    expect(levelRank('SENIOR_TECHNICIAN')).toBe(5)
    expect(levelRank(null)).toBe(0)
    expect(levelRank('MASTER')).toBe(0)
  })
  it('names score parts in Chinese and English', () => {
    expect(partLabel('skill_fit')).toBe('技能匹配')
    expect(partLabel('proximity', 'en')).toBe('Proximity')
    expect(partLabel('new_part')).toBe('new_part')
  })
  it('formats dates', () => {
    expect(formatDate('2026-03-01')).toBe('2026-03-01')
    expect(formatDate('')).toBe('')
    expect(formatDate('not a date')).toBe('not a date')
    expect(formatDate('2026-03-01T12:00:00Z')).toMatch(/^2026-03-0[12]$/)
  })
})
