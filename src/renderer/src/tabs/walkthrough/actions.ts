// What the Walkthrough tab asks of main and how it steps: recording (and the TLS 1.2 / 1.3 pair) is started here with
// its handle in the store, so Cancel survives a tab switch; the play timer lives here too, so playing goes on while
// another tab is shown; exports arrive as bytes and are handed to the browser as downloads. Errors are values. A
// walkthrough comes as a summary (a 2,000-record one would be megabytes of hex in one message): the step shown and its
// neighbours are fetched in full (walk.step) whenever the selection moves, and the last few are kept.
import type { WalkRecordInput } from '../../../../shared/contract/walkthrough'
import type { WireError } from '../../../../shared/errors'
import type { WalkStep, Walkthrough } from '../../../../shared/walkthrough/model'
import { fromBase64, toBase64 } from '../../../../shared/bytes'
import { parseRequestText } from '../../../../shared/http/request-text'
import { api, type JobHandle } from '../../app/api'
import { httpStore } from '../http/store'
import { detailKey, walkStore, type ExportFormat, type StepDetailEntry, type WalkForm, type WalkState } from './store'

const bad = (message: string): WireError => ({ code: 'INVALID_INPUT', message })
const isErr = (v: unknown): v is WireError => typeof v === 'object' && v !== null && 'code' in v && 'message' in v

