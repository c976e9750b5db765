// The walkthrough's first step when nothing is looked up (an IP address in the URL, or --resolve): kept apart from
// record-dns.ts so such a walk does not load the DNS engine at all.
import net from 'node:net'
import { availableParallelism, networkInterfaces } from 'node:os'
import type { Finding } from '../../shared/findings'
import type { Walkthrough } from '../../shared/walkthrough/model'
import type { StepDraft } from './steps-common'

export interface DnsPhase {
  drafts: StepDraft[]
  dns: Walkthrough['dns']
  /** The addresses to connect to, in the order to try them. */
  candidates: string[]
  /** The resolver asked (for the capture filter), or null when nothing was asked. */
  resolver: { host: string; port: number } | null
  /** The local UDP/TCP ports the questions went from, to pick their packets out of a capture. */
  localPorts: number[]
  findings: Finding[]
}

/** The address as given: `forced` by --resolve (curl's meaning), or the URL's own IP literal. */
export function noLookup(host: string, address: string, forced: boolean): DnsPhase {
  const why = forced
    ? `--resolve: ${host} was not looked up; the connection goes to ${address} as given (curl's --resolve), while SNI and the certificate check stay on ${host}.`
    : `${host} is an IP address, so there was nothing to look up.`
  const at = performance.now()
  return {
    drafts: [{ at, durationMs: 0, layer: 'network', kind: 'address-choice', title: `Address ${address} (no DNS lookup)`, from: 'client', to: 'client', bytesHex: '', spans: [], explain: why, source: forced ? 'curl --resolve' : 'RFC 3986 §3.2.2' }],
    dns: null,
    candidates: [address],
    resolver: null,
    localPorts: [],
    findings: [] as Finding[]
  }
}

/**
 * This machine's own addresses: loopback (127/8, ::1), the unspecified ones (which reach this host) and every
 * interface's, in any spelling (IPv4-mapped, uncompressed IPv6: net.BlockList compares the addresses themselves).
 * When the interfaces cannot be listed, an address counts as this machine's.
 */
function onThisMachine(address: string): boolean {
  const a = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '')
  const family = net.isIP(a)
  if (family === 0) return false
  try {
    const own = new net.BlockList()
    own.addSubnet('127.0.0.0', 8, 'ipv4')
    own.addAddress('0.0.0.0', 'ipv4')
    own.addAddress('::1', 'ipv6')
    own.addAddress('::', 'ipv6')
    for (const list of Object.values(networkInterfaces())) for (const i of list ?? []) own.addAddress(i.address.replace(/%.*$/, ''), i.family === 'IPv6' ? 'ipv6' : 'ipv4')
    return own.check(a, family === 6 ? 'ipv6' : 'ipv4')
  } catch {
    return true
  }
}

/**
 * Whether the recorder's live feed pays (record.ts liveFeed): it hands the analysis worker the connection as it
 * arrives, so the work overlaps the waits for the server, which costs nothing with a core to spare. A machine with
 * few cores has none when the server runs on it too: then the worker's work slows the very request being recorded
 * about as much as it saves after it (measured on two cores, nginx on loopback: the request as recorded took
 * 1.1–1.2x the plain request with the feed, 0.9–1.0x without, and the whole walk the same either way).
 */
export function liveFeedPays(addresses: string[], cores: number = availableParallelism()): boolean {
  return cores >= 4 || !addresses.every(onThisMachine)
}
