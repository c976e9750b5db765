// A walk's capture started before the engines are loaded (the CLI's `walk`): when the URL's address is known without a
// lookup (an IP literal, or --resolve), tcpdump's start-up (~30 ms) runs beside the loading instead of after it. The
// filter is the one the recorder would give it (record.ts), and the recorder adopts the capture as its first.
import net from 'node:net'
import { tryCapture, type Capture } from './capture'

export interface StartedCapture {
  capture: Capture | null
  /** How it went, in words: the tool that captures, or why nothing is captured. */
  note: string
}

/**
 * Starts the capture for a walk of `url` to `address` (or the URL's IP literal); null when it must wait for DNS.
 * `spawned` settles once tcpdump's process exists (or could not be started): until then the caller should not start
 * loading modules, which holds the event loop that the start needs.
 */
export function startWalkCapture(input: { url: string; address?: string; capture?: boolean }): { started: Promise<StartedCapture>; spawned: Promise<void> } | null {
  if (input.capture === false) return null
  let url: URL
  try {
    url = new URL(input.url)
  } catch {
    return null
  }
  const bare = url.hostname.replace(/^\[|\]$/g, '')
  const address = input.address ?? (net.isIP(bare) ? bare : null)
  if (address === null || (url.protocol !== 'https:' && url.protocol !== 'http:')) return null
  const port = url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80
  let onSpawn: () => void = () => undefined
  const spawned = new Promise<void>((resolve) => (onSpawn = resolve))
  const started = capturing([address], [port], undefined, onSpawn)
  void started.then(onSpawn, onSpawn)
  return { started, spawned }
}

/** tcpdump on these hosts and ports, or why not. */
export async function capturing(hosts: string[], ports: number[], signal?: AbortSignal, onSpawn?: () => void): Promise<StartedCapture> {
  const r = await tryCapture({ filter: { hosts, ports }, ...(signal ? { signal } : {}), ...(onSpawn ? { onSpawn } : {}) })
  return r.capture ? { capture: r.capture, note: `captured with ${r.tool}` } : { capture: null, note: r.why }
}
