// The walkthroughs one session holds (the last WALK_LIMITS.kept, with their packets and secrets) so the page can
// export them later, and the exports themselves: JSON, the SSLKEYLOGFILE key log, pcapng with its Decryption Secrets
// Block (so Wireshark opens it decrypted), and one self-contained HTML page. The page first gets a summary of each step
// (no bytes, no fields: a 2,000-record walkthrough is megabytes of hex) and asks for one step's detail when shown.
import { WALK_LIMITS, type WalkExport } from '../../shared/contract/walkthrough'
import { WirebenchError } from '../../shared/errors'
import type { WalkStep, Walkthrough } from '../../shared/walkthrough/model'
import type { CapturedPacket } from './capture'
import { walkthroughHtml } from './export-html'
import { writePcapng } from './pcapng'
import { encodedSummary } from './step-detail'

export type WalkExportFormat = 'json' | 'html' | 'keylog' | 'pcapng'

/** The walkthrough as `walk --json` prints it and the JSON export writes it (secrets included: the key log). */
export function walkthroughJson(w: Walkthrough): string {
  return JSON.stringify(w, null, 2)
}

/** A file name from the URL's host and the time, with nothing a file system would mind. */
function fileBase(w: Walkthrough): string {
  let host = 'walkthrough'
  try {
    host = new URL(w.url).hostname.replace(/[^A-Za-z0-9.-]/g, '_') || host
  } catch {
    // keep the default
  }
  const when = new Date(w.startedAt).toISOString().replace(/[:.]/g, '-').replace(/-\d\d\dZ$/, 'Z')
  return `wirebench-${host}-${when}`
}

/** One export of a held walkthrough, as bytes with its name and type. */
export function exportWalkthrough(w: Walkthrough, packets: CapturedPacket[], format: WalkExportFormat): { filename: string; mime: string; bytes: Uint8Array } {
  const base = fileBase(w)
  const text = (s: string): Uint8Array => new TextEncoder().encode(s)
  switch (format) {
    case 'json':
      return { filename: `${base}.json`, mime: 'application/json', bytes: text(walkthroughJson(w)) }
    case 'html':
      return { filename: `${base}.html`, mime: 'text/html', bytes: text(walkthroughHtml(w)) }
    case 'keylog':
      if (!w.keylog) throw new WirebenchError('INVALID_INPUT', 'This walkthrough has no key log: the connection was not TLS.')
      return { filename: `${base}.keylog`, mime: 'text/plain', bytes: text(w.keylog) }
    case 'pcapng':
      if (packets.length === 0) throw new WirebenchError('INVALID_INPUT', `No packets were captured for this walkthrough (${w.captureNote}), so there is no pcapng to write.`)
      return { filename: `${base}.pcapng`, mime: 'application/vnd.tcpdump.pcap', bytes: writePcapng({ packets, keylog: w.keylog, comment: `Wirebench walkthrough of ${w.url}` }) }
  }
}

/** A step as the page first gets it: everything but its bytes (plaintext and as on the wire) and their fields, which
 * walk.step gives when the page shows it. A step with no bytes is sent as it is. */
export function summaryStep(s: WalkStep): WalkStep {
  // a step fresh from the analyser still holds its detail encoded: summarised without decoding it
  const encoded = encodedSummary(s)
  if (encoded) return encoded
  if (!s.bytesHex && !s.wireHex && s.spans.length === 0) return s
  const { wireHex: _wire, ...rest } = s
  return { ...rest, bytesHex: '', spans: [], byteLength: s.bytesHex.length >> 1, hasDetail: true }
}

/** The walkthrough with every step summarised (walk.record with detail 'summary'). */
export function summaryWalkthrough(w: Walkthrough): Walkthrough {
  return { ...w, steps: w.steps.map(summaryStep) }
}

/** The session's walkthroughs, newest last; the oldest goes when a new one would pass the limit. */
export class HeldWalkthroughs {
  private readonly held = new Map<string, { walkthrough: Walkthrough; packets: CapturedPacket[] }>()

  constructor(private readonly kept: number = WALK_LIMITS.kept) {}

  add(walkthrough: Walkthrough, packets: CapturedPacket[]): void {
    this.held.set(walkthrough.id, { walkthrough, packets })
    while (this.held.size > this.kept) this.held.delete(this.held.keys().next().value!)
  }

  get(id: string): { walkthrough: Walkthrough; packets: CapturedPacket[] } {
    const h = this.held.get(id)
    if (!h) throw new WirebenchError('NOT_FOUND', `No walkthrough ${id} is held any more (the last ${this.kept} are kept while the window is open).`)
    return h
  }

  /** One step of a held walkthrough in full: its bytes, fields and record as on the wire. */
  step(id: string, stepId: string): WalkStep {
    const s = this.get(id).walkthrough.steps.find((x) => x.id === stepId)
    if (!s) throw new WirebenchError('NOT_FOUND', `Walkthrough ${id} has no step ${stepId}.`)
    return s
  }

  list(): { id: string; url: string; startedAt: number; steps: number }[] {
    return [...this.held.values()].map(({ walkthrough: w }) => ({ id: w.id, url: w.url, startedAt: w.startedAt, steps: w.steps.length }))
  }

  forget(id: string): void {
    this.held.delete(id)
  }

  export(id: string, format: WalkExportFormat): WalkExport {
    const h = this.get(id)
    const e = exportWalkthrough(h.walkthrough, h.packets, format)
    return { filename: e.filename, mime: e.mime, dataBase64: Buffer.from(e.bytes).toString('base64') }
  }

  clear(): void {
    this.held.clear()
  }
}
