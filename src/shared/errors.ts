// Errors cross the contract as values with stable codes; every code is declared here once, with the words a user can
// act on and its kind (the user's input was wrong, or the operation failed), so the UI and the CLI explain the same
// failure the same way and the CLI's exit code follows the kind.

/** 'input': the request, a file or a flag was wrong (CLI exit 2). 'failure': the operation failed (CLI exit 1). */
export type ErrorKind = 'input' | 'failure'

const input = (words: string) => ({ kind: 'input', words }) as const
const failure = (words: string) => ({ kind: 'failure', words }) as const

/** Every error code Wirebench produces. Adding a code is one line here; the compiler then accepts it everywhere. */
export const ERROR_CODES = {
  // The operating system's network and file codes, kept as they are because people search for them.
  ECONNREFUSED: failure('Connection refused: nothing is listening on that address and port (or a firewall rejected it).'),
  ENOTFOUND: failure('Host not found: the name does not resolve to any address (check the spelling and your DNS).'),
  EAI_AGAIN: failure('Name lookup failed temporarily: the DNS resolver did not answer. Try again or check your resolver.'),
  ETIMEDOUT: failure('Timed out: no answer arrived in time. The host may be down, or a firewall silently drops the packets.'),
  EHOSTUNREACH: failure('Host unreachable: there is no route to that address from this machine.'),
  ENETUNREACH: failure('Network unreachable: this machine has no route to that network (no IPv6 connectivity, for example).'),
  ECONNRESET: failure('Connection reset: the peer closed the connection abruptly (sent a TCP RST).'),
  ECONNABORTED: failure('Connection aborted: the connection was closed before it could be used.'),
  EPIPE: failure('Broken pipe: the peer has already closed the connection, so the data could not be sent.'),
  EADDRINUSE: failure('Address in use: another program (or another Wirebench server) is already listening on that port.'),
  EADDRNOTAVAIL: failure('Address not available: that IP address does not belong to any interface on this machine.'),
  EACCES: failure('Permission denied: ports below 1024 need administrator rights on most systems, and files need read or write permission. Pick a port from 1024 up, or 0 to let the OS choose.'),
  EPERM: failure('Operation not permitted by the operating system.'),
  EMSGSIZE: failure('Message too long: the datagram is larger than the network can carry in one packet.'),
  ENOENT: input('No such file or directory.'),
  EEXIST: input('That file already exists; Wirebench does not overwrite files.'),
  FILE_EXISTS: input('That file already exists; Wirebench does not overwrite files.'),
  ELOOP: input('That path is a symbolic link; Wirebench does not write through links.'),
  EISDIR: input('That path is a directory, not a file.'),
  ENOSPC: failure('The disk is full.'),
  SYSTEM_ERROR: failure('The operating system reported an error (its code is in the detail).'),
  // Requests and the contract.
  INVALID_INPUT: input('The request was not valid.'),
  UNKNOWN_METHOD: input('The app asked for something this version does not provide.'),
  FORBIDDEN: input('Calls are accepted only from the Wirebench window.'),
  DISCONNECTED: failure('Lost the connection to Wirebench (the app or `npm start` stopped).'),
  NOT_FOUND: input('That connection, server, key or job no longer exists.'),
  CANCELLED: failure('Cancelled: the operation was stopped before it finished.'),
  TIMEOUT: failure('Timed out: the operation took longer than its time limit and was stopped.'),
  CONNECT_TIMEOUT: failure('Timed out connecting: no TCP connection was established in time. The host may be down, or a firewall silently drops the packets.'),
  HANDSHAKE_TIMEOUT: failure('Timed out in the TLS handshake: the server accepted the connection but did not complete the handshake in time.'),
  BUDGET_EXCEEDED: input('The input needs more time or memory than Wirebench allows for one file, so it was stopped.'),
  TOO_LARGE: input('Too large: the data is over the size limit.'),
  BUSY: failure('Too much at once: wait for running calls or jobs to finish, then try again.'),
  READ_FAILED: input('The file could not be read.'),
  // Bytes and text.
  INVALID_HEX: input('The hex text is not valid.'),
  INVALID_ADDRESS: input('That is not a valid IP address or network.'),
  // Connections.
  NOT_CONNECTED: failure('The connection is closed.'),
  LINE_TOO_LONG: failure('The line is longer than the server allows.'),
  TLS_HANDSHAKE_FAILED: failure('The TLS handshake failed.'),
  CLIENT_CERT_REQUIRED: failure('The server requires a client certificate (mTLS) and rejected the connection without a valid one.'),
  HTTP_ERROR: failure('The HTTP request failed.'),
  NO_CERTIFICATE: failure('The answer held no certificate.'),
  // Certificates: files.
  INVALID_PEM: input('The PEM text is not what was expected.'),
  INVALID_CERTIFICATE: input('That is not a usable certificate.'),
  INVALID_KEY: input('That is not a usable private key, or it does not match the certificate.'),
  INVALID_DER: input('The DER encoding is damaged or truncated.'),
  INVALID_CSR: input('That is not a usable certificate signing request (PKCS#10).'),
  INVALID_CRL: input('That is not a usable certificate revocation list.'),
  UNSUPPORTED_FORMAT: input('That is not a certificate, key, CSR, CRL, PKCS#7 or PKCS#12 file.'),
  WRONG_PASSWORD: input('The password is wrong: the file could not be decrypted with it.'),
  PASSWORD_REQUIRED: input('The file is protected by a password: give it to open the contents.'),
  DECRYPT_FAILED: input('Decryption failed: the password is wrong or the data is damaged.'),
  // Certificates: verification (RFC 5280, RFC 6125).
  CERT_UNTRUSTED: failure('The server certificate is not trusted: it does not chain to a trusted root (or to the CA you supplied).'),
  CERT_SELF_SIGNED: failure('The server certificate is self-signed and not in the trusted set. Supply it as an extra CA, or turn verification off knowingly.'),
  CERT_EXPIRED: failure('The server certificate has expired.'),
  CERT_NOT_YET_VALID: failure('The server certificate is not valid yet (check the clock).'),
  HOSTNAME_MISMATCH: failure('The certificate is not for this host name: the name is not among its Subject Alternative Names.'),
  UNKNOWN_ISSUER: failure('The issuer is neither among the certificates given nor a trusted root (a missing intermediate?).'),
  SELF_SIGNED_UNTRUSTED: failure('The certificate is self-signed and not among the trusted roots.'),
  PATHLEN_EXCEEDED: failure('A CA’s path length constraint allows fewer CAs below it than this chain has.'),
  NAME_CONSTRAINT_VIOLATION: failure('A name in the certificate is outside what an issuing CA is permitted to certify.'),
  NOT_A_CA: failure('An issuer in the chain is not a CA (basic constraints CA:FALSE or missing).'),
  MISSING_KEY_CERT_SIGN: failure('An issuer in the chain lacks the keyCertSign key usage.'),
  WRONG_EKU: failure('The extended key usage does not allow this purpose (TLS server or client).'),
  BAD_SIGNATURE: failure('A signature in the chain does not verify: the certificate was altered or the issuer is wrong.'),
  IP_MISMATCH: failure('The certificate is not for this IP address: it is not among its IP Subject Alternative Names.'),
  INVALID_EXTENSION: input('A certificate extension is malformed or breaks its RFC 5280 rules (for example empty or unusable name constraints), so it cannot be processed.'),
  POLICY_REQUIRED: failure('A certificate in the path requires an explicit certificate policy (requireExplicitPolicy), but no policy is valid for the whole path (RFC 5280 §4.2.1.11, §6.1.3 (f), §6.1.5 (g)).'),
  POLICY_TREE_TOO_LARGE: failure('The certificate policies and policy mappings of the path would make a policy tree larger than Wirebench builds, so the path is refused (RFC 9618 §1).'),
  UNKNOWN_CRITICAL_EXTENSION: failure('The certificate has a critical extension this validator does not understand, so it must be rejected.'),
  // DNS (RFC 1035, RFC 7858, RFC 8484, RFC 4035).
  DNS_BAD_NAME: input('That is not a domain name DNS can carry: at most 253 characters, labels of 1 to 63 octets (RFC 1035 §2.3.4).'),
  DNS_BAD_TYPE: input('That is not a DNS record type: use a mnemonic such as A, AAAA, MX, HTTPS, or TYPE followed by its number.'),
  DNS_BAD_RESOLVER: input('That is not a resolver: give an IP address with an optional port (127.0.0.1:5353, [::1]:53), tls://host, or an https:// DoH URL.'),
  DNS_BAD_ANCHOR: input('The trust anchor is not usable: give DS or DNSKEY records in zone-file form.'),
  DNS_BAD_ROOT_HINTS: input('The root hints hold no usable server: give NS records with A or AAAA glue, as in named.root.'),
  DNS_MALFORMED: failure('The DNS answer is malformed: it could not be read (its offset says where).'),
  DNS_ID_MISMATCH: failure('The answer carried a different message ID than the query (RFC 5452 §4.3): it was ignored as possibly spoofed.'),
  DNS_QUESTION_MISMATCH: failure('The answer is for a different question than the one asked, so it was ignored (RFC 5452 §4.2).'),
  DNS_NO_ANSWER: failure('No DNS server answered in time: every try timed out.'),
  DNS_NXDOMAIN: failure('The name does not exist: the DNS answered NXDOMAIN (RCODE 3, RFC 1035 §4.1.1, RFC 8020).'),
  DNS_HTTP_STATUS: failure('The DNS over HTTPS server answered with an HTTP error instead of a DNS message (RFC 8484 §4.2.1).'),
  DNS_TRACE_FAILED: failure('The trace could not finish: no server of a zone on the way answered usefully.'),
  // HTTP
  HPACK_COMPRESSION_ERROR: failure('The HPACK header block could not be decoded, a COMPRESSION_ERROR that ends the connection (RFC 7541 §2.3.2, RFC 9113 §4.3): the header table can no longer be trusted.'),
  H2_FRAME_ERROR: input('That HTTP/2 frame cannot be written: a field is out of range (RFC 9113 §4.1, §6).'),
  JWT_MALFORMED: input('That is not a JWT: a compact JWS has three base64url parts separated by dots, a JWE five (RFC 7515 §7.1, RFC 7516 §7.1).'),
  JWT_BAD_KEY: input('The key cannot be used for this token: give a secret for HS*, a PEM public key or certificate for RS*/PS*/ES*/EdDSA, or a JWKS (RFC 7517 §5).'),
  JWT_BAD_ALGORITHM: input('That JWS algorithm is not supported here: use HS256/384/512, RS256/384/512, PS256/384/512, ES256/384/512 or EdDSA (RFC 7518 §3.1, RFC 8037).'),
  HTTP_HEADER_TOO_LARGE: failure('The HTTP header section is larger than Wirebench reads (or has too many fields), so reading stopped (RFC 9112 §2.3).'),
  HTTP_BODY_TOO_LARGE: failure('The HTTP body is larger than the limit for holding it in memory, so it was not decoded whole.'),
  HTTP_BAD_FRAMING: failure('The HTTP message cannot be framed: its chunk sizes or Content-Length cannot be read, so where it ends is unknown (RFC 9112 §6.3).'),
  HTTP_BAD_CONTENT_CODING: failure('The HTTP body could not be decoded: its compressed stream (gzip, deflate, br or zstd) is corrupt or cut short (RFC 9110 §8.4.1).'),
  HTTP_NO_RESPONSE: failure('The server closed the connection without a complete HTTP response head (RFC 9112 §4).'),
  WS_BAD_URL: input('That is not a WebSocket URL: write ws://host[:port]/path or wss://host[:port]/path (RFC 6455 §3).'),
  WS_UPGRADE_FAILED: failure('The server did not accept the WebSocket upgrade: it must answer 101 Switching Protocols with Upgrade, Connection and the right Sec-WebSocket-Accept (RFC 6455 §4.1).'),
  WS_PROTOCOL_ERROR: failure('The peer broke the WebSocket framing rules, so the connection was failed (RFC 6455 §5.2, §7.1.7).'),
  WS_MESSAGE_TOO_LARGE: failure('A WebSocket message is larger than Wirebench holds, so the connection was closed with 1009 (RFC 6455 §7.4.1).'),
  WS_BAD_FRAME: input('That WebSocket frame cannot be sent: control frames carry at most 125 bytes and a close reason at most 123 (RFC 6455 §5.5).'),
  WS_NOT_OPEN: input('That WebSocket is not open here: it was closed, or the id is unknown.'),
  H2_CONNECTION_ERROR: failure('The HTTP/2 stream or connection ended in an error (RST_STREAM, GOAWAY or a protocol violation) before the response was complete (RFC 9113 §5.4, §7).'),
  HTTP_CURL_SYNTAX: input('The curl command line could not be read: a quote is not closed or an escape is cut short (POSIX shell quoting rules).'),
  CAPTURE_UNAVAILABLE: failure('Packets cannot be captured here: tcpdump is missing, not permitted (capturing needs root or CAP_NET_RAW), or failed to start.'),
  INTERNAL: failure('Something went wrong inside Wirebench.')
} as const satisfies Record<string, { kind: ErrorKind; words: string }>

