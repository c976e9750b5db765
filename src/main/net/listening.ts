// "What is listening on this port here, and who can reach it?": this machine's listening sockets read from Linux's
// /proc/net tables, each with its bind address in words, and the owning process where /proc lets us see it.
import { readdir, readFile, readlink } from 'node:fs/promises'
import { endianness, networkInterfaces } from 'node:os'
import type { ListeningSocket, ListeningSockets } from '../../shared/contract'
import { formatAddress, parseAddress } from '../../shared/ip'

const TABLES = [
  { file: '/proc/net/tcp', protocol: 'tcp', family: 'IPv4' },
  { file: '/proc/net/tcp6', protocol: 'tcp', family: 'IPv6' },
  { file: '/proc/net/udp', protocol: 'udp', family: 'IPv4' },
  { file: '/proc/net/udp6', protocol: 'udp', family: 'IPv6' }
] as const

const TCP_LISTEN = '0A'
/** A UDP socket that is bound but not connected shows as state 07 (TCP_CLOSE) with a zero remote address. */
const UDP_UNCONNECTED = '07'
/** Looking through every process's descriptors is a nicety; it never holds the answer up longer than this. */
const PROCESS_SEARCH_BUDGET_MS = 400
const MAX_TABLE_ROWS = 100_000

/** The kernel prints each 32-bit word of an address in host byte order; this turns one word back into bytes. */
function wordBytes(hex8: string, little: boolean): number[] {
  const bytes = (hex8.match(/../g) ?? []).map((b) => parseInt(b, 16))
  return little ? bytes.reverse() : bytes
}

/** "0100007F" → 127.0.0.1; 32 hex digits → an IPv6 address (four host-order words). */
export function procAddress(hex: string, little = endianness() === 'LE'): string | null {
  if (hex.length === 8) return wordBytes(hex, little).join('.')
  if (hex.length !== 32) return null
  const bytes: number[] = []
  for (let i = 0; i < 32; i += 8) bytes.push(...wordBytes(hex.slice(i, i + 8), little))
  const groups: string[] = []
  for (let i = 0; i < 16; i += 2) groups.push((((bytes[i] as number) << 8) | (bytes[i + 1] as number)).toString(16))
  const parsed = parseAddress(groups.join(':'))
  return parsed.ok ? formatAddress(parsed.value) : null
}

/** The rows of one /proc/net table that are listening (TCP) or bound and unconnected (UDP). */
export function parseProcNetTable(text: string, protocol: 'tcp' | 'udp', little = endianness() === 'LE'): { address: string; port: number; inode: number }[] {
  const out: { address: string; port: number; inode: number }[] = []
  const lines = text.split('\n')
  for (let i = 1; i < lines.length && i <= MAX_TABLE_ROWS; i++) {
    const f = (lines[i] as string).trim().split(/\s+/)
    if (f.length < 10) continue
    const [localHex, localPortHex] = (f[1] as string).split(':')
    const [remoteHex, remotePortHex] = (f[2] as string).split(':')
    const state = f[3]
    if (protocol === 'tcp' ? state !== TCP_LISTEN : state !== UDP_UNCONNECTED || !/^0+$/.test(`${remoteHex}${remotePortHex}`)) continue
    const address = procAddress(localHex ?? '', little)
    const port = parseInt(localPortHex ?? '', 16)
    if (address === null || !Number.isInteger(port)) continue
    out.push({ address, port, inode: Number(f[9]) })
  }
  return out
}

/** Which interface holds an address, so "192.168.1.20" can read "only via eth0". */
function interfaceOf(address: string): string | null {
  for (const [name, addrs] of Object.entries(networkInterfaces())) {
    if (addrs?.some((a) => a.address.split('%')[0] === address)) return name
  }
  return null
}

/** Who can reach a socket bound to this address: the question behind "why can my phone not see my dev server?". */
export function reachOf(address: string): Pick<ListeningSocket, 'reach' | 'words'> {
  const plain = address.toLowerCase().replace(/^::ffff:(?=\d+\.)/, '')
  if (plain === '0.0.0.0') return { reach: 'everywhere', words: 'every IPv4 interface — reachable from the network' }
  if (plain === '::') return { reach: 'everywhere', words: 'every interface, IPv6 and usually IPv4 too — reachable from the network' }
  if (plain.startsWith('127.') || plain === '::1') return { reach: 'loopback', words: 'only this machine (loopback)' }
  if (plain.startsWith('fe80:')) return { reach: 'link', words: 'only the local link, through the interface holding this address' }
  const iface = interfaceOf(plain)
  return { reach: 'interface', words: iface ? `only through ${iface}, the interface holding this address` : 'only through the interface holding this address' }
}

/**
 * Socket inode → owning process, by reading /proc/<pid>/fd links (the same way ss -p and lsof do). Processes of
 * other users are unreadable without privileges and are skipped; the whole search stops at its time budget.
 */
async function processesOf(inodes: Set<number>, deadline: number): Promise<{ owners: Map<number, { pid: number; name: string }>; cut: boolean }> {
  const owners = new Map<number, { pid: number; name: string }>()
  let pids: string[]
  try {
    pids = (await readdir('/proc')).filter((n) => /^\d+$/.test(n))
  } catch {
    return { owners, cut: false }
  }
  for (const pid of pids) {
    if (owners.size === inodes.size) break
    if (Date.now() > deadline) return { owners, cut: true }
    let fds: string[]
    try {
      fds = await readdir(`/proc/${pid}/fd`)
    } catch {
      continue
    }
    const found: number[] = []
    for (const fd of fds) {
      const target = await readlink(`/proc/${pid}/fd/${fd}`).catch(() => '')
      const m = /^socket:\[(\d+)\]$/.exec(target)
      if (m && inodes.has(Number(m[1]))) found.push(Number(m[1]))
    }
    if (found.length === 0) continue
    const name = (await readFile(`/proc/${pid}/comm`, 'utf8').catch(() => '?')).trim()
    for (const inode of found) owners.set(inode, { pid: Number(pid), name })
  }
  return { owners, cut: false }
}

/** This machine's listening sockets, optionally only those on one port, sorted by port. */
export async function listeningSockets(filter: { port?: number } = {}): Promise<ListeningSockets> {
  if (process.platform !== 'linux') {
    return { available: false, reason: `Listing this machine's sockets is not available on ${process.platform} yet (it reads Linux's /proc/net).`, sockets: [], processSearchCut: false }
  }
  const started = Date.now()
  const sockets: ListeningSocket[] = []
  let readable = 0
  for (const table of TABLES) {
    const text = await readFile(table.file, 'utf8').catch(() => null)
    if (text === null) continue
    readable++
    for (const row of parseProcNetTable(text, table.protocol)) {
      if (filter.port !== undefined && row.port !== filter.port) continue
      sockets.push({ protocol: table.protocol, family: table.family, address: row.address, port: row.port, inode: row.inode, process: null, ...reachOf(row.address) })
    }
  }
  if (readable === 0) return { available: false, reason: 'This system does not let Wirebench read /proc/net.', sockets: [], processSearchCut: false }
  const wanted = new Set(sockets.map((s) => s.inode).filter((n) => n > 0))
  const { owners, cut } = wanted.size ? await processesOf(wanted, started + PROCESS_SEARCH_BUDGET_MS) : { owners: new Map(), cut: false }
  for (const s of sockets) s.process = owners.get(s.inode) ?? null
  sockets.sort((a, b) => a.port - b.port || a.protocol.localeCompare(b.protocol) || a.address.localeCompare(b.address))
  return { available: true, reason: null, sockets, processSearchCut: cut }
}
