// "Copy as dig / kdig" must paste into a terminal and ask the same question: server, port, transport and options.
import { describe, expect, it } from 'vitest'
import { digCommand } from './dig-command'
import { DEFAULT_OPTIONS } from './store'

const q = { name: 'example.com', type: 'A', resolver: '127.0.0.1:5353', transport: 'udp' as const, reverse: false, options: DEFAULT_OPTIONS }

describe('digCommand', () => {
  it('names the server, port, name and type, with the timeout and tries as dig counts them', () => {
    expect(digCommand(q, 'dig')).toBe('dig @127.0.0.1 -p 5353 example.com A +time=3 +tries=3')
    expect(digCommand(q, 'kdig')).toBe('kdig @127.0.0.1 -p 5353 example.com A +time=3 +retry=2')
  })

  it('carries the transport of tls:// and https:// resolvers and of IPv6 with a port', () => {
    expect(digCommand({ ...q, resolver: 'tls://dns.example:8853' }, 'kdig')).toContain('kdig @dns.example -p 8853 example.com A +tls')
    expect(digCommand({ ...q, resolver: 'https://dns.example/q' }, 'dig')).toContain('dig @dns.example example.com A +https=/q')
    expect(digCommand({ ...q, resolver: '[::1]:53', transport: 'tcp' }, 'dig')).toContain('dig @::1 -p 53 example.com A +tcp')
    expect(digCommand({ ...q, resolver: 'system' }, 'dig')).toMatch(/^dig example\.com A/)
  })

  it('turns options into flags and -x for a reverse lookup', () => {
    const options = { ...DEFAULT_OPTIONS, rd: false, do: true, cd: true, nsid: true, udpSize: '4096', clientSubnet: '192.0.2.0/24' }
    const cmd = digCommand({ ...q, options, reverse: true, name: '192.0.2.1' }, 'dig')
    expect(cmd).toContain('-x 192.0.2.1')
    for (const f of ['+norecurse', '+cdflag', '+dnssec', '+nsid', '+bufsize=4096', '+subnet=192.0.2.0/24']) expect(cmd).toContain(f)
    expect(digCommand({ ...q, options: { ...DEFAULT_OPTIONS, edns: false, do: true } }, 'dig')).toContain('+noedns')
    expect(digCommand({ ...q, options: { ...DEFAULT_OPTIONS, edns: false, do: true } }, 'dig')).not.toContain('+dnssec')
  })

  it('quotes a name a shell would split', () => {
    expect(digCommand({ ...q, name: "it's here" }, 'dig')).toContain(`'it'\\''s here'`)
  })
})
