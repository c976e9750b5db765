// Decrypts one recorded TLS connection with its key log: every record both ways, TLS 1.3 (handshake keys until each
// side's Finished, then application keys, key updates; RFC 8446 §7) and TLS 1.2 AEAD suites from the CLIENT_RANDOM
// master secret (RFC 5246 §6.3). Functions over bytes: the recorder hands in the tapped records, and gets back the
// plaintexts, the handshake messages and the calculations to show. Hostile or wrong input never throws: it says why.
import { toHex } from '../../shared/bytes'
import { HRR_RANDOM, parseServerHello, recordTypeName } from '../../shared/tls/records'
import type { WalkCalculation } from '../../shared/walkthrough/model'
import { aeadAvailable, suiteCrypto, type SuiteCrypto } from './tls-aead'
import { keyBlockCalculation, keyUpdateCalculation, trafficKeysCalculation } from './tls-calculations'
import { KEYLOG, parseKeylog } from './tls-keylog'
import { nextTrafficSecret, tls12KeyBlock, trafficKeys, type TrafficKeys } from './tls-keys'
import { Assembler, MAX_HANDSHAKE_MESSAGE, open12, open13 } from './tls-record-layer'
import { checkHandshake, type HandshakeEntry } from './tls-handshake-checks'
import { bytesKey, Memo } from './memo'

export { hkdfExpandLabel, trafficKeys, tls12KeyBlock, finishedVerifyData, transcriptHash } from './tls-keys'
export { verifyFinished, verifyCertificateVerify } from './tls-handshake-checks'

export interface TimedRecord {
  from: 'client' | 'server'
  /** performance.now() ms of the chunk that held the record's first byte. */
  at: number
  /** The whole record, 5-byte header included. */
  bytes: Uint8Array
}

export type TlsEpoch = 'cleartext' | 'handshake' | 'application'

export interface DecryptedRecord {
  from: 'client' | 'server'
  at: number
  wire: Uint8Array
  /** The outer content type (23 for every TLS 1.3 protected record). */
  contentType: number
  /** TLS 1.3: the real type from inside the plaintext; TLS 1.2: the outer type; null when not decrypted or in clear. */
  innerType: number | null
  /** Decrypted content (padding and type byte removed), or the body of a cleartext record; null when not decrypted. */
  plaintext: Uint8Array | null
  epoch: TlsEpoch
  /** The record's sequence number under its keys (0 for cleartext records). */
  seq: number
  error?: string
  /** TLS 1.3 application keys: 0, then 1, 2… after each KeyUpdate. */
  generation?: number
  /** How this record was opened (nonce, additional data, tag). */
  calculation?: WalkCalculation
}

export interface DecryptedHandshakeMessage {
  from: 'client' | 'server'
  at: number
  /** One message, 4-byte header included. */
  bytes: Uint8Array
  encrypted: boolean
  /** Indexes into `records` of the records that carried this message. */
  records: number[]
}

export interface DecryptedTls {
  version: 'TLSv1.3' | 'TLSv1.2' | 'unknown'
  cipherSuite: number | null
  /** Every protected record was decrypted and authenticated with the key log's secrets. */
  decrypted: boolean
  note?: string
  helloRetry?: boolean
  /** The ClientHello's random, hex: the key log's lines for this connection start with it. */
  clientRandom?: string
  records: DecryptedRecord[]
  handshake: DecryptedHandshakeMessage[]
  calculations: {
    keys: WalkCalculation[]
    clientFinished?: WalkCalculation
    serverFinished?: WalkCalculation
    certificateVerify?: WalkCalculation
    clientCertificateVerify?: WalkCalculation
  }
}

/** Bounds for hostile captures: records looked at, and the longest handshake message reassembled. */
export const TLS_DECRYPT_LIMITS = { records: 50_000, handshakeMessage: MAX_HANDSHAKE_MESSAGE } as const

type Side = 'client' | 'server'

/** TLS 1.3 traffic keys and their panel by secret: the prime derives them before the final analysis (memo.ts). */
const DERIVED = new Memo<{ k: TrafficKeys; calculation: WalkCalculation }>(32)

