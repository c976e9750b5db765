// Knot DNS (Debian's `knot`) on loopback for engine, CLI and e2e tests: authoritative zones from zone-file text,
// optionally DNSSEC-signed on the fly (Knot's automatic signing, default policy: ECDSA P-256, KSK + ZSK, NSEC), on a
// port of our choosing on any 127.0.0.x. Real server, real bytes: never a mock.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { mkdtempSync, mkdirSync, rmSync, writeFileSync, existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import dgram from 'node:dgram'
import net from 'node:net'

export const KNOTD = '/usr/sbin/knotd'
export const KNOTC = '/usr/sbin/knotc'
export const hasKnot = (): boolean => existsSync(KNOTD)

// A test that fails before stop() must not leave knotd holding its port for the next run: one exit hook for all.
const running = new Set<ChildProcess>()
process.once('exit', () => {
  for (const child of running) if (child.exitCode === null) child.kill('SIGKILL')
})

export interface KnotZone {
  /** Zone apex, e.g. "example.test" (no trailing dot needed). */
  origin: string
  /** Zone-file text ($TTL, SOA, NS… relative names allowed). */
  text: string
  /** Sign on the fly with Knot's default policy (ECDSA P-256 SHA-256, RFC 6605). */
  dnssec?: boolean
  /** NSEC3 instead of NSEC for authenticated denial (RFC 5155). */
  nsec3?: boolean
  /** Signing algorithm (Knot's names); ECDSA P-256 when absent. */
  algorithm?: 'rsasha256' | 'rsasha512' | 'ecdsap256sha256' | 'ecdsap384sha384' | 'ed25519'
}

export interface KnotServer {
  address: string
  port: number
  dir: string
  /** `knotc` against this server (e.g. ['zone-read', 'example.test', '@', 'DNSKEY']). */
  control(args: string[]): string
  /** The DS records (zone-file text) of a signed zone's KSK, for its parent or as a trust anchor. */
  ds(origin: string): string
  stop(): Promise<void>
}

/** A free UDP+TCP port on the address (both must be free: Knot binds both). */
export async function freeDnsPort(address = '127.0.0.1'): Promise<number> {
  for (let i = 0; i < 20; i++) {
    const port = await new Promise<number>((resolve, reject) => {
      const s = net.createServer()
      s.once('error', reject)
      s.listen(0, address, () => {
        const p = (s.address() as net.AddressInfo).port
        s.close(() => resolve(p))
      })
    })
    const udpFree = await new Promise<boolean>((resolve) => {
      const u = dgram.createSocket(address.includes(':') ? 'udp6' : 'udp4')
      u.once('error', () => resolve(false))
      u.bind(port, address, () => u.close(() => resolve(true)))
    })
    if (udpFree) return port
  }
  throw new Error('no free port for DNS')
}

/** Resolves once something accepts TCP on address:port; rejects when `alive()` turns false or the deadline passes. */
export function waitTcp(what: string, address: string, port: number, deadline: number, alive: () => boolean, log: () => string): Promise<void> {
  return new Promise((resolve, reject) => {
    const attempt = (): void => {
      if (!alive()) return reject(new Error(`${what} exited: ${log()}`))
      const s = net.connect({ host: address, port })
      s.once('connect', () => {
        s.destroy()
        resolve()
      })
      s.once('error', () => {
        s.destroy()
        if (Date.now() > deadline) reject(new Error(`${what} did not listen on ${address}:${port}: ${log()}`))
        else setTimeout(attempt, 30)
      })
    }
    attempt()
  })
}

