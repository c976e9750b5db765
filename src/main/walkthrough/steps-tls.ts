// The TLS part of a walkthrough: the connector's tap cut into records with their arrival times, decrypted with the
// connection's key log (tls-decrypt), and every handshake message parsed with spans (shared/tls/handshake) into a
// step with its explanation, its wire record, the "show the calculation" panels and the textbook comparison.
import type { TapChunk } from '../tls'
import { dissect } from '../../shared/dissect/table'
import type { Finding } from '../../shared/findings'
import { cipherSuiteName } from '../../shared/tls/cipher-suites'
import { parseHandshakeMessage, type ClientHelloInfo, type ParsedHandshake, type ServerHelloInfo } from '../../shared/tls/handshake'
import { textbookNotes } from '../../shared/tls/textbook'
import { readRecords, RECORD, recordTypeName } from '../../shared/tls/records'
import { NAMED_GROUPS } from '../../shared/tls/tls-registries'
import type { StepKind, WalkCalculation, WalkTlsSummary } from '../../shared/walkthrough/model'
import { decryptTls, type DecryptedTls, type TimedRecord } from './tls-decrypt'
import { prepackDetail } from './step-detail'
import { hex, type StepDraft } from './steps-common'

/** Why TLS is drawn where it is: the seeds teach OSI, where TLS has no single home. */
export const TLS_LAYER_WORDS =
  'TLS is drawn at the presentation layer (6): it changes how the application\'s bytes are represented (encrypted, authenticated) without caring what they mean, and it sits above TCP (4) and below HTTP (7); its handshake also opens a session, so some books put it at 5.'

/** The records of each direction, in order, each with the arrival time of the chunk that held its first byte. */
export function timedRecords(chunks: readonly TapChunk[]): { records: TimedRecord[]; leftover: { client: number; server: number } } {
  const records: TimedRecord[] = []
  const leftover = { client: 0, server: 0 }
  for (const dir of ['out', 'in'] as const) {
    const from = dir === 'out' ? 'client' : 'server'
    const mine = chunks.filter((c) => c.dir === dir)
    const starts: number[] = []
    let total = 0
    for (const c of mine) {
      starts.push(total)
      total += c.bytes.length
    }
    const stream = new Uint8Array(Buffer.concat(mine.map((c) => c.bytes)))
    let chunk = 0
    let used = 0
    for (const r of readRecords(stream)) {
      while (chunk + 1 < starts.length && starts[chunk + 1]! <= r.offset) chunk++
      records.push({ from, at: mine[chunk]?.at ?? 0, bytes: stream.subarray(r.offset, r.offset + 5 + r.body.length) })
      used = r.offset + 5 + r.body.length
    }
    leftover[from] = total - used
  }
  records.sort((a, b) => a.at - b.at)
  return { records, leftover }
}

const KIND_WORDS: Partial<Record<StepKind, [string, string]>> = {
  'tls-client-hello': ['The client opens the TLS handshake: the versions, cipher suites, groups and signature schemes it supports, its key share, and extensions such as SNI (which site it wants) and ALPN (which application protocol). Sent in clear: anyone on the path can read it.', 'RFC 8446 §4.1.2'],
  'tls-server-hello': ['The server picks: one version, one cipher suite, one key-exchange group with its own key share. From the two key shares both sides now compute the same shared secret (ECDHE) and derive the handshake keys: everything after this is encrypted.', 'RFC 8446 §4.1.3'],
  'tls-hello-retry-request': ['A HelloRetryRequest: the server supports none of the key shares the client sent and asks for one in a group it names; the client sends a second ClientHello. It costs a round trip.', 'RFC 8446 §4.1.4'],
  'tls-encrypted-extensions': ['The extensions that do not need to be in clear (ALPN\'s choice, server name acknowledgement), sent under the handshake keys.', 'RFC 8446 §4.3.1'],
  'tls-certificate': ['The server\'s certificate chain, leaf first: who it claims to be. The client checks it chains to a root it trusts and names the host (RFC 5280 §6, RFC 6125).', 'RFC 8446 §4.4.2'],
  'tls-certificate-verify': ['A signature over the whole handshake so far with the certificate\'s private key: proof that the server holds the key, not just a copy of the certificate.', 'RFC 8446 §4.4.3'],
  'tls-finished': ['An HMAC over the whole handshake with a key derived from this side\'s handshake secret: proof that nobody changed a byte of it. After the server\'s Finished the application keys are in use.', 'RFC 8446 §4.4.4'],
  'tls-new-session-ticket': ['A ticket the client may offer later to resume without a full handshake (a PSK, RFC 8446 §2.2). It comes after the handshake, under the application keys.', 'RFC 8446 §4.6.1'],
  'tls-key-update': ['The sender switches to the next generation of traffic keys.', 'RFC 8446 §4.6.3'],
  'tls-server-key-exchange': ['TLS 1.2: the server\'s ephemeral (EC)DHE public key, signed with its certificate\'s key.', 'RFC 5246 §7.4.3, RFC 8422 §5.4'],
  'tls-server-hello-done': ['TLS 1.2: the server has sent everything for its first flight.', 'RFC 5246 §7.4.5'],
  'tls-client-key-exchange': ['TLS 1.2: the client\'s ephemeral public key; both sides now compute the pre-master secret and, with the PRF, the master secret.', 'RFC 5246 §7.4.7, RFC 8422 §5.7']
}

