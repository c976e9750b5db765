// `wirebench ip | port | split | summarize`: the Subnets tab's questions on the command line. The address math is
// the shared library the renderer uses; port lookups go through the router like the app's.
import {
  collapseNetworks,
  describeAddress,
  formatNetwork,
  listSubnets,
  MAX_EAGER_SUBNETS,
  parseNetwork,
  parseRange,
  splitByCount,
  splitByPrefix,
  summarizeRange,
  unwrap,
  type IPNetwork
} from '../../../shared/ip'
import { WirebenchError } from '../../../shared/errors'
import { bindSubnets } from '../../host/bindings/subnets'
import { caller, output, parse } from '../kit'

function invalid(message: string): never {
  throw new WirebenchError('INVALID_INPUT', message)
}

export function ip(argv: string[]): number {
  const { values, positionals } = parse(argv, {})
  const out = output(Boolean(values.json))
  const text = positionals.join(' ').trim()
  if (!text) invalid('give an address, e.g. wirebench ip 192.0.2.7/24')
  const d = describeAddress(text)
  if (out.json) {
    out.print(JSON.stringify(d, null, 2))
    return 0
  }
  const flags = Object.entries(d.flags).filter(([, v]) => v).map(([k]) => k)
  const rows: [string, string | null][] = [
    ['Address', `${d.address} (IPv${d.version})`],
    ['Network', d.network],
    ['Netmask', d.netmask],
    ['Host mask', d.hostmask],
    ['Broadcast', d.broadcast ?? d.broadcastNote],
    ['Hosts', `${d.firstHost} – ${d.lastHost}`],
    ['Addresses', d.numAddresses],
    ['Usable hosts', d.usableHosts],
    ['Compressed', d.compressed],
    ['Exploded', d.exploded],
    ['Integer', d.integer],
    ['Reverse DNS', d.reversePointer],
    ['Flags', flags.length ? flags.join(', ') : 'none'],
    ['IANA block', d.registry ? `${d.registry.network} ${d.registry.name} (${d.registry.rfc})` : d.multicast ? `multicast ${d.multicast.network} ${d.multicast.name} (${d.multicast.rfc})` : 'none (ordinary address space)'],
    ['Administered by', d.rir ? `${d.rir.registry}${d.rir.designation && !d.rir.designation.includes(d.rir.registry) ? ` — ${d.rir.designation}` : ''} (${d.rir.prefix})` : 'unknown']
  ]
  for (const [k, v] of rows) if (v !== null) out.print(`${k.padEnd(16)}${v}`)
  return 0
}

/** `port --listening [PORT]`: what listens here, with its bind address in words, like `ss -ltnup` but explained. */
async function listening(query: string, json: boolean): Promise<number> {
  const out = output(json)
  if (query && !/^\d{1,5}$/.test(query)) invalid(`--listening takes a port number, not "${query}"`)
  const answer = await caller(bindSubnets().handlers)('system.listening', query ? { port: Number(query) } : {})
  if (out.json) {
    out.print(JSON.stringify(answer, null, 2))
    return 0
  }
  if (!answer.available) throw new WirebenchError('SYSTEM_ERROR', answer.reason ?? 'Not available on this system.')
  if (answer.sockets.length === 0) {
    out.print(query ? `Nothing is listening on port ${query} here.` : 'Nothing is listening here.')
    return query ? 1 : 0
  }
  for (const s of answer.sockets) {
    const where = s.family === 'IPv6' ? `[${s.address}]:${s.port}` : `${s.address}:${s.port}`
    out.print(`${s.protocol.padEnd(4)}${where.padEnd(24)}${(s.process ? `${s.process.name} (${s.process.pid})` : '—').padEnd(24)}${s.words}`)
  }
  if (answer.processSearchCut) out.warn('Some owners were not looked up: the search through /proc stopped at its time budget.')
  return 0
}

