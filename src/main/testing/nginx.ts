// Debian's nginx as the HTTP tests' real server: started on 127.0.0.1 random ports under its own temp prefix (no
// root-owned paths), HTTP/1.1 in clear and HTTP/2 over TLS, two virtual hosts plus a default server on one address
// (so "the IP alone gets the wrong site" is real), gzip, a chunked body, 301/302, Basic auth, Set-Cookie, a big file.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import net from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export const NGINX = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((p) => existsSync(p)) ?? 'nginx'

export interface NginxOptions {
  /** Virtual host names, each with its own page and certificate (default alpha.test, beta.test). */
  hosts?: string[]
  /** Size of /big.bin in MiB (default 4). */
  bigFileMiB?: number
  /** The Basic auth user for /private/ (default wirebench / "open sesame"). */
  user?: { name: string; password: string }
}

export interface NginxServer {
  httpPort: number
  /** TLS with ALPN h2 and http/1.1. */
  httpsPort: number
  hosts: string[]
  /** The test CA that signed every certificate (hosts, and the default server's for IP 127.0.0.1). */
  caPem: string
  /** What each page returns: `pages[host]` for a virtual host, `pages.default` for the default server. */
  pages: Record<string, string>
  user: { name: string; password: string }
  big: { path: string; bytes: number; sha256: string }
  /** A text file served chunked (no Content-Length) at /chunked.txt, its exact content after sub_filter. */
  chunked: { path: string; text: string }
  prefix: string
  stop(): Promise<void>
}

