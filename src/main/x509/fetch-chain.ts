// A live server's certificate chain exactly as it was sent, what is wrong with how it was sent (a root that need
// not be there, a missing intermediate, the wrong order, duplicates), and the trust verdict — telling a chain cut
// short (missing intermediate) from a complete chain under a root the user does not trust yet (private root) —
// and whether it is revoked, from the OCSP response the server stapled and, online, from its CA.
import type * as tls from 'node:tls'
import { parseIP } from '../../shared/x509/ip'
import { encodePem } from '../../shared/x509/pem'
import { WirebenchError } from '../../shared/errors'
import { connect, verifyNameFor, type TlsClientSettings, type TlsFacts } from '../tls'
import { type ParsedCertificate, checkSignature, describeCertificate, isCA, isSelfSigned, parseCertificate } from './certificate'
import { readCertificates } from './open'
import { extractSentChain } from './sent-chain'
import { serverChainRevocation } from './fetch-chain-revocation'
import type { RevocationMode, ServerChainFinding, ServerChainResult, VerifyResult } from './types'
import { type CertificateInput, type VerifyParsedOptions, anchorsFor, verifyParsedWithPath } from './verify'

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
  /** Certificates the user has at hand but does not trust (the tab's list): used only to name a private root. */
  known?: CertificateInput[]
  useMozillaRoots?: boolean
  useSystemRoots?: boolean
  at?: Date | string | number
  minVersion?: tls.SecureVersion
  maxVersion?: tls.SecureVersion
  /** Revocation of the path (default 'off' here; the contract's default is 'soft'): the staple first. */
  revocation?: RevocationMode
  /** Also ask OCSP responders and CRL distribution points (default true). */
  revocationOnline?: boolean
  /** Budget for all revocation fetches (default 5 s). */
  revocationTimeoutMs?: number
}

/** What one handshake yielded, as plain data: it crosses to the parse worker. */
export interface Handshake {
  received: Uint8Array
  handshakeSecret?: string
  protocol: string
  cipher: string
  /** The name sent in SNI, or null. */
  servername: string | null
  peerChain: Uint8Array[]
  /** The DER OCSPResponse the server stapled (RFC 6066 §8), absent when it sent none. */
  ocspStaple?: Uint8Array
}

/** One TLS handshake through the shared connector, verification left to us; the server's bytes kept for parsing. */
export async function handshake(o: FetchServerChainOptions): Promise<Handshake> {
  const timeoutMs = o.timeoutMs ?? 10_000
  // the staple costs nothing extra to ask for and is the cheapest revocation evidence there is
  const settings: TlsClientSettings = { verify: false, requestOcsp: true }
  if (o.sni !== undefined) settings.servername = o.sni
  if (o.minVersion) settings.minVersion = o.minVersion
  if (o.maxVersion) settings.maxVersion = o.maxVersion
  const conn = await connect({ host: o.host, port: o.port, tls: settings, connectTimeoutMs: timeoutMs, handshakeTimeoutMs: timeoutMs, tap: { maxBytes: MAX_CAPTURE }, keylog: true, handshakeOnly: true })
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
  if (conn.ocspStaple) result.ocspStaple = new Uint8Array(conn.ocspStaple)
  return result
}

