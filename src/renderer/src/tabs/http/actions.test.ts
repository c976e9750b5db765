// The form → contract step and the history bounds: a bad port or repeat is said in words before anything is sent, the
// bytes sent are the text's UTF-8, TLS-only fields go only with TLS, and the history never outgrows its bounds.
import { describe, expect, it } from 'vitest'
import { fromBase64 } from '../../../../shared/bytes'
import { buildInput, urlOf } from './actions'
import { boundHistory, MAX_ENTRY_CHARS, MAX_HISTORY, type HistoryEntry } from './history'
import { httpStore } from './store'

describe('buildInput', () => {
  it('sends the text as UTF-8 bytes, with the forced address and no TLS-only fields in clear', () => {
    const s = { ...httpStore.get(), raw: 'GET /é HTTP/1.1\r\nHost: a\n\n', target: { ...httpStore.get().target, host: 'alpha.test', port: '8080', address: '127.0.0.1', sni: 'x', alpn: 'h2', verify: false } }
    const input = buildInput(s)
    if ('code' in input) throw new Error(input.message)
    expect(new TextDecoder().decode(fromBase64(input.requestBase64))).toBe(s.raw)
    expect(input.address).toBe('127.0.0.1')
    expect(input.target).toEqual({ host: 'alpha.test', port: 8080, tls: false, insecure: false })
    expect(input.repeat).toBeUndefined()
  })

  it('says what is wrong with a port or a repeat count', () => {
    expect(buildInput({ ...httpStore.get(), target: { ...httpStore.get().target, port: '70000' } })).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringMatching(/1 to 65535/) })
    expect(buildInput({ ...httpStore.get(), repeatOn: true, repeatN: 'ten' })).toMatchObject({ message: expect.stringMatching(/Repeat is a whole number/) })
    const tls = buildInput({ ...httpStore.get(), repeatOn: true, repeatN: '5', resumeTls: true, target: { ...httpStore.get().target, tls: true, port: '443', verify: false, alpn: 'h2, http/1.1' } })
    expect(tls).toMatchObject({ repeat: 5, resumeTls: true, target: { insecure: true, alpn: ['h2', 'http/1.1'] } })
  })

  it('the URL box follows the fields and the request line', () => {
    expect(urlOf({ host: 'alpha.test', port: '443', tls: true }, 'GET /a?b=1 HTTP/1.1\r\n')).toBe('https://alpha.test/a?b=1')
    expect(urlOf({ host: '::1', port: '8080', tls: false }, 'junk')).toBe('http://[::1]:8080/')
  })
})

describe('history bounds', () => {
  const entry = (i: number, raw = 'GET / HTTP/1.1\r\n\r\n'): HistoryEntry => ({ id: String(i), at: i, raw, target: httpStore.get().target })
  it('keeps at most 100 entries and drops the text of a huge request, saying why', () => {
    expect(boundHistory(Array.from({ length: 150 }, (_, i) => entry(i)))).toHaveLength(MAX_HISTORY)
    const [big] = boundHistory([entry(1, 'x'.repeat(MAX_ENTRY_CHARS + 1))])
    expect(big).toMatchObject({ raw: '', error: expect.stringMatching(/too large to keep/) })
  })
})
