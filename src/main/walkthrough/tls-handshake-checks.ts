// The handshake's own proofs, checked again from the decrypted messages: both Finished messages (TLS 1.3 HMAC over the
// transcript hash, RFC 8446 §4.4.4; TLS 1.2 PRF, RFC 5246 §7.4.9) and the server's signature (TLS 1.3
// CertificateVerify §4.4.3; TLS 1.2 ServerKeyExchange, RFC 8422 §5.4 / RFC 5246 §7.4.3), each as a calculation panel.
import { toHex } from '../../shared/bytes'
import { parseCertificateMessage } from '../../shared/tls/records'
import { finished12Calculation, finished13Calculation, signatureCalculation } from './tls-calculations'
import type { DecryptedTls } from './tls-decrypt'
import { KEYLOG } from './tls-keylog'
import { digest, finishedKey, hmac, tls12VerifyData, transcriptHash, type TlsHash } from './tls-keys'
import { certificateVerifyContent, verifySignature, type SignatureCheck } from './tls-verify'
import { bytesKey, Memo, memoable } from './memo'

export interface HandshakeEntry {
  from: 'client' | 'server'
  /** One message, header included. */
  bytes: Uint8Array
  epoch: 'cleartext' | 'handshake' | 'application'
}

const hex = (b: Uint8Array): string => toHex(b, '')
const equal = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && a.every((v, i) => v === b[i])

/** TLS 1.3 Finished: verify_data = HMAC(finished_key(BaseKey), transcript hash), compared with what came (RFC 8446 §4.4.4). */
export function verifyFinished(o: { hash: TlsHash; baseKey: Uint8Array; transcriptHash: Uint8Array; verifyData: Uint8Array }): { ok: boolean; finishedKey: Uint8Array; computed: Uint8Array } {
  const key = finishedKey(o.hash, o.baseKey)
  const computed = hmac(o.hash, key, o.transcriptHash)
  return { ok: equal(computed, o.verifyData), finishedKey: key, computed }
}

/** TLS 1.3 CertificateVerify: the signature over 64 spaces ‖ context ‖ 0 ‖ transcript hash, with the leaf's key (RFC 8446 §4.4.3). */
export function verifyCertificateVerify(o: { from: 'client' | 'server'; transcriptHash: Uint8Array; scheme: number; signature: Uint8Array; leafDer: Uint8Array }): SignatureCheck & { content: Uint8Array } {
  const content = certificateVerifyContent(o.from, o.transcriptHash)
  return { ...verifySignature({ scheme: o.scheme, signature: o.signature, leafDer: o.leafDer, content }), content }
}

type Checks = Omit<DecryptedTls['calculations'], 'keys'>

export function checkHandshake(o: {
  tls13: boolean
  suite: number
  hash: TlsHash
  secrets: Map<string, Uint8Array>
  entries: HandshakeEntry[]
  helloRetry: boolean
  clientRandom: Uint8Array | null
  serverRandom: Uint8Array | null
}): Checks {
  const key = (): string | null => {
    // What the checks read: TLS 1.3's look at the cleartext and handshake-epoch messages only (the prime has them all).
    const read = o.tls13 ? o.entries.filter((e) => e.epoch !== 'application') : o.entries
    const s = (label: string): Uint8Array => o.secrets.get(label) ?? new Uint8Array(0)
    if (!memoable(...read.map((e) => e.bytes))) return null
    return bytesKey(o.tls13 ? 13 : 12, o.suite, o.hash, String(o.helloRetry), o.clientRandom ?? '-', o.serverRandom ?? '-', s(KEYLOG.serverHandshake), s(KEYLOG.clientHandshake), s(KEYLOG.tls12Master), ...read.flatMap((e) => [`${e.from}/${e.epoch}`, e.bytes]))
  }
  return CHECKED.get(key, () => {
    try {
      return o.tls13 ? check13(o) : check12(o)
    } catch {
      return {} // a malformed message: the records still show; only the proof panels are missing
    }
  })
}

/** The checks by their exact inputs: the prime does them (a signature check is the costliest step) while the request is on the wire. */
const CHECKED = new Memo<Checks>(16)

