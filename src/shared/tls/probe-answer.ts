// What a server answered to one scan probe (our ClientHello on a plain socket): its ServerHello (and, for TLS ≤ 1.2,
// the messages up to ServerHelloDone: certificates, key exchange parameters, stapled OCSP), an alert, or something
// that is not TLS at all. Fed chunk by chunk from the socket; decides as early as the bytes allow and never holds
// more than PROBE_LIMITS, so a hostile or broken server cannot make a probe grow or hang.
import { concatBytes, toHex } from '../bytes'
import { type ParsedHandshake, parseHandshakeMessage } from './handshake'
import { HandshakeStream, RECORD } from './records'
import { alertDescriptionName } from './tls-names'
import { dhPrimeBits, helloExtras, notTlsWords, statusResponse } from './probe-parts'

export interface ProbeServerHello {
  version: number
  legacyVersion: number
  suite: number
  compression: number
  sessionId: Uint8Array
  helloRetryRequest: boolean
  keyShareGroup: number | null
  /** HRR's selected_group */
  selectedGroup: number | null
  /** The protocol ALPN chose in a TLS ≤ 1.2 ServerHello (TLS 1.3 sends it encrypted, so null there). */
  alpn: string | null
  extensions: number[]
  /** renegotiation_info present and empty */
  secureRenegotiation: boolean
  sessionTicket: boolean
  extendedMasterSecret: boolean
  heartbeat: boolean
  statusRequest: boolean
  /** TLS ≤ 1.2 only, when read on to ServerHelloDone: */
  certificates?: Uint8Array[]
  dhPrimeBits?: number
  ecdheCurve?: number
  serverSignatureScheme?: number
  /** the stapled OCSP response */
  certificateStatus?: Uint8Array
}

export type ProbeAnswer =
  | { kind: 'hello'; hello: ProbeServerHello; bytes: Uint8Array }
  | { kind: 'alert'; level: number; description: number; name: string; bytes: Uint8Array }
  | { kind: 'closed' | 'not_tls' | 'timeout'; detail: string; bytes: Uint8Array }

/** Far above any real answer up to ServerHelloDone (a long chain is ~20 kB), low enough to bound every probe. */
export const PROBE_LIMITS = { bytes: 256 * 1024, records: 64 } as const

/** RFC 8446 §5.1 / RFC 5246 §6.2.3: no record is longer than 2^14 + 2048. */
const MAX_RECORD_BODY = 16_384 + 2048

const MAX_MESSAGES = 16

const HS = { serverHello: 2, certificate: 11, serverKeyExchange: 12, certificateRequest: 13, serverHelloDone: 14, certificateStatus: 22 } as const

/** Reads one probe's answer; see the file comment. Once decided, every later call returns the same answer. */
export class ProbeReader {
  private readonly readOn: boolean
  private readonly kept: Uint8Array[] = []
  private keptLength = 0
  private pending: Uint8Array = new Uint8Array(0)
  private records = 0
  private readonly handshake = new HandshakeStream()
  private handled = 0
  private sawHandshake = false
  private alert: Uint8Array = new Uint8Array(0)
  /** A warning alert before the ServerHello (unrecognized_name, RFC 6066 §3) does not end the handshake by itself. */
  private warning: { level: number; description: number } | undefined
  private hello: ProbeServerHello | undefined
  private decided: ProbeAnswer | undefined

  constructor(o?: { readOn?: boolean }) {
    this.readOn = o?.readOn ?? false
  }

  /** Feeds bytes from the socket; returns the answer once it is decided. */
  push(chunk: Uint8Array): ProbeAnswer | undefined {
    if (this.decided) return this.decided
    const room = PROBE_LIMITS.bytes - this.keptLength
    const part = chunk.subarray(0, Math.max(0, room))
    if (part.length) {
      this.kept.push(part.slice())
      this.keptLength += part.length
      this.pending = this.pending.length ? concatBytes([this.pending, part]) : part.slice()
    }
    this.readRecords()
    if (!this.decided && chunk.length > room) {
      this.decide(this.hello ? this.helloAnswer() : this.notTls(`The server sent more than ${PROBE_LIMITS.bytes / 1024} kB without a ServerHello; a real TLS server answers a ClientHello in a few kB.`))
    }
    return this.decided
  }

