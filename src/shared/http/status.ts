// HTTP status codes in words, so a response's status is explained the same way everywhere and correctly: the names
// and sections come from RFC 9110 §15 (301 Moved Permanently, 302 Found, 501 Not Implemented) and the RFCs that
// registered the others in IANA's HTTP Status Code Registry.

export type StatusClass = 'informational' | 'successful' | 'redirection' | 'client-error' | 'server-error'

export interface StatusInfo {
  code: number
  /** The registered reason phrase. */
  reason: string
  class: StatusClass
  /** One line a user can act on. */
  words: string
  /** Where it is defined, e.g. "RFC 9110 §15.4.3". */
  rfc: string
}

type Row = [code: number, reason: string, rfc: string, words: string]

const ROWS: Row[] = [
  [100, 'Continue', 'RFC 9110 §15.2.1', 'The server has the request head and the client should send the body (after Expect: 100-continue).'],
  [101, 'Switching Protocols', 'RFC 9110 §15.2.2', 'The server switches to the protocol named in Upgrade (a WebSocket, for example) right after this response.'],
  [102, 'Processing', 'RFC 2518 §10.1', 'WebDAV: the server is still working on the request (obsolete; RFC 4918 dropped it).'],
  [103, 'Early Hints', 'RFC 8297 §2', 'Headers (usually Link: preload) sent before the final response so the client can start fetching early.'],
  [200, 'OK', 'RFC 9110 §15.3.1', 'The request succeeded; the content depends on the method (a representation for GET).'],
  [201, 'Created', 'RFC 9110 §15.3.2', 'A new resource was created; Location usually names it.'],
  [202, 'Accepted', 'RFC 9110 §15.3.3', 'The request was accepted for processing that has not finished (and may still fail).'],
  [203, 'Non-Authoritative Information', 'RFC 9110 §15.3.4', 'Success, but a transforming proxy changed the content the origin sent.'],
  [204, 'No Content', 'RFC 9110 §15.3.5', 'Success with no content: the response ends after its header section.'],
  [205, 'Reset Content', 'RFC 9110 §15.3.6', 'Success; the client should reset the form or view that sent the request.'],
  [206, 'Partial Content', 'RFC 9110 §15.3.7', 'Only the requested range(s) of the representation are sent (Content-Range says which).'],
  [207, 'Multi-Status', 'RFC 4918 §11.1', 'WebDAV: the body is an XML document with a separate status for each resource.'],
  [208, 'Already Reported', 'RFC 5842 §7.1', 'WebDAV: the members of this binding were already listed earlier in the same Multi-Status answer.'],
  [226, 'IM Used', 'RFC 3229 §10.4.1', 'Delta encoding: the response is the result of instance manipulations (A-IM) applied to the current instance.'],
  [300, 'Multiple Choices', 'RFC 9110 §15.4.1', 'Several representations are available; the client (or user) picks one.'],
  [301, 'Moved Permanently', 'RFC 9110 §15.4.2', 'The resource has a new permanent URI (in Location); clients may change POST to GET when following it.'],
  [302, 'Found', 'RFC 9110 §15.4.3', 'The resource is temporarily at the URI in Location; keep using the original URI for future requests.'],
  [303, 'See Other', 'RFC 9110 §15.4.4', 'Fetch the result with GET at the URI in Location (the usual answer to a POST).'],
  [304, 'Not Modified', 'RFC 9110 §15.4.5', 'The cached copy is still valid (a conditional GET or HEAD matched); no content is sent.'],
  [305, 'Use Proxy', 'RFC 9110 §15.4.6', 'Deprecated: it once asked the client to use a proxy; clients ignore it.'],
  [306, '(Unused)', 'RFC 9110 §15.4.7', 'Reserved: it was used in an earlier draft and is no longer used.'],
  [307, 'Temporary Redirect', 'RFC 9110 §15.4.8', 'Temporarily at the URI in Location; the client must repeat the same method and body there.'],
  [308, 'Permanent Redirect', 'RFC 9110 §15.4.9', 'Permanently at the URI in Location; the client must repeat the same method and body there.'],
  [400, 'Bad Request', 'RFC 9110 §15.5.1', 'The server will not process the request because it sees a client error (malformed syntax, for example).'],
  [401, 'Unauthorized', 'RFC 9110 §15.5.2', 'Authentication is missing or failed; WWW-Authenticate says which scheme to use.'],
  [402, 'Payment Required', 'RFC 9110 §15.5.3', 'Reserved for future use; some APIs use it for billing or quota problems.'],
  [403, 'Forbidden', 'RFC 9110 §15.5.4', 'The server understood the request but refuses to fulfil it. If credentials were sent, the server found them insufficient; the client may repeat the request with new or different credentials.'],
  [404, 'Not Found', 'RFC 9110 §15.5.5', 'The server has no current representation for the target (or will not say it exists).'],
  [405, 'Method Not Allowed', 'RFC 9110 §15.5.6', 'The method is not supported by this resource; Allow lists the ones that are.'],
  [406, 'Not Acceptable', 'RFC 9110 §15.5.7', 'No representation matches the Accept* headers of the request.'],
  [407, 'Proxy Authentication Required', 'RFC 9110 §15.5.8', 'The proxy needs credentials; Proxy-Authenticate says which scheme.'],
  [408, 'Request Timeout', 'RFC 9110 §15.5.9', 'The server did not receive a complete request in the time it was prepared to wait.'],
  [409, 'Conflict', 'RFC 9110 §15.5.10', 'The request conflicts with the current state of the resource (an edit conflict, for example).'],
  [410, 'Gone', 'RFC 9110 §15.5.11', 'The resource is gone for good and no forwarding address is known.'],
  [411, 'Length Required', 'RFC 9110 §15.5.12', 'The server refuses a request without a Content-Length.'],
  [412, 'Precondition Failed', 'RFC 9110 §15.5.13', 'A condition in the request headers (If-Match, If-Unmodified-Since…) was false.'],
  [413, 'Content Too Large', 'RFC 9110 §15.5.14', 'The request content is larger than the server will process (formerly "Payload Too Large").'],
  [414, 'URI Too Long', 'RFC 9110 §15.5.15', 'The request target is longer than the server will interpret.'],
  [415, 'Unsupported Media Type', 'RFC 9110 §15.5.16', 'The content is in a format (Content-Type or Content-Encoding) this resource does not support.'],
  [416, 'Range Not Satisfiable', 'RFC 9110 §15.5.17', 'None of the requested ranges overlap the representation; Content-Range gives its length.'],
  [417, 'Expectation Failed', 'RFC 9110 §15.5.18', 'The Expect header of the request could not be met.'],
  [418, '(Unused)', 'RFC 9110 §15.5.19', 'Reserved because of the April Fools\' "I\'m a teapot" (RFC 2324); it is not a real status to rely on.'],
  [421, 'Misdirected Request', 'RFC 9110 §15.5.20', 'This server is not configured to answer for that host (a reused connection or wrong SNI/Host pairing).'],
  [422, 'Unprocessable Content', 'RFC 9110 §15.5.21', 'The syntax is right but the instructions in the content cannot be processed (a validation error).'],
  [423, 'Locked', 'RFC 4918 §11.3', 'WebDAV: the resource is locked.'],
  [424, 'Failed Dependency', 'RFC 4918 §11.4', 'WebDAV: the action failed because another action it depended on failed.'],
  [425, 'Too Early', 'RFC 8470 §5.2', 'The server will not process a request sent in TLS early data (0-RTT) because it could be replayed.'],
  [426, 'Upgrade Required', 'RFC 9110 §15.5.22', 'The server refuses the current protocol; Upgrade names the one to switch to.'],
  [428, 'Precondition Required', 'RFC 6585 §3', 'The server requires a conditional request (If-Match) to prevent lost updates.'],
  [429, 'Too Many Requests', 'RFC 6585 §4', 'Rate limited: too many requests in a given time; Retry-After may say when to try again.'],
  [431, 'Request Header Fields Too Large', 'RFC 6585 §5', 'One header field, or all of them together, are too large for the server.'],
  [451, 'Unavailable For Legal Reasons', 'RFC 7725 §3', 'The server denies access because of a legal demand.'],
  [500, 'Internal Server Error', 'RFC 9110 §15.6.1', 'The server hit an unexpected condition that stopped it from fulfilling the request.'],
  [501, 'Not Implemented', 'RFC 9110 §15.6.2', 'The server does not support the functionality needed (an unknown method, for example). It is not a timeout.'],
  [502, 'Bad Gateway', 'RFC 9110 §15.6.3', 'A gateway or proxy got an invalid response from the server behind it.'],
  [503, 'Service Unavailable', 'RFC 9110 §15.6.4', 'The server is overloaded or down for maintenance for now; Retry-After may say how long.'],
  [504, 'Gateway Timeout', 'RFC 9110 §15.6.5', 'A gateway or proxy did not get a response in time from the server behind it.'],
  [505, 'HTTP Version Not Supported', 'RFC 9110 §15.6.6', 'The server does not support the major HTTP version of the request.'],
  [506, 'Variant Also Negotiates', 'RFC 2295 §8.1', 'Content negotiation is misconfigured: the chosen variant negotiates again (a loop).'],
  [507, 'Insufficient Storage', 'RFC 4918 §11.5', 'WebDAV: the server cannot store what the request needs.'],
  [508, 'Loop Detected', 'RFC 5842 §7.2', 'WebDAV: the server hit an infinite loop while processing a request with Depth: infinity.'],
  [510, 'Not Extended', 'RFC 2774 §7', 'Further extensions to the request are required (historic: RFC 2774 is obsolete).'],
  [511, 'Network Authentication Required', 'RFC 6585 §6', 'A captive portal wants you to log in to the network; the answer is not from the site you asked.']
]

