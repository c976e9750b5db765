// `wirebench dns` run as a user would (the built CLI, `npm run build` first) against a real Knot DNS on loopback,
// with dig as the judge of every record's presentation text.
import { spawnSync } from 'node:child_process'
import dgram from 'node:dgram'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CLI_BIN as BIN, CLI_BUILT, runCli, type CliRun } from '../testing/cli'
import { EVERY_TYPE_ORIGIN, EVERY_TYPE_ZONE } from '../testing/dns-zones'
import { HIERARCHY, startHierarchy, type Hierarchy } from '../testing/dns-hierarchy'
import { freeDnsPort, hasKnot, startKnot, type KnotServer } from '../testing/knot'
import { hasUnbound, startUnbound, unboundHasDoh, type UnboundServer } from '../testing/unbound'
import { rootCA, serverCert } from '../testing/x509'

const built = CLI_BUILT

type Run = CliRun

const run = (args: string[], stdin?: string): Promise<Run> => runCli(['dns', ...args], stdin ?? '')

function dig(server: KnotServer, name: string, type: string): string[] {
  const r = spawnSync('dig', ['+short', '+norec', '-p', String(server.port), `@${server.address}`, name, type], { encoding: 'utf8', timeout: 5_000 })
  return r.stdout.split('\n').filter(Boolean)
}

const Z = `${EVERY_TYPE_ORIGIN}.`
// Records whose dig text is settled; every type's agreement is src/main/dns/dig-agreement.test.ts.
const AGREEMENT: [string, string][] = [
  [Z, 'A'],
  [Z, 'AAAA'],
  [Z, 'MX'],
  [Z, 'TXT'],
  [`txt.${Z}`, 'TXT'],
  [`_sip._tcp.${Z}`, 'SRV'],
  [Z, 'CAA'],
  [`ptr.${Z}`, 'PTR'],
  [`unknown.${Z}`, 'TYPE65280']
]

