import { afterEach, describe, expect, it } from 'vitest'
import { GqlError } from './graphql'
import { errorText, fieldOf, codeOf, isRateLimited, retryAfterSeconds } from './errors'
import { setLocale } from '@/i18n'

afterEach(() => setLocale('zh-CN'))

describe('errorText (zh-CN)', () => {
  const cases: Array<[string, unknown, string]> = [
    ['not found', new GqlError('worker x: not found', 'NOT_FOUND'), '没有找到这条记录，可能已被删除'],
    ['forbidden', new GqlError('forbidden', 'FORBIDDEN'), '您没有权限执行此操作'],
    ['conflict', new GqlError('conflict', 'CONFLICT'), '数据已被他人修改或存在冲突，请刷新后重试'],
    ['unauthenticated elsewhere', new GqlError('unauthenticated', 'UNAUTHENTICATED', undefined, ['requestPairing']), '请先登录，或登录已过期'],
    ['wrong password on login', new GqlError('wrong username or password: unauthenticated', 'UNAUTHENTICATED', undefined, ['login']), '用户名或密码不正确'],
    ['rate limited login', new GqlError('too many sign-in attempts; try again in 899 s: unauthenticated', 'UNAUTHENTICATED', undefined, ['login']), '尝试次数过多，请稍后再试'],
    ['network', new GqlError('Failed to fetch', 'NETWORK'), '无法连接服务器，请检查网络后重试'],
    ['server error', new GqlError('HTTP 502', 'HTTP_502'), '服务器出错了，请稍后再试'],
    ['invalid without field', new GqlError('invalid', 'INVALID_INPUT'), '填写有误，请检查后重试'],
    ['invalid with a known field', new GqlError('input: password: too short', 'INVALID_INPUT', 'password'), '“密码”填写有误：too short'],
    ['invalid with a nested field, reason in Chinese', new GqlError('title: must not be empty', 'INVALID_INPUT', 'input.title'), '“标题”填写有误：不能为空'],
    ['a length limit', new GqlError('title: must be at most 200 characters', 'INVALID_INPUT', 'title'), '“标题”填写有误：最多 200 个字'],
    ['a bad trade code', new GqlError('skills.code: "zzz" is not an occupation code such as 6-18-02-04', 'INVALID_INPUT', 'skills.code'), '“工种编码”填写有误：不是有效的职业编码'],
    ['an unknown field keeps its name', new GqlError('fooBar: weird', 'INVALID_INPUT', 'fooBar'), '“fooBar”填写有误：weird'],
    ['unknown code', new GqlError('x', 'SOMETHING_NEW'), '出错了，请稍后再试'],
    ['plain Error', new Error('boom'), '出错了，请稍后再试'],
    ['a string', 'boom', '出错了，请稍后再试'],
  ]
  for (const [name, err, want] of cases) {
    it(name, () => expect(errorText(err)).toBe(want))
  }
})

describe('errorText (en)', () => {
  it('follows the locale switch', () => {
    setLocale('en')
    expect(errorText(new GqlError('x', 'FORBIDDEN'))).toBe('You are not allowed to do this')
    expect(errorText(new GqlError('x', 'INVALID_INPUT', 'username'))).toBe('“Username” is invalid: x')
  })
})

describe('helpers', () => {
  it('fieldOf and codeOf', () => {
    const e = new GqlError('bad', 'INVALID_INPUT', 'input.deadline')
    expect(fieldOf(e)).toBe('input.deadline')
    expect(codeOf(e)).toBe('INVALID_INPUT')
    expect(fieldOf(new Error('x'))).toBeUndefined()
    expect(codeOf({ code: 'CONFLICT' })).toBe('CONFLICT')
    expect(codeOf(null)).toBe('UNKNOWN')
  })
  it('reads the rate-limit wait', () => {
    const e = new GqlError('too many sign-in attempts; try again in 899 s: unauthenticated', 'UNAUTHENTICATED')
    expect(isRateLimited(e)).toBe(true)
    expect(retryAfterSeconds(e)).toBe(899)
    expect(isRateLimited(new GqlError('HTTP 429', 'RATE_LIMITED'))).toBe(true)
    expect(isRateLimited(new GqlError('wrong username or password', 'UNAUTHENTICATED'))).toBe(false)
    expect(retryAfterSeconds(new Error('x'))).toBe(0)
  })
})
