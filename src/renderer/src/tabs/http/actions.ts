// What the HTTP tab asks of main and how the request text changes: sending is started here (not in components) with its
// handle and progress in the store, so Cancel and the answer survive a tab switch; every error is a value in words.
import type { HttpRawInput } from '../../../../shared/contract/http'
import type { WireError } from '../../../../shared/errors'
import { toBase64 } from '../../../../shared/bytes'
import { basicAuthorization, bearerAuthorization } from '../../../../shared/http/auth'
import { toHar } from '../../../../shared/http/har'
import { fixContentLength, formatRequestText, parseRequestText, requestBytes, setHeaderInText, setTargetInText, useCrlfInHead } from '../../../../shared/http/request-text'
import { api, type JobHandle } from '../../app/api'
import { curlToRequest, requestToCurl } from './curl-bridge'
import { boundHistory, saveHistory, type HistoryEntry } from './history'
import { httpStore, setTarget, type Exchange, type HttpState } from './store'

const bad = (message: string): WireError => ({ code: 'INVALID_INPUT', message })

/** The contract's input from the form, or the first field that is wrong, in words. */
export function buildInput(s: HttpState): HttpRawInput | WireError {
  const t = s.target
  if (!t.host.trim()) return bad('Enter the host to connect to (a name or an address).')
  if (!/^\d+$/.test(t.port.trim()) || Number(t.port) < 1 || Number(t.port) > 65535) return bad(`A port is a whole number from 1 to 65535; "${t.port}" is not.`)
  if (!s.raw) return bad('Type the request first: a request line, headers, an empty line.')
  let repeat: number | undefined
  if (s.repeatOn) {
    if (!/^\d+$/.test(s.repeatN.trim()) || Number(s.repeatN) < 1 || Number(s.repeatN) > 1000) return bad(`Repeat is a whole number from 1 to 1000; "${s.repeatN}" is not.`)
    repeat = Number(s.repeatN)
  }
  const alpn = t.alpn.split(',').map((a) => a.trim()).filter(Boolean)
  return {
    target: {
      host: t.host.trim(),
      port: Number(t.port),
      tls: t.tls,
      ...(t.tls && t.sni.trim() ? { sni: t.sni.trim() } : {}),
      ...(t.tls && alpn.length ? { alpn } : {}),
      insecure: t.tls && !t.verify,
      ...(t.tls && t.caPem.trim() ? { caPem: t.caPem } : {})
    },
    requestBase64: toBase64(requestBytes(s.raw)),
    ...(t.address.trim() ? { address: t.address.trim() } : {}),
    ...(repeat ? { repeat, repeatMode: s.repeatMode, resumeTls: t.tls && s.resumeTls } : {}),
    protocol: t.protocol,
    cookies: { send: s.cookiesSend, store: s.cookiesStore }
  }
}

const isErr = (v: unknown): v is WireError => typeof v === 'object' && v !== null && 'code' in v && 'message' in v && !('target' in v)

let nextId = 0
const newId = (): string => `${Date.now().toString(36)}-${(nextId++).toString(36)}`

function remember(entry: HistoryEntry): void {
  const history = boundHistory([entry, ...httpStore.get().history])
  saveHistory(history)
  httpStore.set({ history })
}

export async function send(): Promise<void> {
  const s = httpStore.get()
  if (s.job) return
  const input = buildInput(s)
  if (isErr(input)) return httpStore.set({ error: input })
  const startedAt = Date.now()
  const id = newId()
  httpStore.set({ job: { handle: null, progress: null }, error: null })
  let r: Awaited<ReturnType<typeof api.runJob<'http.raw'>>>
  try {
    r = await api.runJob('http.raw', input, {
      onStarted: (handle) => httpStore.set((p) => ({ ...p, job: { handle: handle as JobHandle<unknown>, progress: p.job?.progress ?? null } })),
      onProgress: (progress) => httpStore.set((p) => ({ ...p, job: { handle: p.job?.handle ?? null, progress } }))
    })
  } catch (e) {
    r = { ok: false, error: { code: 'SYSTEM_ERROR', message: e instanceof Error ? e.message : String(e) } }
  }
  const base = { id, at: startedAt, target: s.target, raw: s.raw }
  if (!r.ok) {
    httpStore.set({ job: null, error: r.error })
    if (r.error.code !== 'CANCELLED') remember({ ...base, error: r.error.message })
    return
  }
  const exchange: Exchange = { input, result: r.value, startedAt }
  const res = r.value.response
  httpStore.set((p) => ({ ...p, job: null, shown: exchange, exchanges: { ...p.exchanges, [id]: exchange } }))
  remember({ ...base, status: res.status, statusWords: res.statusWords, totalMs: r.value.timings.totalMs })
  if (s.cookiesStore) void loadJar()
}

export const cancel = (): void => httpStore.get().job?.handle?.cancel()

/** Typing a URL fills host, port and TLS, and the request line's target and Host; other bytes stay as typed. */
export function applyUrl(text: string): void {
  httpStore.set({ url: text })
  let u: URL
  try {
    u = new URL(text.trim())
  } catch {
    return
  }
  if (!/^https?:$/.test(u.protocol) || !u.hostname) return
  const tls = u.protocol === 'https:'
  setTarget({ host: u.hostname.replace(/^\[|\]$/g, ''), port: u.port || (tls ? '443' : '80'), tls })
  const raw = httpStore.get().raw
  httpStore.set({ raw: setHeaderInText(setTargetInText(raw, `${u.pathname}${u.search}`), 'Host', u.host) })
}

