// The testssl.sh reader: the comparison tests trust it, so what it makes of testssl's JSON (3.0.x --jsonfile-pretty,
// shaped as Debian's testssl 3.0.8 writes it) is checked here without running testssl.
import { describe, expect, it } from 'vitest'
import { parseTestsslJson } from './testssl'

const f = (id: string, finding: string, severity = 'INFO'): { id: string; severity: string; finding: string } => ({ id, severity, finding })

function report(sections: Record<string, ReturnType<typeof f>[]>): unknown {
  return { Invocation: 'testssl …', scanResult: [{ targetHost: '127.0.0.1', ip: '127.0.0.1', port: '443', ...sections }] }
}

describe('parseTestsslJson', () => {
  it('reads protocols, suites per protocol by code point, and the server order by OpenSSL name', () => {
    const r = parseTestsslJson(
      report({
        protocols: [f('SSLv2', 'not offered', 'OK'), f('SSLv3', 'not offered', 'OK'), f('TLS1', 'offered (deprecated)', 'LOW'), f('TLS1_1', 'not offered'), f('TLS1_2', 'offered', 'OK'), f('TLS1_3', 'offered with final', 'OK'), f('ALPN', 'not offered')],
        serverPreferences: [f('cipher_order', 'server', 'OK'), f('cipherorder_TLSv1', 'AES128-SHA ECDHE-RSA-AES128-SHA'), f('cipherorder_TLSv1_2', 'ECDHE-RSA-AES256-GCM-SHA384 AES128-SHA')],
        cipherTests: [
          f('cipher-tls1_x2f', 'TLS 1   x2f     AES128-SHA   RSA   AES   128   TLS_RSA_WITH_AES_128_CBC_SHA'),
          f('cipher-tls1_xc013', 'TLS 1   xc013   ECDHE-RSA-AES128-SHA   ECDH 253   AES   128   TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA'),
          f('cipher-tls1_2_xc030', 'TLS 1.2   xc030   ECDHE-RSA-AES256-GCM-SHA384   ECDH 253   AESGCM   256   TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384'),
          f('cipher-tls1_2_x2f', 'TLS 1.2   x2f   AES128-SHA   RSA   AES   128   TLS_RSA_WITH_AES_128_CBC_SHA'),
          f('cipher-tls1_3_x1302', 'TLS 1.3   x1302   TLS_AES_256_GCM_SHA384   ECDH 253   AESGCM   256   TLS_AES_256_GCM_SHA384')
        ]
      })
    )
    expect(r.protocols).toEqual({ SSLv3: false, 'TLSv1.0': true, 'TLSv1.1': false, 'TLSv1.2': true, 'TLSv1.3': true })
    expect(r.ciphers).toEqual({
      'TLSv1.0': ['TLS_RSA_WITH_AES_128_CBC_SHA', 'TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA'],
      'TLSv1.2': ['TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384', 'TLS_RSA_WITH_AES_128_CBC_SHA'],
      'TLSv1.3': ['TLS_AES_256_GCM_SHA384']
    })
    expect(r.order).toEqual({ 'TLSv1.0': ['TLS_RSA_WITH_AES_128_CBC_SHA', 'TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA'], 'TLSv1.2': ['TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384', 'TLS_RSA_WITH_AES_128_CBC_SHA'] })
    expect(r.serverPreference).toBe(true)
    expect(r.untested).toEqual([])
  })

  it('says "no server order" for testssl\'s NOT a cipher order, and lists what it could not test', () => {
    const r = parseTestsslJson(
      report({
        protocols: [f('SSLv3', 'not tested due to lack of local support', 'WARN'), f('TLS1_2', 'offered', 'OK')],
        serverPreferences: [f('cipher_order', 'NOT a cipher order configured', 'HIGH')],
        cipherTests: [f('cipher-tls1_2_xfefe', 'TLS 1.2   xfefe   SOMETHING   RSA   ?   0   TLS_MADE_UP')]
      })
    )
    expect(r.serverPreference).toBe(false)
    expect(r.protocols.SSLv3).toBe(false)
    expect(r.untested).toEqual(['SSLv3: not tested due to lack of local support', 'TLSv1.2: suite 0xfefe (TLS_MADE_UP) is not in the IANA registry'])
  })

  it('refuses a run that could not reach its target rather than reading it as "nothing offered"', () => {
    const json = { scanResult: [{ id: 'scanProblem', severity: 'FATAL', finding: "Can't connect to '127.0.0.1:9'" }] }
    expect(() => parseTestsslJson(json)).toThrow(/could not scan: Can't connect/)
    expect(() => parseTestsslJson({})).toThrow(/no scanResult/)
  })
})
