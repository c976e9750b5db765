// The certificate part of a scan: the chain as the server sent it, judged by the Certificates engine (RFC 5280 §6
// path validation, RFC 9525 host matching), summed up as the scan's ScanCertificate. When the server speaks only
// TLS 1.3 the Certificate message is encrypted (RFC 8446 §4.4.2), so one real handshake through the shared
// connector fetches the chain — and with it the OCSP staple and whether a ticket comes (said so in the evidence).
import type { ScanCertificate, ScanEvidence } from '../../../shared/tls/scan-model'
import { inspectInWorker, verifyInWorker } from '../../x509'
import { connect } from '../connect'

/** The chain judged in the x509 worker (the server's bytes are untrusted input: never parsed on main's loop). */
export async function summarizeCertificate(chain: Uint8Array[], checkName: string, rootsPem: string[] | undefined, now = Date.now()): Promise<ScanCertificate | null> {
  const leaf = chain[0]
  if (!leaf) return null
  try {
    const [inspection, verdict] = await Promise.all([
      inspectInWorker(leaf, { now }),
      // the scan grades the chain as sent; revocation is the Certificates tab's own check, not the grade's
      verifyInWorker({ leaf, intermediates: chain.slice(1), roots: rootsPem ?? [], host: checkName, at: now, purpose: 'server', revocation: { mode: 'off', online: false, timeoutMs: 1000, crls: [] } })
    ])
    const info = inspection.certificate
    const key = info.publicKey
    return {
      subject: info.subject.text,
      issuer: info.issuer.text,
      valid: verdict.valid,
      errors: verdict.errors.map((e) => ({ code: e.code, message: e.message })),
      keyAlgorithm: key.curve ? `${key.algorithm} ${key.curve}` : key.algorithm,
      keyBits: key.bits ?? 0,
      signatureAlgorithm: info.signatureAlgorithm.name,
      notBefore: info.validity.notBefore,
      notAfter: info.validity.notAfter,
      daysLeft: info.validity.daysUntilExpiry,
      hostMatch: !verdict.errors.some((e) => e.code === 'HOSTNAME_MISMATCH' || e.code === 'IP_MISMATCH'),
      chainLength: chain.length,
      fingerprint256: info.fingerprintSha256
    }
  } catch {
    return null
  }
}

export interface Tls13Handshake {
  chain: Uint8Array[]
  ocspStaple: boolean
  ticket: boolean
  /** The protocol ALPN chose (TLS 1.3 sends it in the encrypted EncryptedExtensions, RFC 8446 §4.3.1). */
  alpn: string | null
  evidence: ScanEvidence
}

/** A full TLS 1.3 handshake with the local TLS library, for what TLS 1.3 encrypts; null when it fails. */
export async function tls13Handshake(address: string, port: number, sni: string | undefined, timeoutMs: number, signal?: AbortSignal, alpn?: string[]): Promise<Tls13Handshake | null> {
  try {
    const conn = await connect({
      host: address,
      port,
      tls: { servername: sni ?? '', verify: false, requestOcsp: true, minVersion: 'TLSv1.3', maxVersion: 'TLSv1.3', ...(alpn ? { alpn } : {}) },
      connectTimeoutMs: timeoutMs,
      handshakeTimeoutMs: timeoutMs,
      signal
    })
    try {
      // a TLS 1.3 ticket comes after the handshake (RFC 8446 §4.6.1)
      const session = conn.tlsSession ? await conn.tlsSession(Math.min(300, timeoutMs)) : null
      const chain = (conn.tls?.peerChain ?? []).map((d) => new Uint8Array(d))
      const ocspStaple = conn.ocspStaple !== undefined && conn.ocspStaple !== null && conn.ocspStaple.length > 0
      return {
        chain,
        ocspStaple,
        ticket: session !== null,
        alpn: conn.tls?.alpn ?? null,
        evidence: {
          probe: 'TLS 1.3 handshake (local TLS library)',
          offered: 'a complete TLS 1.3 handshake with status_request, because TLS 1.3 encrypts the Certificate and CertificateStatus (RFC 8446 §4.4.2.1)',
          answer: `${chain.length} certificates, ${ocspStaple ? 'an OCSP staple' : 'no OCSP staple'}, ${session ? 'a session ticket' : 'no session ticket'}${alpn ? `, ALPN ${conn.tls?.alpn ?? 'none'} (offered ${alpn.join(', ')})` : ''}`
        }
      }
    } finally {
      conn.socket.destroy()
    }
  } catch {
    return null
  }
}