  /** The socket ended: the answer from what arrived (a hello read on partly still counts as a hello). */
  end(): ProbeAnswer {
    if (this.decided) return this.decided
    if (this.hello) return this.decide(this.helloAnswer())
    if (this.warning) return this.decide(this.alertAnswer(this.warning))
    const n = this.keptLength
    return this.decide({ kind: 'closed', detail: n === 0 ? 'The server closed the connection without answering the ClientHello.' : `The server closed the connection after ${n} bytes, before a whole ServerHello or alert arrived.`, bytes: this.bytes() })
  }

  /** The probe's time ran out (the engine keeps the clock): a hello read on partly still counts as a hello. */
  timeout(ms?: number): ProbeAnswer {
    if (this.decided) return this.decided
    if (this.hello) return this.decide(this.helloAnswer())
    if (this.warning) return this.decide(this.alertAnswer(this.warning))
    const after = ms === undefined ? '' : ` within ${ms} ms`
    return this.decide({ kind: 'timeout', detail: `No ServerHello or alert arrived${after}${this.keptLength ? ` (${this.keptLength} bytes came, not a whole answer)` : ''}.`, bytes: this.bytes() })
  }

  private bytes(): Uint8Array {
    return concatBytes(this.kept)
  }

  private decide(answer: ProbeAnswer): ProbeAnswer {
    this.decided = answer
    this.pending = new Uint8Array(0)
    return answer
  }

  private notTls(detail: string): ProbeAnswer {
    return { kind: 'not_tls', detail, bytes: this.bytes() }
  }

  private alertAnswer(a: { level: number; description: number }): ProbeAnswer {
    return { kind: 'alert', level: a.level, description: a.description, name: alertDescriptionName(a.description), bytes: this.bytes() }
  }

  private helloAnswer(): ProbeAnswer {
    return { kind: 'hello', hello: this.hello!, bytes: this.bytes() }
  }

  /** Whole records out of `pending`, each checked as RFC 8446 §5.1 frames them. */
  private readRecords(): void {
    while (!this.decided) {
      const p = this.pending
      if (this.records === 0 && this.keptLength > 0 && p.length > 0) {
        const words = notTlsWords(p)
        if (words) return void this.decide(this.notTls(words))
      }
      if (p.length < 5) return
      const type = p[0] as number
      const version = ((p[1] as number) << 8) | (p[2] as number)
      const length = ((p[3] as number) << 8) | (p[4] as number)
      if (type < 20 || type > 24 || version >> 8 !== 3) {
        return void this.decide(this.hello ? this.helloAnswer() : this.notTls(`Record ${this.records + 1} starts with ${toHex(p.subarray(0, 3))}, which is no TLS record header (RFC 8446 §5.1).`))
      }
      if (length > MAX_RECORD_BODY) return void this.decide(this.hello ? this.helloAnswer() : this.notTls(`Record ${this.records + 1} declares ${length} bytes; TLS records carry at most 2^14 + 2048 (RFC 5246 §6.2.3).`))
      if (p.length < 5 + length) return
      if (++this.records > PROBE_LIMITS.records) {
        return void this.decide(this.hello ? this.helloAnswer() : this.notTls(`The server sent more than ${PROBE_LIMITS.records} records without a ServerHello; a real TLS server answers in a few.`))
      }
      const body = p.subarray(5, 5 + length)
      this.pending = p.subarray(5 + length)
      this.record(type, body)
    }
  }

  private record(type: number, body: Uint8Array): void {
    if (type === RECORD.alert) {
      this.alert = concatBytes([this.alert, body])
      if (this.hello && this.alert.length >= 2) return void this.decide(this.helloAnswer())
      // Alerts are two bytes each and may share or straddle records (RFC 5246 §6.2.1); a fatal one, or close_notify /
      // user_canceled, ends the probe; other warnings are kept while the server goes on.
      for (let at = 0; at + 2 <= this.alert.length; at += 2) {
        const a = { level: this.alert[at] as number, description: this.alert[at + 1] as number }
        if (a.level !== 1 || a.description === 0 || a.description === 90) return void this.decide(this.alertAnswer(a))
        this.warning = a
      }
      this.alert = this.alert.subarray(this.alert.length - (this.alert.length % 2))
      return
    }
    if (type === RECORD.handshake) return this.handshakeRecord(body)
    // ChangeCipherSpec after a TLS ≤ 1.2 ServerHello: a resumed session, nothing cleartext follows (RFC 5246 §7.3).
    if (this.hello) return void this.decide(this.helloAnswer())
    const what = type === RECORD.changeCipherSpec ? 'a ChangeCipherSpec' : type === RECORD.applicationData ? 'application data' : 'a heartbeat'
    this.decide(this.notTls(`The server sent ${what} record before any ServerHello, which no TLS handshake does (RFC 8446 §4, §5).`))
  }

