// Handshake parsing against RFC 8448 §3's bytes (every field named and placed), a GREASE/post-quantum ClientHello,
// and hostile input that must give findings, never exceptions.
import { describe, expect, test } from 'vitest'
import { concatBytes, toHex } from '../bytes'
import type { Span } from '../dissect/span'
import { dissect } from '../dissect/table'
import { CIPHER_SUITES, cipherSuiteByName, cipherSuiteName, isGrease } from './cipher-suites'
import { RFC8448, greaseClientHello } from './handshake-fixtures'
import { parseHandshakeMessage, splitHandshake } from './handshake'
import { groupName, signatureSchemeName } from './tls-names'

const find = (spans: readonly Span[], name: string): Span | undefined => {
  for (const s of spans) {
    if (s.name === name) return s
    const inner = s.children && find(s.children, name)
    if (inner) return inner
  }
  return undefined
}
const all = (spans: readonly Span[]): Span[] => spans.flatMap((s) => [s, ...all(s.children ?? [])])
const client = { tls13: true, from: 'client' } as const
const server = { tls13: true, from: 'server' } as const

describe('RFC 8448 §3 simple 1-RTT handshake', () => {
  test('the transcribed messages have the lengths the RFC states and hash to its transcript hash', async () => {
    expect([RFC8448.clientHello, RFC8448.serverHello, RFC8448.encryptedExtensions, RFC8448.certificate, RFC8448.certificateVerify, RFC8448.serverFinished].map((m) => m.length)).toEqual([196, 90, 40, 445, 136, 36])
    const hash = new Uint8Array(await crypto.subtle.digest('SHA-256', concatBytes([RFC8448.clientHello, RFC8448.serverHello])))
    expect(toHex(hash, '')).toBe(RFC8448.transcriptChSh)
  })

  test('ClientHello: every suite and extension named, SNI "server", one x25519 key share', () => {
    const p = parseHandshakeMessage(RFC8448.clientHello, client)
    expect(p.typeName).toBe('ClientHello')
    expect(p.kind).toBe('tls-client-hello')
    expect(p.findings).toEqual([])
    const ch = p.clientHello!
    expect(ch.legacyVersion).toBe(0x0303)
    expect(toHex(ch.random, '').slice(0, 8)).toBe('cb34ecb1')
    expect(ch.sessionId.length).toBe(0)
    expect(ch.cipherSuites.map(cipherSuiteName)).toEqual(['TLS_AES_128_GCM_SHA256', 'TLS_CHACHA20_POLY1305_SHA256', 'TLS_AES_256_GCM_SHA384'])
    expect(ch.extensions.map((e) => e.name)).toEqual(['server_name', 'renegotiation_info', 'supported_groups', 'session_ticket', 'key_share', 'supported_versions', 'signature_algorithms', 'psk_key_exchange_modes', 'record_size_limit'])
    expect(ch.serverName).toBe('server')
    expect(ch.groups.map(groupName)).toEqual(['x25519', 'secp256r1', 'secp384r1', 'secp521r1', 'ffdhe2048', 'ffdhe3072', 'ffdhe4096', 'ffdhe6144', 'ffdhe8192'])
    expect(ch.keyShares).toEqual([{ group: 0x001d, length: 32 }])
    expect(ch.supportedVersions).toEqual([0x0304])
    expect(ch.signatureSchemes.length).toBe(15)
    expect(ch.signatureSchemes.map(signatureSchemeName)).toContain('rsa_pss_rsae_sha256')
    expect(ch.pskModes).toEqual([1])
    expect(ch.alpn).toEqual([])
    expect(ch.grease).toBe(false)
    expect(ch.hasPsk).toBe(false)
  })

  test('ClientHello spans sit on the right bytes and explain themselves with RFC sections', () => {
    const p = parseHandshakeMessage(RFC8448.clientHello, client)
    const root = p.spans[0]!
    expect(root).toMatchObject({ offset: 0, length: 196, name: 'ClientHello' })
    const random = find(p.spans, 'Random')!
    expect([random.offset, random.length]).toEqual([6, 32])
    const sni = find(p.spans, 'Extension: server_name')!
    expect(toHex(RFC8448.clientHello.subarray(sni.offset, sni.offset + 4), '')).toBe('0000000b')
    expect(sni.value).toBe('server')
    expect(sni.explain).toContain('RFC 6066 §3')
    const share = find(p.spans, 'Key share: x25519')!
    expect(share.length).toBe(36)
    expect(find(p.spans, 'Extension: key_share')!.explain).toContain('RFC 8446 §4.2.8')
    expect(find(p.spans, 'Cipher suite: TLS_AES_128_GCM_SHA256')!.explain).toContain('RFC 8446')
    // Every span lies inside the message and inside its parent.
    const check = (spans: readonly Span[], lo: number, hi: number): void => {
      for (const s of spans) {
        expect(s.offset).toBeGreaterThanOrEqual(lo)
        expect(s.offset + s.length).toBeLessThanOrEqual(hi)
        if (s.children) check(s.children, s.offset, s.offset + s.length)
      }
    }
    check(p.spans, 0, RFC8448.clientHello.length)
  })

  test('ServerHello: TLS 1.3 through supported_versions, TLS_AES_128_GCM_SHA256, x25519', () => {
    const p = parseHandshakeMessage(RFC8448.serverHello, server)
    expect(p.findings).toEqual([])
    expect(p.serverHello).toMatchObject({ helloRetryRequest: false, legacyVersion: 0x0303, version: 0x0304, cipherSuite: 0x1301, keyShareGroup: 0x001d, hasPsk: false })
    expect(p.serverHello!.extensions.map((e) => e.name)).toEqual(['key_share', 'supported_versions'])
    expect(find(p.spans, 'Selected version')!.value).toBe('TLS 1.3')
    expect(p.summary).toBe('ServerHello: TLS 1.3, TLS_AES_128_GCM_SHA256, x25519')
  })

  test('EncryptedExtensions, Certificate, CertificateVerify and Finished', () => {
    const ee = parseHandshakeMessage(RFC8448.encryptedExtensions, server)
    expect(ee.kind).toBe('tls-encrypted-extensions')
    expect(ee.encryptedExtensions!.extensions.map((e) => e.name)).toEqual(['supported_groups', 'record_size_limit', 'server_name'])
    const cert = parseHandshakeMessage(RFC8448.certificate, server)
    expect(cert.certificates!.length).toBe(1)
    expect(cert.certificates![0]!.length).toBe(0x1b0)
    expect(cert.certificates![0]![0]).toBe(0x30)
    expect(find(cert.spans, "Certificate 1 (leaf: the server's own)")!.value).toBe('CN=rsa, 432 bytes')
    expect(cert.summary).toBe('Certificate: 1 certificate (leaf CN=rsa)')
    const cv = parseHandshakeMessage(RFC8448.certificateVerify, server)
    expect(cv.certificateVerify).toMatchObject({ scheme: 0x0804, schemeName: 'rsa_pss_rsae_sha256' })
    expect(cv.certificateVerify!.signature.length).toBe(128)
    const fin = parseHandshakeMessage(RFC8448.serverFinished, server)
    expect(toHex(fin.finished!.verifyData, '')).toBe('9b9b141d906337fbd2cbdce71df4deda4ab42c309572cb7fffee5454b78f0718')
    for (const p of [ee, cert, cv, fin]) expect(p.findings).toEqual([])
  })

  test('the client Finished and the NewSessionTicket (lifetime, age add, nonce, early_data limit)', () => {
    const fin = parseHandshakeMessage(RFC8448.clientFinished, client)
    expect(toHex(fin.finished!.verifyData, '').slice(0, 8)).toBe('a8ec436d')
    const nst = parseHandshakeMessage(RFC8448.newSessionTicket, server)
    expect(nst.findings).toEqual([])
    expect(nst.kind).toBe('tls-new-session-ticket')
    expect(nst.newSessionTicket).toEqual({ lifetime: 30, ageAdd: 0xfad6aac5 })
    expect(find(nst.spans, 'Ticket')!.value).toBe('178 bytes')
    expect(find(nst.spans, 'Extension: early_data')!.value).toBe('up to 1024 bytes of early data')
  })

  test('KeyUpdate and a TLS 1.3 CertificateRequest', () => {
    const ku = parseHandshakeMessage(Uint8Array.of(24, 0, 0, 1, 1), client)
    expect(ku).toMatchObject({ typeName: 'KeyUpdate', kind: 'tls-key-update', keyUpdate: { updateRequested: true }, findings: [] })
    expect(parseHandshakeMessage(Uint8Array.of(24, 0, 0, 1, 7), client).findings.map((f) => f.code)).toEqual(['ILLEGAL_PARAMETER'])
    const cr = parseHandshakeMessage(Uint8Array.of(13, 0, 0, 11, 0, 0, 8, 0, 13, 0, 4, 0, 2, 4, 3), server)
    expect(cr.findings).toEqual([])
    expect(find(cr.spans, 'Scheme: ecdsa_secp256r1_sha256')).toBeDefined()
  })

  test('the tls-handshake dissector reads the whole server flight back to back', () => {
    const flight = concatBytes([RFC8448.serverHello, RFC8448.encryptedExtensions, RFC8448.certificate, RFC8448.certificateVerify, RFC8448.serverFinished])
    const d = dissect('tls-handshake', flight)
    expect(d.findings).toEqual([])
    expect(d.spans.map((s) => s.name)).toEqual(['ServerHello', 'EncryptedExtensions', 'Certificate', 'CertificateVerify', 'Finished'])
    expect(d.spans[4]!.offset).toBe(flight.length - 36)
    expect(find(d.spans, 'verify_data')!.offset).toBe(flight.length - 32)
  })
})

