// `wirebench dns -x ADDRESS --system`: the OS's own answer for an address's name (getnameinfo, through the hosts file
// and then DNS as nsswitch.conf says), beside what `-x` without --system asks a DNS server directly.
import { lookupService } from 'node:dns/promises'
import { reverseName } from '../../shared/dns/reverse'
import { isIpLiteral } from '../../shared/dns/resolvers'
import { systemReverseDoc } from './dns-format'
import { UsageError, type Output } from './kit'

/** getnameinfo may wait on an unreachable DNS server: the same budget as getaddrinfo's. */
const BUDGET_MS = 5_000

export async function systemReverse(address: string, out: Output): Promise<number> {
  const bare = address.replace(/^\[(.*)\]$/, '$1')
  if (!isIpLiteral(bare)) throw new UsageError(`-x takes an IPv4 or IPv6 address, not "${address}"`)
  const started = performance.now()
  let host: string | null = null
  let error: { code: string; message: string } | null = null
  let timer: NodeJS.Timeout | undefined
  try {
    const budget = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(Object.assign(new Error(`getnameinfo gave no answer for ${bare} within ${BUDGET_MS / 1000} s.`), { code: 'TIMEOUT' })), BUDGET_MS)
    })
    // Port 0: only the host part is wanted. Node asks with NI_NAMEREQD, so "no name" is ENOTFOUND, never the digits.
    host = (await Promise.race([lookupService(bare, 0), budget])).hostname
  } catch (err) {
    const e = err as NodeJS.ErrnoException
    error = e.code === 'ENOTFOUND' ? { code: 'ENOTFOUND', message: `getnameinfo found no name for ${bare}: neither the hosts file nor DNS names it.` } : { code: e.code ?? 'DNS_NO_ANSWER', message: e.message }
  } finally {
    clearTimeout(timer)
  }
  const timeMs = Math.round((performance.now() - started) * 100) / 100
  const name = reverseName(bare)
  if (out.json) out.print(JSON.stringify(systemReverseDoc(name, host, timeMs, error), null, 2))
  else {
    out.print(`;; getnameinfo("${bare}") in ${Math.round(timeMs)} ms${error ? `: ${error.message}` : ''}`)
    if (host) out.print(`${name}\tPTR\t${host}`)
  }
  if (error && error.code !== 'ENOTFOUND') {
    out.warn(`wirebench: ${error.message}`)
    return 1
  }
  return 0
}