  private handshakeRecord(body: Uint8Array): void {
    if (!this.sawHandshake && body.length > 0 && body[0] !== HS.serverHello) {
      return void this.decide(this.notTls(`The server's first handshake message is type ${body[0]}, not a ServerHello (RFC 8446 §4.1.3).`))
    }
    if (body.length > 0) this.sawHandshake = true
    this.handshake.push(body)
    while (!this.decided && this.handled < this.handshake.messages.length) {
      const m = this.handshake.messages[this.handled++]!
      // A real flight has at most 6 cleartext messages; a stream of tiny ones must not cost a parse each.
      if (this.handled > MAX_MESSAGES && this.hello) return void this.decide(this.helloAnswer())
      const msg = concatBytes([Uint8Array.of(m.type, (m.body.length >> 16) & 0xff, (m.body.length >> 8) & 0xff, m.body.length & 0xff), m.body])
      if (!this.hello) this.serverHello(msg, m.body)
      else this.afterHello(m.type, msg, m.body)
    }
  }

  private serverHello(msg: Uint8Array, body: Uint8Array): void {
    const parsed = parseHandshakeMessage(msg, { tls13: false, from: 'server' })
    const sh = parsed.serverHello
    const broken = parsed.findings.find((f) => f.severity === 'error')
    const extras = helloExtras(body)
    if (!sh || broken || !extras) return void this.decide(this.notTls(`The ServerHello cannot be read: ${broken?.message ?? 'its fields are malformed'} (RFC 8446 §4.1.3).`))
    const has = (t: number): boolean => extras.extensions.includes(t)
    this.hello = {
      version: sh.version,
      legacyVersion: sh.legacyVersion,
      suite: sh.cipherSuite,
      compression: extras.compression,
      sessionId: sh.sessionId ?? new Uint8Array(0),
      helloRetryRequest: sh.helloRetryRequest,
      keyShareGroup: sh.helloRetryRequest ? null : sh.keyShareGroup,
      selectedGroup: sh.helloRetryRequest ? sh.keyShareGroup : null,
      alpn: extras.alpn,
      extensions: extras.extensions,
      secureRenegotiation: extras.secureRenegotiation,
      sessionTicket: has(35),
      extendedMasterSecret: has(23),
      heartbeat: has(15),
      statusRequest: has(5)
    }
    // TLS 1.3 encrypts everything after the ServerHello; a HelloRetryRequest ends this probe (RFC 8446 §4.1.4).
    if (!this.readOn || sh.helloRetryRequest || sh.version >= 0x0304) this.decide(this.helloAnswer())
  }

  /** TLS ≤ 1.2 server flight (RFC 5246 §7.3): Certificate, CertificateStatus, ServerKeyExchange, …, ServerHelloDone. */
  private afterHello(type: number, msg: Uint8Array, body: Uint8Array): void {
    const hello = this.hello!
    const parse = (): ParsedHandshake => parseHandshakeMessage(msg, { tls13: false, from: 'server', cipherSuite: hello.suite })
    switch (type) {
      case HS.certificate: {
        const certs = parse().certificates
        if (certs) hello.certificates = certs
        return
      }
      case HS.serverKeyExchange: {
        const ske = parse().serverKeyExchange
        if (ske?.kind === 'ecdhe' && ske.group !== null) hello.ecdheCurve = ske.group
        if (ske?.kind === 'dhe') {
          const bits = dhPrimeBits(body)
          if (bits !== null) hello.dhPrimeBits = bits
        }
        // Only TLS 1.2 names the signature's algorithm; TLS 1.0/1.1 sign with a fixed MD5+SHA-1 or SHA-1 (RFC 5246 §7.4.3).
        if (hello.version === 0x0303 && ske?.scheme !== undefined && ske.scheme !== null) hello.serverSignatureScheme = ske.scheme
        return
      }
      case HS.certificateStatus: {
        const ocsp = statusResponse(body)
        if (ocsp) hello.certificateStatus = ocsp
        return
      }
      case HS.certificateRequest:
        return
      default:
        // ServerHelloDone, or anything else: the cleartext flight is over.
        this.decide(this.helloAnswer())
    }
  }
}
