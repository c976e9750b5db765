// The matrix a user reads: TLS 1.3 suites on top, each suite once with a cell per protocol, ranks only where the
// server enforces its order, and columns only for protocols the server speaks.
import { describe, expect, it } from 'vitest'
import type { ScanResult, SuiteInfo } from '../../../../shared/tls/scan-model'
import { cellTitle, scanMatrix } from './scan-matrix'
import { scanInputFromForm } from './scan-store'
import { fixParts, shortSource } from './scan-words'

const suite = (name: string, o: Partial<SuiteInfo> = {}): SuiteInfo => ({
  id: 0,
  name,
  kx: 'ECDHE',
  auth: 'RSA',
  cipher: 'AES_128_GCM',
  bits: 128,
  aead: true,
  forwardSecrecy: true,
  strength: 'strong',
  strengthWhy: 'AEAD with forward secrecy',
  ...o
})

const CBC = suite('TLS_RSA_WITH_AES_128_CBC_SHA', { kx: 'RSA', cipher: 'AES_128_CBC', aead: false, forwardSecrecy: false, strength: 'weak', strengthWhy: 'no forward secrecy, CBC' })
const GCM = suite('TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256')
const T13 = suite('TLS_AES_256_GCM_SHA384', { kx: 'any', auth: 'any', cipher: 'AES_256_GCM', bits: 256 })

function result(o: Partial<ScanResult>): ScanResult {
  return {
    target: '127.0.0.1:8443',
    host: '127.0.0.1',
    port: 8443,
    sni: null,
    address: '127.0.0.1',
    protocols: { SSLv3: false, 'TLSv1.0': true, 'TLSv1.1': false, 'TLSv1.2': true, 'TLSv1.3': true },
    ciphers: { 'TLSv1.3': [T13.name], 'TLSv1.2': [GCM.name, CBC.name], 'TLSv1.0': [CBC.name] },
    suites: { 'TLSv1.3': [T13], 'TLSv1.2': [GCM, CBC], 'TLSv1.0': [CBC] },
    serverPreference: true,
    serverPreferenceBy: { 'TLSv1.3': null, 'TLSv1.2': true, 'TLSv1.0': false },
    groups: ['x25519'],
    groupDetails: [],
    signatureAlgorithms: [],
    alpn: [],
    ocspStapling: false,
    sessionResumption: { tickets: false, ids: false },
    secureRenegotiation: true,
    fallbackScsv: true,
    compression: false,
    heartbeat: false,
    hsts: null,
    certificate: null,
    grade: 'B',
    gradeDetails: { grade: 'B', score: 80, protocolScore: 90, keyExchangeScore: 90, cipherScore: 70, reasons: [] },
    mozillaProfile: 'old',
    mozilla: { best: 'old', version: '5.7', profiles: { modern: { complies: false, differences: [] }, intermediate: { complies: false, differences: [] }, old: { complies: true, differences: [] } } },
    findings: [],
    probes: 40,
    timeMs: 900,
    ...o
  }
}

describe('scan matrix', () => {
  it('puts TLS 1.3 first, lists each suite once, and shows only the protocols the server speaks', () => {
    const m = scanMatrix(result({}))
    expect(m.columns).toEqual(['TLSv1.3', 'TLSv1.2', 'TLSv1.0'])
    expect(m.rows.map((r) => r.name)).toEqual([T13.name, GCM.name, CBC.name])
    expect(Object.keys(m.rows[2]!.cells).sort()).toEqual(['TLSv1.0', 'TLSv1.2'])
  })

  it('ranks suites only where the server enforces its order', () => {
    const m = scanMatrix(result({}))
    const cbc = m.rows.find((r) => r.name === CBC.name)!
    expect(cbc.cells['TLSv1.2']).toEqual({ rank: 2 })
    // TLS 1.0 follows the client's order here: no rank, only "accepted".
    expect(cbc.cells['TLSv1.0']).toEqual({ rank: null })
    expect(cellTitle(cbc, 'TLSv1.2')).toMatch(/#2 in the server's order.*weak: no forward secrecy, CBC.*no forward secrecy.*not AEAD/)
    expect(cellTitle(cbc, 'TLSv1.3')).toMatch(/not accepted with TLSv1\.3/)
    // whose order decides unknown (too few suites to tell): no claim that the client's order decides
    expect(cellTitle(cbc, 'TLSv1.0')).toMatch(/client’s order decides/)
    expect(cellTitle(cbc, 'TLSv1.0', false)).not.toMatch(/client/)
  })

  it('has no columns and no rows for a server that accepted nothing', () => {
    const none = result({ protocols: { SSLv3: false, 'TLSv1.0': false, 'TLSv1.1': false, 'TLSv1.2': false, 'TLSv1.3': false }, ciphers: {}, suites: {} })
    expect(scanMatrix(none)).toEqual({ columns: [], rows: [] })
  })
})

describe('scan input from the form', () => {
  it('takes the host, port and SNI as typed, 443 when the port is empty, and says which field is wrong', () => {
    expect(scanInputFromForm({ serverHost: ' example.com ', serverPort: '', serverSni: '' }, [])).toEqual({ host: 'example.com', port: 443, rootsPem: [] })
    expect(scanInputFromForm({ serverHost: '127.0.0.1', serverPort: '8443', serverSni: 'localhost' }, ['PEM'])).toEqual({ host: '127.0.0.1', port: 8443, sni: 'localhost', rootsPem: ['PEM'] })
    expect(scanInputFromForm({ serverHost: '', serverPort: '443', serverSni: '' }, [])).toMatchObject({ code: 'INVALID_INPUT', message: 'Enter the host to scan.' })
    expect(scanInputFromForm({ serverHost: 'a', serverPort: '44x', serverSni: '' }, [])).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringMatching(/^port:/) })
  })
})

describe('scan words', () => {
  it('turns a fix into words and code blocks: the nginx and Apache lines become blocks, their labels text', () => {
    expect(fixParts('nginx: `ssl_protocols TLSv1.2 TLSv1.3;` · Apache: `SSLProtocol -all +TLSv1.2 +TLSv1.3`')).toEqual([
      { text: 'Fix: nginx:' },
      { code: 'ssl_protocols TLSv1.2 TLSv1.3;' },
      { text: 'Apache:' },
      { code: 'SSLProtocol -all +TLSv1.2 +TLSv1.3' }
    ])
    expect(fixParts('renew the certificate')).toEqual([{ text: 'Fix: renew the certificate' }])
    expect(fixParts('ssl_protocols TLSv1.3;\nssl_prefer_server_ciphers off;')).toEqual([{ code: 'ssl_protocols TLSv1.3;\nssl_prefer_server_ciphers off;' }])
  })

  it('shows a source without its URL', () => {
    expect(shortSource('SSL Labs Rating Guide 2009q, https://github.com/ssllabs/research/wiki/SSL-Server-Rating-Guide, Cipher strength (Table 4)')).toBe('SSL Labs Rating Guide 2009q, Cipher strength (Table 4)')
  })
})
