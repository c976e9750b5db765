// A live server's certificate chain exactly as it was sent, what is wrong with how it was sent (a root that need
// not be there, a missing intermediate, the wrong order, duplicates), and the trust verdict.
import type * as tls from 'node:tls'
import { parseIP } from '../../shared/x509/ip'
import { WirebenchError } from '../../shared/errors'
import { connect, verifyNameFor, type TlsClientSettings, type TlsFacts } from '../tls'
import { type ParsedCertificate, checkSignature, describeCertificate, isSelfSigned, parseCertificate } from './certificate'
import { extractSentChain } from './sent-chain'
import type { ServerChainFinding, ServerChainResult } from './types'
import { type CertificateInput, type VerifyParsedOptions, anchorsFor, verifyParsed } from './verify'

/** Bytes of handshake kept for parsing; chains beyond this are reported from Node's view. */
const MAX_CAPTURE = 4 * 1024 * 1024

export interface FetchServerChainOptions {
  host: string
  port: number
  /** Server name sent in SNI (default: host, unless host is an IP address). Empty string: send none. */
  sni?: string
  timeoutMs?: number
  /** Name to check the certificate against (default: the SNI name, or the host). */
  checkHost?: string
  roots?: CertificateInput[]
  useMozillaRoots?: boolean
  useSystemRoots?: boolean
  at?: Date | string | number
  minVersion?: tls.SecureVersion
  maxVersion?: tls.SecureVersion
}

interface Handshake {
  received: Uint8Array
  handshakeSecret?: string
  protocol: string
  cipher: string
  /** The name sent in SNI, or null. */
  servername: string | null
  peerChain: Uint8Array[]
}

/** One TLS handshake through the shared connector, verification left to us; the server's bytes kept for parsing. */
async function handshake(o: FetchServerChainOptions): Promise<Handshake> {
  const timeoutMs = o.timeoutMs ?? 10_000
  const settings: TlsClientSettings = { verify: false }
  if (o.sni !== undefined) settings.servername = o.sni
  if (o.minVersion) settings.minVersion = o.minVersion
  if (o.maxVersion) settings.maxVersion = o.maxVersion
  const conn = await connect({ host: o.host, port: o.port, tls: settings, connectTimeoutMs: timeoutMs, handshakeTimeoutMs: timeoutMs, tap: { maxBytes: MAX_CAPTURE }, keylog: true })
  conn.socket.destroy()
  const facts = conn.tls as TlsFacts
  const result: Handshake = {
    received: new Uint8Array(conn.tap?.bytes('in') ?? []),
    protocol: facts.protocol ?? 'unknown',
    cipher: facts.cipherStandardName || facts.cipher,
    servername: facts.servername,
    peerChain: facts.peerChain.map((d) => new Uint8Array(d))
  }
  const secret = conn.keylog?.map((line) => /^SERVER_HANDSHAKE_TRAFFIC_SECRET [0-9a-f]+ ([0-9a-f]+)/i.exec(line)?.[1]).find(Boolean)
  if (secret) result.handshakeSecret = secret
  return result
}

function orderFindings(sent: ParsedCertificate[], pathFingerprints: string[]): ServerChainFinding[] {
  const findings: ServerChainFinding[] = []
  const firstAt = new Map<string, number>()
  sent.forEach((c, i) => {
    const first = firstAt.get(c.fingerprint256)
    if (first === undefined) firstAt.set(c.fingerprint256, i)
    else findings.push({ code: 'DUPLICATE_CERTIFICATE', message: `Certificate ${i + 1} ("${c.subject.info.text}") repeats certificate ${first + 1}.`, positions: [first, i] })
  })
  sent.forEach((c, i) => {
    if (i > 0 && isSelfSigned(c)) {
      findings.push({
        code: 'ROOT_SENT',
        message: `Certificate ${i + 1} ("${c.subject.info.text}") is a self-signed root. Clients must already have it to trust it, so sending it only costs bytes.`,
        positions: [i]
      })
    }
  })
  // RFC 5246 §7.4.2: each certificate must certify the one before it
  const unique = sent.filter((c, i) => firstAt.get(c.fingerprint256) === i)
  const misplaced: number[] = []
  for (let i = 1; i < unique.length; i++) {
    const prev = unique[i - 1] as ParsedCertificate
    const cur = unique[i] as ParsedCertificate
    const certifiesPrevious = prev.issuer.key === cur.subject.key && checkSignature(prev, cur) === 'valid'
    if (!certifiesPrevious && pathFingerprints.includes(cur.fingerprint256)) misplaced.push(sent.indexOf(cur))
  }
  if (misplaced.length) {
    findings.push({
      code: 'WRONG_ORDER',
      message: 'The certificates are not in issuing order (each one should certify the one before it). Many clients cope; some older ones do not.',
      positions: misplaced
    })
  }
  unique.forEach((c) => {
    if (c !== sent[0] && !pathFingerprints.includes(c.fingerprint256) && !isSelfSigned(c)) {
      findings.push({ code: 'UNUSED_CERTIFICATE', message: `"${c.subject.info.text}" is not part of the chain to a trusted root; it can be removed.`, positions: [sent.indexOf(c)] })
    }
  })
  return findings
}