export async function startKnot(options: { zones: KnotZone[]; address?: string; port?: number }): Promise<KnotServer> {
  const address = options.address ?? '127.0.0.1'
  const port = options.port ?? (await freeDnsPort(address))
  const dir = mkdtempSync(join(tmpdir(), 'wirebench-knot-'))
  const listen = address.includes(':') ? `${address}@${port}` : `${address}@${port}`
  mkdirSync(join(dir, 'db'))
  const policies: string[] = []
  const zonesConf = options.zones
    .map((z, i) => {
      const origin = z.origin.replace(/\.$/, '') || '.'
      const file = `${origin === '.' ? 'root' : origin}.zone`
      writeFileSync(join(dir, file), z.text.startsWith('$ORIGIN') ? z.text : `$ORIGIN ${origin === '.' ? '.' : origin + '.'}\n${z.text}`)
      if (z.dnssec) {
        const rsa = z.algorithm?.startsWith('rsa') ? '\n    ksk-size: 2048\n    zsk-size: 1024' : ''
        policies.push(`  - id: p${i}\n    algorithm: ${z.algorithm ?? 'ecdsap256sha256'}${rsa}\n    nsec3: ${z.nsec3 ? 'on\n    nsec3-iterations: 0\n    nsec3-salt-length: 0' : 'off'}`)
      }
      const policy = z.dnssec ? `\n    dnssec-signing: on\n    dnssec-policy: p${i}` : ''
      return `  - domain: ${origin === '.' ? '.' : origin}\n    file: ${file}${policy}`
    })
    .join('\n')
  const conf = `server:
    rundir: "${dir}"
    listen: ${listen}
    background-workers: 1
    tcp-workers: 1
    udp-workers: 1

database:
    storage: "${dir}/db"

control:
    listen: "${dir}/knot.sock"

log:
  - target: stderr
    any: error

${policies.length ? `policy:\n${policies.join('\n')}\n` : ''}
template:
  - id: default
    storage: "${dir}"
    zonefile-sync: -1
    zonefile-load: whole
    journal-content: none

zone:
${zonesConf}
`
  writeFileSync(join(dir, 'knot.conf'), conf)
  let stderr = ''
  const child = spawn(KNOTD, ['-c', join(dir, 'knot.conf')], { stdio: ['ignore', 'ignore', 'pipe'] })
  running.add(child)
  child.once('exit', () => running.delete(child))
  child.stderr!.on('data', (d: Buffer) => {
    if (stderr.length < 64 * 1024) stderr += d.toString()
  })
  const control = (args: string[]): string => {
    const r = spawnSync(KNOTC, ['-c', join(dir, 'knot.conf'), '-t', '5', ...args], { encoding: 'utf8' })
    if (r.status !== 0) throw new Error(`knotc ${args.join(' ')}: ${r.stderr || r.stdout}`)
    return r.stdout
  }
  try {
    await waitTcp('knotd', address, port, Date.now() + 10_000, () => child.exitCode === null, () => stderr)
    // Signing happens at load; wait until every signed zone serves its DNSKEY.
    for (const z of options.zones.filter((z) => z.dnssec)) {
      const deadline = Date.now() + 10_000
      for (;;) {
        const out = spawnSync(KNOTC, ['-c', join(dir, 'knot.conf'), 'zone-read', z.origin, '@', 'DNSKEY'], { encoding: 'utf8' }).stdout ?? ''
        if (out.includes('DNSKEY')) break
        if (Date.now() > deadline) throw new Error(`zone ${z.origin} was not signed in time: ${stderr}`)
        await new Promise((r) => setTimeout(r, 50))
      }
    }
  } catch (err) {
    child.kill('SIGKILL')
    rmSync(dir, { recursive: true, force: true })
    throw err
  }
  return {
    address,
    port,
    dir,
    control,
    ds(origin: string): string {
      // knotc has no DS printer; keymgr does: `keymgr -c conf ZONE ds` prints the KSK's DS records.
      const r = spawnSync('/usr/sbin/keymgr', ['-c', join(dir, 'knot.conf'), origin, 'ds'], { encoding: 'utf8' })
      if (r.status !== 0) throw new Error(`keymgr ds: ${r.stderr}`)
      return r.stdout
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) {
          rmSync(dir, { recursive: true, force: true })
          return resolve()
        }
        child.once('exit', () => {
          rmSync(dir, { recursive: true, force: true })
          resolve()
        })
        child.kill('SIGTERM')
        setTimeout(() => child.kill('SIGKILL'), 3000).unref()
      })
  }
}
