// Basic, Bearer and WWW-Authenticate against the RFCs' own examples, and the warnings a user must see.
import { describe, expect, it } from 'vitest'
import { authFindings, basicAuthorization, bearerAuthorization, challengeFindings, decodeBasic, parseWwwAuthenticate } from './auth'

describe('Basic (RFC 7617)', () => {
  it('builds the RFC 7617 §2 example and decodes it back', () => {
    expect(basicAuthorization('Aladdin', 'open sesame')).toBe('Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==')
    const d = decodeBasic('Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==')
    expect(d).toMatchObject({ user: 'Aladdin', password: 'open sesame' })
    expect(d.findings.find((f) => f.code === 'BASIC_IS_NOT_ENCRYPTION')?.message).toContain('base64 is an encoding, not encryption')
  })

  it('uses UTF-8 (RFC 7617 §2.1 example: test / 123£)', () => {
    expect(basicAuthorization('test', '123\u00a3')).toBe('Basic dGVzdDoxMjPCow==')
    expect(decodeBasic('basic dGVzdDoxMjPCow==').password).toBe('123\u00a3')
  })

  it('refuses a user name with a colon and keeps the password colons', () => {
    expect(() => basicAuthorization('a:b', 'x')).toThrow(/cannot contain ":"/)
    expect(decodeBasic(basicAuthorization('u', 'p:a:ss'))).toMatchObject({ user: 'u', password: 'p:a:ss' })
  })

  it('says why a value cannot be read', () => {
    expect(decodeBasic('Basic !!!!').findings[0]?.code).toBe('BASIC_BAD_BASE64')
    expect(decodeBasic('Basic ' + btoa('nocolon')).findings[0]?.code).toBe('BASIC_NO_COLON')
    expect(decodeBasic('Bearer abc').user).toBeUndefined()
    expect(decodeBasic('Basic ' + btoa('\u00e9:x')).findings.map((f) => f.code)).toContain('BASIC_NOT_UTF8')
  })
})

describe('Bearer (RFC 6750)', () => {
  it('accepts a b64token and refuses anything else', () => {
    expect(bearerAuthorization('mF_9.B5f-4.1JqM')).toBe('Bearer mF_9.B5f-4.1JqM')
    expect(() => bearerAuthorization('has space')).toThrow(/b64token/)
    expect(() => bearerAuthorization('a=b')).toThrow(/b64token/)
  })
})

describe('WWW-Authenticate (RFC 9110 §11.6.1)', () => {
  it('reads RFC 9110 §11.6.1\'s two-challenge example, escapes and commas inside quotes', () => {
    const p = parseWwwAuthenticate('Newauth realm="apps", type=1, title="Login to \\"apps\\", please", Basic realm="simple"')
    expect(p.findings).toEqual([])
    expect(p.challenges.map((c) => c.scheme)).toEqual(['Newauth', 'Basic'])
    expect(p.challenges[0]!.params).toEqual({ realm: 'apps', type: '1', title: 'Login to "apps", please' })
    expect(p.challenges[1]!.params).toEqual({ realm: 'simple' })
  })

  it('reads a Bearer error (RFC 6750 §3) with words for each parameter', () => {
    const p = parseWwwAuthenticate('Bearer realm="example", error="invalid_token", error_description="The access token expired"')
    const c = p.challenges[0]!
    expect(c.params.error).toBe('invalid_token')
    expect(c.paramWords.find((w) => w.name === 'error')?.meaning).toMatch(/expired, revoked/)
    expect(c.schemeWords).toMatch(/RFC 6750/)
  })

  it('tells a token68 from parameters, and a bare scheme from the next challenge', () => {
    const p = parseWwwAuthenticate('Negotiate, NTLM abc/+def==, Basic Realm=x, charset="UTF-8"')
    expect(p.challenges.map((c) => [c.scheme, c.token68 ?? null])).toEqual([['Negotiate', null], ['NTLM', 'abc/+def=='], ['Basic', null]])
    expect(p.challenges[2]!.params).toEqual({ realm: 'x', charset: 'UTF-8' })
  })

  it('reports broken input instead of throwing, and bounds the work', () => {
    expect(parseWwwAuthenticate('Basic realm="open').findings.map((f) => f.code)).toContain('AUTH_UNTERMINATED_QUOTE')
    expect(parseWwwAuthenticate('Basic realm=a realm=b').findings.map((f) => f.code)).toContain('AUTH_BAD_SYNTAX')
    expect(parseWwwAuthenticate('Basic realm=a, realm=b').findings.map((f) => f.code)).toContain('AUTH_DUPLICATE_PARAM')
    const many = parseWwwAuthenticate(Array.from({ length: 5000 }, (_, i) => `S${i}`).join(', '))
    expect(many.challenges.length).toBe(32)
    expect(many.findings.map((f) => f.code)).toContain('AUTH_FIELD_TOO_LONG')
  })
})

describe('findings for the request and the response', () => {
  it('warns about Basic and Bearer over plain HTTP, not over TLS', () => {
    const basic: [string, string][] = [['Authorization', basicAuthorization('wirebench', 'open sesame')]]
    const plain = authFindings(basic, false)
    expect(plain.find((f) => f.code === 'BASIC_OVER_HTTP')).toMatchObject({ severity: 'warning', source: 'RFC 7617 §4' })
    expect(plain.find((f) => f.code === 'BASIC_OVER_HTTP')?.message).toContain('base64 is an encoding, not encryption')
    expect(authFindings(basic, true).map((f) => f.code)).toEqual(['BASIC_IS_NOT_ENCRYPTION'])
    expect(authFindings([['authorization', 'Bearer abc']], false).map((f) => f.code)).toEqual(['BEARER_OVER_HTTP'])
    expect(authFindings([['Host', 'x']], false)).toEqual([])
  })

  it('turns challenges into info findings and flags a 401 without one', () => {
    const f = challengeFindings(401, [['WWW-Authenticate', 'Basic realm="Wirebench test realm"']])
    expect(f).toHaveLength(1)
    expect(f[0]).toMatchObject({ severity: 'info', code: 'AUTH_CHALLENGE' })
    expect(f[0]!.message).toContain('Basic (realm="Wirebench test realm")')
    expect(challengeFindings(401, []).map((x) => x.code)).toEqual(['AUTH_NO_CHALLENGE'])
    expect(challengeFindings(200, [])).toEqual([])
  })
})
