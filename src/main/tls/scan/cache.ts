// Scan results kept for the session per host:port:sni, so the tab and the CLI in one session do not scan a server
// again (the "results cached per host"); a `fresh` scan replaces the entry. Bounded in count and age.
import type { ScanResult } from '../../../shared/tls/scan-model'

const MAX_ENTRIES = 64
const MAX_AGE_MS = 30 * 60 * 1000

const entries = new Map<string, { at: number; result: ScanResult }>()

export const cacheKey = (host: string, port: number, sni: string | null): string => `${host.toLowerCase()}:${port}:${sni ?? ''}`

export function cachedScan(key: string, now = Date.now()): ScanResult | undefined {
  const e = entries.get(key)
  if (!e) return undefined
  if (now - e.at > MAX_AGE_MS) {
    entries.delete(key)
    return undefined
  }
  return structuredClone(e.result)
}

export function rememberScan(key: string, result: ScanResult, now = Date.now()): void {
  entries.delete(key)
  entries.set(key, { at: now, result: structuredClone(result) })
  while (entries.size > MAX_ENTRIES) entries.delete(entries.keys().next().value as string)
}

export function clearScanCache(): void {
  entries.clear()
}
