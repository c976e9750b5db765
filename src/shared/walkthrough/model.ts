// What a walkthrough is: one real request recorded as steps on one clock (DNS, TCP, TLS, HTTP), each with its bytes,
// its fields as spans, the OSI layer it belongs to and an explanation with its RFC. The recorder (src/main/walkthrough)
// makes it, the tab and the CLI show it, the exports (JSON, HTML, key log, pcapng) write it.
import type { Span } from '../dissect/span'
import type { Finding } from '../findings'

/** The OSI layers the seeds teach (RFC 1122 folds 5–7 into "application"; we name where each step lives). */
export type OsiLayer = 'application' | 'presentation' | 'session' | 'transport' | 'network' | 'link'

export type WalkLane = 'client' | 'resolver' | 'server'

export type StepKind =
  | 'dns-query'
  | 'dns-answer'
  | 'os-resolver'
  | 'address-choice'
  | 'tcp-syn'
  | 'tcp-synack'
  | 'tcp-ack'
  | 'tcp-data'
  | 'tcp-fin'
  | 'tcp-rst'
  | 'tcp-connect'
  | 'tls-client-hello'
  | 'tls-server-hello'
  | 'tls-hello-retry-request'
  | 'tls-change-cipher-spec'
  | 'tls-encrypted-extensions'
  | 'tls-certificate'
  | 'tls-certificate-verify'
  | 'tls-finished'
  | 'tls-new-session-ticket'
  | 'tls-key-update'
  | 'tls-server-key-exchange'
  | 'tls-server-hello-done'
  | 'tls-client-key-exchange'
  | 'tls-alert'
  | 'tls-application-data'
  | 'http-request'
  | 'http-response'
  | 'http2-frame'
  | 'close'

/** One field of a step, flat (the CLI's form): byte offset and length within the step's bytes. */
export interface WalkField {
  name: string
  offset: number
  length: number
  value: string
  explain: string
}

/** A "show the calculation" panel: this connection's actual inputs and outputs, line by line. */
export interface WalkCalculation {
  title: string
  /** RFC section the calculation follows, e.g. "RFC 8446 §7.1". */
  source: string
  lines: { label: string; value: string; note?: string }[]
  /** The calculated value matched what was on the wire (Finished verify_data, a decrypted tag). */
  verified?: boolean
}

export interface WalkStep {
  /** Stable within the walkthrough: "s12". */
  id: string
  layer: OsiLayer
  kind: StepKind
  title: string
  /** ms since the walkthrough's clock started (the first DNS query or the connect). */
  startMs: number
  durationMs: number
  from: WalkLane
  to: WalkLane
  /** 'client→server', 'server→client', 'client→resolver', 'resolver→client', or 'local'. */
  direction: string
  /** The step's bytes as they crossed the wire, or, for decrypted TLS, the plaintext (see `decrypted`). Hex. */
  bytesHex: string
  /** Field spans over those bytes (offsets relative to bytesHex), for HexView + ByteTree. */
  spans: Span[]
  /** What happened, in words, teaching. */
  explain: string
  /** The RFC section it comes from, e.g. "RFC 8446 §4.1.2". */
  source: string
  /** TLS: this step's plaintext came from decrypting a record with the key log's secrets. */
  decrypted?: boolean
  /** TLS: the record(s) as on the wire (encrypted), hex, when `bytesHex` is the plaintext. */
  wireHex?: string
  calculations?: WalkCalculation[]
  /** Where this handshake differs from RFC 8448's textbook one (extra extensions, GREASE, HRR, PQ key share…). */
  textbook?: string[]
  /** Certificates carried by this step, DER base64, leaf first (to open in Certificates). */
  certificatesBase64?: string[]
  findings?: Finding[]
  /** Set on a step sent as a summary (walk.record with detail 'summary'): its bytesHex is '' and its spans and wireHex
   * were left out; walk.step gives them. */
  hasDetail?: true
  /** A summary's length of its bytes (bytesHex), so counts need not wait for them. */
  byteLength?: number
}

export interface WalkTlsSummary {
  version: string
  cipher: string
  alpn: string | null
  /** Every encrypted handshake and application record was decrypted with the key log. */
  decrypted: boolean
  /** Why not, when not. */
  decryptNote?: string
  group?: string
  helloRetry?: boolean
  resumed?: boolean
}

export interface Walkthrough {
  /** Held by main for exports while the session lasts. */
  id: string
  url: string
  /** Epoch ms at the clock's zero. */
  startedAt: number
  steps: WalkStep[]
  dns: { resolver: string; transport: string; addresses: string[]; chosen: string; why: string } | null
  remote: { address: string; port: number }
  local: { address: string; port: number }
  tls: WalkTlsSummary | null
  http: { version: string; status: number; statusWords: string } | null
  /** 'packets': tcpdump saw this connection; 'socket-only': only what the sockets and TLS tap saw. */
  capture: 'packets' | 'socket-only'
  /** Why packets were or were not captured, in words. */
  captureNote: string
  /** NSS key log lines (SSLKEYLOGFILE format) for this connection. */
  keylog: string
  totalMs: number
  /**
   * Where the walk's own time went, in ms: recording (from its start until the HTTP engine had the whole response:
   * DNS, starting the capture, the connection, the request and response with the tap and key log on; what a plain
   * request's wall time covers) and explaining after that (the
   * capture's flush, decryption, parsing and the steps, in the analysis worker). Absent in walks saved before it.
   */
  phases?: { recordMs: number; explainMs: number }
  findings: Finding[]
}
