// The renderer's one way to main: the contract's methods and events over whichever transport this shell has —
// the Electron preload (window.wirebench) or the browser shell's token-protected WebSocket.
import type { EventEnvelope, EventName, InputOf, JobFinished, JobMethodName, JobProgress, MethodName, OutputOf, PayloadOf, Result, ResultOf } from '../../../shared/contract'

interface PreloadApi {
  methods: Record<string, (input: unknown) => Promise<Result<unknown>>>
  onEvents(listener: (batch: EventEnvelope[]) => void): () => void
}

declare global {
  interface Window {
    wirebench?: PreloadApi
  }
}

export type TransportState = 'connecting' | 'ready' | 'closed'

interface Transport {
  call(method: string, input: unknown): Promise<Result<unknown>>
}

type Listener = (payload: never) => void
const listeners = new Map<string, Set<Listener>>()
const stateListeners = new Set<(s: TransportState) => void>()
let state: TransportState = 'connecting'

function setState(next: TransportState): void {
  state = next
  for (const l of stateListeners) l(next)
}

function dispatch(batch: EventEnvelope[]): void {
  for (const envelope of batch) {
    const set = listeners.get(envelope.name)
    if (set) for (const l of set) (l as (p: unknown) => void)(envelope.payload)
  }
}

function electronTransport(preload: PreloadApi): Transport {
  preload.onEvents(dispatch)
  setState('ready')
  return {
    call: (method, input) => {
      const fn = preload.methods[method]
      if (!fn) return Promise.resolve({ ok: false, error: { code: 'UNKNOWN_METHOD', message: `Unknown method ${method}` } })
      return fn(input)
    }
  }
}

const TOKEN_KEY = 'wirebench.token'

function browserToken(): string {
  const params = new URLSearchParams(location.search)
  const fromUrl = params.get('token')
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl)
    // Keep the token out of the address bar, history and screenshots.
    history.replaceState(null, '', location.pathname)
    return fromUrl
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? ''
}

function webSocketTransport(): Transport {
  const token = browserToken()
  const pending = new Map<number, (r: Result<unknown>) => void>()
  let nextId = 1
  const ws = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`)
  const ready = new Promise<void>((resolve) => {
    ws.addEventListener('open', () => ws.send(JSON.stringify({ t: 'hello', token })))
    ws.addEventListener('message', (event) => {
      const message = JSON.parse(String(event.data)) as { t: string; id?: number; result?: Result<unknown>; events?: EventEnvelope[] }
      if (message.t === 'ready') {
        setState('ready')
        resolve()
      } else if (message.t === 'result' && message.id !== undefined) {
        pending.get(message.id)?.(message.result as Result<unknown>)
        pending.delete(message.id)
      } else if (message.t === 'events' && message.events) {
        dispatch(message.events)
      }
    })
  })
  ws.addEventListener('close', () => {
    setState('closed')
    for (const resolve of pending.values()) {
      resolve({ ok: false, error: { code: 'DISCONNECTED', message: 'Lost the connection to Wirebench. Is `npm start` still running?' } })
    }
    pending.clear()
  })
  return {
    async call(method, input) {
      if (state === 'closed') return { ok: false, error: { code: 'DISCONNECTED', message: 'Not connected to Wirebench.' } }
      await ready
      const id = nextId++
      return new Promise((resolve) => {
        pending.set(id, resolve)
        ws.send(JSON.stringify({ t: 'call', id, method, input }))
      })
    }
  }
}

let transport: Transport | null = null
function getTransport(): Transport {
  transport ??= window.wirebench ? electronTransport(window.wirebench) : webSocketTransport()
  return transport
}

/** A running job, as startJob gives it to the page. */
export interface JobHandle<R> {
  jobId: string
  /** Its end: the result, or an error value (CANCELLED when cancelled or when its window went away). */
  result: Promise<Result<R>>
  cancel(): void
}

export const api = {
  shell: (): 'electron' | 'browser' => (window.wirebench ? 'electron' : 'browser'),
  call<M extends MethodName>(method: M, input: InputOf<M>): Promise<Result<OutputOf<M>>> {
    return getTransport().call(method, input) as Promise<Result<OutputOf<M>>>
  },
  on<E extends EventName>(name: E, listener: (payload: PayloadOf<E>) => void): () => void {
    getTransport()
    let set = listeners.get(name)
    if (!set) listeners.set(name, (set = new Set()))
    set.add(listener as Listener)
    return () => set.delete(listener as Listener)
  },
  /**
   * Starts a job (a method declared with job()): resolves once main has accepted it, with its id, the promise of
   * its end (result or error value, CANCELLED when cancelled) and a cancel function. Progress goes to onProgress.
   */
  async startJob<M extends JobMethodName>(
    method: M,
    input: InputOf<M>,
    { onProgress }: { onProgress?: (progress: JobProgress) => void } = {}
  ): Promise<Result<JobHandle<ResultOf<M>>>> {
    // Listen before calling: a quick job's events may arrive before its id does.
    let jobId: string | null = null
    const early: JobFinished[] = []
    let finish: (end: JobFinished) => void = (end) => void early.push(end)
    const stopProgress = api.on('job.progress', (p) => {
      if (p.jobId === jobId) onProgress?.(p)
    })
    const stopFinished = api.on('job.finished', (end) => {
      if (jobId === null || end.jobId === jobId) finish(end)
    })
    const started = await api.call(method, input)
    if (!started.ok) {
      stopProgress()
      stopFinished()
      return started
    }
    const id = (started.value as { jobId: string }).jobId
    jobId = id
    const result = new Promise<Result<ResultOf<M>>>((resolve) => {
      finish = (end) => {
        if (end.jobId !== id) return
        stopProgress()
        stopFinished()
        resolve('error' in end ? { ok: false, error: end.error } : { ok: true, value: end.result as ResultOf<M> })
      }
      for (const end of early) finish(end)
    })
    return { ok: true, value: { jobId: id, result, cancel: () => void api.call('job.cancel', { jobId: id }) } }
  },
  /** Starts a job and waits for its end: for callers that need no progress; `onStarted` gets the handle to cancel. */
  async runJob<M extends JobMethodName>(
    method: M,
    input: InputOf<M>,
    { onStarted, onProgress }: { onStarted?: (job: JobHandle<ResultOf<M>>) => void; onProgress?: (progress: JobProgress) => void } = {}
  ): Promise<Result<ResultOf<M>>> {
    const started = await api.startJob(method, input, { onProgress })
    if (!started.ok) return started
    onStarted?.(started.value)
    return started.value.result
  },
  state: (): TransportState => state,
  onState(listener: (s: TransportState) => void): () => void {
    getTransport()
    stateListeners.add(listener)
    return () => stateListeners.delete(listener)
  }
}