const ALERTS: Record<number, string> = { 0: 'close_notify', 10: 'unexpected_message', 20: 'bad_record_mac', 22: 'record_overflow', 40: 'handshake_failure', 42: 'bad_certificate', 43: 'unsupported_certificate', 44: 'certificate_revoked', 45: 'certificate_expired', 46: 'certificate_unknown', 47: 'illegal_parameter', 48: 'unknown_ca', 49: 'access_denied', 50: 'decode_error', 51: 'decrypt_error', 70: 'protocol_version', 71: 'insufficient_security', 80: 'internal_error', 86: 'inappropriate_fallback', 90: 'user_canceled', 109: 'missing_extension', 110: 'unsupported_extension', 112: 'unrecognized_name', 113: 'bad_certificate_status_response', 115: 'unknown_psk_identity', 116: 'certificate_required', 120: 'no_application_protocol' }

function groupName(g: number | null | undefined): string | undefined {
  if (g === null || g === undefined) return undefined
  return NAMED_GROUPS.get(g)?.name ?? `0x${g.toString(16).padStart(4, '0')}`
}

function titleOf(p: ParsedHandshake, from: string): string {
  const ch = p.clientHello
  if (ch) return `ClientHello${ch.serverName ? ` SNI ${ch.serverName}` : ''}, ${ch.cipherSuites.length} suites${ch.alpn.length ? `, ALPN ${ch.alpn.join(',')}` : ''}`
  const sh = p.serverHello
  if (sh) return sh.helloRetryRequest ? `HelloRetryRequest (group ${groupName(sh.keyShareGroup) ?? '?'})` : `ServerHello ${cipherSuiteName(sh.cipherSuite)}${sh.keyShareGroup !== null ? `, ${groupName(sh.keyShareGroup)}` : ''}`
  if (p.certificates) return `Certificate (${p.certificates.length} certificate${p.certificates.length === 1 ? '' : 's'})`
  if (p.certificateVerify) return `CertificateVerify ${p.certificateVerify.schemeName}`
  return `${p.typeName} (${from})`
}

/**
 * Parsed handshake messages by their bytes, in the analysis worker that lives across walks: walking the same server
 * again reuses its Certificate (the costliest parse) and whatever else is byte-identical. Results are never changed
 * by their users, so sharing them is safe.
 */
const PARSED = new Map<string, ParsedHandshake>()
const PARSED_KEPT = 64
const PARSED_MAX_BYTES = 64 * 1024

function parsedMessage(bytes: Uint8Array, tls13: boolean, from: 'client' | 'server', cipherSuite?: number): ParsedHandshake {
  const ctx = { tls13, from, ...(cipherSuite === undefined ? {} : { cipherSuite }) }
  if (bytes.length > PARSED_MAX_BYTES) return parseHandshakeMessage(bytes, ctx)
  const id = `${tls13 ? 3 : 2}${from[0]}${cipherSuite ?? ''}:${Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('base64')}`
  const hit = PARSED.get(id)
  if (hit) return hit
  const p = parseHandshakeMessage(bytes, ctx)
  if (PARSED.size >= PARSED_KEPT) PARSED.delete(PARSED.keys().next().value!)
  PARSED.set(id, p)
  return p
}

