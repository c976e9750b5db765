// "Compare with the textbook": RFC 8448 §3 itself matches; a browser-shaped hello, a retry, a resumption and a
// TLS 1.2 answer each get the sentence that names the difference and its RFC.
import { describe, expect, test } from 'vitest'
import { RFC8448, greaseClientHello } from './handshake-fixtures'
import { parseHandshakeMessage } from './handshake'
import { textbookNotes } from './textbook'

const ch = (msg: Uint8Array) => parseHandshakeMessage(msg, { tls13: true, from: 'client' }).clientHello!
const sh = (msg: Uint8Array) => parseHandshakeMessage(msg, { tls13: true, from: 'server' }).serverHello!

describe('textbookNotes', () => {
  test('RFC 8448 §3 compared with itself has the textbook shape', () => {
    const notes = textbookNotes(ch(RFC8448.clientHello), sh(RFC8448.serverHello), false, false)
    expect(notes).toHaveLength(1)
    expect(notes[0]).toMatch(/same shape as RFC 8448 §3/)
  })

  test('a browser-shaped hello: GREASE, post-quantum share, ALPN, ECH, session ID, suites, extras', () => {
    const notes = textbookNotes(ch(greaseClientHello()), sh(RFC8448.serverHello), false, false)
    const text = notes.join('\n')
    expect(text).toMatch(/GREASE values among its cipher suites, extensions, groups and versions \(RFC 8701\)/)
    expect(text).toMatch(/post-quantum key share: X25519MLKEM768 \(1216 bytes\) \(draft-ietf-tls-ecdhe-mlkem\)/)
    expect(text).toMatch(/ALPN \(h2, http\/1\.1\)/)
    expect(text).toMatch(/32-byte legacy session ID: middlebox compatibility mode \(RFC 8446 §D\.4\)/)
    expect(text).toMatch(/encrypted_client_hello/)
    expect(text).toMatch(/offers 6 cipher suites, 3 of them for TLS 1\.2 and earlier/)
    expect(text).toMatch(/also offers TLS 1\.2/)
    expect(text).toMatch(/Textbook extensions this client leaves out: renegotiation_info, supported_groups|leaves out: renegotiation_info, session_ticket/)
    expect(notes.every((n) => /RFC|draft|textbook/.test(n))).toBe(true)
  })

  test('HelloRetryRequest, resumption, another suite and TLS 1.2 are each named', () => {
    const hello = ch(RFC8448.clientHello)
    const hrr = { ...sh(RFC8448.serverHello), helloRetryRequest: true, keyShareGroup: 0x0017 }
    expect(textbookNotes(hello, hrr, true, false).join('\n')).toMatch(/HelloRetryRequest asking for a secp256r1 key share \(RFC 8446 §4\.1\.4\)/)
    expect(textbookNotes(hello, sh(RFC8448.serverHello), false, true).join('\n')).toMatch(/resumed an earlier session.*RFC 8446 §2\.2/)
    expect(textbookNotes(hello, { ...sh(RFC8448.serverHello), cipherSuite: 0x1303 }, false, false).join('\n')).toMatch(/chose TLS_CHACHA20_POLY1305_SHA256/)
    expect(textbookNotes(hello, { ...sh(RFC8448.serverHello), version: 0x0303, cipherSuite: 0xc02f, keyShareGroup: null }, false, false).join('\n')).toMatch(/negotiated TLS 1\.2.*RFC 5246/)
    expect(textbookNotes(hello, null, false, false)).toHaveLength(1)
  })
})
