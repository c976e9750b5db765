// decryptTls on RFC 8448 §3's handshake, fed as the recorder would (records both ways with times): every record opened,
// each handshake message named, both Finished recomputed and the RSA-PSS CertificateVerify checked; and what a user
// sees when the key log is wrong, missing, or the capture is garbage (a note, never an exception).
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { toHex } from '../../shared/bytes'
import { RFC8448, rfc8448Keylog } from '../testing/rfc8448'
import { decryptTls, type TimedRecord } from './tls-decrypt'
import { timedRecordsFromTap } from './tls-timed-records'

const hex = (b: Uint8Array): string => toHex(b, '')
const R = RFC8448.records

function rfcRecords(): TimedRecord[] {
  return [
    { from: 'client', at: 1, bytes: R.clientHello },
    { from: 'server', at: 2, bytes: R.serverHello },
    { from: 'server', at: 2.1, bytes: R.serverFlight },
    { from: 'client', at: 3, bytes: R.clientFinished },
    { from: 'server', at: 4, bytes: R.newSessionTicket },
    { from: 'client', at: 5, bytes: R.clientApplication },
    { from: 'server', at: 6, bytes: R.serverApplication }
  ]
}

describe('decryptTls on RFC 8448 §3', () => {
  const d = decryptTls({ records: rfcRecords(), keylog: rfc8448Keylog() })

  it('decrypts every record with the right epoch, sequence number and inner type', () => {
    expect(d.note).toBeUndefined()
    expect(d).toMatchObject({ version: 'TLSv1.3', cipherSuite: 0x1301, decrypted: true, clientRandom: RFC8448.clientRandom })
    expect(d.records.map((r) => [r.from, r.epoch, r.seq, r.innerType])).toEqual([
      ['client', 'cleartext', 0, null],
      ['server', 'cleartext', 0, null],
      ['server', 'handshake', 0, 22],
      ['client', 'handshake', 0, 22],
      ['server', 'application', 0, 22],
      ['client', 'application', 0, 23],
      ['server', 'application', 1, 23]
    ])
    expect(d.records[5]?.plaintext).toEqual(RFC8448.applicationData)
    expect(d.records[6]?.plaintext).toEqual(RFC8448.applicationData)
    expect(d.records.every((r) => r.error === undefined)).toBe(true)
  })

  it('splits the server flight into its four messages and keeps the arrival times', () => {
    expect(d.handshake.map((m) => [m.from, m.bytes[0], m.encrypted, m.at])).toEqual([
      ['client', 1, false, 1],
      ['server', 2, false, 2],
      ['server', 8, true, 2.1],
      ['server', 11, true, 2.1],
      ['server', 15, true, 2.1],
      ['server', 20, true, 2.1],
      ['client', 20, true, 3],
      ['server', 4, true, 4]
    ])
    expect(hex(d.handshake[5]?.bytes.subarray(4) as Uint8Array)).toBe(RFC8448.serverFinishedVerifyData)
    expect(d.handshake[4]?.records).toEqual([2])
  })

  it('shows the key schedule with the RFC keys and a record nonce calculation', () => {
    const titles = d.calculations.keys.map((c) => c.title)
    expect(titles).toEqual(['Server handshake traffic keys', 'Client handshake traffic keys', 'Server application traffic keys', 'Client application traffic keys'])
    const server = d.calculations.keys[0]
    expect(server?.lines[0]?.value).toBe(RFC8448.secrets.serverHandshake)
    expect(server?.lines.map((l) => l.value)).toContain(RFC8448.keys.serverHandshake.key)
    expect(server?.lines.map((l) => l.value)).toContain(RFC8448.keys.serverHandshake.iv)
    const nonce = d.records[6]?.calculation
    expect(nonce?.verified).toBe(true)
    expect(nonce?.lines.find((l) => l.label.startsWith('nonce'))?.value).toBe('cf782b88dd83549aadf1e985')
  })

  it('recomputes both Finished and verifies the RSA-PSS CertificateVerify with the RFC certificate', () => {
    const { serverFinished, clientFinished, certificateVerify } = d.calculations
    expect(serverFinished?.verified).toBe(true)
    expect(serverFinished?.lines.find((l) => l.label.startsWith('finished_key'))?.value).toBe('008d3b66f816ea559f96b537e885c31fc068bf492c652f01f288a1d8cdc19fc8')
    expect(serverFinished?.lines.find((l) => l.label === 'messages hashed')?.value).toBe('ClientHello, ServerHello, EncryptedExtensions, Certificate, CertificateVerify')
    expect(clientFinished?.verified).toBe(true)
    expect(certificateVerify?.verified).toBe(true)
    expect(certificateVerify?.lines[0]?.value).toBe('rsa_pss_rsae_sha256')
    expect(certificateVerify?.lines[1]?.value).toBe('RSA 1024 bits')
  })
})

