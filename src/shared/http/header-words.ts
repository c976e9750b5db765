// One line of explanation and the defining section for the header fields people meet most, so the HTTP tab, the
// dissector and the CLI explain "what is this header" the same way. Field names are case-insensitive (RFC 9110 §5.1).

export type HeaderDirection = 'request' | 'response' | 'both'

export interface HeaderWord {
  /** The usual spelling. */
  name: string
  direction: HeaderDirection
  words: string
  /** Where it is defined: "RFC 9110 §7.2", "Fetch Standard §3.2.3". */
  rfc: string
}

type Row = [name: string, direction: HeaderDirection, rfc: string, words: string]

const FETCH_CORS = 'Fetch Standard §3.2.3'
// The preflight's request headers are defined with the HTTP requests, not the responses (Fetch §3.2.2).
const FETCH_CORS_REQUEST = 'Fetch Standard §3.2.2'

const ROWS: Row[] = [
  ['Host', 'request', 'RFC 9110 §7.2', 'The host (and port) the request is for, so one server on one address can serve many sites.'],
  ['Content-Type', 'both', 'RFC 9110 §8.3', 'The media type of the content (text/html; charset=utf-8), so the receiver knows how to read it.'],
  ['Content-Length', 'both', 'RFC 9110 §8.6', 'The size of the content in bytes; in HTTP/1.1 it also says where the body ends (RFC 9112 §6.3).'],
  ['Transfer-Encoding', 'both', 'RFC 9112 §6.1', 'Codings applied to the message for transfer; "chunked" sends the body in sized pieces with no length known up front.'],
  ['Connection', 'both', 'RFC 9110 §7.6.1', 'Options for this connection only ("close" ends it after this message; listed fields are hop-by-hop).'],
  ['Keep-Alive', 'both', 'RFC 2068 §19.7.1', 'Old HTTP/1.0 persistence parameters (timeout, max); not part of HTTP/1.1, where connections persist by default.'],
  ['Upgrade', 'both', 'RFC 9110 §7.8', 'Asks to switch this connection to another protocol (websocket, h2c); the server agrees with 101.'],
  ['Via', 'both', 'RFC 9110 §7.6.3', 'The proxies and gateways the message passed through.'],
  ['Max-Forwards', 'request', 'RFC 9110 §7.6.2', 'How many more proxies may forward a TRACE or OPTIONS request.'],
  ['Trailer', 'both', 'RFC 9110 §6.6.2', 'Names the fields that will be sent in the trailer section after a chunked body.'],
  ['TE', 'request', 'RFC 9110 §10.1.4', 'Transfer codings the client accepts in the response ("trailers" says it can read trailer fields).'],
  ['Date', 'both', 'RFC 9110 §6.6.1', 'When the message was generated, in IMF-fixdate form (GMT).'],
  ['Server', 'response', 'RFC 9110 §10.2.4', 'The software the origin server runs (often trimmed to hide versions).'],
  ['User-Agent', 'request', 'RFC 9110 §10.1.5', 'The client software that sent the request.'],
  ['Referer', 'request', 'RFC 9110 §10.1.3', 'The page the request came from (spelled "Referer" since 1996); Referrer-Policy limits it.'],
  ['From', 'request', 'RFC 9110 §10.1.2', 'An email address for the human or robot operator of the client.'],
  ['Expect', 'request', 'RFC 9110 §10.1.1', '"100-continue": the client waits for a 100 before sending a large body.'],
  ['Accept', 'request', 'RFC 9110 §12.5.1', 'The media types the client can use, with q-values for preference.'],
  ['Accept-Charset', 'request', 'RFC 9110 §12.5.2', 'The character encodings the client prefers (browsers no longer send it).'],
  ['Accept-Encoding', 'request', 'RFC 9110 §12.5.3', 'The content codings the client can decode (gzip, deflate, br, zstd).'],
  ['Accept-Language', 'request', 'RFC 9110 §12.5.4', 'The natural languages the client prefers, with q-values.'],
  ['Accept-Ranges', 'response', 'RFC 9110 §14.3', 'Whether the server supports range requests ("bytes") or not ("none").'],
  ['Vary', 'response', 'RFC 9110 §12.5.5', 'The request fields that chose this representation, so caches keep one copy per value.'],
  ['Content-Encoding', 'both', 'RFC 9110 §8.4', 'The codings applied to the content (gzip, br, zstd); decode them to get the media type.'],
  ['Content-Language', 'both', 'RFC 9110 §8.5', 'The natural language of the intended audience.'],
  ['Content-Location', 'both', 'RFC 9110 §8.7', 'A URI for the specific representation in this message.'],
  ['Content-Range', 'both', 'RFC 9110 §14.4', 'Which part of the whole representation a 206 carries, and the full length.'],
  ['Content-Disposition', 'response', 'RFC 6266 §4', 'Show inline or download as an attachment, with a suggested filename.'],
  ['Range', 'request', 'RFC 9110 §14.2', 'Asks for only part of the representation (bytes=0-1023).'],
  ['ETag', 'response', 'RFC 9110 §8.8.3', 'An opaque version tag of the representation (W/ marks a weak one), used by If-None-Match and If-Match.'],
  ['Last-Modified', 'response', 'RFC 9110 §8.8.2', 'When the origin believes the representation last changed; used by If-Modified-Since.'],
  ['If-Match', 'request', 'RFC 9110 §13.1.1', 'Act only if the current ETag matches (prevents lost updates).'],
  ['If-None-Match', 'request', 'RFC 9110 §13.1.2', 'Send the content only if the ETag changed; otherwise 304 Not Modified.'],
  ['If-Modified-Since', 'request', 'RFC 9110 §13.1.3', 'Send the content only if it changed after this date; otherwise 304.'],
  ['If-Unmodified-Since', 'request', 'RFC 9110 §13.1.4', 'Act only if the resource has not changed since this date; otherwise 412.'],
  ['If-Range', 'request', 'RFC 9110 §13.1.5', 'Send the requested range only if the representation is unchanged, else the whole thing.'],
  ['Cache-Control', 'both', 'RFC 9111 §5.2', 'Caching directives: max-age, no-cache (revalidate), no-store (never store), private, public; immutable (RFC 8246) says a fresh response will not change, so do not revalidate it.'],
  ['Age', 'response', 'RFC 9111 §5.1', 'Seconds since the response was generated or validated at the origin (set by caches).'],
  ['Expires', 'response', 'RFC 9111 §5.3', 'The date after which the response is stale; Cache-Control max-age wins when both are present.'],
  ['Pragma', 'both', 'RFC 9111 §5.4', 'Deprecated HTTP/1.0 caching field ("no-cache"); use Cache-Control.'],
  ['Location', 'response', 'RFC 9110 §10.2.2', 'Where a redirect (3xx) points, or the URI of a resource a 201 created.'],
  ['Retry-After', 'response', 'RFC 9110 §10.2.3', 'How long to wait (seconds or a date) before retrying after a 503, 429 or 3xx.'],
  ['Allow', 'response', 'RFC 9110 §10.2.1', 'The methods the resource supports (sent with 405).'],
  ['Set-Cookie', 'response', 'RFC 6265 §4.1', 'Stores a cookie in the client, with Expires/Max-Age (else a session cookie), Domain, Path, Secure, HttpOnly, SameSite.'],
  ['Cookie', 'request', 'RFC 6265 §4.2', 'The cookies the client stored for this site, as name=value pairs separated by "; ".'],
  ['Authorization', 'request', 'RFC 9110 §11.6.2', 'Credentials for the server: "Basic" (base64, not encryption), "Bearer" tokens, and others.'],
  ['WWW-Authenticate', 'response', 'RFC 9110 §11.6.1', 'Sent with 401: the authentication schemes and realm the server accepts.'],
  ['Authentication-Info', 'response', 'RFC 9110 §11.6.3', 'Extra information after a successful authentication (Digest uses it).'],
  ['Proxy-Authenticate', 'response', 'RFC 9110 §11.7.1', 'Sent with 407: how to authenticate to the proxy.'],
  ['Proxy-Authorization', 'request', 'RFC 9110 §11.7.2', 'Credentials for the proxy (not forwarded to the origin).'],
  ['Strict-Transport-Security', 'response', 'RFC 6797 §6.1', 'HSTS: use only HTTPS for this host for max-age seconds (includeSubDomains, preload).'],
  ['Content-Security-Policy', 'response', 'W3C CSP Level 3 §3.1', 'Limits where scripts, styles, frames and other resources may load from (XSS defence).'],
  ['X-Content-Type-Options', 'response', 'Fetch Standard §3.5', '"nosniff": the browser must trust Content-Type and not guess the type.'],
  ['X-Frame-Options', 'response', 'RFC 7034 §2', 'DENY or SAMEORIGIN: whether the page may be framed (clickjacking defence); CSP frame-ancestors replaces it.'],
  ['Referrer-Policy', 'response', 'W3C Referrer Policy §4.1', 'How much of the page address the browser sends as Referer.'],
  ['Alt-Svc', 'response', 'RFC 7838 §3', 'Another place (protocol, host, port) serving the same origin, e.g. h3=":443" to advertise HTTP/3.'],
  ['Server-Timing', 'response', 'W3C Server Timing §3', 'Metrics from the server (db;dur=53, cache;desc="hit") shown in timing waterfalls.'],
  ['Link', 'both', 'RFC 8288 §3', 'Typed links to other resources (rel=preload, rel=next), also sent in 103 Early Hints.'],
  ['Forwarded', 'request', 'RFC 7239 §4', 'The client address, host and protocol as seen by proxies on the way (standard form of X-Forwarded-*).'],
  ['X-Forwarded-For', 'request', 'de facto (no RFC)', 'The chain of client addresses as added by proxies; trust only the entries your own proxies added.'],
  ['Origin', 'request', 'RFC 6454 §7', 'The origin (scheme, host, port) that caused the request; CORS and CSRF checks read it.'],
  ['Access-Control-Allow-Origin', 'response', FETCH_CORS, 'CORS: which origin may read the response ("*" for any, but not with credentials).'],
  ['Access-Control-Allow-Credentials', 'response', FETCH_CORS, 'CORS: "true" lets the page read the response of a request made with cookies or auth.'],
  ['Access-Control-Allow-Methods', 'response', FETCH_CORS, 'CORS preflight answer: the methods allowed for the actual request.'],
  ['Access-Control-Allow-Headers', 'response', FETCH_CORS, 'CORS preflight answer: the request headers allowed for the actual request.'],
  ['Access-Control-Expose-Headers', 'response', FETCH_CORS, 'CORS: response headers beyond the safelisted ones that the page may read.'],
  ['Access-Control-Max-Age', 'response', FETCH_CORS, 'CORS: how many seconds the preflight answer may be cached.'],
  ['Access-Control-Request-Method', 'request', FETCH_CORS_REQUEST, 'CORS preflight: the method the actual request will use.'],
  ['Access-Control-Request-Headers', 'request', FETCH_CORS_REQUEST, 'CORS preflight: the headers the actual request will send.'],
  ['Sec-WebSocket-Key', 'request', 'RFC 6455 §11.3.1', 'A random nonce in the WebSocket upgrade request; the server proves it read it in Sec-WebSocket-Accept.'],
  ['Sec-WebSocket-Accept', 'response', 'RFC 6455 §11.3.3', 'base64(SHA-1(key + the fixed GUID)): proof the server understood the WebSocket upgrade.'],
  ['Sec-WebSocket-Version', 'both', 'RFC 6455 §11.3.5', 'The WebSocket protocol version; 13 is the only one in use.'],
  ['Sec-WebSocket-Protocol', 'both', 'RFC 6455 §11.3.4', 'Subprotocols offered by the client and the one the server picked.'],
  ['Sec-WebSocket-Extensions', 'both', 'RFC 6455 §11.3.2', 'WebSocket extensions such as permessage-deflate.'],
  ['Priority', 'request', 'RFC 9218 §5', 'Urgency (u=0..7) and incremental (i) hints for the order the server sends responses.'],
  ['Prefer', 'request', 'RFC 7240 §2', 'Optional preferences for how the server handles the request (return=minimal, respond-async).'],
  ['Early-Data', 'request', 'RFC 8470 §5.1', '"1": a proxy forwarded this request from TLS 0-RTT early data, which could be replayed.']
]

export const HEADER_WORDS: readonly HeaderWord[] = ROWS.map(([name, direction, rfc, words]) => ({ name, direction, rfc, words }))

const BY_NAME = new Map(HEADER_WORDS.map((h) => [h.name.toLowerCase(), h]))

/** The explanation for a field name, matched case-insensitively, or undefined for a field not in the table. */
export function headerWords(name: string): HeaderWord | undefined {
  return BY_NAME.get(name.trim().toLowerCase())
}