/** Headers HTTP/2 does not carry as fields (RFC 9113 §8.2.2) or the engine sets itself. */
const NOT_FOR_H2 = new Set(['host', 'connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'content-length', 'te'])

/** The contract's input from the form, or the first field that is wrong, in words. */
export function buildInput(f: WalkForm, tlsVersion: WalkForm['tlsVersion'] = f.tlsVersion): WalkRecordInput | WireError {
  const url = f.url.trim()
  if (!/^https?:\/\/[^/\s]+/i.test(url)) return bad(`A walkthrough starts from an http:// or https:// URL; "${f.url}" is not one.`)
  const input: WalkRecordInput = { url, protocol: f.protocol, tlsVersion, capture: f.capture, insecure: !f.verify, detail: 'summary' }
  if (f.address.trim()) input.address = f.address.trim()
  if (f.resolver.trim()) input.resolver = f.resolver.trim()
  if (f.caPem.trim()) {
    if (!f.caPem.includes('-----BEGIN CERTIFICATE-----')) return bad('Extra CA certificates are PEM text starting with "-----BEGIN CERTIFICATE-----".')
    input.caPem = f.caPem
  }
  if (f.raw !== null) {
    if (f.protocol === 'http2') {
      // HTTP/2 has no request text to send as it is: its method and headers go as HEADERS fields (RFC 9113 §8.3).
      const { request } = parseRequestText(f.raw)
      if (!/^[A-Z]{1,16}$/.test(request.method)) return bad(`The HTTP tab's method "${request.method}" is not upper-case letters, so it cannot go in an HTTP/2 :method.`)
      input.method = request.method
      input.headers = request.headers.filter(([n]) => !NOT_FOR_H2.has(n.toLowerCase())).slice(0, 100)
    } else {
      const bytes = new TextEncoder().encode(f.raw)
      if (bytes.length > 1024 * 1024) return bad('The HTTP tab’s request is over 1 MiB; a walkthrough takes requests up to 1 MiB.')
      input.rawRequestBase64 = toBase64(bytes)
    }
  }
  return input
}

/** The HTTP tab's target and request, read (never changed), as this form's fields. */
export function takeHttpRequest(): void {
  const h = httpStore.get()
  const t = h.target
  const target = /^\S+[ \t]+(\/\S*)/.exec(h.raw)?.[1] ?? '/'
  const host = t.host.includes(':') ? `[${t.host}]` : t.host
  const port = t.port === (t.tls ? '443' : '80') ? '' : `:${t.port}`
  walkStore.set((s) => ({
    ...s,
    form: {
      ...s.form,
      url: `${t.tls ? 'https' : 'http'}://${host}${port}${target}`,
      address: t.address,
      protocol: t.protocol,
      verify: t.verify,
      caPem: t.caPem,
      raw: h.raw
    }
  }))
}

export const dropHttpRequest = (): void => walkStore.set((s) => ({ ...s, form: { ...s.form, raw: null } }))

type Slot = 'job' | 'compareJob'

/** Records one walkthrough with its handle and progress kept in `slot`; the result or error comes back as a value. */
async function record(input: WalkRecordInput, slot: Slot): Promise<{ ok: true; value: Walkthrough } | { ok: false; error: WireError }> {
  walkStore.set({ [slot]: { handle: null, progress: null } } as Partial<WalkState>)
  try {
    const r = await api.runJob('walk.record', input, {
      onStarted: (handle) => walkStore.set((s) => ({ ...s, [slot]: { handle: handle as JobHandle<unknown>, progress: s[slot]?.progress ?? null } })),
      onProgress: (progress) => walkStore.set((s) => ({ ...s, [slot]: { handle: s[slot]?.handle ?? null, progress } }))
    })
    // A long walkthrough arrives as one big message: let the task that parsed it end before the first render.
    await new Promise((resolve) => setTimeout(resolve, 0))
    return r
  } catch (e) {
    return { ok: false, error: { code: 'SYSTEM_ERROR', message: e instanceof Error ? e.message : String(e) } }
  }
}

/** Shows a walkthrough from its first step. */
export function show(walk: Walkthrough): void {
  stopPlay()
  walkStore.set({ walk, index: 0, showWire: false, error: null, exportError: null, section: 'walk' })
}

export async function runWalk(): Promise<void> {
  const s = walkStore.get()
  if (s.job) return
  const input = buildInput(s.form)
  if (isErr(input)) return walkStore.set({ error: input })
  walkStore.set({ error: null })
  const r = await record(input, 'job')
  walkStore.set({ job: null })
  if (r.ok) show(r.value)
  else walkStore.set({ error: r.error })
  void refreshHeld()
}

export const cancelWalk = (): void => walkStore.get().job?.handle?.cancel()

/** Walks the same request with TLS 1.2 and then TLS 1.3, for the side-by-side summary. */
export async function runCompare(): Promise<void> {
  const s = walkStore.get()
  if (s.compareJob) return
  const i12 = buildInput(s.form, '1.2')
  const i13 = buildInput(s.form, '1.3')
  if (isErr(i12) || isErr(i13)) return walkStore.set({ compareError: isErr(i12) ? i12 : (i13 as WireError) })
  if (!/^https:/i.test(s.form.url.trim())) return walkStore.set({ compareError: bad('TLS 1.2 and 1.3 are compared over https:// only; this URL is http://, so no TLS at all.') })
  walkStore.set({ compareError: null, compare: { tls12: null, tls13: null } })
  const r12 = await record(i12, 'compareJob')
  const cancelled = !r12.ok && r12.error.code === 'CANCELLED'
  walkStore.set((st) => ({ ...st, compare: { tls12: r12.ok ? { walk: r12.value } : { error: r12.error }, tls13: null } }))
  if (!cancelled) {
    const r13 = await record(i13, 'compareJob')
    walkStore.set((st) => ({ ...st, compare: { tls12: st.compare?.tls12 ?? null, tls13: r13.ok ? { walk: r13.value } : { error: r13.error } } }))
  }
  walkStore.set({ compareJob: null })
  void refreshHeld()
}

export const cancelCompare = (): void => walkStore.get().compareJob?.handle?.cancel()

// ---- stepping ------------------------------------------------------------------------------------------------

export function go(index: number): void {
  const w = walkStore.get().walk
  if (!w || w.steps.length === 0) return
  const i = Math.max(0, Math.min(w.steps.length - 1, Math.round(index)))
  if (i !== walkStore.get().index) walkStore.set({ index: i })
}
export const next = (): void => go(walkStore.get().index + 1)
export const prev = (): void => go(walkStore.get().index - 1)
export const first = (): void => go(0)
export const last = (): void => go(Number.MAX_SAFE_INTEGER)

/** Time between steps while playing. */
export const PLAY_MS = 900
let timer: ReturnType<typeof setTimeout> | null = null

function tick(): void {
  timer = null
  const { walk, index, playing } = walkStore.get()
  if (!playing || !walk) return
  if (index >= walk.steps.length - 1) return walkStore.set({ playing: false })
  walkStore.set({ index: index + 1 })
  timer = setTimeout(tick, PLAY_MS)
}

export function stopPlay(): void {
  if (timer) clearTimeout(timer)
  timer = null
  if (walkStore.get().playing) walkStore.set({ playing: false })
}

/** Plays from the selected step (from the start when at the end), or pauses. */
export function togglePlay(): void {
  const { walk, index, playing } = walkStore.get()
  if (playing) return stopPlay()
  if (!walk || walk.steps.length < 2) return
  if (index >= walk.steps.length - 1) walkStore.set({ index: 0 })
  walkStore.set({ playing: true })
  timer = setTimeout(tick, PLAY_MS)
}

// ---- step details, fetched when shown ----------------------------------------------------------------------------

/** How many steps' details the page keeps (a big record is ~32 KB of hex and its fields); the oldest go first. */
export const DETAILS_KEPT = 24

function keep(key: string, entry: StepDetailEntry): void {
  walkStore.set((s) => {
    const details = { ...s.details }
    delete details[key]
    details[key] = entry
    const keys = Object.keys(details)
    for (let i = 0; i < keys.length - DETAILS_KEPT; i++) delete details[keys[i]!]
    return { ...s, details }
  })
}

async function fetchDetail(walkId: string, step: WalkStep): Promise<void> {
  const key = detailKey(walkId, step.id)
  const had = walkStore.get().details[key]
  if (had && !('error' in had)) return
  keep(key, { loading: true })
  inFlight++
  try {
    const r = await api.call('walk.step', { id: walkId, step: step.id })
    keep(key, r.ok ? { step: r.value } : { error: r.error })
  } catch (e) {
    keep(key, { error: { code: 'SYSTEM_ERROR', message: e instanceof Error ? e.message : String(e) } })
  } finally {
    inFlight--
  }
}

/** walk.step calls not answered yet: a key held down prefetches no neighbours past a few, so main's call limit is never met. */
let inFlight = 0
const PREFETCH_IN_FLIGHT = 6

/** Fetches the selected step's bytes and fields, and its neighbours', so the next key press shows them at once. */
export function ensureDetails(): void {
  const { walk, index } = walkStore.get()
  if (!walk) return
  for (const i of [index, index + 1, index - 1]) {
    const step = walk.steps[i]
    if (step?.hasDetail && (i === index || inFlight < PREFETCH_IN_FLIGHT)) void fetchDetail(walk.id, step)
  }
}

// Every way the selection moves (keys, clicks, play, a new walkthrough) ends in the store, so the fetch follows it there.
let selected: { walk: Walkthrough | null; index: number } = { walk: null, index: -1 }
walkStore.subscribe(() => {
  const { walk, index } = walkStore.get()
  if (walk === selected.walk && index === selected.index) return
  selected = { walk, index }
  ensureDetails()
})

// ---- exports and what main holds -------------------------------------------------------------------------------

function download(filename: string, bytes: Uint8Array, mime: string): void {
  const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type: mime }))
  const a = document.createElement('a')
  a.href = url
  a.download = filename
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}