export interface TlsSteps {
  drafts: StepDraft[]
  /** Decrypted application data per direction, in order, with the first record's time and the wire records. */
  app: Record<'client' | 'server', { bytes: Uint8Array; at: number | null; wire: Uint8Array[] }>
  summary: WalkTlsSummary
  findings: Finding[]
}

/**
 * The handshake's costly part ahead of time (the analysis worker's prime, memo.ts): the records opened, the keys
 * derived, the proofs checked and every handshake message parsed, all remembered by their bytes; no steps are built.
 */
export function primeTls(records: TimedRecord[], keylog: string[], protocol: string | null): void {
  const dec = decryptTls({ records, keylog })
  const tls13 = dec.version === 'TLSv1.3' || protocol === 'TLSv1.3'
  let suite: number | undefined
  for (const m of dec.handshake) {
    try {
      const p = parsedMessage(m.bytes, tls13, m.from, suite)
      if (p.serverHello && !p.serverHello.helloRetryRequest) suite = p.serverHello.cipherSuite
      // a message in clear is shown as its bytes and spans alone (no wire record beside it): its detail's text is
      // made here too (the ClientHello's, every suite and extension explained, is the walk's largest)
      if (!m.encrypted) prepackDetail({ bytesHex: hex(m.bytes), spans: p.spans })
    } catch {
      // tlsSteps reports it when it meets the message
    }
  }
}