export async function port(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, { listening: { type: 'boolean', default: false } })
  const out = output(Boolean(values.json))
  const query = positionals.join(' ').trim()
  if (values.listening) return listening(query, out.json)
  if (!query) invalid('give a port number or a service name, e.g. wirebench port 443 or wirebench port ssh')
  const answer = await caller(bindSubnets().handlers)('ports.lookup', { query })
  if (out.json) {
    out.print(JSON.stringify(answer, null, 2))
    return 0
  }
  if (answer.kind === 'port') {
    const range = { system: 'system port (0–1023)', user: 'user port (1024–49151)', dynamic: 'dynamic/private port (49152–65535)' }[answer.range]
    out.print(`Port ${answer.port}: ${range}, per RFC 6335`)
    if (answer.ephemeral) {
      out.print(`This machine hands out ephemeral ports ${answer.ephemeral.low}–${answer.ephemeral.high}: ${answer.ephemeral.contains ? 'this is one of them' : 'not one of them'}`)
    }
    if (answer.services.length === 0) out.print('No service is registered for it with IANA.')
  } else if (answer.services.length === 0) {
    out.print(`No IANA registration for a service named "${answer.name}".`)
    return 1
  }
  for (const s of answer.services) out.print(`  ${String(s.port).padStart(5)}/${s.protocol.padEnd(4)}  ${(s.names.join(', ') || '—').padEnd(20)} ${s.description}`)
  return 0
}

function networkArg(text: string | undefined): IPNetwork {
  if (!text) invalid('give a network, e.g. 10.0.0.0/16')
  return unwrap(parseNetwork(text), 'INVALID_INPUT')
}

export function split(argv: string[]): number {
  const { values, positionals } = parse(argv, { prefix: { type: 'string' }, count: { type: 'string' }, limit: { type: 'string' } })
  const out = output(Boolean(values.json))
  const { prefix, count } = values as { prefix?: string; count?: string }
  const parent = networkArg(positionals[0])
  if ((prefix === undefined) === (count === undefined)) invalid('give exactly one of --prefix N (new prefix length) or --count N (number of subnets)')
  const limit = values.limit === undefined ? MAX_EAGER_SUBNETS : Number(values.limit)
  if (!Number.isInteger(limit) || limit < 1 || limit > 1_000_000) invalid('--limit takes a whole number from 1 to 1000000')
  const result = unwrap(
    prefix !== undefined
      ? splitByPrefix(parent, /^\d+$/.test(prefix) ? Number(prefix) : invalid(`--prefix takes a prefix length, not "${prefix}"`))
      : splitByCount(parent, /^\d+$/.test(count!) ? BigInt(count!) : invalid(`--count takes a whole number, not "${count}"`)),
    'INVALID_INPUT'
  )
  const subnets = listSubnets(result, 0, limit).map(formatNetwork)
  if (out.json) {
    out.print(JSON.stringify({ parent: formatNetwork(result.parent), prefixLength: result.prefixLength, count: result.count.toString(), listed: subnets.length, subnets }, null, 2))
    return 0
  }
  out.print(`${formatNetwork(result.parent)} → ${result.count} × /${result.prefixLength}${BigInt(subnets.length) < result.count ? ` (first ${subnets.length} listed; --limit N for more)` : ''}`)
  // One write for the whole list: a million lines as a million writes would queue a million buffers.
  if (subnets.length) process.stdout.write(`${subnets.join('\n')}\n`)
  return 0
}

export function summarize(argv: string[]): number {
  const { values, positionals } = parse(argv, {})
  const out = output(Boolean(values.json))
  if (positionals.length === 0) invalid('give networks or a range, e.g. wirebench summarize 10.0.0.0/24 10.0.1.0/24 or 10.0.0.0-10.0.0.255')
  const networks: IPNetwork[] = []
  for (const item of positionals) {
    if (item.includes('-')) {
      const { first, last } = unwrap(parseRange(item), 'INVALID_INPUT')
      networks.push(...unwrap(summarizeRange(first, last), 'INVALID_INPUT'))
    } else {
      networks.push(networkArg(item))
    }
  }
  const versions = new Set(networks.map((n) => n.version))
  if (versions.size > 1) invalid('IPv4 and IPv6 networks cannot be summarized together')
  const result = collapseNetworks(networks).map(formatNetwork)
  if (out.json) out.print(JSON.stringify({ networks: result }, null, 2))
  else for (const n of result) out.print(n)
  return 0
}
