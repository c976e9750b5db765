// unbound (Debian's, 1.17, built with nghttp2) on loopback serving DNS over TLS (RFC 7858) and DNS over HTTPS
// (RFC 8484, `https-port` + `http-endpoint`) with a test certificate, answering a local zone (`local-data:`) so no
// internet is needed, or forwarding to a test server (e.g. knotd). Real server, real bytes.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import net from 'node:net'
import { freeDnsPort, waitTcp } from './knot'

export const UNBOUND = '/usr/sbin/unbound'
export const hasUnbound = (): boolean => existsSync(UNBOUND)

/** Whether this unbound can serve DoH (needs libnghttp2 at build time). */
export function unboundHasDoh(): boolean {
  const r = spawnSync(UNBOUND, ['-V'], { encoding: 'utf8' })
  return /--with-libnghttp2/.test(`${r.stdout}${r.stderr}`)
}

export interface UnboundOptions {
  certPem: string
  keyPem: string
  /** Forward every query here (a knotd, a hostile server) instead of answering from the local zone. */
  forwardTo?: { address: string; port: number }
  /** Extra local-data lines (zone-file records) on top of the default example.test. records. */
  localData?: string[]
}

export interface UnboundServer {
  address: string
  /** Plain DNS (UDP and TCP). */
  port: number
  dotPort: number
  dohPort: number
  /** https://127.0.0.1:PORT/dns-query */
  dohUrl: string
  stop(): Promise<void>
}

/** What the local zone answers (TEST-NET addresses, RFC 5737). */
export const UNBOUND_LOCAL_DATA = [
  'www.example.test. 300 IN A 192.0.2.10',
  'www.example.test. 300 IN AAAA 2001:db8::10',
  'example.test. 300 IN MX 10 mail.example.test.',
  'example.test. 300 IN TXT "hello from unbound"'
]

async function freeTcpPort(address: string): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const s = net.createServer()
    s.once('error', reject)
    s.listen(0, address, () => {
      const p = (s.address() as net.AddressInfo).port
      s.close(() => resolve(p))
    })
  })
}

export async function startUnbound(o: UnboundOptions): Promise<UnboundServer> {
  const address = '127.0.0.1'
  const dir = mkdtempSync(join(tmpdir(), 'wirebench-unbound-'))
  const port = await freeDnsPort(address)
  const dotPort = await freeTcpPort(address)
  const dohPort = await freeTcpPort(address)
  writeFileSync(join(dir, 'cert.pem'), o.certPem)
  writeFileSync(join(dir, 'key.pem'), o.keyPem, { mode: 0o600 })
  const local = [...UNBOUND_LOCAL_DATA, ...(o.localData ?? [])].map((l) => `    local-data: "${l.replace(/"/g, '\\"')}"`).join('\n')
  const zone = o.forwardTo
    ? `    do-not-query-localhost: no\nforward-zone:\n    name: "."\n    forward-addr: ${o.forwardTo.address}@${o.forwardTo.port}\n`
    : `    local-zone: "example.test." static\n${local}\n`
  const conf = `server:
    directory: "${dir}"
    chroot: ""
    username: ""
    pidfile: "${dir}/unbound.pid"
    do-daemonize: no
    use-syslog: no
    logfile: ""
    verbosity: 0
    num-threads: 1
    do-ip6: no
    interface: ${address}@${port}
    interface: ${address}@${dotPort}
    interface: ${address}@${dohPort}
    port: ${port}
    tls-port: ${dotPort}
    https-port: ${dohPort}
    http-endpoint: "/dns-query"
    tls-service-key: "${dir}/key.pem"
    tls-service-pem: "${dir}/cert.pem"
    access-control: 127.0.0.0/8 allow
    module-config: "iterator"
    qname-minimisation: no
    cache-max-ttl: 0
    cache-max-negative-ttl: 0
${zone}
remote-control:
    control-enable: no
`
  writeFileSync(join(dir, 'unbound.conf'), conf)
  const check = spawnSync('/usr/sbin/unbound-checkconf', [join(dir, 'unbound.conf')], { encoding: 'utf8' })
  if (check.status !== 0) {
    rmSync(dir, { recursive: true, force: true })
    throw new Error(`unbound-checkconf: ${check.stderr || check.stdout}`)
  }
  let log = ''
  const child = spawn(UNBOUND, ['-d', '-p', '-c', join(dir, 'unbound.conf')], { stdio: ['ignore', 'pipe', 'pipe'] })
  const keep = (d: Buffer): void => {
    if (log.length < 64 * 1024) log += d.toString()
  }
  child.stdout!.on('data', keep)
  child.stderr!.on('data', keep)
  const reap = (): void => {
    if (child.exitCode === null) child.kill('SIGKILL')
  }
  process.once('exit', reap)
  child.once('exit', () => process.removeListener('exit', reap))
  const stop = (): Promise<void> =>
    new Promise<void>((resolve) => {
      const done = (): void => {
        rmSync(dir, { recursive: true, force: true })
        resolve()
      }
      if (child.exitCode !== null || child.signalCode !== null) return done()
      child.once('exit', done)
      child.kill('SIGTERM')
      setTimeout(() => child.kill('SIGKILL'), 3000).unref()
    })
  try {
    const deadline = Date.now() + 10_000
    const alive = (): boolean => child.exitCode === null
    await waitTcp('unbound', address, dotPort, deadline, alive, () => log)
    await waitTcp('unbound', address, dohPort, deadline, alive, () => log)
  } catch (err) {
    await stop()
    throw err
  }
  return { address, port, dotPort, dohPort, dohUrl: `https://${address}:${dohPort}/dns-query`, stop }
}
