// The OS resolver as programs meet it: resolv.conf (servers, search list, ndots, explained per resolv.conf(5)), the
// hosts file, and getaddrinfo's answer beside a plain DNS query through the first resolv.conf server, so a user can
// see why `ping name` and `dig name` disagree. Files are read with size caps; the DNS comparison has a time budget.
import { promises as dnsPromises } from 'node:dns'
import { open } from 'node:fs/promises'
import { WirebenchError, toWireError } from '../../shared/errors'
import { DEFAULT_QUERY_OPTIONS, type HostsFile, type ResolvConf, type SystemLookup, type SystemResolver } from '../../shared/dns/model'
import { checkName } from '../../shared/dns/names'
import { isIpLiteral } from '../../shared/dns/resolvers'
import { queryOnce } from './query'

export interface SystemPaths {
  resolvConf?: string
  hosts?: string
  nsswitch?: string
  /** The port the resolv.conf servers are asked on for the comparison (53; tests use their own). */
  dnsPort?: number
  /** Budget for that comparison query (2 s). */
  compareTimeoutMs?: number
}

const PATHS = { resolvConf: '/etc/resolv.conf', hosts: '/etc/hosts', nsswitch: '/etc/nsswitch.conf' }
const MAX_RESOLV_CONF = 64 * 1024
const MAX_HOSTS = 1024 * 1024
const MAX_HOSTS_ENTRIES = 20_000
/** glibc uses the first three nameserver lines (MAXNS, resolv.conf(5)). */
const MAXNS = 3
const GETADDRINFO_BUDGET_MS = 10_000
const COMPARE_TIMEOUT_MS = 2_000

/** Reads at most `cap` bytes; null when the file does not exist or cannot be read. */
async function readCapped(path: string, cap: number): Promise<string | null> {
  let handle
  try {
    handle = await open(path, 'r')
    const buf = Buffer.alloc(cap)
    const { bytesRead } = await handle.read(buf, 0, cap, 0)
    return buf.subarray(0, bytesRead).toString('utf8')
  } catch {
    return null
  } finally {
    await handle?.close()
  }
}

