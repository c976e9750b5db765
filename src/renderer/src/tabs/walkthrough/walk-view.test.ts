// What the tab computes from a walkthrough, as a learner would notice it: a step's bytes (capped, spans cut with
// them), the keys that step, the landmarks to jump to, and the TLS 1.2 / 1.3 comparison counting round trips,
// messages, bytes and time the way RFC 5246 §7.3 and RFC 8446 §2 draw the two handshakes.
import { describe, expect, it } from 'vitest'
import type { StepKind, WalkLane, WalkStep, Walkthrough } from '../../../../shared/walkthrough/model'
import { buildInput } from './actions'
import { DEFAULT_FORM } from './store'
import { clipSpans, formatMs, hexByteLength, hexToBytes, landmarks, stepBytes, stepKey, summarizeHandshake, timeTicks } from './walk-view'

let n = 0
function step(kind: StepKind, from: WalkLane, to: WalkLane, startMs: number, bytes = 4, extra: Partial<WalkStep> = {}): WalkStep {
  n++
  return {
    id: `s${n}`,
    layer: kind.startsWith('tls') ? 'presentation' : kind.startsWith('tcp') ? 'transport' : 'application',
    kind,
    title: kind,
    startMs,
    durationMs: 0.5,
    from,
    to,
    direction: from === to ? 'local' : `${from}→${to}`,
    bytesHex: '16'.repeat(bytes),
    spans: [],
    explain: '',
    source: '',
    ...extra
  }
}

function walkOf(steps: WalkStep[], version: string, totalMs = 20): Walkthrough {
  return {
    id: 'w1',
    url: 'https://alpha.test/',
    startedAt: 0,
    steps,
    dns: null,
    remote: { address: '127.0.0.1', port: 443 },
    local: { address: '127.0.0.1', port: 50000 },
    tls: { version, cipher: 'TLS_AES_128_GCM_SHA256', alpn: 'http/1.1', decrypted: true, group: 'x25519' },
    http: { version: 'HTTP/1.1', status: 200, statusWords: 'OK' },
    capture: 'socket-only',
    captureNote: 'capture off',
    keylog: '',
    totalMs,
    findings: []
  }
}

const TLS13 = [
  step('dns-query', 'client', 'resolver', 0),
  step('dns-answer', 'resolver', 'client', 1),
  step('tcp-connect', 'client', 'server', 2),
  step('tls-client-hello', 'client', 'server', 3, 512),
  step('tls-server-hello', 'server', 'client', 4, 90),
  step('tls-change-cipher-spec', 'server', 'client', 4.1, 6),
  step('tls-encrypted-extensions', 'server', 'client', 4.2, 10, { decrypted: true }),
  step('tls-certificate', 'server', 'client', 4.3, 700, { decrypted: true }),
  step('tls-certificate-verify', 'server', 'client', 4.4, 80, { decrypted: true }),
  step('tls-finished', 'server', 'client', 4.5, 36, { decrypted: true }),
  step('tls-change-cipher-spec', 'client', 'server', 5, 6),
  step('tls-finished', 'client', 'server', 5.1, 36, { decrypted: true }),
  step('http-request', 'client', 'server', 5.2, 80),
  step('tls-new-session-ticket', 'server', 'client', 6, 200),
  step('http-response', 'server', 'client', 7, 300)
]

const TLS12 = [
  step('tcp-connect', 'client', 'server', 0),
  step('tls-client-hello', 'client', 'server', 1, 300),
  step('tls-server-hello', 'server', 'client', 2, 80),
  step('tls-certificate', 'server', 'client', 2.1, 700),
  step('tls-server-key-exchange', 'server', 'client', 2.2, 150),
  step('tls-server-hello-done', 'server', 'client', 2.3, 4),
  step('tls-client-key-exchange', 'client', 'server', 3, 70),
  step('tls-change-cipher-spec', 'client', 'server', 3.1, 6),
  step('tls-finished', 'client', 'server', 3.2, 16, { decrypted: true }),
  step('tls-change-cipher-spec', 'server', 'client', 4, 6),
  step('tls-finished', 'server', 'client', 4.1, 16, { decrypted: true }),
  step('http-request', 'client', 'server', 5, 80)
]

