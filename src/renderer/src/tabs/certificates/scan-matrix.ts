// The protocol × suite matrix of a TLS scan as rows and columns: one row per suite found anywhere, one column per
// protocol the server accepts, each cell saying whether the suite is accepted there and, when the server enforces its
// own order, its rank. Pure, so the ordering rules are tested without a page.
import { PROTOCOLS, type ProtocolName, type ScanResult, type SuiteInfo } from '../../../../shared/tls/scan-model'

export interface MatrixCell {
  /** 1-based rank in the server's order for this protocol; null when the client's order decides (no rank). */
  rank: number | null
}

export interface MatrixRow {
  name: string
  info: SuiteInfo | null
  cells: Partial<Record<ProtocolName, MatrixCell>>
}

export interface ScanMatrix {
  /** Newest protocol first: that is where a client normally lands. */
  columns: ProtocolName[]
  rows: MatrixRow[]
}

export function scanMatrix(r: ScanResult): ScanMatrix {
  const columns = [...PROTOCOLS].reverse().filter((p) => r.protocols[p] || (r.ciphers[p]?.length ?? 0) > 0)
  const rows = new Map<string, MatrixRow>()
  // Walking the newest protocol first puts TLS 1.3 suites on top, then each older protocol's in its order.
  for (const p of columns) {
    const names = r.ciphers[p] ?? []
    const infos = new Map((r.suites[p] ?? []).map((s) => [s.name, s]))
    const ranked = r.serverPreferenceBy[p] === true || (r.serverPreferenceBy[p] === undefined && r.serverPreference)
    names.forEach((name, i) => {
      let row = rows.get(name)
      if (!row) rows.set(name, (row = { name, info: infos.get(name) ?? null, cells: {} }))
      row.info ??= infos.get(name) ?? null
      row.cells[p] = { rank: ranked ? i + 1 : null }
    })
  }
  return { columns, rows: [...rows.values()] }
}

const STRENGTH_WORDS: Record<SuiteInfo['strength'], string> = {
  strong: 'strong',
  acceptable: 'acceptable',
  weak: 'weak',
  insecure: 'insecure'
}

/**
 * A cell's words for screen readers and the tooltip: what it is and why. `orderKnown` false: the scan could not tell
 * whose order decides for this protocol (serverPreferenceBy null, too few suites), so no rank and no "client's order".
 */
export function cellTitle(row: MatrixRow, p: ProtocolName, orderKnown = true): string {
  const cell = row.cells[p]
  if (!cell) return `${row.name}: not accepted with ${p}`
  const i = row.info
  const parts = [`${row.name} with ${p}`, cell.rank ? `#${cell.rank} in the server's order` : orderKnown ? 'accepted (the client’s order decides)' : 'accepted']
  if (i) {
    parts.push(`${STRENGTH_WORDS[i.strength]}: ${i.strengthWhy}`)
    parts.push(i.forwardSecrecy ? 'forward secrecy (ephemeral key exchange)' : 'no forward secrecy (RSA key transport)')
    parts.push(i.aead ? 'AEAD cipher' : 'not AEAD (MAC-then-encrypt)')
  }
  return parts.join(' · ')
}