export function parseResolvConf(text: string, path = PATHS.resolvConf): ResolvConf {
  const nameservers: string[] = []
  let search: string[] = []
  let ndots = 1
  const options: string[] = []
  for (const raw of text.split('\n')) {
    const line = raw.replace(/[#;].*$/, '').trim()
    const [key, ...args] = line.split(/\s+/)
    if (key === 'nameserver' && args[0]) nameservers.push(args[0])
    // "domain" and "search" override each other; the last one wins (resolv.conf(5)).
    else if (key === 'search') search = args
    else if (key === 'domain' && args[0]) search = [args[0]]
    else if (key === 'options') {
      for (const o of args) {
        options.push(o)
        const m = /^ndots:(\d+)$/.exec(o)
        if (m) ndots = Math.min(15, Number(m[1]))
      }
    }
  }
  return { path, text, nameservers, search, ndots, options, explain: explainResolvConf(nameservers, search, ndots, options) }
}

function optionValue(options: string[], name: string): string | null {
  const o = options.find((x) => x.startsWith(`${name}:`))
  return o ? o.slice(name.length + 1) : null
}

function explainResolvConf(nameservers: string[], search: string[], ndots: number, options: string[]): string[] {
  const out: string[] = []
  const timeout = optionValue(options, 'timeout') ?? '5'
  const attempts = optionValue(options, 'attempts') ?? '2'
  if (nameservers.length === 0) {
    out.push('No nameserver line: the resolver library asks a server on this machine (127.0.0.1, resolv.conf(5)).')
  } else {
    const used = nameservers.slice(0, MAXNS)
    out.push(
      options.includes('rotate')
        ? `Servers ${used.join(', ')} are used in turn (options rotate), each try waiting ${timeout} s, ${attempts} rounds in all.`
        : `${used[0]} is asked first${used.length > 1 ? `; ${used.slice(1).join(', ')} only when it does not answer` : ''} — each try waits ${timeout} s (options timeout), ${attempts} rounds in all (options attempts).`
    )
    if (nameservers.length > MAXNS) out.push(`Only the first ${MAXNS} nameserver lines are used (MAXNS); ${nameservers.slice(MAXNS).join(', ')} ${nameservers.length - MAXNS === 1 ? 'is' : 'are'} ignored.`)
    if (used.some((s) => s === '127.0.0.53')) out.push('127.0.0.53 is the stub of systemd-resolved: the servers it forwards to are in /run/systemd/resolve/resolv.conf (or `resolvectl status`).')
    for (const s of nameservers) if (!isIpLiteral(s)) out.push(`"${s}" is not an IP address; the resolver library ignores that nameserver line.`)
  }
  const dots = `${ndots} dot${ndots === 1 ? '' : 's'}`
  if (search.length === 0) {
    out.push('No search list: a name is looked up as given (glibc falls back to the domain of the host name, if it has one).')
  } else {
    const sample = 'www'
    out.push(`Search list: ${search.join(', ')}. A name with fewer than ${dots} (ndots:${ndots}) is tried with each search domain first (${sample} → ${search.map((d) => `${sample}.${d.replace(/\.$/, '')}.`).join(', then ')}), and as given last.`)
    out.push(`A name with at least ${dots} is tried as given first, then with the search domains; a name ending in a dot ("example.com.") is never extended.`)
  }
  if (options.includes('edns0')) out.push('options edns0: queries carry an EDNS OPT record (RFC 6891), allowing UDP answers over 512 bytes.')
  if (options.includes('trust-ad')) out.push('options trust-ad: the AD bit is asked for and passed on, trusting these servers to validate DNSSEC (RFC 6840 §5.7).')
  if (options.includes('use-vc')) out.push('options use-vc: every query goes over TCP.')
  return out
}

export function parseHosts(text: string, path = PATHS.hosts): HostsFile {
  const entries: HostsFile['entries'] = []
  const lines = text.split('\n')
  for (let i = 0; i < lines.length && entries.length < MAX_HOSTS_ENTRIES; i++) {
    const fields = (lines[i] as string).replace(/#.*$/, '').trim().split(/\s+/).filter(Boolean)
    const [address, ...names] = fields
    if (address && names.length > 0 && isIpLiteral(address.replace(/%.*$/, ''))) entries.push({ line: i + 1, address, names })
  }
  return { path, text, entries }
}

/** resolv.conf and the hosts file as they are, parsed and explained. */
export async function systemResolver(paths: SystemPaths = {}): Promise<SystemResolver> {
  const resolvPath = paths.resolvConf ?? PATHS.resolvConf
  const hostsPath = paths.hosts ?? PATHS.hosts
  const [resolvText, hostsText] = await Promise.all([readCapped(resolvPath, MAX_RESOLV_CONF), readCapped(hostsPath, MAX_HOSTS)])
  return {
    resolvConf: resolvText === null ? null : parseResolvConf(resolvText, resolvPath),
    hosts: hostsText === null ? null : parseHosts(hostsText, hostsPath)
  }
}

function withBudget<T>(p: Promise<T>, ms: number, words: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new WirebenchError('TIMEOUT', words)), ms)
  })
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer))
}

export interface GetaddrinfoInput {
  name: string
  family?: 0 | 4 | 6
  /** Compare with a DNS query through the first resolv.conf server (default true). */
  compare?: boolean
}

/** getaddrinfo (dns.lookup, all addresses, in the order the OS gave) beside the hosts file and a DNS query. */
export async function getaddrinfoLookup(input: GetaddrinfoInput, paths: SystemPaths = {}, signal?: AbortSignal): Promise<SystemLookup> {
  const { ascii } = checkName(input.name)
  const name = ascii.replace(/\.$/, '')
  const family = input.family ?? 0
  const system = await systemResolver(paths)
  const started = performance.now()
  let addresses: SystemLookup['addresses'] = []
  let error: SystemLookup['error'] = null
  try {
    const found = await withBudget(
      dnsPromises.lookup(name, { all: true, family, verbatim: true }),
      GETADDRINFO_BUDGET_MS,
      `getaddrinfo gave no answer for ${name} within ${GETADDRINFO_BUDGET_MS / 1000} s.`
    )
    addresses = found.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }))
  } catch (err) {
    const w = toWireError(err)
    error = { code: w.code, message: w.code === 'ENOTFOUND' ? `getaddrinfo found no address for ${name}${family ? ` (IPv${family})` : ''}: neither the hosts file nor DNS knows it.` : w.message }
  }
  const timeMs = Math.round((performance.now() - started) * 100) / 100
  const hostsMatches = (system.hosts?.entries ?? [])
    .filter((e) => e.names.some((n) => n.toLowerCase() === name.toLowerCase()))
    .filter((e) => family === 0 || (family === 6) === e.address.includes(':'))
    .map((e) => ({ line: e.line, text: (system.hosts?.text.split('\n')[e.line - 1] ?? '').trim(), address: e.address }))
  const comparison = input.compare === false ? [] : await compareWithDns(name, family, addresses, hostsMatches, system, paths, signal)
  return { name, family, addresses, timeMs, error, hostsMatches, fromHostsFile: hostsMatches.length > 0, comparison }
}