function check13(o: { hash: TlsHash; secrets: Map<string, Uint8Array>; entries: HandshakeEntry[]; helloRetry: boolean }): Checks {
  const clear = o.entries.filter((e) => e.epoch === 'cleartext').map((e) => e.bytes)
  const server = o.entries.filter((e) => e.epoch === 'handshake' && e.from === 'server').map((e) => e.bytes)
  const client = o.entries.filter((e) => e.epoch === 'handshake' && e.from === 'client').map((e) => e.bytes)
  const out: Checks = {}
  const sides = [
    { from: 'server' as const, before: clear, own: server, secret: o.secrets.get(KEYLOG.serverHandshake) },
    { from: 'client' as const, before: [...clear, ...server], own: client, secret: o.secrets.get(KEYLOG.clientHandshake) }
  ]
  for (const s of sides) {
    const fin = s.own.findIndex((m) => m[0] === 20)
    if (fin >= 0 && s.secret) {
      const messages = [...s.before, ...s.own.slice(0, fin)]
      const th = transcriptHash(o.hash, messages, o.helloRetry)
      const v = verifyFinished({ hash: o.hash, baseKey: s.secret, transcriptHash: th, verifyData: (s.own[fin] as Uint8Array).subarray(4) })
      out[s.from === 'server' ? 'serverFinished' : 'clientFinished'] = finished13Calculation({
        from: s.from,
        hash: o.hash,
        baseKey: s.secret,
        finishedKey: v.finishedKey,
        messages: messages.map((m) => m[0] as number),
        helloRetry: o.helloRetry,
        transcriptHash: th,
        computed: v.computed,
        wire: (s.own[fin] as Uint8Array).subarray(4)
      })
    }
    const cv = s.own.findIndex((m) => m[0] === 15)
    const cert = s.own.find((m) => m[0] === 11)
    if (cv < 0 || !cert) continue
    const leaf = parseCertificateMessage(cert.subarray(4), true)[0]
    const body = (s.own[cv] as Uint8Array).subarray(4)
    if (!leaf || body.length < 4) continue
    const scheme = ((body[0] as number) << 8) | (body[1] as number)
    const signature = body.subarray(4, 4 + (((body[2] as number) << 8) | (body[3] as number)))
    const th = transcriptHash(o.hash, [...s.before, ...s.own.slice(0, cv)], o.helloRetry)
    const check = verifyCertificateVerify({ from: s.from, transcriptHash: th, scheme, signature, leafDer: leaf })
    out[s.from === 'server' ? 'certificateVerify' : 'clientCertificateVerify'] = signatureCalculation({
      title: `${s.from === 'server' ? 'Server' : 'Client'} CertificateVerify: the signature checked here`,
      source: 'RFC 8446 §4.4.3',
      scheme: check.schemeName,
      key: check.key,
      signed: [
        ['transcript hash (ClientHello … Certificate)', hex(th)],
        ['signed content = 64 × 0x20 ‖ context ‖ 0x00 ‖ transcript hash', hex(check.content)],
        ['context string', `"TLS 1.3, ${s.from} CertificateVerify"`]
      ],
      signature,
      ok: check.ok,
      ...(check.why ? { why: check.why } : {})
    })
  }
  return out
}

function check12(o: { suite: number; hash: TlsHash; secrets: Map<string, Uint8Array>; entries: HandshakeEntry[]; clientRandom: Uint8Array | null; serverRandom: Uint8Array | null }): Checks {
  const out: Checks = {}
  const master = o.secrets.get(KEYLOG.tls12Master)
  const all = o.entries.filter((e) => e.bytes[0] !== 0) // HelloRequest is not part of the handshake hash (RFC 5246 §7.4.1.1)
  all.forEach((e, i) => {
    if (e.bytes[0] !== 20 || e.epoch === 'cleartext' || !master) return
    const messages = all.slice(0, i).map((m) => m.bytes)
    const hh = digest(o.hash, ...messages)
    out[e.from === 'server' ? 'serverFinished' : 'clientFinished'] = finished12Calculation({
      from: e.from,
      hash: o.hash,
      master,
      messages: messages.map((m) => m[0] as number),
      handshakeHash: hh,
      computed: tls12VerifyData(o.hash, master, e.from, hh),
      wire: e.bytes.subarray(4)
    })
  })
  const ske = all.find((e) => e.bytes[0] === 12 && e.from === 'server')
  const cert = all.find((e) => e.bytes[0] === 11 && e.from === 'server')
  const leaf = cert ? parseCertificateMessage(cert.bytes.subarray(4), false)[0] : undefined
  if (ske && leaf && o.clientRandom && o.serverRandom) {
    const dhe = [0x009e, 0x009f, 0xccaa].includes(o.suite)
    const signed = serverKeyExchangeSignature(ske.bytes.subarray(4), dhe)
    if (signed) {
      const content = new Uint8Array([...o.clientRandom, ...o.serverRandom, ...signed.params])
      const check: SignatureCheck = verifySignature({ scheme: signed.scheme, signature: signed.signature, leafDer: leaf, content })
      out.certificateVerify = signatureCalculation({
        title: 'ServerKeyExchange: the server signed its key share',
        source: 'RFC 5246 §7.4.3, RFC 8422 §5.4',
        scheme: check.schemeName,
        key: check.key,
        signed: [
          [`signed content = client_random ‖ server_random ‖ ${dhe ? 'ServerDHParams' : 'ServerECDHParams'}`, hex(content)],
          ['what it proves', 'the key share came from the holder of the certificate\'s private key (TLS 1.2 has no CertificateVerify from the server)']
        ],
        signature: signed.signature,
        ok: check.ok,
        ...(check.why ? { why: check.why } : {})
      })
    }
  }
  return out
}

/** The params a ServerKeyExchange signs and its signature (ECDHE: curve type, curve, point; DHE: p, g, Ys). */
function serverKeyExchangeSignature(body: Uint8Array, dhe: boolean): { params: Uint8Array; scheme: number; signature: Uint8Array } | null {
  let pos = 0
  const u16 = (): number => ((body[pos++] as number) << 8) | (body[pos++] as number)
  if (dhe) for (let i = 0; i < 3; i++) pos += u16()
  else {
    if (body[0] !== 3) return null // named_curve only (RFC 8422 §5.4)
    pos = 3
    pos += 1 + (body[pos] as number)
  }
  if (pos + 4 > body.length) return null
  const params = body.slice(0, pos)
  const scheme = u16()
  const length = u16()
  if (pos + length > body.length) return null
  return { params, scheme, signature: body.slice(pos, pos + length) }
}