describe('decryptTls when it cannot', () => {
  it('a key log for another session: decrypted false, a note, the cleartext still read', () => {
    const wrong = rfc8448Keylog().map((l) => l.replace(/ ([0-9a-f]{64})$/, (_m, s: string) => ` ${s.slice(0, 62)}00`))
    const d = decryptTls({ records: rfcRecords(), keylog: wrong })
    expect(d.decrypted).toBe(false)
    expect(d.note).toMatch(/decrypt none of the records/)
    expect(d.version).toBe('TLSv1.3')
    expect(d.handshake.map((m) => m.bytes[0])).toEqual([1, 2])
    expect(d.records[2]?.error).toMatch(/did not authenticate/)
    expect(d.calculations.serverFinished).toBeUndefined()
  })

  it('no line for this client random: says so', () => {
    const d = decryptTls({ records: rfcRecords(), keylog: rfc8448Keylog().map((l) => l.replace(RFC8448.clientRandom, 'ab'.repeat(32))) })
    expect(d.decrypted).toBe(false)
    expect(d.note).toMatch(/no line for this connection \(client random cb34ecb1e78163ba…\)/)
    expect(d.records.slice(2).every((r) => r.plaintext === null)).toBe(true)
  })

  it('a damaged record fails alone; the others still open', () => {
    const records = rfcRecords()
    const damaged = R.clientApplication.slice()
    damaged[20] = (damaged[20] as number) ^ 0xff
    records[5] = { from: 'client', at: 5, bytes: damaged }
    const d = decryptTls({ records, keylog: rfc8448Keylog() })
    expect(d.decrypted).toBe(false)
    expect(d.note).toBe('1 of 5 protected records did not decrypt.')
    expect(d.records[6]?.plaintext).toEqual(RFC8448.applicationData)
  })

  it('RFC 8448 with bytes flipped or cut, and random records: never an exception, never "decrypted" when damaged', () => {
    const base = rfcRecords()
    fc.assert(
      fc.property(fc.nat(base.length - 1), fc.nat(700), fc.integer({ min: 1, max: 255 }), fc.boolean(), (which, at, flip, cut) => {
        const records = base.map((r) => ({ ...r, bytes: r.bytes.slice() }))
        const target = records[which] as TimedRecord
        const length = target.bytes.length
        if (cut) target.bytes = target.bytes.subarray(0, at % (length + 1))
        else target.bytes[at % length] = (target.bytes[at % length] as number) ^ flip
        const d = decryptTls({ records, keylog: rfc8448Keylog() })
        expect(d.records).toHaveLength(records.length)
        // A change to a protected record can never pass as decrypted (the AEAD tag covers header and body); a "cut"
        // at the record's full length changes nothing.
        if (which >= 2 && (!cut || target.bytes.length < length)) expect(d.decrypted).toBe(false)
      }),
      { numRuns: 150 }
    )
    fc.assert(
      fc.property(fc.array(fc.record({ from: fc.constantFrom('client' as const, 'server' as const), at: fc.double({ noNaN: true }), bytes: fc.uint8Array({ maxLength: 300 }) }), { maxLength: 20 }), (records) => {
        expect(() => decryptTls({ records, keylog: rfc8448Keylog() })).not.toThrow()
      }),
      { numRuns: 200 }
    )
  })

  it('a protected record turned into a cleartext one (outer type changed) is flagged, not taken as decrypted', () => {
    const records = rfcRecords()
    const changed = R.serverApplication.slice()
    changed[0] = 21
    records[6] = { from: 'server', at: 6, bytes: changed }
    const d = decryptTls({ records, keylog: rfc8448Keylog() })
    expect(d.decrypted).toBe(false)
    expect(d.records[6]?.error).toMatch(/Alert record in clear after the ServerHello/)
  })

  it('a protected record turned into a ChangeCipherSpec (outer type 23 → 20) is flagged, not skipped as middlebox compatibility', () => {
    const records = rfcRecords()
    const changed = R.serverApplication.slice()
    changed[0] = 20
    records[6] = { from: 'server', at: 6, bytes: changed }
    const d = decryptTls({ records, keylog: rfc8448Keylog() })
    expect(d.decrypted).toBe(false)
    expect(d.records[6]?.error).toMatch(/ChangeCipherSpec that TLS 1\.3 does not allow/)
    // the real thing, one byte 1 before the client's Finished, is still dropped quietly
    const compat = rfcRecords()
    compat.splice(3, 0, { from: 'client', at: 2.9, bytes: Uint8Array.of(20, 3, 3, 0, 1, 1) })
    const ok = decryptTls({ records: compat, keylog: rfc8448Keylog() })
    expect(ok.decrypted).toBe(true)
    expect(ok.records[3]?.error).toBeUndefined()
  })

  it('garbage and truncated records never throw', () => {
    const junk: TimedRecord[] = [
      { from: 'client', at: 0, bytes: Uint8Array.of(22, 3) },
      { from: 'client', at: 0, bytes: Uint8Array.of(22, 3, 1, 0, 8, 2, 0, 0, 0x40, 0, 0, 0, 0) },
      { from: 'server', at: 1, bytes: Uint8Array.of(22, 3, 3, 0, 6, 2, 0, 0, 2, 3, 3) },
      { from: 'server', at: 1, bytes: Uint8Array.of(23, 3, 3, 0, 3, 1, 2, 3) }
    ]
    const d = decryptTls({ records: junk, keylog: ['garbage', 'CLIENT_RANDOM zz'] })
    expect(d.decrypted).toBe(false)
    expect(d.records[0]?.error).toMatch(/header/)
  })
})

describe('timedRecordsFromTap', () => {
  it('cuts tapped chunks into records timed by their first byte, both ways in time order, and counts a cut-off tail', () => {
    const ch = R.clientHello
    const sh = R.serverHello
    const fin = R.clientFinished
    const d = timedRecordsFromTap([
      { dir: 'out', at: 1, bytes: ch.subarray(0, 100) },
      { dir: 'out', at: 2, bytes: ch.subarray(100) },
      { dir: 'in', at: 3, bytes: new Uint8Array([...sh, ...R.serverFlight.subarray(0, 10)]) },
      { dir: 'in', at: 4, bytes: R.serverFlight.subarray(10) },
      { dir: 'out', at: 5, bytes: new Uint8Array([...fin, ...fin.subarray(0, 7)]) }
    ])
    expect(d.records.map((r) => [r.from, r.at, r.bytes.length])).toEqual([
      ['client', 1, ch.length],
      ['server', 3, sh.length],
      ['server', 3, R.serverFlight.length],
      ['client', 5, fin.length]
    ])
    expect(d.cutBytes).toEqual({ client: 7, server: 0 })
    expect(hex(d.records[2]?.bytes as Uint8Array)).toBe(hex(R.serverFlight))
  })
})