/** Every record and handshake message of the connection as steps; the application data is handed to the HTTP steps. */
export function tlsSteps(records: TimedRecord[], keylog: string[], facts: { protocol: string | null; cipher: string; alpn: string | null; resumed?: boolean }): TlsSteps {
  const findings: Finding[] = []
  let dec: DecryptedTls
  try {
    dec = decryptTls({ records, keylog })
  } catch (e) {
    findings.push({ severity: 'warning', code: 'TLS_NOT_DECRYPTED', message: `The records could not be decrypted: ${e instanceof Error ? e.message : String(e)}` })
    dec = { version: 'unknown', cipherSuite: null, decrypted: false, note: 'decryption failed', records: records.map((r, i) => ({ from: r.from, at: r.at, wire: r.bytes, contentType: r.bytes[0] ?? 0, innerType: null, plaintext: null, epoch: 'cleartext', seq: i })), handshake: [], calculations: { keys: [] } }
  }
  const tls13 = dec.version === 'TLSv1.3' || facts.protocol === 'TLSv1.3'
  const drafts: StepDraft[] = []
  let ch: ClientHelloInfo | null = null
  let sh: ServerHelloInfo | null = null
  let hrr = false
  let helloStep: StepDraft | null = null
  let serverHelloStep: StepDraft | null = null
  // TLS 1.2 names its ECDHE group in the ServerKeyExchange (RFC 8422 §5.4), not in a key_share.
  let kxGroup: number | null = null
  // A flight's record carries several messages: its hex is made once, not once per message.
  const wire = new Map<string, string>()
  const wireHexOf = (records: number[], carried: DecryptedTls['records']): string => {
    const id = records.join(',')
    let text = wire.get(id)
    if (text === undefined) wire.set(id, (text = hex(new Uint8Array(Buffer.concat(carried.map((r) => r.wire))))))
    return text
  }
  for (const m of dec.handshake) {
    let p: ParsedHandshake
    try {
      // The suite says how a TLS 1.2 ServerKeyExchange is laid out (ECDHE or DHE, RFC 8422 §5.4, RFC 5246 §7.4.3).
      p = parsedMessage(m.bytes, tls13, m.from, sh?.cipherSuite)
    } catch (e) {
      const typeName = `handshake type ${m.bytes[0]}`
      p = { type: m.bytes[0] ?? 0, typeName, kind: 'tls-application-data', spans: [{ offset: 0, length: m.bytes.length, name: 'Handshake message' }], findings: [{ severity: 'error', code: 'TLS_PARSE', message: e instanceof Error ? e.message : String(e) }], summary: typeName, source: tls13 ? 'RFC 8446 §4' : 'RFC 5246 §7.4' }
    }
    const words = KIND_WORDS[p.kind]
    const carried = m.records.map((i) => dec.records[i]).filter((r): r is DecryptedTls['records'][number] => r !== undefined)
    const record = m.encrypted ? carried[0] : undefined
    const calc: WalkCalculation[] = []
    if (record?.calculation) calc.push(record.calculation)
    // The message's own check: Finished's verify_data recomputed, CertificateVerify's signature verified.
    const check =
      p.kind === 'tls-finished'
        ? m.from === 'client'
          ? dec.calculations.clientFinished
          : dec.calculations.serverFinished
        : p.kind === 'tls-certificate-verify'
          ? m.from === 'client'
            ? dec.calculations.clientCertificateVerify
            : dec.calculations.certificateVerify
          : undefined
    if (check) calc.push(check)
    const step: StepDraft = {
      at: m.at,
      ...(m.records.length ? { seq: m.records[0]! } : {}),
      layer: 'presentation',
      kind: p.kind,
      title: `${titleOf(p, m.from)}${check?.verified === true ? ' (checked here)' : check?.verified === false ? ' (check FAILED)' : ''}`,
      from: m.from,
      to: m.from === 'client' ? 'server' : 'client',
      bytesHex: hex(m.bytes),
      spans: p.spans,
      explain: `${p.summary}. ${words?.[0] ?? ''}${m.encrypted ? ' Decrypted here with this connection\'s secrets from the key log; the wire carried it encrypted.' : ''} ${TLS_LAYER_WORDS}`,
      source: p.source || words?.[1] || (tls13 ? 'RFC 8446 §4' : 'RFC 5246 §7.4'),
      ...(m.encrypted ? { decrypted: true } : {}),
      ...(record ? { wireHex: wireHexOf(m.records, carried) } : {}),
      ...(calc.length ? { calculations: calc } : {}),
      ...(p.certificates?.length ? { certificatesBase64: p.certificates.map((c) => Buffer.from(c).toString('base64')) } : {}),
      ...(p.findings.length ? { findings: p.findings } : {})
    }
    if (p.clientHello && !ch) {
      ch = p.clientHello
      helloStep = step
    }
    if (p.serverKeyExchange?.group != null && kxGroup === null) kxGroup = p.serverKeyExchange.group
    if (p.serverHello) {
      if (p.serverHello.helloRetryRequest) hrr = true
      else {
        sh = p.serverHello
        serverHelloStep = step
      }
    }
    drafts.push(step)
  }
  if (serverHelloStep && dec.calculations.keys.length) serverHelloStep.calculations = [...(serverHelloStep.calculations ?? []), ...dec.calculations.keys]
  if (ch) {
    const notes = textbookNotes(ch, sh, hrr, facts.resumed ?? false)
    if (helloStep && notes.length) helloStep.textbook = notes
    if (serverHelloStep && notes.length) serverHelloStep.textbook = notes
  }

  const app: TlsSteps['app'] = { client: { bytes: new Uint8Array(), at: null, wire: [] }, server: { bytes: new Uint8Array(), at: null, wire: [] } }
  const parts: Record<'client' | 'server', Uint8Array[]> = { client: [], server: [] }
  for (const [seq, r] of dec.records.entries()) {
    const inner = r.innerType ?? (r.epoch === 'cleartext' ? r.contentType : null)
    if (r.contentType === RECORD.changeCipherSpec) {
      const words = tls13 ? 'In TLS 1.3 a dummy record sent only so middleboxes that expect TLS 1.2 let the connection through (middlebox compatibility mode).' : 'From here on this side encrypts with the keys just agreed.'
      drafts.push(recordDraft(r, seq, 'tls-change-cipher-spec', r.error ? 'ChangeCipherSpec — not allowed here' : 'ChangeCipherSpec', r.error ? `${words} ${r.error}` : words, tls13 ? 'RFC 8446 Appendix D.4' : 'RFC 5246 §7.1'))
    } else if (inner === RECORD.alert && r.plaintext) {
      const body = r.plaintext
      const level = body[0] === 2 ? 'fatal' : 'warning'
      const name = ALERTS[body[1] ?? -1] ?? `alert ${body[1] ?? '?'}`
      const explain = body[1] === 0 ? 'close_notify: the sender will send nothing more on this connection; a clean end that a truncation attack cannot fake.' : `The sender reports ${name} (${level}${level === 'fatal' ? ': the connection ends' : ''}).`
      const alertSpans = [
        { offset: 0, length: 1, name: 'Alert level', value: `${body[0]} (${level})`, explain: 'TLS 1.3 ignores the level: every alert but close_notify and user_canceled is fatal (RFC 8446 §6).' },
        { offset: 1, length: 1, name: 'Alert description', value: `${body[1]} (${name})`, explain: 'RFC 8446 §6' }
      ]
      const encrypted = r.epoch !== 'cleartext'
      drafts.push({ ...recordDraft(r, seq, 'tls-alert', `Alert ${name}`, explain, 'RFC 8446 §6'), bytesHex: hex(body), spans: alertSpans, ...(encrypted ? { wireHex: hex(r.wire), decrypted: true } : {}) })
    } else if (inner === RECORD.alert) {
      drafts.push(recordDraft(r, seq, 'tls-alert', 'Alert (encrypted, not decrypted)', 'An alert the key log could not open.', 'RFC 8446 §6'))
    } else if (inner === RECORD.applicationData && r.plaintext) {
      parts[r.from].push(r.plaintext)
      app[r.from].at ??= r.at
      app[r.from].wire.push(r.wire)
    } else if (r.plaintext === null) {
      // Every record both ways is a step: one the key log could not open is shown as what the wire carried.
      drafts.push(encryptedDraft(r, seq, tls13, dec.note))
    }
  }
  for (const side of ['client', 'server'] as const) app[side].bytes = new Uint8Array(Buffer.concat(parts[side]))
  if (dec.note && !dec.decrypted) findings.push({ severity: 'info', code: 'TLS_NOT_DECRYPTED', message: dec.note })
  const cipher = dec.cipherSuite !== null ? cipherSuiteName(dec.cipherSuite) : facts.cipher
  const summary: WalkTlsSummary = {
    version: dec.version !== 'unknown' ? dec.version : (facts.protocol ?? 'unknown'),
    cipher,
    alpn: facts.alpn,
    decrypted: dec.decrypted,
    ...(dec.decrypted ? {} : { decryptNote: dec.note ?? 'not decrypted' }),
    ...((sh?.keyShareGroup ?? kxGroup) != null ? { group: groupName(sh?.keyShareGroup ?? kxGroup) } : {}),
    helloRetry: hrr,
    resumed: facts.resumed ?? false
  }
  return { drafts, app, summary, findings }
}

