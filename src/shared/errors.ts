// Errors cross the contract as values with stable codes; the words for each code live here so the UI and the CLI
// explain the same failure the same way.

export interface WireError {
  code: string
  message: string
  detail?: string
}

/** Stable codes and what they mean, in words a user can act on. */
export const ERROR_EXPLANATIONS: Record<string, string> = {
  ECONNREFUSED: 'Connection refused: nothing is listening on that address and port (or a firewall rejected it).',
  ENOTFOUND: 'Host not found: the name does not resolve to any address (check the spelling and your DNS).',
  EAI_AGAIN: 'Name lookup failed temporarily: the DNS resolver did not answer. Try again or check your resolver.',
  ETIMEDOUT: 'Timed out: no answer arrived in time. The host may be down, or a firewall silently drops the packets.',
  EHOSTUNREACH: 'Host unreachable: there is no route to that address from this machine.',
  ENETUNREACH: 'Network unreachable: this machine has no route to that network (no IPv6 connectivity, for example).',
  ECONNRESET: 'Connection reset: the peer closed the connection abruptly (sent a TCP RST).',
  EPIPE: 'Broken pipe: the peer has already closed the connection, so the data could not be sent.',
  EADDRINUSE: 'Address in use: another program (or another Wirebench server) is already listening on that port.',
  EADDRNOTAVAIL: 'Address not available: that IP address does not belong to any interface on this machine.',
  EACCES: 'Permission denied: ports below 1024 need administrator rights on most systems. Pick a port from 1024 up, or 0 to let the OS choose.',
  EPERM: 'Operation not permitted by the operating system.',
  EMSGSIZE: 'Message too long: the datagram is larger than the network can carry in one packet.',
  INVALID_INPUT: 'The request was not valid.',
  INVALID_HEX: 'The hex text is not valid.',
  INVALID_ADDRESS: 'That is not a valid IP address or network.',
  INVALID_PEM: 'The PEM text is not what was expected.',
  INVALID_CERTIFICATE: 'That is not a usable certificate.',
  INVALID_KEY: 'That is not a usable private key, or it does not match the certificate.',
  UNKNOWN_METHOD: 'The app asked for something this version does not provide.',
  NOT_FOUND: 'That connection or server no longer exists.',
  NOT_CONNECTED: 'The connection is closed.',
  TOO_LARGE: 'Too large: the data is over the size limit.',
  LINE_TOO_LONG: 'The line is longer than the server allows.',
  TLS_HANDSHAKE_FAILED: 'The TLS handshake failed.',
  CERT_UNTRUSTED: 'The server certificate is not trusted: it does not chain to a trusted root (or to the CA you supplied).',
  CERT_SELF_SIGNED: 'The server certificate is self-signed and not in the trusted set. Supply it as an extra CA, or turn verification off knowingly.',
  CERT_EXPIRED: 'The server certificate has expired.',
  CERT_NOT_YET_VALID: 'The server certificate is not valid yet (check the clock).',
  HOSTNAME_MISMATCH: 'The certificate is not for this host name: the name is not among its Subject Alternative Names.',
  CLIENT_CERT_REQUIRED: 'The server requires a client certificate (mTLS) and rejected the connection without a valid one.',
  INVALID_DER: 'The DER encoding is damaged or truncated.',
  INVALID_CSR: 'That is not a usable certificate signing request (PKCS#10).',
  INVALID_CRL: 'That is not a usable certificate revocation list.',
  UNSUPPORTED_FORMAT: 'That is not a certificate, key, CSR, CRL, PKCS#7 or PKCS#12 file.',
  WRONG_PASSWORD: 'The password is wrong: the file could not be decrypted with it.',
  PASSWORD_REQUIRED: 'The file is protected by a password: give it to open the contents.',
  HTTP_ERROR: 'The HTTP request failed.',
  UNKNOWN_ISSUER: 'The issuer is neither among the certificates given nor a trusted root (a missing intermediate?).',
  SELF_SIGNED_UNTRUSTED: 'The certificate is self-signed and not among the trusted roots.',
  PATHLEN_EXCEEDED: 'A CA’s path length constraint allows fewer CAs below it than this chain has.',
  NAME_CONSTRAINT_VIOLATION: 'A name in the certificate is outside what an issuing CA is permitted to certify.',
  NOT_A_CA: 'An issuer in the chain is not a CA (basic constraints CA:FALSE or missing).',
  MISSING_KEY_CERT_SIGN: 'An issuer in the chain lacks the keyCertSign key usage.',
  WRONG_EKU: 'The extended key usage does not allow this purpose (TLS server or client).',
  BAD_SIGNATURE: 'A signature in the chain does not verify: the certificate was altered or the issuer is wrong.',
  IP_MISMATCH: 'The certificate is not for this IP address: it is not among its IP Subject Alternative Names.',
  UNKNOWN_CRITICAL_EXTENSION: 'The certificate has a critical extension this validator does not understand, so it must be rejected.',
  INTERNAL: 'Something went wrong inside Wirebench.'
}

