// What the DNS tab asks of main: each job is started here, outside components, with its handle and progress kept in
// the store (so Cancel works after a tab switch), and its result or error stored as a value; never a throw.
import type { LookupInput, QueryOptionsInput } from '../../../../shared/contract'
import type { WireError } from '../../../../shared/errors'
import { typeCode } from '../../../../shared/dns/types'
import { WirebenchError } from '../../../../shared/errors'
import { api, type JobHandle } from '../../app/api'
import { COMMON_TYPES } from './dns-words'
import { dnsStore, type DnsState, type HistoryEntry, type OptionsForm } from './store'

const HISTORY_MAX = 30

/** A form number, or an input error in words naming the field. */
function num(text: string, field: string): number | WireError {
  const t = text.trim()
  if (!/^\d+$/.test(t)) return { code: 'INVALID_INPUT', message: `${field} must be a whole number; "${text}" is not.` }
  return Number(t)
}

/** The options as the contract takes them, or the first field that is not a number. */
export function optionsInput(o: OptionsForm): QueryOptionsInput | WireError {
  const udpSize = num(o.udpSize, 'The EDNS buffer size')
  const timeoutMs = num(o.timeoutMs, 'The timeout')
  const retries = num(o.retries, 'Retries')
  const padding = o.padding.trim() ? num(o.padding, 'Padding') : undefined
  for (const v of [udpSize, timeoutMs, retries, padding]) if (typeof v === 'object') return v
  return {
    rd: o.rd,
    cd: o.cd,
    ad: o.ad,
    do: o.do,
    edns: o.edns,
    udpSize: udpSize as number,
    nsid: o.nsid,
    cookie: o.cookie,
    clientSubnet: o.clientSubnet.trim() || undefined,
    padding: padding as number | undefined,
    timeoutMs: timeoutMs as number,
    retries: retries as number,
    randomCase: o.randomCase
  }
}

export const splitResolvers = (text: string): string[] =>
  text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)

const isErr = (v: unknown): v is WireError => typeof v === 'object' && v !== null && 'code' in v && 'message' in v

/** Runs one job kind from the store: keeps its handle and progress, stores its result or error, never throws. */
async function runStored<M extends 'dns.lookup' | 'dns.trace' | 'dns.dnssec' | 'dns.insights'>(
  method: M,
  input: Parameters<typeof api.runJob<M>>[1],
  slot: 'lookupJob' | 'traceJob' | 'dnssecJob' | 'insightsJob',
  onEnd: (r: Awaited<ReturnType<typeof api.runJob<M>>>) => void
): Promise<void> {
  dnsStore.set({ [slot]: { handle: null, progress: null } } as Partial<DnsState>)
  try {
    const r = await api.runJob(method, input, {
      onStarted: (handle) => dnsStore.set((s) => ({ ...s, [slot]: { handle: handle as JobHandle<unknown>, progress: s[slot]?.progress ?? null } })),
      onProgress: (progress) => dnsStore.set((s) => ({ ...s, [slot]: { handle: s[slot]?.handle ?? null, progress } }))
    })
    onEnd(r)
  } catch (e) {
    onEnd({ ok: false, error: { code: 'SYSTEM_ERROR', message: e instanceof Error ? e.message : String(e) } } as never)
  } finally {
    dnsStore.set({ [slot]: null } as Partial<DnsState>)
  }
}

/** The "Other types" field's words as type names, or the engine's DNS_BAD_TYPE words for the first bad one (RFC 3597 §5). */
export function parseOtherTypes(text: string): string[] | WireError {
  const out: string[] = []
  for (const t of text.split(/[\s,]+/).filter(Boolean)) {
    try {
      typeCode(t)
    } catch (e) {
      if (e instanceof WirebenchError) return { code: e.code, message: e.message }
      throw e
    }
    const upper = t.toUpperCase()
    if (!out.includes(upper)) out.push(upper)
  }
  return out
}

const CHIPS = new Set<string>(['ALL', ...COMMON_TYPES])

/** A past query's types back into the form: the chips it had, the rest into "Other types". */
export function splitTypes(types: string[]): { types: string[]; otherTypes: string } {
  return { types: types.filter((t) => CHIPS.has(t)), otherTypes: types.filter((t) => !CHIPS.has(t)).join(' ') }
}

export async function runLookup(entry?: HistoryEntry): Promise<void> {
  const s = dnsStore.get()
  if (s.lookupJob) return
  if (entry) dnsStore.set({ name: entry.name, ...splitTypes(entry.types), resolvers: entry.resolvers, transport: entry.transport, reverse: entry.reverse })
  const q = dnsStore.get()
  // The old answer goes as the new question starts: an error must never sit above an answer to another question.
  dnsStore.set({ lookup: null, shownItem: null })
  const options = optionsInput(q.options)
  if (isErr(options)) {
    dnsStore.set({ lookupError: options })
    return
  }
  const other = q.reverse ? [] : parseOtherTypes(q.otherTypes)
  if (isErr(other)) {
    dnsStore.set({ lookupError: other })
    return
  }
  const types = [...q.types, ...other.filter((t) => !q.types.includes(t))]
  const input: LookupInput = {
    name: q.name,
    // -x asks PTR whatever types were picked for names (the chips are hidden then).
    types: q.reverse ? ['PTR'] : types.length ? types : ['A'],
    resolvers: splitResolvers(q.resolvers),
    transport: q.transport,
    dohMethod: q.dohMethod,
    reverse: q.reverse,
    verify: q.verify,
    caPem: q.caPem.trim() || undefined,
    options
  }
  const asked: HistoryEntry = { name: q.name.trim(), types: types.length ? types : ['A'], resolvers: q.resolvers, transport: q.transport, reverse: q.reverse }
  dnsStore.set({ lookupError: null })
  await runStored('dns.lookup', input, 'lookupJob', (r) => {
    if (!r.ok) return dnsStore.set({ lookupError: r.error })
    // Bad input the engine reported per item (every item the same input error) is said once, by the field.
    const errors = r.value.items.map((i) => i.error)
    const first0 = errors[0]
    if (first0 && /^DNS_BAD_|^INVALID_/.test(first0.code) && errors.every((e) => e?.code === first0.code)) {
      return dnsStore.set({ lookupError: { code: first0.code as WireError['code'], message: first0.message, detail: first0.detail } })
    }
    const key = JSON.stringify(asked)
    const history = [asked, ...dnsStore.get().history.filter((h) => JSON.stringify(h) !== key)].slice(0, HISTORY_MAX)
    const first = r.value.items.find((i) => i.result?.message.answers.length) ?? r.value.items[0]
    dnsStore.set({ lookup: r.value, lookupAt: Date.now(), history, shownItem: first ? `${first.resolver}|${first.type}` : null })
  })
}

