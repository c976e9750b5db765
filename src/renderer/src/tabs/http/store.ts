// The HTTP tab's state outside its components: the request text (the one source both editors read), the target bar,
// the running send with its Cancel, the answer, the curl boxes and the jar, so a tab switch loses nothing.
import type { JobProgress } from '../../../../shared/contract'
import type { HttpRawInput, HttpRawResult, JarCookie } from '../../../../shared/contract/http'
import type { WireError } from '../../../../shared/errors'
import type { Finding } from '../../../../shared/findings'
import type { JobHandle } from '../../app/api'
import { createStore } from '../../app/store'
import { loadHistory, type HistoryEntry } from './history'

export type Section = 'request' | 'jwt' | 'ws' | 'cookies' | 'history'

/** The target bar as the form holds it: numbers stay text until sent, so a half-typed port is kept. */
export interface TargetForm {
  host: string
  port: string
  tls: boolean
  /** '' uses the host as SNI. */
  sni: string
  /** Comma separated; '' offers what the protocol needs. */
  alpn: string
  /** Connect to this address instead of looking the host up (curl --resolve). */
  address: string
  verify: boolean
  caPem: string
  protocol: 'http1.1' | 'http2'
}

/** One exchange as sent and answered, for HAR (what was really sent, real timings). */
export interface Exchange {
  input: HttpRawInput
  result: HttpRawResult
  startedAt: number
}

export interface HttpState {
  section: Section
  /** The request exactly as it will go on the wire (UTF-8 of this text). */
  raw: string
  editor: 'raw' | 'structured'
  /** What Enter (and a pasted line break) inserts in the raw editor. */
  enterEnding: 'crlf' | 'lf'
  url: string
  target: TargetForm
  cookiesSend: boolean
  cookiesStore: boolean
  repeatOn: boolean
  repeatN: string
  repeatMode: 'sequential' | 'keep-alive'
  resumeTls: boolean
  job: { handle: JobHandle<unknown> | null; progress: JobProgress | null } | null
  /** The exchange shown (its input, result and when it started). */
  shown: Exchange | null
  error: WireError | null
  /** Exchanges this session, by history id, for HAR export (results are not kept across reloads). */
  exchanges: Record<string, Exchange>
  history: HistoryEntry[]
  curl: { command: string; notes: string[]; copied: boolean } | null
  importText: string
  importFindings: Finding[] | null
  auth: { kind: 'basic' | 'bearer'; user: string; password: string; token: string; error: string | null }
  jar: JarCookie[] | null
  jarError: WireError | null
}

export const DEFAULT_REQUEST = 'GET / HTTP/1.1\r\nHost: localhost\r\nUser-Agent: Wirebench\r\nAccept: */*\r\n\r\n'

export const httpStore = createStore<HttpState>({
  section: 'request',
  raw: DEFAULT_REQUEST,
  editor: 'raw',
  enterEnding: 'crlf',
  url: 'http://localhost/',
  target: { host: 'localhost', port: '80', tls: false, sni: '', alpn: '', address: '', verify: true, caPem: '', protocol: 'http1.1' },
  cookiesSend: false,
  cookiesStore: false,
  repeatOn: false,
  repeatN: '10',
  repeatMode: 'keep-alive',
  resumeTls: false,
  job: null,
  shown: null,
  error: null,
  exchanges: {},
  history: typeof localStorage === 'undefined' ? [] : loadHistory(),
  curl: null,
  importText: '',
  importFindings: null,
  auth: { kind: 'basic', user: '', password: '', token: '', error: null },
  jar: null,
  jarError: null
})

/** Patch the target form. */
export const setTarget = (patch: Partial<TargetForm>): void => httpStore.set((s) => ({ ...s, target: { ...s.target, ...patch } }))
