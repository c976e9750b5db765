// Why a TLS server's client failed its handshake, in words a user can act on, and the server's list of such
// failures (peer, time, reason): Node only says "socket hang up" when it drops a client whose certificate failed.
import type tls from 'node:tls'
import type { HandshakeFailure } from '../../shared/contract'

/** Failed handshakes a server keeps to show; older ones are counted in stats.tlsFailures only. */
export const FAILED_HANDSHAKES_KEPT = 100

// OpenSSL's verification codes for a client certificate, as what went wrong with it.
const CLIENT_CERT_WORDS: Record<string, string> = {
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'client certificate not signed by the trusted CA (unable to get local issuer certificate) — did the client send its intermediate?',
  UNABLE_TO_GET_ISSUER_CERT: 'client certificate not signed by the trusted CA (unable to get issuer certificate) — did the client send its intermediate?',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'client certificate not signed by the trusted CA (unable to verify the first certificate) — did the client send its intermediate?',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'client certificate is self-signed and not the trusted CA',
  SELF_SIGNED_CERT_IN_CHAIN: 'client certificate chains to a root other than the trusted CA',
  CERT_HAS_EXPIRED: 'client certificate has expired',
  CERT_NOT_YET_VALID: 'client certificate is not valid yet (check the clocks)',
  CERT_SIGNATURE_FAILURE: 'client certificate signature does not verify',
  INVALID_PURPOSE: 'client certificate is not for client authentication (extended key usage)'
}

/** The reason a handshake failed, from Node's error and the socket's verification result. */
export function handshakeFailureReason(err: (Error & { code?: string }) | null, socket: tls.TLSSocket | null, handshakeTimeoutMs: number): { reason: string; code: string | null } {
  const verifyCode = socket?.authorizationError ? String(socket.authorizationError) : null
  if (verifyCode) return { reason: CLIENT_CERT_WORDS[verifyCode] ?? `client certificate rejected (${verifyCode})`, code: verifyCode }
  const code = err?.code ?? null
  const raw = err?.message ?? ''
  const alert = /(?:tlsv1\d?|sslv3) alert ([a-z ]+)/i.exec(raw)?.[1]?.trim()
  const says = (reason: string) => ({ reason, code })
  if (code === 'ERR_SSL_PEER_DID_NOT_RETURN_A_CERTIFICATE') return says('client sent no certificate')
  if (code === 'ERR_SSL_NO_SHARED_CIPHER') return says('no shared cipher')
  if (code === 'ERR_SSL_HTTP_REQUEST') return says('client spoke plain text (an HTTP request to a TLS port: http:// instead of https://?)')
  if (code === 'ERR_SSL_WRONG_VERSION_NUMBER' || code === 'ERR_SSL_PACKET_LENGTH_TOO_LONG' || code === 'ERR_SSL_UNEXPECTED_RECORD') {
    return says('client spoke plain text, not TLS')
  }
  if (code === 'ERR_SSL_UNSUPPORTED_PROTOCOL' || code === 'ERR_SSL_NO_PROTOCOLS_AVAILABLE') return says('no shared TLS version')
  if (code === 'ERR_TLS_HANDSHAKE_TIMEOUT') return says(`handshake not finished within ${handshakeTimeoutMs} ms`)
  if (alert && /unknown ca|bad certificate|certificate unknown|unsupported certificate|certificate expired/i.test(alert)) {
    return says(`the client rejected our certificate (alert: ${alert})`)
  }
  if (alert) return says(`the client ended the handshake (alert: ${alert})`)
  if (code === 'ECONNRESET' || /socket hang up/i.test(raw)) return says('client closed the connection during the handshake')
  if (err) return says(`handshake failed: ${raw.replace(/^[0-9A-F]+:error:[0-9A-F]+:SSL routines:[a-z_0-9]+:/i, '').replace(/:\.\.\/.*$/, '')}`)
  return says('client closed the connection before finishing the handshake')
}

/** The newest first, capped. */
export function keepFailure(list: HandshakeFailure[], failure: HandshakeFailure): void {
  list.unshift(failure)
  if (list.length > FAILED_HANDSHAKES_KEPT) list.pop()
}
