// Port numbers and service names, both ways, from IANA's Service Name and Transport Protocol Port Number Registry.
// The table (about 12,000 rows) is too big to bundle into the renderer, so it ships as
// resources/iana/service-names-port-numbers.json: main reads that file and hands the parsed JSON to
// buildPortTable(); everything here is pure.

import { type Parsed, ok, fail, quote } from './result'

export type PortProtocol = 'tcp' | 'udp' | 'sctp' | 'dccp'
export const PORT_PROTOCOLS: readonly PortProtocol[] = ['tcp', 'udp', 'sctp', 'dccp']

/** RFC 6335 section 6: system (well-known) 0–1023, user (registered) 1024–49151, dynamic/private 49152–65535. */
export type PortRange = 'system' | 'user' | 'dynamic'

export interface PortEntry {
  port: number
  protocol: PortProtocol
  /** Service names in IANA's order, the primary first; empty for a reserved port. */
  names: string[]
  description: string
}

export interface PortTable {
  readonly entries: readonly PortEntry[]
  readonly byPort: ReadonlyMap<number, readonly PortEntry[]>
  /** Keyed by lowercase name. */
  readonly byName: ReadonlyMap<string, readonly PortEntry[]>
}

export function portRange(port: number): PortRange {
  if (port <= 1023) return 'system'
  if (port <= 49151) return 'user'
  return 'dynamic'
}

function isProtocol(v: unknown): v is PortProtocol {
  return typeof v === 'string' && (PORT_PROTOCOLS as readonly string[]).includes(v)
}

/** Validates the parsed resources JSON ({ entries: [[port, protocol, names[], description], …] }) and indexes it. */
export function buildPortTable(json: unknown): Parsed<PortTable> {
  const rows = typeof json === 'object' && json !== null ? (json as { entries?: unknown }).entries : undefined
  if (!Array.isArray(rows)) return fail('the port table has no "entries" array')
  const entries: PortEntry[] = []
  const byPort = new Map<number, PortEntry[]>()
  const byName = new Map<string, PortEntry[]>()
  for (let i = 0; i < rows.length; i++) {
    const row: unknown = rows[i]
    if (!Array.isArray(row) || row.length !== 4) return fail(`port table entry ${i} is not [port, protocol, names, description]`)
    const [port, protocol, names, description] = row as unknown[]
    if (typeof port !== 'number' || !Number.isInteger(port) || port < 0 || port > 65535) return fail(`port table entry ${i} has a bad port`)
    if (!isProtocol(protocol)) return fail(`port table entry ${i} has an unknown protocol`)
    if (!Array.isArray(names) || !names.every((n) => typeof n === 'string')) return fail(`port table entry ${i} has bad names`)
    if (typeof description !== 'string') return fail(`port table entry ${i} has a bad description`)
    const entry: PortEntry = { port, protocol, names: names as string[], description }
    entries.push(entry)
    const atPort = byPort.get(port)
    if (atPort) atPort.push(entry)
    else byPort.set(port, [entry])
    for (const name of entry.names) {
      const key = name.toLowerCase()
      const withName = byName.get(key)
      if (withName) withName.push(entry)
      else byName.set(key, [entry])
    }
  }
  return ok({ entries, byPort, byName })
}

export interface PortLookup {
  port: number
  range: PortRange
  /** What the registry lists at this port (for the protocol asked, or all protocols). Empty: unassigned. */
  services: PortEntry[]
}

/** What is registered at a port number. */
export function lookupPort(table: PortTable, port: number, protocol?: PortProtocol): Parsed<PortLookup> {
  if (!Number.isInteger(port) || port < 0 || port > 65535) return fail(`${port} is not a port number (0 … 65535)`)
  const all = table.byPort.get(port) ?? []
  return ok({ port, range: portRange(port), services: all.filter((e) => protocol === undefined || e.protocol === protocol) })
}

/** The ports a service name is registered at (case-insensitive; aliases such as 'www' for 80 count). */
export function lookupService(table: PortTable, name: string, protocol?: PortProtocol): PortEntry[] {
  const all = table.byName.get(name.trim().toLowerCase()) ?? []
  return all.filter((e) => protocol === undefined || e.protocol === protocol)
}

export type PortQueryAnswer =
  | ({ kind: 'port' } & PortLookup)
  | { kind: 'service'; name: string; services: PortEntry[] }

/**
 * One search box for both directions: '443', '443/tcp', 'https', 'https/udp', 'HTTPS'. A number is a port, anything
 * else a service name.
 */
export function queryPorts(table: PortTable, query: string): Parsed<PortQueryAnswer> {
  const text = query.trim()
  if (text.length === 0) return fail('type a port number or a service name')
  let subject = text
  let protocol: PortProtocol | undefined
  const slash = text.lastIndexOf('/')
  if (slash >= 0) {
    // 'https/tcp' names a protocol; in 'cl/1' (a real service name) the slash is part of the name.
    const p = text.slice(slash + 1).trim().toLowerCase()
    if (isProtocol(p)) {
      protocol = p
      subject = text.slice(0, slash).trim()
    } else if (/^[0-9]+$/.test(text.slice(0, slash).trim())) {
      return fail(`${quote(p)} is not a transport protocol; use tcp, udp, sctp or dccp`)
    }
  }
  if (/^[0-9]+$/.test(subject)) {
    if (subject.length > 5 || Number(subject) > 65535) return fail(`${subject} is not a port number: ports run from 0 to 65535`)
    const found = lookupPort(table, Number(subject), protocol)
    return found.ok ? ok({ kind: 'port', ...found.value }) : found
  }
  const notName = numberLikeError(subject)
  if (notName) return fail(notName)
  if (/\s/.test(subject)) return fail(`${quote(subject)} is neither a port number nor a service name (names have no spaces)`)
  return ok({ kind: 'service', name: subject, services: lookupService(table, subject, protocol) })
}

/**
 * Words for text that is a number but not a port number ('-1', '3.5', '1e3', '0x50'), which would otherwise be looked
 * up as a service name and answer "no registration". RFC 6335 §5.1 names must contain a letter and may not start
 * with '-', so none of these can be a name either.
 */
function numberLikeError(subject: string): string | null {
  const q = quote(subject)
  if (/^[-−]\s*[0-9]/.test(subject)) return `${q} is not a port number: ports are never negative (0 … 65535)`
  if (/^\+\s*[0-9]+$/.test(subject)) return `${q} is not a port number: write the digits without a sign`
  if (/^0x[0-9a-f]+$/i.test(subject)) return `${q} is not a port number here: write ports in decimal (0x50 is 80)`
  if (/^[0-9]*[.,][0-9]+$/.test(subject) || /^[0-9]+[.,]$/.test(subject)) return `${q} is not a port number: ports are whole numbers (0 … 65535)`
  if (/^[0-9]+(\.[0-9]+)?e[+-]?[0-9]+$/i.test(subject)) return `${q} is not a port number: write it in plain digits, without an exponent`
  return null
}
