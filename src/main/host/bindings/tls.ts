// Binds the TLS scan (issue 14): the scan is a cancellable job whose progress becomes job.progress events; the session
// keeps its latest scans (one per target, a few targets) so the page can ask for one as Markdown without sending the
// result back, and forgets them when the session ends.
import { scanFileName, scanKey, TLS_SCAN_LIMITS, type tlsMethods } from '../../../shared/contract/tls'
import { WirebenchError } from '../../../shared/errors'
import type { ScanResult } from '../../../shared/tls/scan-model'
import { scanTls, scanToMarkdown } from '../../tls'
import type { Binding } from './binding'

export function bindTls(): Binding<keyof typeof tlsMethods> {
  const held = new Map<string, ScanResult>()
  const keep = (r: ScanResult) => {
    const key = scanKey(r)
    // Map order is insertion order: re-inserting makes this the newest, the first key the oldest.
    held.delete(key)
    held.set(key, r)
    while (held.size > TLS_SCAN_LIMITS.kept) held.delete(held.keys().next().value as string)
  }
  return {
    handlers: {
      'tls.scan': async (input, job) => {
        const result = await scanTls(
          {
            host: input.host,
            port: input.port,
            ...(input.sni ? { sni: input.sni } : {}),
            timeoutMs: input.timeoutMs,
            concurrency: input.concurrency,
            ...(input.maxConnectionsPerSecond !== undefined ? { maxConnectionsPerSecond: input.maxConnectionsPerSecond } : {}),
            hsts: input.hsts,
            rootsPem: input.rootsPem,
            fresh: input.fresh
          },
          { signal: job.signal, onProgress: (p) => job.progress({ done: p.done, total: p.total, message: p.phase }) }
        )
        keep(result)
        return result
      },
      'tls.scanMarkdown': (ref) => {
        const r = held.get(scanKey(ref))
        if (!r) throw new WirebenchError('NOT_FOUND', `This session holds no scan of ${ref.host}:${ref.port}; scan it again to export it.`)
        return { filename: scanFileName(r, 'md'), markdown: scanToMarkdown(r) }
      }
    },
    dispose() {
      held.clear()
    }
  }
}
