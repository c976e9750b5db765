// "Show the calculation" panels for the Walkthrough, like The Illustrated TLS Connection but with this connection's
// own secrets: each line is an input or an output of one step of the key schedule, a record's nonce, Finished or a
// signature check, with the RFC section it follows.
import { handshakeTypeName, recordTypeName } from '../../shared/tls/records'
import type { WalkCalculation } from '../../shared/walkthrough/model'
import { hkdfLabel, sequenceBytes, type TlsHash, type TrafficKeys } from './tls-keys'

// node's hex encoder: these panels hold every secret, nonce and tag of the walk, and a byte-by-byte loop showed in profiles
const hex = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.length).toString('hex')
const line = (label: string, value: string, note?: string): WalkCalculation['lines'][number] => (note ? { label, value, note } : { label, value })
const HASH = { sha256: 'SHA-256', sha384: 'SHA-384' } as const

/** secret → key, iv (RFC 8446 §7.3), with the HkdfLabel bytes each expansion used. */
export function trafficKeysCalculation(o: { title: string; secretName: string; fromKeylog: boolean; hash: TlsHash; secret: Uint8Array; keys: TrafficKeys }): WalkCalculation {
  const k = o.keys.key.length
  const n = o.keys.iv.length
  return {
    title: o.title,
    source: 'RFC 8446 §7.3, §7.1',
    lines: [
      line(o.secretName, hex(o.secret), o.fromKeylog ? 'from the key log: the client wrote it as the handshake went' : undefined),
      line(`HkdfLabel("key", ${k})`, hex(hkdfLabel('key', new Uint8Array(0), k)), `uint16 ${k} ‖ "tls13 key" ‖ empty context`),
      line(`write_key = HKDF-Expand-Label(secret, "key", "", ${k})`, hex(o.keys.key), `HMAC-${HASH[o.hash]} over the HkdfLabel and a counter byte (RFC 5869 §2.3)`),
      line(`HkdfLabel("iv", ${n})`, hex(hkdfLabel('iv', new Uint8Array(0), n))),
      line(`write_iv = HKDF-Expand-Label(secret, "iv", "", ${n})`, hex(o.keys.iv))
    ]
  }
}

/** application_traffic_secret_N+1 after a KeyUpdate (RFC 8446 §7.2). */
export function keyUpdateCalculation(o: { from: 'client' | 'server'; generation: number; hash: TlsHash; previous: Uint8Array; next: Uint8Array; keys: TrafficKeys }): WalkCalculation {
  return {
    title: `${cap(o.from)} key update: application traffic secret ${o.generation - 1} → ${o.generation}`,
    source: 'RFC 8446 §7.2, §4.6.3',
    lines: [
      line(`${o.from}_application_traffic_secret_${o.generation - 1}`, hex(o.previous)),
      line(`secret_${o.generation} = HKDF-Expand-Label(secret_${o.generation - 1}, "traffic upd", "", ${o.next.length})`, hex(o.next)),
      line('write_key', hex(o.keys.key)),
      line('write_iv', hex(o.keys.iv))
    ]
  }
}

/** One record opened: nonce = iv XOR seq (RFC 8446 §5.3), the header as additional data, the tag (§5.2). */
export function recordCalculation(o: {
  tls13: boolean
  from: 'client' | 'server'
  seq: number
  iv: Uint8Array
  nonce: Uint8Array
  explicitNonce?: Uint8Array
  aad: Uint8Array
  tag: Uint8Array
  innerType: number | null
  padding: number
  ok: boolean
}): WalkCalculation {
  const lines = [
    line(o.tls13 || !o.explicitNonce ? `${o.from}_write_iv` : `${o.from}_write_IV (implicit salt)`, hex(o.iv)),
    line('sequence number', hex(sequenceBytes(o.seq)), `${o.seq}: this is the ${ordinal(o.seq + 1)} record ${o.from === 'client' ? 'the client sent' : 'the server sent'} under these keys`)
  ]
  if (o.explicitNonce) lines.push(line('explicit nonce (first 8 bytes of the record)', hex(o.explicitNonce)), line('nonce = salt ‖ explicit nonce', hex(o.nonce), 'RFC 5288 §3'))
  else lines.push(line('nonce = iv XOR sequence number (padded to 12 bytes)', hex(o.nonce)))
  lines.push(
    line('additional data', hex(o.aad), o.tls13 ? 'the record header itself (RFC 8446 §5.2)' : 'seq_num ‖ type ‖ version ‖ length (RFC 5246 §6.2.3.3)'),
    line('authentication tag (last bytes of the record)', hex(o.tag)),
    line('result', o.ok ? 'the tag verified: these are the keys this record was sealed with' : 'the tag did not verify: wrong keys, wrong sequence number or damaged bytes')
  )
  if (o.ok && o.tls13 && o.innerType !== null) {
    lines.push(line('inner content type (last non-zero byte of the plaintext)', `${o.innerType} (${recordTypeName(o.innerType)})`, o.padding ? `${o.padding} zero bytes of padding after it (RFC 8446 §5.4)` : 'no padding (RFC 8446 §5.4)'))
  }
  return { title: `Opening ${o.from} record ${o.seq}`, source: o.tls13 ? 'RFC 8446 §5.2, §5.3' : o.explicitNonce ? 'RFC 5288 §3, RFC 5246 §6.2.3.3' : 'RFC 7905 §2', lines, verified: o.ok }
}