function run(cmd: string, args: string[], cwd: string): string {
  const r = spawnSync(cmd, args, { cwd, timeout: 20_000 })
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: ${r.stderr?.toString() ?? r.error}`)
  return r.stdout.toString()
}

/**
 * The part of an nginx.conf every test server shares: foreground, one process, every path under `dir` (no root-owned
 * paths), then the opening of the http block with its temp paths. Makes the temp folders too.
 */
export function nginxConfHead(dir: string, workerConnections: number): string {
  for (const t of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) mkdirSync(join(dir, 'tmp', t), { recursive: true })
  return `daemon off;
master_process off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections ${workerConnections}; }
http {
  access_log off;
  client_body_temp_path ${dir}/tmp/body;
  proxy_temp_path ${dir}/tmp/proxy;
  fastcgi_temp_path ${dir}/tmp/fastcgi;
  uwsgi_temp_path ${dir}/tmp/uwsgi;
  scgi_temp_path ${dir}/tmp/scgi;
`
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo
      s.close(() => resolve(port))
    })
    s.on('error', reject)
  })
}

async function waitForPort(port: number, child: ChildProcess, log: string, deadline = Date.now() + 10_000): Promise<void> {
  for (;;) {
    if (child.exitCode !== null) throw new Error(`nginx exited: ${existsSync(log) ? readFileSync(log, 'utf8') : ''}`)
    const open = await new Promise<boolean>((resolve) => {
      const c = net.connect(port, '127.0.0.1', () => (c.destroy(), resolve(true)))
      c.on('error', () => resolve(false))
    })
    if (open) return
    if (Date.now() > deadline) throw new Error(`nginx is not listening on 127.0.0.1:${port}: ${existsSync(log) ? readFileSync(log, 'utf8') : ''}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

/** A P-256 CA and one leaf per name (SAN DNS or IP), made with the openssl CLI. */
function makePki(dir: string, leaves: { file: string; san: string; cn: string }[]): string {
  run('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=Wirebench nginx test CA', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'], dir)
  for (const l of leaves) {
    writeFileSync(join(dir, `${l.file}.ext`), `subjectAltName=${l.san}\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n`)
    run('openssl', ['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', `${l.file}.key`, '-out', `${l.file}.csr`, '-subj', `/CN=${l.cn}`], dir)
    run('openssl', ['x509', '-req', '-in', `${l.file}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '2', '-out', `${l.file}.pem`, '-extfile', `${l.file}.ext`], dir)
  }
  return readFileSync(join(dir, 'ca.pem'), 'utf8')
}

/** Deterministic bytes (not zeros, so gzip and range bugs show): byte i is (i * 31 + i >> 8) & 255. */
function bigBytes(n: number): Buffer {
  const b = Buffer.alloc(n)
  for (let i = 0; i < n; i++) b[i] = (i * 31 + (i >> 8)) & 255
  return b
}

function features(dir: string): string {
  return `
    location = /old { return 301 /new; }
    location = /temp { return 302 /new; }
    location = /new { default_type text/plain; return 200 "new\\n"; }
    location = /cookie {
      default_type text/plain;
      add_header Set-Cookie "session=s3cr3t; Path=/; HttpOnly; SameSite=Lax" always;
      add_header Set-Cookie "theme=dark; Max-Age=3600; Path=/; Secure" always;
      return 200 "cookies\\n";
    }
    location /private/ {
      auth_basic "Wirebench test realm";
      auth_basic_user_file ${dir}/htpasswd;
    }
    location = /chunked.txt { sub_filter 'PLACEHOLDER' 'chunked!!!!'; sub_filter_once off; sub_filter_types text/plain; }
`
}

/** Stops a test server (SIGTERM, SIGKILL after 3 s) and removes its directory; calling it again does nothing. */
export function stopper(child: ChildProcess, dir: string): () => Promise<void> {
  const exited = new Promise<void>((r) => child.once('exit', () => r()))
  let stopped = false
  return async () => {
    if (stopped) return
    stopped = true
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000)
      await exited
      clearTimeout(timer)
    }
    rmSync(dir, { recursive: true, force: true })
  }
}

/** Starts nginx in the foreground, one process; `stop()` ends it and removes its prefix. */
export async function startNginx(options: NginxOptions = {}): Promise<NginxServer> {
  const hosts = options.hosts ?? ['alpha.test', 'beta.test']
  const user = options.user ?? { name: 'wirebench', password: 'open sesame' }
  const bigBytesN = Math.round((options.bigFileMiB ?? 4) * 1024 * 1024)
  const dir = mkdtempSync(join(tmpdir(), 'wirebench-nginx-'))
  try {
    const caPem = makePki(dir, [
      { file: 'default', san: 'IP:127.0.0.1', cn: '127.0.0.1' },
      ...hosts.map((h, i) => ({ file: `host${i}`, san: `DNS:${h}`, cn: h }))
    ])
    writeFileSync(join(dir, 'htpasswd'), `${user.name}:${run('openssl', ['passwd', '-apr1', user.password], dir).trim()}\n`)

    const pages: Record<string, string> = { default: 'default server: this address serves no site by that name\n' }
    const chunkedText = 'PLACEHOLDER line of a body nginx sends without a length\n'.repeat(4096)
    const big = bigBytes(bigBytesN)
    const roots = ['default', ...hosts].map((name, i) => {
      const root = join(dir, 'sites', String(i))
      mkdirSync(join(root, 'private'), { recursive: true })
      if (name !== 'default') pages[name] = `site ${name}\n`
      writeFileSync(join(root, 'index.html'), pages[name]!)
      writeFileSync(join(root, 'private', 'index.html'), `secret of ${name}\n`)
      writeFileSync(join(root, 'text.txt'), `${name} `.repeat(20_000))
      writeFileSync(join(root, 'chunked.txt'), chunkedText)
      writeFileSync(join(root, 'big.bin'), big)
      return root
    })

    const [httpPort, httpsPort] = [await freePort(), await freePort()]
    const server = (name: string, i: number): string => `
  server {
    listen 127.0.0.1:${httpPort}${name === 'default' ? ' default_server' : ''};
    listen 127.0.0.1:${httpsPort} ssl http2${name === 'default' ? ' default_server' : ''};
    server_name ${name === 'default' ? '_' : name};
    ssl_certificate ${dir}/${name === 'default' ? 'default' : `host${i - 1}`}.pem;
    ssl_certificate_key ${dir}/${name === 'default' ? 'default' : `host${i - 1}`}.key;
    root ${roots[i]};
${features(dir)}
  }`
    const conf = `${nginxConfHead(dir, 256)}  types { text/html html; text/plain txt; application/octet-stream bin; }
  default_type application/octet-stream;
  gzip on;
  gzip_min_length 1000;
  gzip_types text/plain;
  ssl_protocols TLSv1.2 TLSv1.3;
${['default', ...hosts].map(server).join('\n')}
}
`
    writeFileSync(join(dir, 'nginx.conf'), conf)
    const log = join(dir, 'error.log')
    const child = spawn(NGINX, ['-p', dir, '-c', join(dir, 'nginx.conf'), '-e', log], { stdio: 'ignore' })
    const stop = stopper(child, dir)
    try {
      await waitForPort(httpPort, child, log)
      await waitForPort(httpsPort, child, log)
    } catch (e) {
      child.kill('SIGKILL')
      throw e
    }
    return {
      httpPort,
      httpsPort,
      hosts,
      caPem,
      pages,
      user,
      big: { path: '/big.bin', bytes: big.length, sha256: createHash('sha256').update(big).digest('hex') },
      chunked: { path: '/chunked.txt', text: chunkedText.replaceAll('PLACEHOLDER', 'chunked!!!!') },
      prefix: dir,
      stop
    }
  } catch (e) {
    rmSync(dir, { recursive: true, force: true })
    throw e
  }
}