export async function runTrace(): Promise<void> {
  const s = dnsStore.get()
  if (s.traceJob) return
  const options = optionsInput(s.options)
  const port = num(s.tracePort, 'The port')
  const bad = isErr(options) ? options : isErr(port) ? port : null
  if (bad) return dnsStore.set({ traceError: bad })
  dnsStore.set({ traceError: null, trace: null })
  await runStored(
    'dns.trace',
    { name: s.traceName, type: s.traceType || 'A', rootHints: s.traceHints.trim() || undefined, port: port as number, options: options as QueryOptionsInput },
    'traceJob',
    (r) => dnsStore.set(r.ok ? { trace: r.value } : { traceError: r.error })
  )
}

export async function runDnssec(): Promise<void> {
  const s = dnsStore.get()
  if (s.dnssecJob) return
  const options = optionsInput(s.options)
  const port = num(s.secPort, 'The port')
  const bad = isErr(options) ? options : isErr(port) ? port : null
  if (bad) return dnsStore.set({ dnssecError: bad })
  dnsStore.set({ dnssecError: null, dnssec: null })
  await runStored(
    'dns.dnssec',
    {
      name: s.secName,
      type: s.secType || 'A',
      rootHints: s.secHints.trim() || undefined,
      port: port as number,
      trustAnchor: s.secAnchor.trim() || undefined,
      options: options as QueryOptionsInput
    },
    'dnssecJob',
    (r) => dnsStore.set(r.ok ? { dnssec: r.value } : { dnssecError: r.error })
  )
}

export async function runInsights(): Promise<void> {
  const s = dnsStore.get()
  if (s.insightsJob) return
  const options = optionsInput(s.options)
  if (isErr(options)) return dnsStore.set({ insightsError: options })
  dnsStore.set({ insightsError: null, insights: null })
  await runStored('dns.insights', { name: s.insName, resolvers: splitResolvers(s.insResolver).slice(0, 1), options }, 'insightsJob', (r) =>
    dnsStore.set(r.ok ? { insights: r.value } : { insightsError: r.error })
  )
}

export async function loadSystem(): Promise<void> {
  const r = await api.call('dns.system', {})
  dnsStore.set(r.ok ? { system: r.value, systemError: null } : { systemError: r.error })
}

export async function runGetaddrinfo(): Promise<void> {
  const s = dnsStore.get()
  if (s.gaiBusy) return
  dnsStore.set({ gaiBusy: true, gaiError: null })
  const r = await api.call('dns.getaddrinfo', { name: s.gaiName, family: s.gaiFamily, compare: true })
  dnsStore.set(r.ok ? { gai: r.value, gaiBusy: false } : { gaiError: r.error, gai: null, gaiBusy: false })
}

/** Hex as people paste it: spaces, colons, newlines, 0x prefixes and Wireshark offsets are dropped. */
export function cleanHex(text: string): string {
  return text
    .split('\n')
    .map((line) => line.replace(/^\s*[0-9a-f]{4,8}(?:\s{2,}|:\s)/i, ''))
    .join(' ')
    .replace(/0x/gi, '')
    .replace(/[\s:,-]/g, '')
}

export function hexToBytes(hex: string): Uint8Array | null {
  if (hex.length % 2 !== 0 || /[^0-9a-f]/i.test(hex)) return null
  const out = new Uint8Array(hex.length / 2)
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16)
  return out
}

export async function runDecode(): Promise<void> {
  const hex = cleanHex(dnsStore.get().hex)
  const bytes = hexToBytes(hex)
  if (!hex || !bytes) {
    return dnsStore.set({
      decodeError: { code: 'INVALID_HEX', message: hex ? 'That is not hex: use pairs of the digits 0-9 and a-f (spaces, colons and 0x are fine).' : 'Paste a DNS message as hex first.' },
      decoded: null,
      decodedBytes: null
    })
  }
  const r = await api.call('dns.decode', { hex })
  dnsStore.set(r.ok ? { decoded: r.value, decodedBytes: bytes, decodeError: null } : { decodeError: r.error, decoded: null, decodedBytes: null })
}

/** base64 (the contract's bytes) to bytes. */
export function fromBase64(b64: string): Uint8Array {
  const bin = atob(b64)
  const out = new Uint8Array(bin.length)
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i)
  return out
}
