// Revocation of a live server's chain, starting from what the server stapled in its handshake (RFC 6066 §8; TLS 1.3
// carries it in the leaf's CertificateEntry, RFC 8446 §4.4.2.1). A staple is an ordinary OCSP response, so it is
// judged as one (RFC 6960 §3.2: for this certificate, signed by its CA or a delegated responder, fresh); the rest
// of the path is checked as x509.verify checks it. Runs in the x509 worker with the chain's analysis.
import type { ParsedCertificate } from './certificate'
import { checkRevocation } from './revocation/check'
import { ocspEvidence } from './revocation/ocsp'
import type { RevocationEvidence, RevocationMode, VerifyResult } from './types'

export interface ServerChainRevocationOptions {
  mode: RevocationMode
  /** Ask OCSP responders and fetch CRL distribution points besides the staple. */
  online: boolean
  timeoutMs: number
  /** The time the statuses must hold at (ms since the epoch). */
  at: number
}

export interface StapleOutcome {
  stapled: boolean
  staple?: RevocationEvidence
}

/**
 * Writes each link's revocation into `verdict` (REVOKED makes it invalid; unknown is a warning under soft-fail, an
 * error under hard-fail) when the path reaches a trust anchor and revocation is on, and says what the staple said
 * either way: a staple is worth showing even when the chain is not trusted, as long as its issuer is at hand.
 */
export async function serverChainRevocation(
  verdict: VerifyResult,
  certs: ParsedCertificate[],
  staple: Uint8Array | undefined,
  o: ServerChainRevocationOptions
): Promise<StapleOutcome> {
  const stapled = staple !== undefined && staple.length > 0
  const complete = verdict.chain[verdict.chain.length - 1]?.trustAnchor === true
  if (o.mode !== 'off' && complete) {
    await checkRevocation(verdict, certs, { mode: o.mode, online: o.online, timeoutMs: o.timeoutMs, crls: [], at: o.at, ...(stapled ? { staple } : {}) })
    const judged = verdict.chain[0]?.revocation?.evidence.find((e) => e.source === 'ocsp-staple')
    if (judged || !stapled) return judged ? { stapled, staple: judged } : { stapled }
    // a leaf that is itself trusted is not checked, yet what its staple says is still shown
  } else {
    verdict.revocationMode = o.mode
  }
  if (!stapled) return { stapled }
  const [leaf, issuer] = certs
  if (!leaf || !issuer) {
    return {
      stapled,
      staple: {
        source: 'ocsp-staple',
        status: 'error',
        code: 'NO_ISSUER',
        message: 'The server stapled an OCSP response, but the certificate that issued the leaf is not at hand, so its signature cannot be checked (RFC 6960 §4.2.2.2).'
      }
    }
  }
  return { stapled, staple: ocspEvidence(staple, { cert: leaf, issuer, at: o.at, source: 'ocsp-staple' }) }
}