function orderFindings(sent: ParsedCertificate[], pathFingerprints: string[]): ServerChainFinding[] {
  const findings: ServerChainFinding[] = []
  const firstAt = new Map<string, number>()
  sent.forEach((c, i) => {
    const first = firstAt.get(c.fingerprint256)
    if (first === undefined) firstAt.set(c.fingerprint256, i)
    else findings.push({ code: 'DUPLICATE_CERTIFICATE', severity: 'warning', message: `Certificate ${i + 1} ("${c.subject.info.text}") repeats certificate ${first + 1}.`, positions: [first, i] })
  })
  sent.forEach((c, i) => {
    if (i > 0 && isSelfSigned(c)) {
      findings.push({
        code: 'ROOT_SENT',
        severity: 'warning',
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
      severity: 'warning',
      message: 'The certificates are not in issuing order (each one should certify the one before it). Many clients cope; some older ones do not.',
      positions: misplaced
    })
  }
  unique.forEach((c) => {
    if (c !== sent[0] && !pathFingerprints.includes(c.fingerprint256) && !isSelfSigned(c)) {
      findings.push({ code: 'UNUSED_CERTIFICATE', severity: 'warning', message: `"${c.subject.info.text}" is not part of the chain to a trusted root; it can be removed.`, positions: [sent.indexOf(c)] })
    }
  })
  return findings
}

function parseKnown(known: CertificateInput[] | undefined): ParsedCertificate[] {
  const out: ParsedCertificate[] = []
  for (const k of known ?? []) {
    try {
      out.push(...readCertificates(k, 'known certificate'))
    } catch {
      // a damaged certificate in the list cannot be the root; the verdict does not depend on it
    }
  }
  return out
}

/**
 * Why the chain does not reach a trusted root. A chain that ends at a CA certificate (or at a certificate signed by a
 * root the user has open) is complete as sent — servers should not send the root — so what is missing is trust in a
 * private root, not an intermediate. A chain that ends at the leaf lacks the intermediate that issued it.
 */
function trustFinding(verdict: VerifyResult, sent: ParsedCertificate[], known: ParsedCertificate[]): ServerChainFinding | undefined {
  const lastLink = verdict.chain[verdict.chain.length - 1]
  const last = sent.find((c) => c.fingerprint256 === lastLink?.fingerprint256)
  if (!lastLink || !last) return undefined
  const position = sent.indexOf(last)
  if (verdict.errors.some((e) => e.code === 'SELF_SIGNED_UNTRUSTED')) {
    return {
      code: 'PRIVATE_ROOT',
      severity: 'error',
      message: `The chain ends at "${last.subject.info.text}", a self-signed ${verdict.chain.length > 1 ? 'root' : 'certificate'} that is not in your trust store — a private root? Trust it to verify the server.`,
      positions: [position],
      root: { subject: last.subject.info.text, fingerprint256: last.fingerprint256, pem: lastLink.pem }
    }
  }
  if (!verdict.errors.some((e) => e.code === 'UNKNOWN_ISSUER')) return undefined
  const root = known.find((k) => isSelfSigned(k) && k.subject.key === last.issuer.key && checkSignature(last, k) === 'valid')
  if (root || isCA(last)) {
    const issuer = last.issuer.info.text
    return {
      code: 'PRIVATE_ROOT',
      severity: 'error',
      message:
        `Issued by a private root "${issuer}" that is not in your trust store — trust it? The chain as sent is complete (servers need not send the root); ` +
        (root ? 'that root is among your certificates.' : 'open the root’s certificate (or give it with --roots FILE) to trust it.'),
      positions: [position],
      root: root ? { subject: issuer, fingerprint256: root.fingerprint256, pem: encodePem(root.der, 'CERTIFICATE') } : { subject: issuer }
    }
  }
  const subject = last.subject.info.text
  return {
    code: 'MISSING_INTERMEDIATE',
    severity: 'error',
    message: verdict.missingIssuerUrls.length
      ? `The server does not send the intermediate certificate that issued "${subject}". Browsers may fetch it from ${verdict.missingIssuerUrls.join(', ')}; other clients fail.`
      : `The server does not send the intermediate certificate that issued "${subject}" ("${last.issuer.info.text}"), and the certificate names no place to fetch it from. If that issuer is a private root, open its certificate to trust it.`,
    positions: [position]
  }
}

/** Connects over TLS (without rejecting anything) and reports the chain as sent, findings and the verdict. */
export async function fetchServerChain(o: FetchServerChainOptions): Promise<ServerChainResult> {
  checkFetchOptions(o)
  const t0 = Date.now()
  const hs = await handshake(o)
  return analyseServerChain(hs, o, t0)
}

export function checkFetchOptions(o: FetchServerChainOptions): void {
  if (!Number.isInteger(o.port) || o.port < 1 || o.port > 65535) throw new WirebenchError('INVALID_INPUT', `Port ${o.port} is not between 1 and 65535.`)
  if (o.at !== undefined && Number.isNaN(new Date(o.at).getTime())) throw new WirebenchError('INVALID_INPUT', `"${String(o.at)}" is not a date.`)
}

/**
 * Everything after the handshake: reading the server's bytes, parsing its certificates and the user's roots, the
 * verdict. Pure CPU on untrusted input, so the app runs it in the parse worker (`t0`: Date.now() when the fetch started).
 */
export async function analyseServerChain(hs: Handshake, o: FetchServerChainOptions, t0: number): Promise<ServerChainResult> {
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
      severity: 'info',
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
  const { result: verdict, certs } = verifyParsedWithPath(verifyOptions)
  findings.push(...orderFindings(sent, verdict.chain.map((l) => l.fingerprint256)))
  const trust = trustFinding(verdict, sent, parseKnown(o.known))
  if (trust) findings.push(trust)
  const revocation = { mode: o.revocation ?? 'off', online: o.revocationOnline ?? true, timeoutMs: o.revocationTimeoutMs ?? 5_000, at: verifyOptions.at }
  const { stapled, staple } = await serverChainRevocation(verdict, certs, hs.ocspStaple, revocation)
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
    durationMs: Math.round(Date.now() - t0),
    stapled
  }
  if (staple) result.staple = staple
  if (hs.servername) result.sni = hs.servername
  return result
}
