// The built `wirebench` command, run as a user would (npm run build first; scripts/test.mjs does).
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { freePort, waitForPort } from '../src/main/testing/net'
import { methods } from '../src/shared/contract'

const BIN = join(process.cwd(), 'bin', 'wirebench.js')

function run(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 20_000 })
  return { status: r.status, stdout: r.stdout, stderr: r.stderr }
}

/** Starts `wirebench serve …` and resolves with the first stdout line and a stop function. */
function serve(args: string[]): Promise<{ line: string; stop: () => Promise<number | null> }> {
  const child = spawn(process.execPath, [BIN, 'serve', ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
  return new Promise((resolve, reject) => {
    let out = ''
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString()
      const nl = out.indexOf('\n')
      if (nl >= 0) {
        resolve({
          line: out.slice(0, nl),
          stop: () =>
            new Promise((r) => {
              child.once('exit', (code) => r(code))
              child.kill('SIGINT')
            })
        })
      }
    })
    child.once('exit', (code) => reject(new Error(`serve exited ${code}`)))
  })
}

describe.runIf(existsSync(join(process.cwd(), 'out', 'main', 'cli.js')))('wirebench CLI', () => {
  it('prints help', () => {
    const r = run(['--help'])
    expect(r.status).toBe(0)
    expect(r.stdout).toContain('wirebench serve <echo|upper|discard|ws-echo>')
    expect(r.stdout).toContain('wirebench ws URL [--send TEXT]...')
    expect(r.stdout).toContain('wirebench connect HOST:PORT')
    // Generated from the command table and the contract's summaries, with the exit codes documented.
    expect(r.stdout).toContain(`wirebench connect HOST:PORT [--tls]`)
    expect(r.stdout).toContain(methods['tcp.connect'].summary)
    expect(r.stdout).toContain(methods['x509.verify'].summary)
    expect(r.stdout).toMatch(/Exit codes: 0 ok; 1 the operation failed[^;]*; 2 bad input/)
    const one = run(['cert', 'fetch', '--help'])
    expect(one.status).toBe(0)
    expect(one.stdout).toContain(methods['x509.fetchChain'].summary)
    expect(one.stdout).not.toContain('wirebench serve')
  })

  it('serve upper + connect --send, in human form and as JSON', async () => {
    const server = await serve(['upper', '--port', '0'])
    try {
      const port = Number(/^Listening on 127\.0\.0\.1:(\d+) \(tcp upper\)$/.exec(server.line)?.[1])
      expect(port).toBeGreaterThan(0)
      const human = run(['connect', `127.0.0.1:${port}`, '--send', 'hello cli', '--wait', '300'])
      expect(human.status).toBe(0)
      expect(human.stdout).toMatch(/Connected to 127\.0\.0\.1 port \d+ \(tcp, IPv4\) from 127\.0\.0\.1 port \d+/)
      expect(human.stdout).toContain('HELLO CLI')
      const json = JSON.parse(run(['connect', `127.0.0.1:${port}`, '--send', 'json please', '--wait', '300', '--json']).stdout)
      expect(json.connection).toMatchObject({ remoteAddress: '127.0.0.1', remotePort: port, protocol: 'tcp' })
      expect(json.connection.localPort).toBeGreaterThan(0)
      expect(json.received).toMatchObject({ bytes: 12, text: 'JSON PLEASE\n' })
      expect(json.sent).toEqual({ bytes: 12 })
    } finally {
      expect(await server.stop()).toBe(0)
    }
  })

  it('serve echo --tls --json; connect --tls fails verification, --insecure works with a warning', async () => {
    const server = await serve(['echo', '--tls', '--json'])
    try {
      const info = JSON.parse(server.line)
      expect(info).toMatchObject({ protocol: 'tls', address: '127.0.0.1', behaviour: 'echo', tls: { selfSigned: true, subject: 'CN=localhost' } })
      const strict = run(['connect', `localhost:${info.port}`, '--tls'])
      expect(strict.status).toBe(1)
      expect(strict.stderr).toContain('CERT_SELF_SIGNED')
      const loose = run(['connect', `localhost:${info.port}`, '--insecure', '--send', 'x', '--wait', '200'])
      expect(loose.status).toBe(0)
      expect(loose.stdout).toMatch(/TLS: TLSv1\.3 TLS_/)
      expect(loose.stderr).toContain('WARNING: Certificate verification is OFF')
    } finally {
      await server.stop()
    }
  })

  it('serve --udp and the udp command', async () => {
    const server = await serve(['echo', '--udp', '--host', '::1'])
    try {
      const port = Number(/^Listening on \[::1\]:(\d+) \(udp echo\)$/.exec(server.line)?.[1])
      const r = JSON.parse(run(['udp', `[::1]:${port}`, '--send', 'datagram', '--json']).stdout)
      expect(r.reply).toMatchObject({ from: '::1', port, text: 'datagram' })
    } finally {
      await server.stop()
    }
  })

  it('bad input exits 2 with a one-line reason; network failure exits 1', () => {
    const badPort = run(['connect', '127.0.0.1:70000'])
    expect(badPort.status).toBe(2)
    expect(badPort.stderr.trim()).toBe('wirebench: INVALID_INPUT: port: A port is a whole number from 0 to 65535.')
    expect(run(['connect', 'no-port-here']).status).toBe(2)
    expect(run(['connect', `127.0.0.1:1`, '--hex', 'abc']).status).not.toBe(0)
    expect(run(['frobnicate']).status).toBe(2)
    const refused = run(['connect', '127.0.0.1:1'])
    expect(refused.status).toBe(1)
    expect(refused.stderr).toContain('ECONNREFUSED')
  })

  it('ip --json prints exactly the documented fields', () => {
    const r = run(['ip', '192.0.2.130/25', '--json'])
    expect(r.status).toBe(0)
    const d = JSON.parse(r.stdout)
    expect(Object.keys(d).sort()).toEqual(
      ['address', 'broadcast', 'broadcastNote', 'compressed', 'exploded', 'firstHost', 'flags', 'hostmask', 'integer', 'lastHost', 'multicast', 'netmask', 'network', 'numAddresses', 'prefixLength', 'registry', 'reversePointer', 'rir', 'usableHosts', 'version'].sort()
    )
    expect(d).toMatchObject({
      version: 4,
      address: '192.0.2.130',
      network: '192.0.2.128/25',
      prefixLength: 25,
      netmask: '255.255.255.128',
      hostmask: '0.0.0.127',
      broadcast: '192.0.2.255',
      firstHost: '192.0.2.129',
      lastHost: '192.0.2.254',
      numAddresses: '128',
      usableHosts: '126',
      integer: '3221226114',
      reversePointer: '130.2.0.192.in-addr.arpa',
      flags: { private: true, global: false, loopback: false, linkLocal: false, multicast: false, reserved: false, unspecified: false }
    })
    expect(d.registry).toMatchObject({ network: '192.0.2.0/24', name: 'Documentation (TEST-NET-1)' })
    const v6 = JSON.parse(run(['ip', '::1', '--json']).stdout)
    expect(v6).toMatchObject({ version: 6, network: '::1/128', broadcast: null, numAddresses: '1', flags: { loopback: true } })
  })

  it('ip with invalid input exits 2 with a one-line reason', () => {
    for (const bad of ['010.0.0.1', '127.1', '1.2.3.256', '1.2.3.4/33', 'fe80::1::2']) {
      const r = run(['ip', bad, '--json'])
      expect(r.status, bad).toBe(2)
      expect(r.stdout).toBe('')
      expect(r.stderr.trim().split('\n')).toHaveLength(1)
    }
  })

  it('port looks up numbers and names both ways', () => {
    const p = JSON.parse(run(['port', '443', '--json']).stdout)
    expect(p).toMatchObject({ kind: 'port', port: 443, range: 'system' })
    expect(p.services.find((s: { protocol: string }) => s.protocol === 'tcp').names).toContain('https')
    const n = JSON.parse(run(['port', 'ssh', '--json']).stdout)
    expect(n.services.find((s: { protocol: string }) => s.protocol === 'tcp').port).toBe(22)
    expect(run(['port', '65536']).status).toBe(2)
  })

  it('split and summarize', () => {
    const split = JSON.parse(run(['split', '10.0.0.0/22', '--count', '4', '--json']).stdout)
    expect(split).toMatchObject({ parent: '10.0.0.0/22', prefixLength: 24, count: '4', subnets: ['10.0.0.0/24', '10.0.1.0/24', '10.0.2.0/24', '10.0.3.0/24'] })
    const sum = JSON.parse(run(['summarize', '10.0.0.0/24', '10.0.1.0/24', '10.0.2.0-10.0.3.255', '--json']).stdout)
    expect(sum).toEqual({ networks: ['10.0.0.0/22'] })
    expect(run(['split', '10.0.0.0/24', '--prefix', '20']).status).toBe(2)
  })

  it('cert new pki writes encrypted 0600 keys; cert verify agrees with openssl verify', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wb-cli-pki-'))
    try {
      const made = run(['cert', 'new', 'pki', '--subject', 'CN=localhost', '--names', 'localhost,127.0.0.1', '--out', dir, '--passphrase', 'secret1', '--json'])
      expect(made.status).toBe(0)
      for (const key of ['root-ca', 'intermediate-ca', 'leaf']) {
        expect(statSync(join(dir, `${key}.key.pem`)).mode & 0o777).toBe(0o600)
        expect(readFileSync(join(dir, `${key}.key.pem`), 'utf8')).toContain('ENCRYPTED PRIVATE KEY')
      }
      const leaf = join(dir, 'leaf.crt.pem')
      const inter = join(dir, 'intermediate-ca.crt.pem')
      const root = join(dir, 'root-ca.crt.pem')
      const ok = run(['cert', 'verify', leaf, '--intermediates', inter, '--roots', root, '--host', 'localhost', '--json'])
      expect(ok.status).toBe(0)
      const verdict = JSON.parse(ok.stdout)
      expect(verdict).toMatchObject({ valid: true, errors: [] })
      expect(verdict.chain).toHaveLength(3)
      const openssl = spawnSync('openssl', ['verify', '-CAfile', root, '-untrusted', inter, '-verify_hostname', 'localhost', leaf], { encoding: 'utf8' })
      expect(openssl.status).toBe(0)

      const wrongHost = run(['cert', 'verify', leaf, '--intermediates', inter, '--roots', root, '--host', 'example.com', '--json'])
      expect(wrongHost.status).toBe(1)
      expect(JSON.parse(wrongHost.stdout).errors.map((e: { code: string }) => e.code)).toContain('HOSTNAME_MISMATCH')
      expect(spawnSync('openssl', ['verify', '-CAfile', root, '-untrusted', inter, '-verify_hostname', 'example.com', leaf]).status).not.toBe(0)

      const later = run(['cert', 'verify', leaf, '--intermediates', inter, '--roots', root, '--at', '2099-01-01T00:00:00Z', '--json'])
      expect(later.status).toBe(1)
      expect(JSON.parse(later.stdout).errors.map((e: { code: string }) => e.code)).toContain('CERT_EXPIRED')

      const missing = run(['cert', 'verify', leaf, '--roots', root, '--json'])
      expect(missing.status).toBe(1)
      expect(JSON.parse(missing.stdout).errors.map((e: { code: string }) => e.code)).toContain('UNKNOWN_ISSUER')

      const inspected = JSON.parse(run(['cert', 'inspect', leaf, '--json']).stdout)
      expect(inspected.items[0].certificate.subject.text).toBe('CN=localhost')
      expect(inspected.items[0].certificate.fingerprintSha256).toBe(
        spawnSync('openssl', ['x509', '-in', leaf, '-noout', '-fingerprint', '-sha256'], { encoding: 'utf8' }).stdout.trim().split('=')[1]
      )
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('cert fetch reads the chain a real openssl s_server sends', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wb-cli-fetch-'))
    const made = run(['cert', 'new', 'pki', '--subject', 'CN=localhost', '--names', 'localhost', '--out', dir, '--passphrase', 'secret1'])
    expect(made.status).toBe(0)
    const port = await freePort()
    const server = spawn('openssl', ['s_server', '-accept', `127.0.0.1:${port}`, '-cert', join(dir, 'leaf.crt.pem'), '-cert_chain', join(dir, 'intermediate-ca.crt.pem'), '-key', join(dir, 'leaf.key.pem'), '-pass', 'pass:secret1', '-quiet'], { stdio: 'ignore' })
    try {
      await waitForPort(port)
      const fetched = run(['cert', 'fetch', `127.0.0.1:${port}`, '--sni', 'localhost', '--json'])
      const result = JSON.parse(fetched.stdout)
      expect(result.sent.map((c: { subject: { text: string } }) => c.subject.text)).toEqual(['CN=localhost', 'O=Wirebench Test, CN=Wirebench Test Intermediate CA'])
      // Our root is not among Mozilla's, so the verdict is "not valid", with the reason.
      expect(fetched.status).toBe(1)
      expect(result.verdict.valid).toBe(false)
    } finally {
      server.kill()
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('cert bad input exits 2 with a reason', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wb-cli-bad-'))
    try {
      writeFileSync(join(dir, 'garbage.bin'), Buffer.from(Array.from({ length: 512 }, (_, i) => (i * 7919) % 251)))
      const g = run(['cert', 'verify', join(dir, 'garbage.bin')])
      expect(g.status).toBe(2)
      expect(g.stderr).toContain('not a certificate')
      const plain = run(['cert', 'new', 'self-signed', '--out', dir])
      expect(plain.status).toBe(2)
      expect(plain.stderr).toContain('private keys are written encrypted')
      expect(run(['cert', 'verify', join(dir, 'nope.pem')]).status).toBe(2)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

