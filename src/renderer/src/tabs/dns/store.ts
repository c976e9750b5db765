// The DNS tab's state outside its components: every field as typed, every answer, every running job (with its
// Cancel), so a tab switch unmounts nothing that matters. Jobs are started here, not in components, for that reason.
import type { JobProgress } from '../../../../shared/contract'
import type { DnsMessage, DnssecResult, DomainInsights, Lookup, SystemLookup, SystemResolver, TraceResult } from '../../../../shared/dns/model'
import type { WireError } from '../../../../shared/errors'
import type { JobHandle } from '../../app/api'
import { createStore } from '../../app/store'

export type Section = 'query' | 'trace' | 'dnssec' | 'insights' | 'machine' | 'decode'
export type Transport = 'udp' | 'tcp' | 'tls' | 'https' | 'system'

/** The query options as the form holds them (text fields stay text until sent, so a half-typed number is kept). */
export interface OptionsForm {
  rd: boolean
  cd: boolean
  do: boolean
  ad: boolean
  edns: boolean
  udpSize: string
  nsid: boolean
  cookie: boolean
  clientSubnet: string
  padding: string
  timeoutMs: string
  retries: string
  randomCase: boolean
}

export const DEFAULT_OPTIONS: OptionsForm = {
  rd: true,
  cd: false,
  do: false,
  ad: true,
  edns: true,
  udpSize: '1232',
  nsid: false,
  cookie: false,
  clientSubnet: '',
  padding: '',
  timeoutMs: '3000',
  retries: '2',
  randomCase: false
}

/** A job while it runs: its handle (to cancel) and its latest progress. */
export interface Running {
  handle: JobHandle<unknown> | null
  progress: JobProgress | null
}

export interface HistoryEntry {
  name: string
  types: string[]
  resolvers: string
  transport: Transport
  reverse: boolean
}

export interface DnsState {
  section: Section
  // Query bar
  name: string
  types: string[]
  /** Types typed beside the chips (SPF, TYPE65280…), comma or space separated; checked when Ask is pressed. */
  otherTypes: string
  resolvers: string
  transport: Transport
  dohMethod: 'GET' | 'POST'
  reverse: boolean
  verify: boolean
  /** Extra CA certificates (PEM) to trust for DoT/DoH, e.g. a lab's own CA. */
  caPem: string
  options: OptionsForm
  history: HistoryEntry[]
  lookup: Lookup | null
  /** When the answer arrived (ms since epoch), for TTLs counting down. */
  lookupAt: number
  lookupError: WireError | null
  lookupJob: Running | null
  /** Which item of the lookup is shown in detail ("resolver|type"). */
  shownItem: string | null
  // Trace
  traceName: string
  traceType: string
  traceHints: string
  tracePort: string
  trace: TraceResult | null
  traceError: WireError | null
  traceJob: Running | null
  // DNSSEC
  secName: string
  secType: string
  secHints: string
  secPort: string
  secAnchor: string
  dnssec: DnssecResult | null
  dnssecError: WireError | null
  dnssecJob: Running | null
  // Insights
  insName: string
  insResolver: string
  insights: DomainInsights | null
  insightsError: WireError | null
  insightsJob: Running | null
  // This machine
  system: SystemResolver | null
  systemError: WireError | null
  gaiName: string
  gaiFamily: 0 | 4 | 6
  gai: SystemLookup | null
  gaiError: WireError | null
  gaiBusy: boolean
  // Decode
  hex: string
  decoded: DnsMessage | null
  decodedBytes: Uint8Array | null
  decodeError: WireError | null
}

export const dnsStore = createStore<DnsState>({
  section: 'query',
  name: 'example.com',
  types: ['A'],
  otherTypes: '',
  resolvers: 'system',
  transport: 'udp',
  dohMethod: 'GET',
  reverse: false,
  verify: true,
  caPem: '',
  options: DEFAULT_OPTIONS,
  history: [],
  lookup: null,
  lookupAt: 0,
  lookupError: null,
  lookupJob: null,
  shownItem: null,
  traceName: 'example.com',
  traceType: 'A',
  traceHints: '',
  tracePort: '53',
  trace: null,
  traceError: null,
  traceJob: null,
  secName: 'example.com',
  secType: 'A',
  secHints: '',
  secPort: '53',
  secAnchor: '',
  dnssec: null,
  dnssecError: null,
  dnssecJob: null,
  insName: 'example.com',
  insResolver: '',
  insights: null,
  insightsError: null,
  insightsJob: null,
  system: null,
  systemError: null,
  gaiName: 'localhost',
  gaiFamily: 0,
  gai: null,
  gaiError: null,
  gaiBusy: false,
  hex: '',
  decoded: null,
  decodedBytes: null,
  decodeError: null
})