export function explain(code: string): string {
  return ERROR_EXPLANATIONS[code] ?? `Error ${code}.`
}

/** An error an engine throws on purpose; the router turns it into a WireError value. */
export class WirebenchError extends Error {
  readonly code: string
  readonly detail?: string
  constructor(code: string, message?: string, detail?: string) {
    super(message ?? explain(code))
    this.name = 'WirebenchError'
    this.code = code
    if (detail !== undefined) this.detail = detail
  }
}

// OpenSSL/Node verification codes → our stable certificate codes.
const TLS_CODE_MAP: Record<string, string> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: 'CERT_SELF_SIGNED',
  SELF_SIGNED_CERT_IN_CHAIN: 'CERT_UNTRUSTED',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'CERT_UNTRUSTED',
  UNABLE_TO_GET_ISSUER_CERT: 'CERT_UNTRUSTED',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'CERT_UNTRUSTED',
  CERT_HAS_EXPIRED: 'CERT_EXPIRED',
  CERT_NOT_YET_VALID: 'CERT_NOT_YET_VALID',
  ERR_TLS_CERT_ALTNAME_INVALID: 'HOSTNAME_MISMATCH'
}

function errorCodeOf(err: unknown): string | undefined {
  if (typeof err === 'object' && err !== null && 'code' in err) {
    const code = (err as { code: unknown }).code
    if (typeof code === 'string') return code
  }
  return undefined
}

/** Turns anything thrown into a WireError: a stable code, a sentence, and the raw text as detail. */
export function toWireError(err: unknown): WireError {
  if (err instanceof WirebenchError) {
    return err.detail === undefined
      ? { code: err.code, message: err.message }
      : { code: err.code, message: err.message, detail: err.detail }
  }
  const raw = err instanceof Error ? err.message : String(err)
  const code = errorCodeOf(err)
  if (code !== undefined) {
    const mapped = TLS_CODE_MAP[code]
    if (mapped) return { code: mapped, message: explain(mapped), detail: raw }
    if (code in ERROR_EXPLANATIONS) return { code, message: explain(code), detail: raw }
    if (/alert certificate required|alert handshake failure|alert bad certificate/i.test(raw)) {
      return { code: 'CLIENT_CERT_REQUIRED', message: explain('CLIENT_CERT_REQUIRED'), detail: raw }
    }
    if (code.startsWith('ERR_SSL') || code.startsWith('ERR_TLS')) {
      return { code: 'TLS_HANDSHAKE_FAILED', message: explain('TLS_HANDSHAKE_FAILED'), detail: raw }
    }
    return { code, message: raw }
  }
  return { code: 'INTERNAL', message: explain('INTERNAL'), detail: raw }
}

export function formatWireError(e: WireError): string {
  return e.detail && e.detail !== e.message ? `${e.code}: ${e.message} (${e.detail})` : `${e.code}: ${e.message}`
}