describe.runIf(built && hasKnot())('wirebench dns', () => {
  let knot: KnotServer
  let at: string
  let dir: string
  beforeAll(async () => {
    // big.test: 40 addresses, too many for 512 bytes: without EDNS the UDP answer comes back with TC set.
    const big = ['$TTL 300', '@ IN SOA ns1 hostmaster 1 7200 3600 1209600 300', '@ IN NS ns1', 'ns1 IN A 192.0.2.1', ...Array.from({ length: 40 }, (_, i) => `many IN A 198.51.100.${i + 1}`)].join('\n')
    knot = await startKnot({ zones: [{ origin: EVERY_TYPE_ORIGIN, text: EVERY_TYPE_ZONE }, { origin: 'big.test', text: big }] })
    at = `@${knot.address}:${knot.port}`
    dir = mkdtempSync(join(tmpdir(), 'wirebench-dns-cli-'))
  })
  afterAll(async () => {
    await knot?.stop()
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  it('prints one JSON document in the issue’s shape, with the data dig prints', async () => {
    const r = await run([Z, 'MX', at, '--json'])
    expect(r.status, r.stderr).toBe(0)
    const doc = JSON.parse(r.stdout)
    // The fields, in its order; the tries follow as an extra field.
    expect(Object.keys(doc)).toEqual(['question', 'server', 'transport', 'rcode', 'flags', 'answers', 'authority', 'additional', 'timeMs', 'size', 'attempts'])
    expect(doc.server).toBe(`127.0.0.1#${knot.port}`)
    expect(doc.question).toEqual({ name: Z, type: 'MX' })
    expect(doc.transport).toBe('udp')
    expect(doc.server).toContain(String(knot.port))
    expect(doc.rcode).toBe('NOERROR')
    expect(doc.flags).toMatchObject({ aa: true, tc: false })
    expect(Object.keys(doc.flags).sort()).toEqual(['aa', 'ad', 'cd', 'ra', 'rd', 'tc'])
    expect(doc.answers.map((a: { data: string }) => a.data).sort()).toEqual(dig(knot, Z, 'MX').sort())
    expect(doc.answers[0]).toMatchObject({ name: Z, type: 'MX', ttl: 3600 })
    expect(doc.size).toBeGreaterThan(40)
    expect(doc.timeMs).toBeGreaterThanOrEqual(0)
  })

  it('-f runs every line, keeps the file order, agrees with dig +short, and names a bad line by its number', async () => {
    const file = join(dir, 'queries.txt')
    const bad = `${'x'.repeat(64)}.${Z}`
    writeFileSync(file, [...AGREEMENT.slice(0, 4).map(([n, t]) => `${n} ${t}`), '# a comment', '', `${bad} A`, `${Z} AXFR`, ...AGREEMENT.slice(4).map(([n, t]) => `${n} ${t}`)].join('\n'))
    const r = await run(['-f', file, at, '--json'])
    expect(r.status).toBe(2)
    expect(r.stderr).toMatch(/line 7: .*64 octets.*at most 63/)
    const all = JSON.parse(r.stdout) as { question: { name: string; type: string }; answers: { data: string }[]; line?: number; input?: string; error?: { code: string; message: string } }[]
    // The bad lines are in the JSON too, in their place, so a script sees them.
    expect(all[4]).toMatchObject({ line: 7, input: `${bad} A`, error: { code: 'DNS_BAD_NAME' } })
    expect(all[4]!.error!.message).toMatch(/63/)
    expect(all[5]).toMatchObject({ line: 8, input: `${Z} AXFR`, error: { code: 'DNS_BAD_TYPE' } })
    expect(all[5]!.error!.message).toMatch(/zone transfer/)
    const docs = all.filter((d) => d.line === undefined)
    expect(docs.map((d) => [d.question.name, d.question.type])).toEqual(AGREEMENT)
    for (const [i, [name, type]] of AGREEMENT.entries()) {
      expect(docs[i]!.answers.map((a) => a.data), `${name} ${type}`).toEqual(dig(knot, name, type))
    }
  })

  it('NXDOMAIN is an answer: exit 0, rcode NXDOMAIN, the SOA in authority', async () => {
    const r = await run([`nothing-here.${Z}`, 'A', at, '--json'])
    expect(r.status, r.stderr).toBe(0)
    const doc = JSON.parse(r.stdout)
    expect(doc.rcode).toBe('NXDOMAIN')
    expect(doc.answers).toEqual([])
    expect(doc.authority[0]).toMatchObject({ name: Z, type: 'SOA' })
  })

  it('a server that never answers: exit 1 with words, within the time asked', async () => {
    const silent = dgram.createSocket('udp4')
    await new Promise<void>((r) => silent.bind(0, '127.0.0.1', r))
    try {
      const started = Date.now()
      const r = await run([Z, `@127.0.0.1:${silent.address().port}`, '--timeout', '300', '--retries', '0'])
      expect(r.status).toBe(1)
      expect(r.stderr).toMatch(/wirebench: .*(answer|time)/i)
      // The tries the message speaks of are shown, one per line.
      expect(r.stderr).toMatch(/try 1: UDP 127\.0\.0\.1#\d+ .*timed out|try 1: UDP .*no answer/i)
      expect(Date.now() - started).toBeLessThan(5_000)
      // The JSON error document names the server as answers do, with the tries in its detail.
      const j = await run([Z, `@127.0.0.1:${silent.address().port}`, '--timeout', '200', '--retries', '1', '--json'])
      expect(j.status).toBe(1)
      const doc = JSON.parse(j.stdout)
      expect(doc).toMatchObject({ server: `127.0.0.1#${silent.address().port}`, transport: 'udp', rcode: null, error: { code: 'DNS_NO_ANSWER' } })
      expect(doc.error.detail).toMatch(/try 1: .*\ntry 2: /)
    } finally {
      silent.close()
    }
  })

  it('a truncated UDP answer asked again over TCP says transport "tcp", with both tries; servers are address#port', async () => {
    const [tc, tcp] = await Promise.all([run(['many.big.test', at, '--no-edns', '--json']), run([Z, 'MX', at, '--tcp', '--json'])])
    expect(tc.status, tc.stderr).toBe(0)
    const doc = JSON.parse(tc.stdout)
    expect(doc).toMatchObject({ transport: 'tcp', server: `127.0.0.1#${knot.port}`, rcode: 'NOERROR', flags: { tc: false } })
    expect(doc.answers).toHaveLength(40)
    expect(doc.attempts.map((a: { transport: string }) => a.transport)).toEqual(['udp', 'tcp'])
    expect(doc.attempts[0]).toMatchObject({ server: `127.0.0.1#${knot.port}`, outcome: expect.stringMatching(/truncated/) })
    expect(doc.attempts[1].server).toBe(`127.0.0.1#${knot.port}`)
    expect(tcp.status, tcp.stderr).toBe(0)
    expect(JSON.parse(tcp.stdout)).toMatchObject({ transport: 'tcp', server: `127.0.0.1#${knot.port}` })
  })

  it('takes the type first as dig does (MX NAME), and -x ADDRESS with a type', async () => {
    const [typeFirst, reverse] = await Promise.all([run(['MX', Z, at, '--json']), run(['-x', '192.0.2.1', 'PTR', at, '--json'])])
    expect(typeFirst.status, typeFirst.stderr).toBe(0)
    const doc = JSON.parse(typeFirst.stdout)
    expect(doc.question).toEqual({ name: Z, type: 'MX' })
    expect(doc.answers.map((a: { data: string }) => a.data).sort()).toEqual(dig(knot, Z, 'MX').sort())
    expect(reverse.status, reverse.stderr).toBe(0)
    expect(JSON.parse(reverse.stdout).question).toEqual({ name: '1.2.0.192.in-addr.arpa.', type: 'PTR' })
  })

  it('flags out of range, flags without their mode, and zone transfers: exit 2 in the flags’ words', async () => {
    const cases: [string[], RegExp][] = [
      [[Z, at, '--bufsize', '100000'], /--bufsize is at most 65535 bytes \(RFC 6891 §6\.2\.5\)/],
      [[Z, at, '--retries', '11'], /--retries is at most 10/],
      [[Z, at, '--timeout', '10'], /--timeout is at least 50 ms/],
      [[Z, at, '--port', '5353'], /--port is used only with --trace or --dnssec/],
      [[Z, '--root-hints', '/dev/null'], /--root-hints is used only with --trace or --dnssec/],
      [[Z, '--trace', '--trust-anchor', '/dev/null'], /--trust-anchor is used only with --dnssec/],
      [[Z, 'AXFR', at], /zone transfer \(AXFR, RFC 5936.*does not transfer zones/],
      [['IXFR', Z, at], /zone transfer/]
    ]
    const results = await Promise.all(cases.map(([args]) => run(args)))
    results.forEach((r, i) => {
      expect(r.status, `${cases[i]![0].join(' ')}: ${r.stderr}`).toBe(2)
      expect(r.stderr).toMatch(cases[i]![1])
      expect(r.stderr).not.toMatch(/options\.|INVALID_INPUT/)
    })
  })

  it('--system --json: getaddrinfo in the same document shape, the hosts file beside it; -x --system asks getnameinfo', async () => {
    const [local, reverse, missing] = await Promise.all([
      run(['localhost', '--system', '--json']),
      run(['-x', '127.0.0.1', '--system', '--json']),
      run(['nonexistent.invalid', '--system', '--json'])
    ])
    expect(local.status, local.stderr).toBe(0)
    const doc = JSON.parse(local.stdout)
    expect(doc).toMatchObject({ question: { name: 'localhost.' }, server: 'getaddrinfo (system)', transport: 'system', rcode: 'NOERROR', flags: null, authority: [], additional: [], size: null })
    expect(doc.answers.length).toBeGreaterThan(0)
    expect(doc.answers.map((a: { data: string }) => a.data)).toEqual(expect.arrayContaining([expect.stringMatching(/^(127\.0\.0\.1|::1)$/)]))
    expect(doc.answers[0]).toMatchObject({ name: 'localhost.', ttl: null, type: expect.stringMatching(/^(A|AAAA)$/) })
    expect(doc.hostsFile.length).toBeGreaterThan(0)
    expect(reverse.status, reverse.stderr).toBe(0)
    expect(JSON.parse(reverse.stdout)).toMatchObject({ question: { name: '1.0.0.127.in-addr.arpa.', type: 'PTR' }, transport: 'system', rcode: 'NOERROR', answers: [{ type: 'PTR', ttl: null }] })
    // A name that cannot exist (RFC 6761 §6.4) is NXDOMAIN, an answer; unless this machine's DNS cannot be reached.
    const gone = JSON.parse(missing.stdout)
    if (gone.rcode !== null) {
      expect(missing.status).toBe(0)
      expect(gone).toMatchObject({ rcode: 'NXDOMAIN', answers: [] })
    }
    const human = await run(['nonexistent.invalid', '--system'])
    expect(human.stdout).not.toMatch(/answer came from DNS/)
  })

  it('bad input: exit 2 with the engine’s words on stderr', async () => {
    const cases: [string[], RegExp][] = [
      [[`${'a'.repeat(60)}.${'b'.repeat(60)}.${'c'.repeat(60)}.${'d'.repeat(60)}.${'e'.repeat(20)}.test`, at], /253/],
      [[`${'l'.repeat(64)}.test`, at], /63/],
      [[Z, '@300.1.1.1'], /300\.1\.1\.1/],
      [[Z, '--https', 'http://127.0.0.1/dns-query'], /https:\/\//],
      [[Z, 'NOTATYPE', at], /NOTATYPE|type/i],
      [[Z, '--tcp', '--tls', at], /--tcp and --tls/],
      [[], /give a name/]
    ]
    const results = await Promise.all(cases.map(([args]) => run(args)))
    results.forEach((r, i) => {
      expect(r.status, `${cases[i]![0].join(' ')}: ${r.stderr}`).toBe(2)
      expect(r.stderr).toMatch(cases[i]![1])
      expect(r.stdout).toBe('')
    })
  })

  it('--short prints only the data lines, like dig +short; the human form reads like dig', async () => {
    const [short, human] = await Promise.all([run([Z, 'MX', at, '--short']), run([`www.${Z}`, 'CNAME', at])])
    expect(short.status).toBe(0)
    expect(short.stdout.split('\n').filter(Boolean).sort()).toEqual(dig(knot, Z, 'MX').sort())
    expect(human.status).toBe(0)
    expect(human.stdout).toMatch(/->>HEADER<<- opcode: QUERY, status: NOERROR, id: \d+\n;; flags: .*\n;; NOERROR: No error/)
    expect(human.stdout).toMatch(/flags: qr aa .*\(response, authoritative answer/)
    expect(human.stdout).toContain(';; ANSWER SECTION:')
    expect(human.stdout).toMatch(new RegExp(`www\\.every\\.test\\.\\s+3600\\s+IN\\s+CNAME\\s+every\\.test\\.`))
    expect(human.stdout).toMatch(/;; SERVER: .*127\.0\.0\.1/)
    expect(human.stdout).toMatch(/;; MSG SIZE {2}rcvd: \d+/)
  })

  it('--json through a pipe arrives whole (python3 -m json.tool reads it), past 64 KiB', async () => {
    const file = join(dir, 'many.txt')
    writeFileSync(file, Array.from({ length: 300 }, (_, i) => `${i % 2 ? 'txt.' : ''}${Z} ${i % 2 ? 'TXT' : 'MX'}`).join('\n'))
    const r = spawnSync('sh', ['-c', `"${process.execPath}" "${BIN}" dns -f "${file}" ${at} --json | python3 -m json.tool`], { encoding: 'utf8', timeout: 20_000, maxBuffer: 64 * 1024 * 1024 })
    expect(r.status, r.stderr).toBe(0)
    expect(r.stdout.length).toBeGreaterThan(64 * 1024)
    expect(JSON.parse(r.stdout)).toHaveLength(300)
  })
})

// A signed root → test. → example.test. tree on 127.0.57.x (a free port, not 53), one signature broken.
describe.runIf(built && hasKnot())('wirebench dns --trace / --dnssec', () => {
  let tree: Hierarchy
  let dir: string
  beforeAll(async () => {
    tree = await startHierarchy({ base: '127.0.57', signed: true, broken: 'domain-rrsig', port: await freeDnsPort('127.0.57.1') })
    dir = mkdtempSync(join(tmpdir(), 'wirebench-dns-cli-'))
    writeFileSync(join(dir, 'hints'), tree.rootHints)
    writeFileSync(join(dir, 'anchor'), tree.trustAnchor ?? '')
  })
  afterAll(async () => {
    await tree?.stop()
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  it('--trace walks root, TLD, the lame server and the CNAME into another zone', async () => {
    const r = await run([HIERARCHY.www, '--trace', '--root-hints', join(dir, 'hints'), '--port', String(tree.port)])
    expect(r.status, r.stderr).toBe(0)
    expect(r.stdout).toMatch(/\[1\] zone \. .*referral/)
    expect(r.stdout).toMatch(/\[2\] zone test\. .*referral/)
    expect(r.stdout).toMatch(/tried ns0\.example\.test\. .*REFUSED/)
    expect(r.stdout).toMatch(new RegExp(`${HIERARCHY.webTarget.replace(/\./g, '\\.')}\\s+\\d+\\s+IN\\s+A\\s+${HIERARCHY.webA.replace(/\./g, '\\.')}`))
    // @IP:PORT starts there instead of the root hints, as dig +trace @server does.
    const json = JSON.parse((await run([HIERARCHY.host, '--trace', `@${tree.addresses.root}:${tree.port}`, '--json'])).stdout)
    expect(json.answers.map((a: { data: string }) => a.data)).toEqual([HIERARCHY.hostA])
  })

  it('--dnssec: a good chain is SECURE (exit 0), the broken signature BOGUS (exit 1) with its words', async () => {
    const anchor = ['--trust-anchor', join(dir, 'anchor'), `@${tree.addresses.root}:${tree.port}`]
    const [good, bad] = await Promise.all([run([HIERARCHY.host, '--dnssec', ...anchor]), run([HIERARCHY.www, '--dnssec', ...anchor])])
    expect(good.status, good.stderr).toBe(0)
    expect(good.stdout).toMatch(/: SECURE — /)
    expect(bad.status).toBe(1)
    expect(bad.stdout).toMatch(/: BOGUS — /)
    expect(bad.stdout).toMatch(/\[bogus\] example\.test\. .*www\.example\.test\. CNAME/)
  })
})

// unbound with a certificate from a test CA: DNS over TLS shows the certificate line, DoH answers in the same JSON.
describe.runIf(built && hasUnbound())('wirebench dns over TLS and HTTPS', () => {
  let unbound: UnboundServer
  let dir: string
  beforeAll(async () => {
    const ca = await rootCA('Wirebench CLI DNS Test CA')
    const leaf = await serverCert('dns.test', ca, { names: ['dns.test', '127.0.0.1'] })
    unbound = await startUnbound({ certPem: leaf.certPem, keyPem: leaf.keyPem! })
    dir = mkdtempSync(join(tmpdir(), 'wirebench-dns-cli-'))
    writeFileSync(join(dir, 'ca.pem'), ca.certPem)
  }, 20_000)
  afterAll(async () => {
    await unbound?.stop()
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  it('@tls:// prints the server certificate, verified with --ca and refused in words without it; --https --post', async () => {
    const ca = ['--ca', join(dir, 'ca.pem')]
    const [dot, untrusted, doh] = await Promise.all([
      run(['www.example.test', `@tls://127.0.0.1:${unbound.dotPort}`, ...ca]),
      run(['www.example.test', `@tls://127.0.0.1:${unbound.dotPort}`]),
      unboundHasDoh() ? run(['example.test', 'MX', '--https', unbound.dohUrl, '--post', ...ca, '--json']) : null
    ])
    expect(dot.status, dot.stderr).toBe(0)
    expect(dot.stdout).toMatch(/;; TLS: TLSv1\.[23] .*certificate CN=dns\.test, issuer .*Wirebench CLI DNS Test CA; verified yes/)
    expect(dot.stdout).toMatch(/www\.example\.test\.\s+300\s+IN\s+A\s+192\.0\.2\.10/)
    expect(untrusted.status).toBe(1)
    expect(untrusted.stderr).toMatch(/wirebench: A from tls:\/\/127\.0\.0\.1:\d+: .*(trust|verif|issuer)/i)
    // The engine says what to do; the CLI names its flags for it.
    expect(untrusted.stderr).toMatch(/\(--ca FILE, or --insecure\)/)
    if (doh) {
      expect(doh.status, doh.stderr).toBe(0)
      expect(JSON.parse(doh.stdout)).toMatchObject({ transport: 'https', server: unbound.dohUrl, rcode: 'NOERROR', answers: [{ type: 'MX', data: '10 mail.example.test.' }] })
    }
  })
})
