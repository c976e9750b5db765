// The TLS scan's state (issue 14) outside the components: the running job (its handle, so Cancel works after a tab
// switch, and its progress), the last result and its error. The scan is started here, not in a component, for that
// reason; it reads the target from the From a server form and trusts the roots the user trusts there.
import { scanFileName, type JobProgress, type TlsScanInput } from '../../../../shared/contract'
import type { WireError } from '../../../../shared/errors'
import type { ScanResult } from '../../../../shared/tls/scan-model'
import { api, type JobHandle } from '../../app/api'
import { createStore, useStore } from '../../app/store'
import { certificateForms } from './forms-store'
import { downloadBlob } from './model'
import { certificatesStore } from './store'

export interface ScanState {
  result: ScanResult | null
  error: WireError | null
  /** Set while a scan runs: its handle (null until main accepted it) and latest progress. */
  running: { handle: JobHandle<ScanResult> | null; progress: JobProgress | null; target: string } | null
  /** A failed export, said next to its buttons. */
  exportError: WireError | null
}

export const scanStore = createStore<ScanState>({ result: null, error: null, running: null, exportError: null })

export const useScan = <S>(selector: (s: ScanState) => S): S => useStore(scanStore, selector)

/** The form's fields as the contract takes them, or the first one that is wrong, in words. */
export function scanInputFromForm(f: { serverHost: string; serverPort: string; serverSni: string }, rootsPem: string[]): TlsScanInput | WireError {
  const host = f.serverHost.trim()
  if (host === '') return { code: 'INVALID_INPUT', message: 'Enter the host to scan.' }
  const portText = f.serverPort.trim()
  if (portText !== '' && !/^\d+$/.test(portText)) return { code: 'INVALID_INPUT', message: `port: "${f.serverPort}" is not a port; a port is a whole number from 1 to 65535.` }
  return { host, port: portText === '' ? 443 : Number(portText), ...(f.serverSni.trim() ? { sni: f.serverSni.trim() } : {}), rootsPem }
}

/**
 * Scans the form's target, or `again`'s (Scan again on a report, whatever the form says now), then skipping the
 * session's cached result of that target.
 */
export async function startScan(again?: Pick<ScanResult, 'host' | 'port' | 'sni'>): Promise<void> {
  if (scanStore.get().running) return
  const fields = again ? { serverHost: again.host, serverPort: String(again.port), serverSni: again.sni ?? '' } : certificateForms.get()
  const formInput = scanInputFromForm(fields, certificatesStore.get().trustedRoots.map((r) => r.pem))
  if ('code' in formInput) return scanStore.set({ error: formInput })
  const input: TlsScanInput = { ...formInput, fresh: again !== undefined }
  // The last report goes as a new scan starts: it must never sit under the progress of another target.
  scanStore.set({ result: null, error: null, exportError: null, running: { handle: null, progress: null, target: `${input.host}:${input.port ?? 443}` } })
  try {
    const r = await api.runJob('tls.scan', input, {
      onStarted: (handle) => scanStore.set((s) => (s.running ? { ...s, running: { ...s.running, handle } } : s)),
      onProgress: (progress) => scanStore.set((s) => (s.running ? { ...s, running: { ...s.running, progress } } : s))
    })
    scanStore.set(r.ok ? { result: r.value, running: null } : { error: r.error, running: null })
  } catch (e) {
    scanStore.set({ error: { code: 'INTERNAL', message: e instanceof Error ? e.message : String(e) }, running: null })
  }
}

export function cancelScan(): void {
  scanStore.get().running?.handle?.cancel()
}

export function clearScan(): void {
  scanStore.set({ result: null, error: null, exportError: null })
}

/** The result exactly as `wirebench tls scan --json` prints it. */
export function exportScanJson(): void {
  const r = scanStore.get().result
  if (r) downloadBlob(scanFileName(r, 'json'), JSON.stringify(r, null, 2), 'application/json')
}

/** The engine's Markdown report of the scan main holds for this session. */
export async function exportScanMarkdown(): Promise<void> {
  const r = scanStore.get().result
  if (!r) return
  const md = await api.call('tls.scanMarkdown', { host: r.host, port: r.port, sni: r.sni })
  if (!md.ok) return scanStore.set({ exportError: md.error })
  scanStore.set({ exportError: null })
  downloadBlob(md.value.filename, md.value.markdown, 'text/markdown')
}
