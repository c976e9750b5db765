// The OS resolver: resolv.conf and hosts parsed and explained as resolv.conf(5) says, getaddrinfo for "localhost"
// (answered by the hosts file) beside a DNS answer from a knotd that disagrees, and a silent server skipped in time.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type KnotServer, startKnot } from '../testing/knot'
import { type HostileDns, startHostileDns } from '../testing/dns-hostile'
import { getaddrinfoLookup, parseHosts, parseResolvConf, systemResolver } from './system'

const dir = mkdtempSync(join(tmpdir(), 'wirebench-system-'))
const file = (name: string, text: string): string => {
  const p = join(dir, name)
  writeFileSync(p, text)
  return p
}

let knot: KnotServer
let silent: HostileDns
beforeAll(async () => {
  // A DNS view of "localhost" that differs from the hosts file, so the comparison has something to explain.
  knot = await startKnot({ zones: [{ origin: 'localhost', text: '@ SOA ns hostmaster 1 3600 600 86400 300\n@ NS ns\nns A 127.0.0.1\n@ A 127.0.0.2\n' }] })
  silent = await startHostileDns('silent')
}, 20_000)
afterAll(async () => {
  await Promise.all([knot?.stop(), silent?.stop()])
  rmSync(dir, { recursive: true, force: true })
})

describe('resolv.conf', () => {
  it('reads servers, search list, ndots and options, and explains them', () => {
    const conf = parseResolvConf(
      ['# generated', 'nameserver 10.0.0.1', 'nameserver 10.0.0.2 ; second', 'nameserver 10.0.0.3', 'nameserver 10.0.0.4', 'domain old.example', 'search a.example b.example', 'options ndots:2 timeout:1 attempts:3 edns0'].join('\n')
    )
    expect(conf.nameservers).toEqual(['10.0.0.1', '10.0.0.2', '10.0.0.3', '10.0.0.4'])
    expect(conf.search).toEqual(['a.example', 'b.example'])
    expect(conf.ndots).toBe(2)
    expect(conf.options).toEqual(['ndots:2', 'timeout:1', 'attempts:3', 'edns0'])
    const text = conf.explain.join('\n')
    expect(text).toContain('10.0.0.1 is asked first; 10.0.0.2, 10.0.0.3 only when it does not answer — each try waits 1 s (options timeout), 3 rounds in all')
    expect(text).toContain('Only the first 3 nameserver lines are used (MAXNS); 10.0.0.4 is ignored.')
    expect(text).toContain('fewer than 2 dots (ndots:2) is tried with each search domain first (www → www.a.example., then www.b.example.)')
    expect(text).toContain('edns0')
  })

  it('lets the last of domain and search win, and says when there is no server', () => {
    const conf = parseResolvConf('search a.example\ndomain only.example\n')
    expect(conf.search).toEqual(['only.example'])
    expect(conf.ndots).toBe(1)
    expect(conf.explain[0]).toMatch(/No nameserver line/)
    expect(parseResolvConf('nameserver 127.0.0.53\n').explain.join(' ')).toMatch(/systemd-resolved/)
  })

  it('reads the hosts file with line numbers, skipping comments and junk', () => {
    const hosts = parseHosts('# comment\n127.0.0.1 localhost loopback # trailing\n\nnot-an-address name\n::1 localhost ip6-localhost\n')
    expect(hosts.entries).toEqual([
      { line: 2, address: '127.0.0.1', names: ['localhost', 'loopback'] },
      { line: 5, address: '::1', names: ['localhost', 'ip6-localhost'] }
    ])
  })

  it("reads this machine's files, and gives null for a missing one", async () => {
    const real = await systemResolver()
    expect(real.hosts?.entries.some((e) => e.names.includes('localhost'))).toBe(true)
    const missing = await systemResolver({ resolvConf: join(dir, 'nope'), hosts: join(dir, 'nope2') })
    expect(missing).toEqual({ resolvConf: null, hosts: null })
  })
})

describe('getaddrinfo beside DNS', () => {
  it('answers localhost from the hosts file and explains why DNS disagrees', async () => {
    const r = await getaddrinfoLookup({ name: 'localhost', family: 4 }, { resolvConf: file('resolv-knot.conf', `nameserver ${knot.address}\n`), dnsPort: knot.port })
    expect(r.error).toBeNull()
    expect(r.addresses).toContainEqual({ address: '127.0.0.1', family: 4 })
    expect(r.fromHostsFile).toBe(true)
    expect(r.hostsMatches.some((m) => m.address === '127.0.0.1' && m.text.includes('localhost') && m.line > 0)).toBe(true)
    expect(r.comparison).toContain('127.0.0.1 comes from the hosts file, not from DNS (127.0.0.1 does not give it).')
    expect(r.comparison).toContain('DNS (127.0.0.1) says 127.0.0.2, but getaddrinfo did not return it: the hosts file answered first.')
  })

  it('skips the comparison gracefully when the resolv.conf server is silent', async () => {
    const t0 = Date.now()
    const r = await getaddrinfoLookup({ name: 'localhost', family: 4 }, { resolvConf: file('resolv-silent.conf', `nameserver ${silent.address}\n`), dnsPort: silent.port, compareTimeoutMs: 300 })
    expect(r.addresses.length).toBeGreaterThan(0)
    expect(r.comparison.join('\n')).toMatch(/Could not compare with DNS: 127\.0\.0\.1, the first resolv\.conf server, did not answer localhost in time/)
    expect(Date.now() - t0).toBeLessThan(3000)
  })

  // (A name that is not in the hosts file would reach this machine's real resolver, which a test must not depend on.)
  it('refuses a name DNS cannot carry before asking anything', async () => {
    await expect(getaddrinfoLookup({ name: `${'a'.repeat(64)}.test` })).rejects.toMatchObject({ code: 'DNS_BAD_NAME' })
  })
})