/** The URL the target bar and the request line make together, shown while the URL box is not being typed in. */
export function urlOf(t: { host: string; port: string; tls: boolean }, raw: string): string {
  const target = /^\S+[ \t]+(\/\S*)/.exec(raw)?.[1] ?? '/'
  const host = t.host.includes(':') ? `[${t.host}]` : t.host
  const port = t.port === (t.tls ? '443' : '80') ? '' : `:${t.port}`
  return `${t.tls ? 'https' : 'http'}://${host}${port}${target}`
}

export const setRaw = (raw: string): void => httpStore.set({ raw })
export const fixLength = (): void => setRaw(fixContentLength(httpStore.get().raw))
export const useCrlf = (): void => setRaw(useCrlfInHead(httpStore.get().raw))
/** The structured form's reading written back as text: the one place the user's odd bytes are rewritten, on request. */
export const normalise = (): void => setRaw(formatRequestText(parseRequestText(httpStore.get().raw).request))

/** Adds or replaces Authorization from the auth helper's fields (RFC 7617 §2 Basic, RFC 6750 §2.1 Bearer). */
export function applyAuth(): void {
  const { auth, raw } = httpStore.get()
  try {
    const value = auth.kind === 'basic' ? basicAuthorization(auth.user, auth.password) : bearerAuthorization(auth.token)
    httpStore.set({ raw: setHeaderInText(raw, 'Authorization', value), auth: { ...auth, error: null } })
  } catch (e) {
    httpStore.set({ auth: { ...auth, error: e instanceof Error ? e.message : String(e) } })
  }
}

export function copyCurl(): void {
  const s = httpStore.get()
  const { command, notes } = requestToCurl({ ...s.target, insecure: !s.target.verify }, s.raw)
  if (s.target.tls && s.target.caPem.trim()) notes.push('The extra CA is text here; save it to a file and add --cacert FILE.')
  httpStore.set({ curl: { command, notes, copied: false } })
  void navigator.clipboard
    ?.writeText(command)
    .then(() => httpStore.set((p) => (p.curl?.command === command ? { ...p, curl: { ...p.curl, copied: true } } : p)))
    .catch(() => undefined)
}

export function importCurl(): void {
  const text = httpStore.get().importText
  if (!text.trim()) return httpStore.set({ importFindings: [{ severity: 'error', code: 'CURL_EMPTY', message: 'Paste a curl command line first.' }] })
  let imported: ReturnType<typeof curlToRequest>
  try {
    imported = curlToRequest(text)
  } catch (e) {
    return httpStore.set({ importFindings: [{ severity: 'error', code: 'CURL_UNREADABLE', message: e instanceof Error ? e.message : String(e) }] })
  }
  const { target, raw, findings } = imported
  if (!raw) return httpStore.set({ importFindings: findings })
  const tls = target.tls
  setTarget({ host: target.host, port: target.port, tls, address: target.address, verify: !target.insecure, protocol: target.protocol })
  const url = `${tls ? 'https' : 'http'}://${target.host.includes(':') ? `[${target.host}]` : target.host}:${target.port}${parseRequestText(raw).request.target}`
  httpStore.set({ raw, url, importFindings: findings })
}

/** Puts a past request back in the editor and the target bar (and its answer, when this session still has it). */
export function restore(entry: HistoryEntry): void {
  const exchange = httpStore.get().exchanges[entry.id]
  // Without its answer (a past session's entry), the old answer goes: it belongs to another request.
  httpStore.set({ raw: entry.raw, target: entry.target, section: 'request', shown: exchange ?? null, error: null })
}

export function clearHistory(): void {
  saveHistory([])
  httpStore.set({ history: [] })
}

/** A file the user downloads, through a Blob link (the renderer has no disk). */
function download(name: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }))
  const a = document.createElement('a')
  a.href = url
  a.download = name
  document.body.append(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}

/** HAR 1.2 of the shown exchange, or of every exchange in the history this session still holds. */
export function exportHar(which: 'shown' | 'history'): number {
  const s = httpStore.get()
  const entries: Exchange[] = which === 'shown' ? (s.shown ? [s.shown] : []) : s.history.map((h) => s.exchanges[h.id]).filter((e): e is Exchange => !!e).reverse()
  if (!entries.length) return 0
  const har = toHar(entries.map((e) => ({ target: { host: e.input.target.host, port: e.input.target.port, tls: e.input.target.tls }, result: e.result, startedAt: e.startedAt })))
  download(`wirebench-${new Date().toISOString().replace(/[:.]/g, '-')}.har`, JSON.stringify(har, null, 2), 'application/json')
  return entries.length
}

export async function loadJar(): Promise<void> {
  const r = await api.call('http.jar.list', {})
  httpStore.set(r.ok ? { jar: r.value, jarError: null } : { jarError: r.error })
}

export async function deleteCookie(c: { name: string; domain: string; path: string }): Promise<void> {
  const r = await api.call('http.jar.delete', { name: c.name, domain: c.domain, path: c.path })
  if (!r.ok) return httpStore.set({ jarError: r.error })
  await loadJar()
}

export async function clearJar(): Promise<void> {
  const r = await api.call('http.jar.clear', {})
  if (!r.ok) return httpStore.set({ jarError: r.error })
  await loadJar()
}