async function hostsOrder(path: string): Promise<string | null> {
  const text = await readCapped(path, MAX_RESOLV_CONF)
  const line = text?.split('\n').find((l) => /^\s*hosts\s*:/.test(l))
  return line ? line.replace(/^\s*hosts\s*:\s*/, '').replace(/#.*$/, '').trim() : null
}

async function compareWithDns(
  name: string,
  family: 0 | 4 | 6,
  addresses: SystemLookup['addresses'],
  hostsMatches: SystemLookup['hostsMatches'],
  system: SystemResolver,
  paths: SystemPaths,
  signal?: AbortSignal
): Promise<string[]> {
  const out: string[] = []
  const order = await hostsOrder(paths.nsswitch ?? PATHS.nsswitch)
  if (order) out.push(`nsswitch.conf says "hosts: ${order}": getaddrinfo consults ${order.split(/\s+/)[0] === 'files' ? 'the hosts file before DNS' : 'these sources in this order'}.`)
  if (hostsMatches.length > 0) {
    out.push(`The hosts file names ${name} on line${hostsMatches.length > 1 ? 's' : ''} ${hostsMatches.map((m) => m.line).join(', ')} (${hostsMatches.map((m) => m.address).join(', ')}); with "files" first, getaddrinfo answers from it without asking DNS.`)
  }
  const server = system.resolvConf?.nameservers.find(isIpLiteral)
  if (!server) {
    out.push('No usable nameserver in resolv.conf, so there is no DNS answer to compare with.')
    return out
  }
  const types = family === 4 ? ['A'] : family === 6 ? ['AAAA'] : ['A', 'AAAA']
  const dnsAddresses: string[] = []
  const options = { ...DEFAULT_QUERY_OPTIONS, timeoutMs: paths.compareTimeoutMs ?? COMPARE_TIMEOUT_MS, retries: 0 }
  try {
    const results = await Promise.all(types.map((type) => queryOnce({ transport: 'udp', host: server, port: paths.dnsPort ?? 53 }, { name, type }, options, signal ? { signal } : {})))
    for (const r of results) {
      if (r.message.rcode !== 'NOERROR') out.push(`DNS (${server}) answered ${r.question.type} with ${r.message.rcode}.`)
      for (const rec of r.message.answers) if (rec.type === 'A' || rec.type === 'AAAA') dnsAddresses.push(rec.data)
    }
  } catch (err) {
    const w = toWireError(err)
    if (w.code === 'CANCELLED') throw err
    out.push(`Could not compare with DNS: ${server}, the first resolv.conf server, did not answer ${name} in time (${w.message}).`)
    return out
  }
  const gai = new Set(addresses.map((a) => a.address))
  const dns = new Set(dnsAddresses)
  const hosts = new Set(hostsMatches.map((m) => m.address))
  const onlyGai = [...gai].filter((a) => !dns.has(a))
  const onlyDns = [...dns].filter((a) => !gai.has(a))
  if (onlyGai.length === 0 && onlyDns.length === 0) {
    out.push(gai.size === 0 ? `Neither getaddrinfo nor DNS (${server}) has an address for ${name}.` : `getaddrinfo and DNS (${server}, asked ${name}. directly) agree: ${[...gai].join(', ')}.`)
    return out
  }
  for (const a of onlyGai) {
    out.push(hosts.has(a) ? `${a} comes from the hosts file, not from DNS (${server} does not give it).` : `${a} came from getaddrinfo but not from ${server}: another source in nsswitch.conf, a search domain (resolv.conf search/ndots), or another server answered it.`)
  }
  for (const a of onlyDns) {
    out.push(hosts.size > 0 ? `DNS (${server}) says ${a}, but getaddrinfo did not return it: the hosts file answered first.` : `DNS (${server}) says ${a}, but getaddrinfo did not return it (a different family was asked, or another source answered first).`)
  }
  return out
}