const CLASSES: Record<number, { cls: StatusClass; words: string; rfc: string }> = {
  1: { cls: 'informational', words: 'Informational: an interim response; the final response follows.', rfc: 'RFC 9110 §15.2' },
  2: { cls: 'successful', words: 'Successful: the request was received, understood and accepted.', rfc: 'RFC 9110 §15.3' },
  3: { cls: 'redirection', words: 'Redirection: the client must take further action to complete the request.', rfc: 'RFC 9110 §15.4' },
  4: { cls: 'client-error', words: 'Client error: the request has bad syntax or cannot be fulfilled.', rfc: 'RFC 9110 §15.5' },
  5: { cls: 'server-error', words: 'Server error: the server failed to fulfil an apparently valid request.', rfc: 'RFC 9110 §15.6' }
}

export const STATUS_CODES: ReadonlyMap<number, StatusInfo> = new Map(
  ROWS.map(([code, reason, rfc, words]) => [code, { code, reason, rfc, words, class: CLASSES[Math.floor(code / 100)]!.cls }])
)

/** The class of a status code, or undefined outside 100–599 (RFC 9110 §15). */
export function statusClass(code: number): StatusClass | undefined {
  return Number.isInteger(code) && code >= 100 && code <= 599 ? CLASSES[Math.floor(code / 100)]!.cls : undefined
}

/**
 * The words for a status code. An unregistered code in 100–599 gets its class's words (RFC 9110 §15: a client must
 * understand an unknown code as the x00 code of its class); outside that range, undefined.
 */
export function statusInfo(code: number): StatusInfo | undefined {
  const known = STATUS_CODES.get(code)
  if (known) return known
  const cls = statusClass(code)
  if (!cls) return undefined
  const c = CLASSES[Math.floor(code / 100)]!
  return { code, reason: 'Unregistered', class: cls, words: `${c.words} (unregistered code, treated as ${Math.floor(code / 100)}00)`, rfc: c.rfc }
}