describe("the 'tls-records' dissector nests the handshake fields", () => {
  test('a ClientHello record shows its suites and extensions, not just a body', () => {
    const record = concatBytes([Uint8Array.of(22, 3, 1, 0, RFC8448.clientHello.length), RFC8448.clientHello])
    const d = dissect('tls-records', record)
    expect(d.findings).toEqual([])
    const hello = find(d.spans, 'Handshake: ClientHello')!
    expect(hello.offset).toBe(5)
    const sni = find(d.spans, 'Extension: server_name')!
    expect(toHex(record.subarray(sni.offset, sni.offset + 4), '')).toBe('0000000b')
    expect(find(d.spans, 'Cipher suite: TLS_CHACHA20_POLY1305_SHA256')).toBeDefined()
  })
})

describe('GREASE and post-quantum key shares', () => {
  test('every GREASE value is marked, the ML-KEM hybrid is named', () => {
    const p = parseHandshakeMessage(greaseClientHello(), client)
    expect(p.findings).toEqual([])
    const ch = p.clientHello!
    expect(ch.grease).toBe(true)
    expect(ch.extensions.filter((e) => e.grease).map((e) => e.type)).toEqual([0x2a2a, 0xfafa])
    expect(ch.extensions[0]!.name).toBe('GREASE (0x2a2a)')
    expect(cipherSuiteName(ch.cipherSuites[0]!)).toBe('GREASE (0x5a5a)')
    expect(ch.keyShares.map((k) => [groupName(k.group), k.length])).toEqual([['GREASE (0xdada)', 1], ['X25519MLKEM768', 1216], ['x25519', 32]])
    expect(ch.alpn).toEqual(['h2', 'http/1.1'])
    expect(ch.serverName).toBe('example.test')
    expect(ch.ech).toBe(true)
    const greaseSpans = all(p.spans).filter((s) => /GREASE/.test(s.name))
    expect(greaseSpans.length).toBeGreaterThanOrEqual(6)
    expect(greaseSpans.every((s) => (s.explain ?? '').includes('RFC 8701') || (s.explain ?? '').includes('GREASE'))).toBe(true)
    expect(find(p.spans, 'Key share: X25519MLKEM768')!.explain).toMatch(/ML-KEM.*draft-ietf-tls-ecdhe-mlkem/s)
  })

  test('isGrease knows exactly the 16 RFC 8701 values', () => {
    const grease = []
    for (let v = 0; v < 0x10000; v++) if (isGrease(v)) grease.push(v)
    expect(grease).toEqual(Array.from({ length: 16 }, (_, i) => i * 0x1010 + 0x0a0a))
  })
})

