// "Copy as dig / kdig": the same question as a command line for the peer tools, so an answer seen here can be
// reproduced in a terminal or a bug report. Pure, so it is unit-tested.
import type { OptionsForm, Transport } from './store'

export interface DigQuestion {
  name: string
  type: string
  /** As the user gave it: "system", "IP", "IP:port", "[v6]:port", "tls://host[:port]", "https://…". */
  resolver: string
  transport: Transport
  reverse: boolean
  options: OptionsForm
}

/** Quotes an argument for a POSIX shell only when it needs it. */
function sh(arg: string): string {
  return /^[\w@%+=:,./[\]-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`
}

interface Target {
  server: string | null
  port: number | null
  transport: Transport
  path?: string
}

function target(resolver: string, transport: Transport): Target {
  const r = resolver.trim()
  if (!r || r === 'system') return { server: null, port: null, transport: transport === 'system' ? 'system' : transport }
  if (/^https:\/\//i.test(r)) {
    try {
      const u = new URL(r)
      return { server: u.hostname.replace(/^\[|\]$/g, ''), port: u.port ? Number(u.port) : null, transport: 'https', path: u.pathname }
    } catch {
      return { server: r, port: null, transport: 'https' }
    }
  }
  const tls = /^tls:\/\//i.test(r)
  const rest = tls ? r.slice(6) : r
  const v6 = /^\[([^\]]+)\](?::(\d+))?$/.exec(rest)
  if (v6) return { server: v6[1]!, port: v6[2] ? Number(v6[2]) : null, transport: tls ? 'tls' : transport }
  const hp = /^([^:]+):(\d+)$/.exec(rest)
  if (hp) return { server: hp[1]!, port: Number(hp[2]), transport: tls ? 'tls' : transport }
  return { server: rest, port: null, transport: tls ? 'tls' : transport }
}

/** The dig (BIND 9) or kdig (Knot) command that asks the same question the same way. */
export function digCommand(q: DigQuestion, tool: 'dig' | 'kdig'): string {
  const t = target(q.resolver, q.transport)
  const o = q.options
  const args: string[] = [tool]
  if (t.server) args.push(`@${t.server}`)
  if (t.port) args.push('-p', String(t.port))
  if (q.reverse) args.push('-x', q.name.trim())
  else args.push(q.name.trim(), q.type === 'ALL' ? 'ANY' : q.type)
  if (t.transport === 'tcp') args.push('+tcp')
  if (t.transport === 'tls') args.push('+tls')
  if (t.transport === 'https') args.push(t.path && t.path !== '/dns-query' ? `+https=${t.path}` : '+https')
  if (!o.rd) args.push(tool === 'dig' ? '+norecurse' : '+norec')
  if (o.cd) args.push('+cdflag')
  if (!o.ad) args.push('+noadflag')
  if (!o.edns) args.push('+noedns')
  else {
    if (o.do) args.push('+dnssec')
    if (o.udpSize.trim() && o.udpSize.trim() !== '1232') args.push(`+bufsize=${o.udpSize.trim()}`)
    if (o.nsid) args.push('+nsid')
    if (o.cookie) args.push('+cookie')
    if (o.clientSubnet.trim()) args.push(`+subnet=${o.clientSubnet.trim()}`)
    if (o.padding.trim()) args.push(`+padding=${o.padding.trim()}`)
  }
  const timeout = Number(o.timeoutMs)
  if (Number.isFinite(timeout) && timeout > 0) args.push(`+time=${Math.max(1, Math.round(timeout / 1000))}`)
  const retries = Number(o.retries)
  if (Number.isFinite(retries)) args.push(tool === 'dig' ? `+tries=${retries + 1}` : `+retry=${retries}`)
  return args.map(sh).join(' ')
}