/** TLS 1.3 Finished: finished_key, the transcript hash, HMAC = verify_data, compared with the wire (RFC 8446 §4.4.4). */
export function finished13Calculation(o: {
  from: 'client' | 'server'
  hash: TlsHash
  baseKey: Uint8Array
  finishedKey: Uint8Array
  messages: number[]
  helloRetry: boolean
  transcriptHash: Uint8Array
  computed: Uint8Array
  wire: Uint8Array
}): WalkCalculation {
  const ok = equal(o.computed, o.wire)
  return {
    title: `${cap(o.from)} Finished: verify_data recomputed`,
    source: 'RFC 8446 §4.4.4, §4.4.1',
    lines: [
      line(`${o.from}_handshake_traffic_secret (BaseKey)`, hex(o.baseKey)),
      line(`finished_key = HKDF-Expand-Label(BaseKey, "finished", "", ${o.finishedKey.length})`, hex(o.finishedKey)),
      line('messages hashed', messageList(o.messages, o.helloRetry)),
      line(`Transcript-Hash (${HASH[o.hash]})`, hex(o.transcriptHash)),
      line('verify_data = HMAC(finished_key, Transcript-Hash)', hex(o.computed)),
      line('verify_data on the wire', hex(o.wire), ok ? 'equal: the handshake was not tampered with' : 'different: this Finished does not match the handshake seen')
    ],
    verified: ok
  }
}

/** TLS 1.2 Finished: PRF(master_secret, "… finished", Hash(handshake_messages))[0..11] (RFC 5246 §7.4.9). */
export function finished12Calculation(o: { from: 'client' | 'server'; hash: TlsHash; master: Uint8Array; messages: number[]; handshakeHash: Uint8Array; computed: Uint8Array; wire: Uint8Array }): WalkCalculation {
  const ok = equal(o.computed, o.wire)
  return {
    title: `${cap(o.from)} Finished: verify_data recomputed`,
    source: 'RFC 5246 §7.4.9',
    lines: [
      line('master_secret (key log CLIENT_RANDOM line)', hex(o.master)),
      line('messages hashed', messageList(o.messages, false)),
      line(`Hash(handshake_messages) (${HASH[o.hash]})`, hex(o.handshakeHash)),
      line(`verify_data = PRF(master_secret, "${o.from} finished", hash)[0..11]`, hex(o.computed)),
      line('verify_data on the wire', hex(o.wire), ok ? 'equal' : 'different')
    ],
    verified: ok
  }
}

/** TLS 1.2 key block from the key log's master secret (RFC 5246 §6.3). */
export function keyBlockCalculation(o: { hash: TlsHash; master: Uint8Array; clientRandom: Uint8Array; serverRandom: Uint8Array; keyBlock: Uint8Array; parts: [string, Uint8Array][] }): WalkCalculation {
  return {
    title: 'TLS 1.2 keys from the master secret',
    source: 'RFC 5246 §6.3, §5',
    lines: [
      line('master_secret (key log CLIENT_RANDOM line)', hex(o.master)),
      line('seed = "key expansion" ‖ server_random ‖ client_random', `6b657920657870616e73696f6e${hex(o.serverRandom)}${hex(o.clientRandom)}`),
      line(`key_block = P_${HASH[o.hash]}(master_secret, seed)`, hex(o.keyBlock), 'A(i) = HMAC(secret, A(i-1)); block i = HMAC(secret, A(i) ‖ seed)'),
      ...o.parts.map(([name, value]) => line(name, hex(value)))
    ]
  }
}

/** A signature the client checked: what was signed, with which key, and the result here. */
export function signatureCalculation(o: { title: string; source: string; scheme: string; key: string; signed: [string, string][]; signature: Uint8Array; ok: boolean; why?: string }): WalkCalculation {
  return {
    title: o.title,
    source: o.source,
    lines: [
      line('signature scheme', o.scheme),
      line("the leaf certificate's public key", o.key),
      ...o.signed.map(([label, value]) => line(label, value)),
      line('signature', hex(o.signature)),
      line('result', o.ok ? 'verified here with the public key from the Certificate message' : (o.why ?? 'does not verify'))
    ],
    verified: o.ok
  }
}

function messageList(types: number[], helloRetry: boolean): string {
  const names = types.map((t) => handshakeTypeName(t))
  if (helloRetry && names.length) names[0] = 'message_hash(ClientHello1)'
  return names.join(', ')
}

const equal = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && a.every((v, i) => v === b[i])
const cap = (s: string): string => s[0]?.toUpperCase() + s.slice(1)
const ordinal = (n: number): string => (n % 10 === 1 && n % 100 !== 11 ? `${n}st` : n % 10 === 2 && n % 100 !== 12 ? `${n}nd` : n % 10 === 3 && n % 100 !== 13 ? `${n}rd` : `${n}th`)