describe('cipher suite registry', () => {
  test('IANA and OpenSSL names, TLS 1.3 flag, unknown codes said so', () => {
    expect(CIPHER_SUITES.size).toBeGreaterThan(330)
    expect(CIPHER_SUITES.get(0xc02f)).toMatchObject({ iana: 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256', openssl: 'ECDHE-RSA-AES128-GCM-SHA256', recommended: true, rfc: 'RFC 5289' })
    expect(CIPHER_SUITES.get(0x1303)).toMatchObject({ iana: 'TLS_CHACHA20_POLY1305_SHA256', tls13: true })
    expect(CIPHER_SUITES.get(0x0005)?.iana).toBe('TLS_RSA_WITH_RC4_128_SHA')
    expect(cipherSuiteByName('ecdhe-ecdsa-chacha20-poly1305')?.code).toBe(0xcca9)
    expect(cipherSuiteName(0x1399)).toBe('unknown (0x1399)')
  })
})

describe('hostile input gives findings, never exceptions', () => {
  test('every truncation of a real ClientHello and ServerHello', () => {
    for (const msg of [RFC8448.clientHello, RFC8448.serverHello, RFC8448.certificate, greaseClientHello()]) {
      for (let n = 0; n < msg.length; n++) {
        const p = parseHandshakeMessage(msg.subarray(0, n), client)
        expect(p.findings.some((f) => f.code === 'TRUNCATED')).toBe(true)
      }
    }
  })

  test('garbage bytes, inflated lengths and a flood of extensions', () => {
    let seed = 12345
    const rand = (): number => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) >> 16) & 0xff
    for (let i = 0; i < 300; i++) {
      const junk = Uint8Array.from({ length: 4 + (i % 200) }, rand)
      junk[0] = [1, 2, 4, 8, 11, 12, 13, 15, 16, 20, 24][i % 11]!
      expect(() => parseHandshakeMessage(junk, { tls13: i % 2 === 0, from: 'server' })).not.toThrow()
      expect(() => dissect('tls-handshake', junk)).not.toThrow()
    }
    const inflated = RFC8448.clientHello.slice()
    inflated[39] = 0xff // the cipher suite list claims 0xff06 bytes
    expect(parseHandshakeMessage(inflated, client).findings.map((f) => f.code)).toContain('TRUNCATED')
    const many = new Uint8Array(4 + 2 + 32 + 1 + 4 + 2 + 2 + 4 * 5000)
    many.set([1, 0, (many.length - 4) >> 8, (many.length - 4) & 0xff], 0)
    many.set([3, 3], 4)
    let o = 4 + 2 + 32 + 1
    many.set([0, 2, 0x13, 0x01, 1, 0], o)
    o += 6
    many.set([(4 * 5000) >> 8, (4 * 5000) & 0xff], o)
    for (let i = 0; i < 5000; i++) many.set([0x10, i & 0xff, 0, 0], o + 2 + i * 4)
    const p = parseHandshakeMessage(many, client)
    expect(p.findings.map((f) => f.code)).toContain('TOO_MANY_EXTENSIONS')
    expect(p.clientHello!.extensions.length).toBe(256)
  })

  test('splitHandshake keeps a message cut across records for later', () => {
    const both = concatBytes([RFC8448.serverHello, RFC8448.encryptedExtensions])
    const { messages, rest } = splitHandshake(both.subarray(0, 100))
    expect(messages.map((m) => m.length)).toEqual([90])
    expect(rest.length).toBe(10)
    expect(splitHandshake(both).messages.map((m) => m[0])).toEqual([2, 8])
  })
})