/** A record that stayed encrypted, named by what it must be: TLS 1.2's first protected handshake record of a side is
 * its Finished (it follows ChangeCipherSpec, RFC 5246 §7.4.9); an alert keeps its outer type in TLS 1.2 (§6.2.3). */
function encryptedDraft(r: DecryptedTls['records'][number], seq: number, tls13: boolean, note: string | undefined): StepDraft {
  const finished = !tls13 && r.contentType === RECORD.handshake && r.epoch === 'handshake' && r.seq === 0
  const kind: StepKind = finished ? 'tls-finished' : !tls13 && r.contentType === RECORD.alert ? 'tls-alert' : 'tls-application-data'
  const what = finished ? `Finished (${r.from}), encrypted` : `Encrypted ${recordTypeName(r.contentType)} record`
  const generic = !r.error || /^Not decrypted: no key/.test(r.error)
  const why = (generic ? note : r.error?.replace(/^Not decrypted: /, '')) ?? r.error ?? 'no key for this record'
  const words = finished
    ? `This side's Finished, the first record it sends under the keys just agreed (after its ChangeCipherSpec); its verify_data proves the handshake was not altered.`
    : kind === 'tls-alert'
      ? 'An alert sent under the agreed keys (at the end of a connection usually close_notify, RFC 5246 §7.2.1).'
      : `An encrypted record (${recordTypeName(r.contentType)} on the outside).`
  return recordDraft(r, seq, kind, `${what}, ${Math.max(0, r.wire.length - 5)} bytes — not decrypted`, `${words} Not decrypted: ${why}`, tls13 ? 'RFC 8446 §5.2' : finished ? 'RFC 5246 §7.4.9' : 'RFC 5246 §6.2.3')
}

function recordDraft(r: DecryptedTls['records'][number], seq: number, kind: StepKind, title: string, explain: string, source: string): StepDraft {
  return {
    at: r.at,
    seq,
    layer: 'presentation',
    kind,
    title,
    from: r.from,
    to: r.from === 'client' ? 'server' : 'client',
    bytesHex: hex(r.wire),
    spans: dissect('tls-records', r.wire).spans,
    explain: `${explain} ${TLS_LAYER_WORDS}`,
    source
  }
}