/** Connects over TLS (without rejecting anything) and reports the chain as sent, findings and the verdict. */
export async function fetchServerChain(o: FetchServerChainOptions): Promise<ServerChainResult> {
  if (!Number.isInteger(o.port) || o.port < 1 || o.port > 65535) throw new WirebenchError('INVALID_INPUT', `Port ${o.port} is not between 1 and 65535.`)
  if (o.at !== undefined && Number.isNaN(new Date(o.at).getTime())) throw new WirebenchError('INVALID_INPUT', `"${String(o.at)}" is not a date.`)
  const t0 = performance.now()
  const hs = await handshake(o)
  const findings: ServerChainFinding[] = []
  let ders: Uint8Array[]
  let exact = true
  try {
    ders = extractSentChain(hs.received, hs.handshakeSecret).certificates
  } catch (err) {
    exact = false
    ders = hs.peerChain
    findings.push({
      code: 'NOT_EXACT',
      message: `The handshake could not be read directly (${err instanceof Error ? err.message : String(err)}); the chain shown is Node's reconstruction, without duplicates and possibly reordered.`,
      positions: []
    })
  }
  if (ders.length === 0) throw new WirebenchError('TLS_HANDSHAKE_FAILED', 'The server sent no certificate.')
  const sent = ders.map((d) => parseCertificate(d))
  const checkHost = verifyNameFor(o.host, hs.servername, o.checkHost)
  const verifyOptions: VerifyParsedOptions = {
    leaf: sent[0] as ParsedCertificate,
    leafSource: 'server',
    pool: sent.slice(1).map((cert) => ({ cert, source: 'server' as const })),
    anchors: anchorsFor(o.roots, o.useMozillaRoots ?? true, o.useSystemRoots ?? false),
    at: o.at === undefined ? Date.now() : new Date(o.at).getTime(),
    purpose: 'server'
  }
  if (parseIP(checkHost)) verifyOptions.ip = checkHost
  else verifyOptions.host = checkHost
  const verdict = verifyParsed(verifyOptions)
  findings.push(...orderFindings(sent, verdict.chain.map((l) => l.fingerprint256)))
  if (verdict.errors.some((e) => e.code === 'UNKNOWN_ISSUER')) {
    findings.push({
      code: 'MISSING_INTERMEDIATE',
      message: verdict.missingIssuerUrls.length
        ? `The server does not send the intermediate certificate that issued "${verdict.chain[verdict.chain.length - 1]?.subject}". Browsers may fetch it from ${verdict.missingIssuerUrls.join(', ')}; other clients fail.`
        : `The server does not send the intermediate certificate that issued "${verdict.chain[verdict.chain.length - 1]?.subject}", and the certificate names no place to fetch it from.`,
      positions: [sent.length - 1]
    })
  }
  const result: ServerChainResult = {
    host: o.host,
    port: o.port,
    protocol: hs.protocol,
    cipher: hs.cipher,
    sent: sent.map((c) => describeCertificate(c, verifyOptions.at)),
    exact,
    findings,
    verdict,
    missingIssuerUrls: verdict.missingIssuerUrls,
    durationMs: Math.round(performance.now() - t0)
  }
  if (hs.servername) result.sni = hs.servername
  return result
}