describe('TLS 1.2 beside 1.3', () => {
  it('counts one round trip for TLS 1.3 and two for TLS 1.2 before the request can go', () => {
    expect(summarizeHandshake(walkOf(TLS13, 'TLSv1.3')).roundTrips).toBe(1)
    expect(summarizeHandshake(walkOf(TLS12, 'TLSv1.2')).roundTrips).toBe(2)
  })

  it('shows TLS 1.2\'s key exchange group from the ServerKeyExchange\'s named curve (RFC 8422 §5.4), not "—"', () => {
    const ske = TLS12.find((s) => s.kind === 'tls-server-key-exchange')!
    const steps = TLS12.map((s) => (s === ske ? { ...s, spans: [{ offset: 0, length: 150, name: 'ServerKeyExchange', children: [{ offset: 5, length: 2, name: 'Named curve', value: 'x25519 (0x001d)' }] }] } : s))
    const noGroup = (w: ReturnType<typeof walkOf>): ReturnType<typeof walkOf> => ({ ...w, tls: { ...w.tls!, group: undefined } })
    expect(summarizeHandshake(noGroup(walkOf(steps, 'TLSv1.2'))).group).toBe('x25519')
    expect(summarizeHandshake(noGroup(walkOf(TLS12, 'TLSv1.2'))).group).toBe('—')
  })

  it('counts the same handshake bytes from a summary, whose steps carry byteLength instead of their bytes', () => {
    const summary = TLS13.map((s) => ({ ...s, bytesHex: '', spans: [], byteLength: hexByteLength(s.bytesHex), hasDetail: true as const }))
    expect(summarizeHandshake(walkOf(summary, 'TLSv1.3')).bytes).toBe(summarizeHandshake(walkOf(TLS13, 'TLSv1.3')).bytes)
    expect(summarizeHandshake(walkOf(summary, 'TLSv1.3')).bytes).toBeGreaterThan(1000)
  })

  it('counts handshake messages and their bytes, ChangeCipherSpec apart, nothing after the request', () => {
    const h = summarizeHandshake(walkOf(TLS13, 'TLSv1.3'))
    expect(h.messages).toBe(7)
    expect(h.changeCipherSpecs).toBe(2)
    expect(h.bytes).toBe(512 + 90 + 10 + 700 + 80 + 36 + 36)
    const h12 = summarizeHandshake(walkOf(TLS12, 'TLSv1.2'))
    expect(h12.messages).toBe(8)
    expect(h12.certificateEncrypted).toBe(false)
    expect(h.certificateEncrypted).toBe(true)
  })

  it('times the handshake from the ClientHello to the last Finished, and to the request', () => {
    const h = summarizeHandshake(walkOf(TLS13, 'TLSv1.3'))
    expect(h.handshakeMs).toBeCloseTo(5.1 + 0.5 - 3)
    expect(h.toRequestMs).toBeCloseTo(2.2)
    expect(h.flights.map((f) => f.from)).toEqual(['client', 'server', 'client'])
  })
})

describe('a step’s bytes', () => {
  it('reads hex with or without separators and counts what it did not draw', () => {
    expect(hexToBytes('16 03 01').bytes).toEqual(new Uint8Array([0x16, 3, 1]))
    expect(hexToBytes('160301AB').bytes).toEqual(new Uint8Array([0x16, 3, 1, 0xab]))
    expect(hexByteLength('16 03 01')).toBe(3)
    const cut = hexToBytes('00'.repeat(100), 10)
    expect(cut.bytes.length).toBe(10)
    expect(cut.total).toBe(100)
  })

  it('cuts spans to the bytes shown, so a highlight never points past them', () => {
    const spans = [
      { offset: 0, length: 8, name: 'a', children: [{ offset: 6, length: 4, name: 'b' }] },
      { offset: 12, length: 4, name: 'c' }
    ]
    expect(clipSpans(spans, 8)).toEqual([{ offset: 0, length: 8, name: 'a', children: [{ offset: 6, length: 2, name: 'b' }] }])
  })

  it('shows the plaintext of a decrypted record, or its wire bytes (without the plaintext’s fields) when asked', () => {
    const s = step('tls-finished', 'server', 'client', 1, 4, { wireHex: '1703030015' + 'aa'.repeat(21), spans: [{ offset: 0, length: 4, name: 'Handshake header' }], decrypted: true })
    expect(stepBytes(s, false).spans).toHaveLength(1)
    const wire = stepBytes(s, true)
    expect(wire.wire).toBe(true)
    expect(wire.total).toBe(26)
    expect(wire.spans).toEqual([])
  })
})

describe('stepping', () => {
  it('maps ←/→, k/j, Home/End and space to moves, and nothing else', () => {
    expect(['ArrowRight', 'j', 'ArrowLeft', 'k', 'Home', 'End', ' ', 'x'].map(stepKey)).toEqual(['next', 'next', 'prev', 'prev', 'first', 'last', 'play', null])
  })

  it('finds the landmarks this walkthrough has, in order', () => {
    expect(landmarks(TLS13).map((l) => `${l.label}@${l.index}`)).toEqual(['DNS question@0', 'TCP handshake@2', 'ClientHello@3', 'ServerHello@4', 'Certificate@7', 'Finished@9', 'HTTP request@12', 'HTTP response@14'])
  })

  it('labels time the way a reader wants it', () => {
    expect(formatMs(0.004)).toBe('4.0 µs')
    expect(formatMs(1.234)).toBe('1.23 ms')
    expect(formatMs(123.4)).toBe('123.4 ms')
    expect(formatMs(2345)).toBe('2.35 s')
    expect(timeTicks(10, 5)).toEqual([0, 2, 4, 6, 8, 10])
  })
})

describe('the form', () => {
  it('refuses a URL that is not http(s) before asking main', () => {
    expect(buildInput({ ...DEFAULT_FORM, url: 'ftp://x' })).toMatchObject({ code: 'INVALID_INPUT' })
  })

  it('turns verify off into insecure, and sends the HTTP tab’s raw request as base64 for HTTP/1.1', () => {
    const input = buildInput({ ...DEFAULT_FORM, url: 'https://alpha.test/', verify: false, raw: 'GET / HTTP/1.1\r\nHost: alpha.test\r\n\r\n', protocol: 'http1.1' })
    expect(input).toMatchObject({ insecure: true, rawRequestBase64: btoa('GET / HTTP/1.1\r\nHost: alpha.test\r\n\r\n') })
    // The page asks for a summary and fetches each step's bytes when it shows it.
    expect(input).toMatchObject({ detail: 'summary' })
  })

  it('sends the HTTP tab’s method and headers (not Host or Connection) when the walk is HTTP/2', () => {
    const input = buildInput({ ...DEFAULT_FORM, url: 'https://alpha.test/', raw: 'POST /x HTTP/1.1\r\nHost: alpha.test\r\nConnection: close\r\nAccept: */*\r\n\r\n', protocol: 'http2' })
    expect(input).toMatchObject({ method: 'POST', headers: [['Accept', '*/*']] })
    expect(input).not.toHaveProperty('rawRequestBase64')
  })
})