interface SideState {
  /** Records from this side are protected from now on (TLS 1.3: after ServerHello; TLS 1.2: after its ChangeCipherSpec). */
  protected: boolean
  keys: (TrafficKeys & { epoch: TlsEpoch; secret?: Uint8Array; generation: number }) | null
  seq: number
  clear: Assembler
  sealed: Assembler
}

export function decryptTls(input: { records: TimedRecord[]; keylog: string[] }): DecryptedTls {
  const keylog = parseKeylog(input.keylog)
  const notes: string[] = []
  const out: DecryptedTls = { version: 'unknown', cipherSuite: null, decrypted: false, records: [], handshake: [], calculations: { keys: [] } }
  const entries: HandshakeEntry[] = []
  const sides: Record<Side, SideState> = {
    client: { protected: false, keys: null, seq: 0, clear: new Assembler(), sealed: new Assembler() },
    server: { protected: false, keys: null, seq: 0, clear: new Assembler(), sealed: new Assembler() }
  }
  let tls13 = false
  let clientRandom = null as Uint8Array | null
  let serverRandom = null as Uint8Array | null
  let suite: SuiteCrypto | undefined
  let secrets: Map<string, Uint8Array> | undefined
  let tls12Keys = null as Record<Side, TrafficKeys> | null
  let protectedCount = 0
  let opened = 0
  /** Keys came out of the key log (whether or not they then opened anything). */
  let derived = false

  const note = (text: string): void => {
    if (!notes.includes(text)) notes.push(text)
  }

  /** TLS 1.3 keys for a side from a key log label (RFC 8446 §7.3), with their calculation panel. */
  const keys13 = (side: Side, label: string, epoch: TlsEpoch, title: string): SideState['keys'] => {
    const secret = secrets?.get(label)
    if (!secret || !suite) {
      if (secrets) note(`The key log has no ${label} line for this connection, so the ${side}'s ${epoch} records stay encrypted.`)
      return null
    }
    const s = suite
    const { k, calculation } = DERIVED.get(() => bytesKey(side, epoch, title, s.hash, s.keyLength, secret), () => {
      const k = trafficKeys(s.hash, s.keyLength, secret)
      return { k, calculation: trafficKeysCalculation({ title, secretName: `${side}_${epoch === 'handshake' ? 'handshake' : 'application'}_traffic_secret${epoch === 'handshake' ? '' : '_0'}`, fromKeylog: true, hash: s.hash, secret, keys: k }) }
    })
    derived = true
    out.calculations.keys.push(calculation)
    return { ...k, epoch, secret, generation: 0 }
  }

  const onServerHello = (body: Uint8Array): void => {
    const sh = parseServerHello(body)
    out.cipherSuite = sh.suite
    if (sh.random === HRR_RANDOM) {
      out.helloRetry = true
      return
    }
    serverRandom = body.slice(2, 34)
    tls13 = sh.tls13
    const legacy = ((body[0] as number) << 8) | (body[1] as number)
    out.version = tls13 ? 'TLSv1.3' : legacy === 0x0303 ? 'TLSv1.2' : 'unknown'
    suite = suiteCrypto(sh.suite)
    // From here every TLS 1.3 application_data record is protected, whether or not we hold its keys (RFC 8446 §5.1).
    if (tls13) sides.server.protected = sides.client.protected = true
    if (!clientRandom) return note('No ClientHello was seen before the ServerHello, so the key log cannot be matched to this connection.')
    secrets = keylog.get(toHex(clientRandom, ''))
    if (out.version === 'unknown') return note(`This connection uses ${legacy === 0x0302 ? 'TLS 1.1' : legacy === 0x0301 ? 'TLS 1.0' : 'an old protocol'}; the Walkthrough decrypts TLS 1.2 and 1.3 only.`)
    if (!suite || suite.tls13 !== tls13) return note(`Cipher suite 0x${sh.suite.toString(16).padStart(4, '0')} is not an AEAD suite the Walkthrough decrypts (AES-GCM, AES-CCM, ChaCha20-Poly1305).`)
    if (!aeadAvailable(suite.aead)) return note(`${suite.name} uses ${suite.aead.toUpperCase()}, which this runtime's crypto library does not offer, so its records stay encrypted.`)
    if (!secrets) return note(`The key log has no line for this connection (client random ${toHex(clientRandom, '').slice(0, 16)}…): its records stay encrypted.`)
    if (tls13) {
      sides.server.keys = keys13('server', KEYLOG.serverHandshake, 'handshake', 'Server handshake traffic keys')
      sides.client.keys = keys13('client', KEYLOG.clientHandshake, 'handshake', 'Client handshake traffic keys')
      return
    }
    const master = secrets.get(KEYLOG.tls12Master)
    if (!master) return note('The key log has no CLIENT_RANDOM line (the TLS 1.2 master secret) for this connection.')
    const kb = tls12KeyBlock({ hash: suite.hash, masterSecret: master, clientRandom, serverRandom, macLength: 0, keyLength: suite.keyLength, ivLength: suite.fixedIvLength })
    derived = true
    tls12Keys = { client: { key: kb.clientKey, iv: kb.clientIv }, server: { key: kb.serverKey, iv: kb.serverIv } }
    out.calculations.keys.push(
      keyBlockCalculation({
        hash: suite.hash,
        master,
        clientRandom,
        serverRandom,
        keyBlock: kb.keyBlock,
        parts: [
          ['client_write_key', kb.clientKey],
          ['server_write_key', kb.serverKey],
          [suite.fixedIvLength === 4 ? 'client_write_IV (GCM salt, RFC 5288 §3)' : 'client_write_IV', kb.clientIv],
          [suite.fixedIvLength === 4 ? 'server_write_IV (GCM salt)' : 'server_write_IV', kb.serverIv]
        ]
      })
    )
  }

  const onMessage = (from: Side, m: { bytes: Uint8Array; records: number[]; at: number }, encrypted: boolean, epoch: TlsEpoch): void => {
    out.handshake.push({ from, at: m.at, bytes: m.bytes, encrypted, records: m.records })
    entries.push({ from, bytes: m.bytes, epoch })
    const type = m.bytes[0]
    const body = m.bytes.subarray(4)
    if (type === 1 && from === 'client' && body.length >= 34 && !clientRandom) clientRandom = body.slice(2, 34)
    else if (type === 2 && from === 'server' && !serverRandom) {
      try {
        onServerHello(body)
      } catch {
        note('The ServerHello could not be read, so nothing after it can be decrypted.')
      }
    }
  }

  for (const [i, rec] of input.records.slice(0, TLS_DECRYPT_LIMITS.records).entries()) {
    const b = rec.bytes
    const r: DecryptedRecord = { from: rec.from, at: rec.at, wire: b, contentType: b[0] ?? 0, innerType: null, plaintext: null, epoch: 'cleartext', seq: 0 }
    out.records.push(r)
    if (b.length < 5) {
      r.error = 'Shorter than a TLS record header (5 bytes).'
      continue
    }
    const declared = ((b[3] as number) << 8) | (b[4] as number)
    const body = b.subarray(5, 5 + declared)
    if (body.length < declared) r.error = `Cut off: the header declares ${declared} bytes, ${body.length} came.`
    const side = sides[rec.from]
    const isProtected = side.protected && (tls13 ? r.contentType === 23 : r.contentType !== 20)
    if (!isProtected) {
      r.plaintext = body
      if (r.contentType === 23) r.error = 'Application data before the keys were settled (0-RTT early data is not decrypted here).'
      else if (tls13 && side.protected && r.contentType !== 20) r.error = `A ${recordTypeName(r.contentType)} record in clear after the ServerHello: TLS 1.3 protects every record but ChangeCipherSpec from there (RFC 8446 §5).`
      else if (tls13 && side.protected && (body.length !== 1 || body[0] !== 1 || side.keys?.epoch === 'application'))
        r.error = 'A ChangeCipherSpec that TLS 1.3 does not allow: only the single byte 1, sent before this side\'s Finished for middlebox compatibility (RFC 8446 §5, Appendix D.4); this one was damaged, or the peer broke the protocol.'
      if (r.contentType === 22) for (const m of side.clear.push(body, i, rec.at)) onMessage(rec.from, m, false, 'cleartext')
      if (r.contentType === 20 && !tls13 && out.version === 'TLSv1.2') {
        // TLS 1.2: this side's records are protected from its ChangeCipherSpec on, sequence numbers from 0 (RFC 5246 §7.1).
        side.protected = true
        side.seq = 0
        side.keys = tls12Keys ? { ...tls12Keys[rec.from], epoch: 'handshake', generation: 0 } : null
      }
      continue
    }
    protectedCount++
    r.seq = side.seq++
    if (!side.keys) {
      // Without keys the epoch is a guess: TLS 1.3 server records before the client's first protected one (its
      // Finished) are the handshake, and so is that first client record; TLS 1.2's encrypted handshake is its Finished.
      if (!tls13) r.epoch = r.contentType === 22 ? 'handshake' : 'application'
      else r.epoch = (rec.from === 'server' ? sides.client.seq === 0 : r.seq === 0) ? 'handshake' : 'application'
      r.error = 'Not decrypted: no key for this record (see the note).'
      continue
    }
    r.epoch = tls13 ? side.keys.epoch : r.contentType === 22 ? 'handshake' : 'application'
    if (side.keys.generation) r.generation = side.keys.generation
    const result = tls13 ? open13(suite as SuiteCrypto, side.keys, r, b, body) : open12(suite as SuiteCrypto, side.keys, r, b, body)
    if (!result) {
      r.error ??= `The record did not authenticate with the key log's ${r.epoch} keys (${tls13 ? 'RFC 8446 §5.2' : 'RFC 5246 §6.2.3.3'}): the key log does not belong to this connection, or the bytes were damaged.`
      continue
    }
    opened++
    if (r.innerType !== 22 || !r.plaintext) continue
    let change: 'application' | 'update' | null = null
    for (const m of side.sealed.push(r.plaintext, i, rec.at)) {
      onMessage(rec.from, m, true, r.epoch)
      if (tls13 && m.bytes[0] === 20 && side.keys.epoch === 'handshake') change = 'application'
      if (tls13 && m.bytes[0] === 24 && side.keys.epoch === 'application') change = 'update'
    }
    // Keys change on a record boundary: handshake messages never span a key change (RFC 8446 §5.1).
    if (change === 'application') {
      side.keys = keys13(rec.from, rec.from === 'client' ? KEYLOG.clientApplication : KEYLOG.serverApplication, 'application', `${rec.from === 'client' ? 'Client' : 'Server'} application traffic keys`)
      side.seq = 0
    } else if (change === 'update' && side.keys.secret && suite) {
      const next = nextTrafficSecret(suite.hash, side.keys.secret)
      const k = trafficKeys(suite.hash, suite.keyLength, next)
      const generation = side.keys.generation + 1
      out.calculations.keys.push(keyUpdateCalculation({ from: rec.from, generation, hash: suite.hash, previous: side.keys.secret, next, keys: k }))
      side.keys = { ...k, epoch: 'application', secret: next, generation }
      side.seq = 0
    }
  }
  if (input.records.length > TLS_DECRYPT_LIMITS.records) note(`Only the first ${TLS_DECRYPT_LIMITS.records} records were decrypted.`)
  if (sides.client.clear.overflow || sides.server.clear.overflow || sides.client.sealed.overflow || sides.server.sealed.overflow) note('A handshake message longer than 1 MiB was not reassembled.')

  if (clientRandom) out.clientRandom = toHex(clientRandom, '')
  if (suite && secrets && opened > 0) Object.assign(out.calculations, checkHandshake({ tls13, suite: suite.code, hash: suite.hash, secrets, entries, helloRetry: out.helloRetry === true, clientRandom, serverRandom }))
  const failed = protectedCount - opened
  out.decrypted = protectedCount > 0 && failed === 0 && out.records.every((r) => r.error === undefined)
  if (failed > 0 && opened > 0) note(`${failed} of ${protectedCount} protected records did not decrypt.`)
  else if (failed > 0 && derived) note('The key log has lines for this connection, but its secrets decrypt none of the records: they belong to another session, or were altered.')
  else if (!out.decrypted && failed === 0 && protectedCount > 0) note('Some records could not be read (each says why).')
  if (protectedCount === 0 && out.version !== 'unknown') note('No protected record was recorded.')
  if (notes.length) out.note = notes.join(' ')
  return out
}