export async function exportWalk(format: ExportFormat, walk = walkStore.get().walk): Promise<void> {
  if (!walk || walkStore.get().exporting) return
  walkStore.set({ exporting: format, exportError: null })
  try {
    const r = await api.call('walk.export', { id: walk.id, format })
    if (r.ok) download(r.value.filename, fromBase64(r.value.dataBase64), r.value.mime)
    else walkStore.set({ exportError: r.error })
  } finally {
    walkStore.set({ exporting: null })
  }
}

export async function refreshHeld(): Promise<void> {
  const r = await api.call('walk.list', {})
  walkStore.set(r.ok ? { held: r.value, heldError: null } : { heldError: r.error })
}

/** Opens a walkthrough main still holds (after a reload of the page) from its JSON export. */
export async function openHeld(id: string): Promise<void> {
  const r = await api.call('walk.export', { id, format: 'json' })
  if (!r.ok) return walkStore.set({ heldError: r.error })
  try {
    const w = JSON.parse(new TextDecoder().decode(fromBase64(r.value.dataBase64))) as Walkthrough
    if (!Array.isArray(w.steps) || typeof w.id !== 'string') throw new Error('not a walkthrough')
    show(w)
  } catch (e) {
    walkStore.set({ heldError: { code: 'INVALID_INPUT', message: `Main's JSON for ${id} is not a walkthrough: ${e instanceof Error ? e.message : String(e)}` } })
  }
}

export async function forgetHeld(id: string): Promise<void> {
  const r = await api.call('walk.forget', { id })
  if (!r.ok) return walkStore.set({ heldError: r.error })
  await refreshHeld()
}