describe('span budget', () => {
  test('a ClientHello with thousands of suites stops growing at the span limit and says so', () => {
    const count = 20_000
    const body = new Uint8Array(2 + 32 + 1 + 2 + count * 2 + 2)
    body.set([3, 3], 0)
    body.set([(count * 2) >> 8, (count * 2) & 0xff], 35)
    for (let i = 0; i < count; i++) body.set([0xc0, 0x2f], 37 + i * 2)
    body.set([1, 0], 37 + count * 2)
    const msg = concatBytes([Uint8Array.of(1, 0, body.length >> 8, body.length & 0xff), body])
    const d = dissect('tls-handshake', msg, { maxSpans: 500 })
    expect(d.spanCount).toBeLessThanOrEqual(501)
    expect(d.findings.map((f) => f.code)).toContain('SPAN_LIMIT')
    const p = parseHandshakeMessage(msg, client)
    expect(p.clientHello!.cipherSuites.length).toBe(2048)
    expect(p.findings.map((f) => f.code)).toContain('LIST_CAPPED')
    expect(all(p.spans).length).toBeLessThan(2200)
  })
})

describe('field explanations', () => {
  test('ALPN in EncryptedExtensions is the server\'s one choice, not an offer; handshake Length says what it counts', () => {
    const ee = Uint8Array.from([8, 0, 0, 11, 0, 9, 0, 16, 0, 5, 0, 3, 2, 0x68, 0x32])
    const p = parseHandshakeMessage(ee, { tls13: true, from: 'server' })
    const alpn = all(p.spans).find((s) => s.name.startsWith('Extension: application_layer_protocol_negotiation'))!
    expect(alpn.value).toBe('h2')
    expect(alpn.explain).toMatch(/server's choice.*RFC 7301 §3\.1/)
    expect(alpn.explain).not.toMatch(/the client can speak/)
    expect(find(p.spans, 'Length')!.explain).toMatch(/length of the message body in bytes.*RFC 8446 §4\)/)
  })

  test('a ChangeCipherSpec record names its 0x01 byte and says why TLS 1.3 sends it', () => {
    const d = dissect('tls-records', Uint8Array.from([20, 3, 3, 0, 1, 1]))
    const ccs = find(d.spans, 'Change cipher spec')!
    expect(ccs.value).toBe('0x01')
    expect(ccs.explain).toMatch(/middlebox compatibility.*RFC 8446 §D\.4/)
    for (const name of ['Content type', 'Version', 'Length']) expect(find(d.spans, name)!.explain).toBeTruthy()
  })
})