export type ErrorCode = keyof typeof ERROR_CODES

export interface WireError {
  code: ErrorCode
  message: string
  detail?: string
}

export function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && Object.prototype.hasOwnProperty.call(ERROR_CODES, code)
}

/** The words for a code, for a UI or CLI line. */
export function explain(code: ErrorCode): string {
  return ERROR_CODES[code].words
}

export function errorKind(code: ErrorCode): ErrorKind {
  return isErrorCode(code) ? ERROR_CODES[code].kind : 'failure'
}

/** An error an engine throws on purpose; the router turns it into a WireError value. */
export class WirebenchError extends Error {
  readonly code: ErrorCode
  readonly detail?: string
  constructor(code: ErrorCode, message?: string, detail?: string) {
    super(message ?? explain(code))
    this.name = 'WirebenchError'
    this.code = code
    if (detail !== undefined) this.detail = detail
  }
}

// OpenSSL/Node verification codes → our stable certificate codes.
const TLS_CODE_MAP: Record<string, ErrorCode> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: 'CERT_SELF_SIGNED',
  SELF_SIGNED_CERT_IN_CHAIN: 'CERT_UNTRUSTED',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'CERT_UNTRUSTED',
  UNABLE_TO_GET_ISSUER_CERT: 'CERT_UNTRUSTED',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'CERT_UNTRUSTED',
  CERT_HAS_EXPIRED: 'CERT_EXPIRED',
  CERT_NOT_YET_VALID: 'CERT_NOT_YET_VALID',
  ERR_TLS_CERT_ALTNAME_INVALID: 'HOSTNAME_MISMATCH',
  ABORT_ERR: 'CANCELLED'
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
    if (isErrorCode(code)) return { code, message: explain(code), detail: raw }
    if (/alert certificate required|alert handshake failure|alert bad certificate/i.test(raw)) {
      return { code: 'CLIENT_CERT_REQUIRED', message: explain('CLIENT_CERT_REQUIRED'), detail: raw }
    }
    if (code.startsWith('ERR_SSL') || code.startsWith('ERR_TLS')) {
      return { code: 'TLS_HANDSHAKE_FAILED', message: explain('TLS_HANDSHAKE_FAILED'), detail: raw }
    }
    // A code we have no words for yet: keep it visible in the detail rather than invent a code. E-codes come from
    // the OS (errno); anything else (ERR_*, MODULE_NOT_FOUND) is Node telling us our own code went wrong.
    const detail = raw.includes(code) ? raw : `${code}: ${raw}`
    if (/^E[A-Z0-9]+$/.test(code)) return { code: 'SYSTEM_ERROR', message: explain('SYSTEM_ERROR'), detail }
    return { code: 'INTERNAL', message: explain('INTERNAL'), detail }
  }
  if (err instanceof Error && err.name === 'AbortError') return { code: 'CANCELLED', message: explain('CANCELLED') }
  return { code: 'INTERNAL', message: explain('INTERNAL'), detail: raw }
}

export function formatWireError(e: WireError): string {
  return e.detail && e.detail !== e.message ? `${e.code}: ${e.message} (${e.detail})` : `${e.code}: ${e.message}`
}
