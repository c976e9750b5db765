#!/usr/bin/env node
// Walkthrough recording overhead (issue 12: "a walked request takes at most 1.3x the same plain request, median of 20
// on loopback"). The same URL to a local nginx over TLS, done ROUNDS times each, taking turns:
//   - in-process, plain: the HTTP engine's own call (sendRaw for HTTP/1.1, sendH2 for HTTP/2), same target and bytes;
//   - in-process, walked: recordWalkthrough, capture off. Two figures: the walked request as recorded (from the
//     recorder's start until the HTTP engine has the whole response, with the tap and the key log on:
//     phases.recordMs) and the call as it returns (that, then decrypting, checking and explaining every record in the
//     analysis worker). The live feed runs where it pays (record-address.ts liveFeedPays); a row with it forced on
//     shows what it does here;
//   - with tcpdump capturing (root or CAP_NET_RAW), for information: the recording starts by waiting for it to listen;
//   - end to end on the command line: `wirebench walk URL` against `wirebench http get URL`, a new process each.
// Each request opens its own connection (Connection: close), as a walkthrough does.
// Run: node bench/walk/run.mjs [rounds]
import { bundleModules } from '../bundle.mjs'
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import net from 'node:net'
import { availableParallelism, tmpdir } from 'node:os'
import { join } from 'node:path'

const root = join(import.meta.dirname, '..', '..')
// The recorder's analysis runs in a worker thread: the one electron-vite builds (run `npx electron-vite build` first).
process.env.WIREBENCH_WALK_WORKER ??= join(root, 'out', 'main', 'walk-worker.js')
const ROUNDS = Number(process.argv[2] ?? 20)
const AIM = 1.3
const NGINX = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((p) => existsSync(p)) ?? 'nginx'
const HOST = 'alpha.test'
const PAGE = 'walk bench page: a small HTML answer, as an API or a health check gives\n'.repeat(8)

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const p = s.address().port
      s.close(() => resolve(p))
    })
  })
}

function run(cmd, args, cwd) {
  const r = spawnSync(cmd, args, { cwd, timeout: 20_000 })
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: ${r.stderr}`)
}

/** A P-256 CA and a leaf for alpha.test, made with the openssl CLI. */
function makePki(dir) {
  run('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=Wirebench walk bench CA', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'], dir)
  writeFileSync(join(dir, 'leaf.ext'), `subjectAltName=DNS:${HOST}\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n`)
  run('openssl', ['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'leaf.key', '-out', 'leaf.csr', '-subj', `/CN=${HOST}`], dir)
  run('openssl', ['x509', '-req', '-in', 'leaf.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '2', '-out', 'leaf.pem', '-extfile', 'leaf.ext'], dir)
  return readFileSync(join(dir, 'ca.pem'), 'utf8')
}

async function startNginx(dir) {
  const port = await freePort()
  mkdirSync(join(dir, 'www'))
  for (const t of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) mkdirSync(join(dir, 'tmp', t), { recursive: true })
  writeFileSync(join(dir, 'www', 'index.html'), PAGE)
  const caPem = makePki(dir)
  writeFileSync(
    join(dir, 'nginx.conf'),
    `daemon off;\nmaster_process off;\nworker_processes 1;\npid ${dir}/nginx.pid;\nerror_log ${dir}/error.log warn;\nevents { worker_connections 64; }\n` +
      `http {\n  access_log off;\n  client_body_temp_path ${dir}/tmp/body;\n  proxy_temp_path ${dir}/tmp/proxy;\n  fastcgi_temp_path ${dir}/tmp/fastcgi;\n  uwsgi_temp_path ${dir}/tmp/uwsgi;\n  scgi_temp_path ${dir}/tmp/scgi;\n` +
      `  types { text/html html; }\n  ssl_protocols TLSv1.2 TLSv1.3;\n` +
      `  server { listen 127.0.0.1:${port} ssl http2; server_name ${HOST}; root ${dir}/www; ssl_certificate ${dir}/leaf.pem; ssl_certificate_key ${dir}/leaf.key; }\n}\n`
  )
  const child = spawn(NGINX, ['-p', dir, '-c', join(dir, 'nginx.conf'), '-e', join(dir, 'error.log')], { stdio: 'ignore' })
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) throw new Error(`nginx exited: ${readFileSync(join(dir, 'error.log'), 'utf8')}`)
    const open = await new Promise((r) => {
      const c = net.connect(port, '127.0.0.1', () => (c.destroy(), r(true)))
      c.on('error', () => r(false))
    })
    if (open) return { child, port, caPem }
    await new Promise((r) => setTimeout(r, 50))
  }
  child.kill('SIGKILL')
  throw new Error('nginx did not start')
}

/** The engines as one bundle, so the walked and the plain request run the very same HTTP and TLS code. */
async function bundleEngines(dir) {
  const { walk, http, contract } = await bundleModules(root, dir, { walk: 'src/main/walkthrough/index.ts', http: 'src/main/http/index.ts', contract: 'src/shared/contract/walkthrough.ts' })
  if (typeof walk.recordWalkthrough !== 'function') throw new Error('src/main/walkthrough/index.ts does not export recordWalkthrough')
  return { walk, http, contract }
}

/** ms and CPU ms of one call. */
async function timed(fn) {
  const c0 = process.cpuUsage()
  const t0 = performance.now()
  const out = await fn()
  const ms = performance.now() - t0
  const cpu = process.cpuUsage(c0)
  return { ms, cpuMs: (cpu.user + cpu.system) / 1000, out }
}

/** Wall ms of one run of the built CLI (`bin/wirebench.js`), its output read whole as a user's pipe would. */
function cliRun(args) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now()
    const child = spawn(process.execPath, [join(root, 'bin', 'wirebench.js'), ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    let err = ''
    child.stdout.on('data', (d) => (out += d))
    child.stderr.on('data', (d) => (err += d))
    child.on('close', (code) => (code === 0 ? resolve({ ms: performance.now() - t0, out }) : reject(new Error(`wirebench ${args.join(' ')} exited ${code}: ${err.trim().slice(0, 300)}`))))
  })
}

/**
 * The same comparison end to end on the command line, as a user (or a checker) would make it: `wirebench walk URL`
 * against `wirebench http get URL` with the same target, protocol and output, each a fresh process (Node's start-up
 * and the engines' loading are in both), taking turns.
 */
async function cliCases(port, capture) {
  if (!existsSync(join(root, 'out', 'main', 'cli.js'))) return console.log('CLI rows skipped: run `npm run build` first')
  const url = `https://${HOST}:${port}/`
  const common = [url, '--resolve', `${HOST}:${port}:127.0.0.1`, '--ca', join(dir, 'ca.pem'), '--json']
  const rows = [
    { label: 'CLI --json, HTTP/1.1, capture off', proto: '--http1.1', walk: ['--no-capture'] },
    { label: 'CLI --json, HTTP/2, capture off', proto: '--http2', walk: ['--no-capture'] },
    ...(capture ? [{ label: 'CLI --json, HTTP/1.1, tcpdump capture on (default as root)', proto: '--http1.1', walk: [] }] : [])
  ]
  console.log(`\nEnd to end on the command line: \`wirebench walk URL\` vs \`wirebench http get URL\` (same target and flags, a new process each), median of ${ROUNDS}, taking turns`)
  console.log(`${'case'.padEnd(58)}${'http get'.padStart(10)}${'walk'.padStart(10)}${'ratio'.padStart(8)}   aim <= ${AIM}x`)
  for (const r of rows) {
    const t = { get: [], walk: [] }
    for (let i = 0; i < ROUNDS + 1; i++) {
      const order = i % 2 ? ['walk', 'get'] : ['get', 'walk']
      for (const name of order) {
        const args = name === 'get' ? ['http', 'get', ...common, r.proto] : ['walk', ...common, r.proto, ...r.walk]
        const { ms, out } = await cliRun(args)
        const doc = JSON.parse(out)
        if (name === 'get' && doc.response?.status !== 200) throw new Error(`http get: status ${doc.response?.status}`)
        if (name === 'walk' && !doc.steps?.some((s) => s.kind === 'http-response')) throw new Error('walk: no http-response step')
        if (i > 0) t[name].push(ms)
      }
    }
    const ratio = median(t.walk) / median(t.get)
    console.log(`${r.label.padEnd(58)}${`${median(t.get).toFixed(0)} ms`.padStart(10)}${`${median(t.walk).toFixed(0)} ms`.padStart(10)}${`${ratio.toFixed(2)}x`.padStart(8)}   ${ratio <= AIM ? 'within the aim' : 'ABOVE the aim'}`)
  }
}

const dir = mkdtempSync(join(tmpdir(), 'wirebench-walk-bench-'))
const { child: nginx, port, caPem } = await startNginx(dir)
let failed = 0
try {
  const { walk, http, contract } = await bundleEngines(join(dir, 'bundle'))
  // As when the app starts a session (its walkthrough binding prewarms the analyser): the analysis worker is started
  // and has compiled its hot paths (warm-up walks of its own) before any walk is timed.
  walk.prewarmAnalysisWorker()
  await walk.analysisWorkerWarm()
  const url = `https://${HOST}:${port}/`
  // tcpdump may run as root (or with CAP_NET_RAW, which the recorder checks itself; the row then says socket-only).
  const capture = spawnSync('tcpdump', ['--version']).status === 0
  const cases = [
    { label: 'HTTPS HTTP/1.1, capture off', protocol: 'http1.1', capture: false },
    { label: 'HTTPS HTTP/2, capture off', protocol: 'http2', capture: false },
    // with tcpdump the recording starts by waiting for it to listen (~40 ms here): a fixed cost of capturing
    ...(capture ? [{ label: 'HTTPS HTTP/1.1, tcpdump capture on (information)', protocol: 'http1.1', capture: true, info: true }] : []),
    { label: 'HTTPS HTTP/1.1, live feed forced on (information)', protocol: 'http1.1', capture: false, info: true, liveFeed: true }
  ]
  console.log(`The live feed by default: ${walk.liveFeedPays(['127.0.0.1']) ? 'on' : 'off'} (${availableParallelism()} cores, the server on this machine)`)
  console.log(`In-process: walked vs plain request to nginx ${spawnSync(NGINX, ['-v'], { encoding: 'utf8' }).stderr.trim().replace('nginx version: ', '')} on 127.0.0.1 (TLS, a new connection each); median of ${ROUNDS}, taking turns; node ${process.versions.node}`)
  console.log('  plain: the HTTP engine\'s call, timed around it; recorded: the walked request from the recorder\'s start until the HTTP')
  console.log('  engine has the whole response (the walkthrough\'s phases.recordMs); returned: the whole call, explaining included')
  console.log(`${'case'.padEnd(50)}${'plain'.padStart(9)}${'recorded'.padStart(10)}${'ratio'.padStart(7)}${'returned'.padStart(10)}${'ratio'.padStart(7)}${'explain'.padStart(9)}${'steps'.padStart(7)}   aim <= ${AIM}x (recorded)`)
  for (const c of cases) {
    const input = contract.walkRecordInput.parse({ url, address: '127.0.0.1', caPem, protocol: c.protocol, capture: c.capture, timeoutMs: 10_000 })
    const request = walk.walkRequest(input, new URL(url))
    const target = { host: HOST, port, address: '127.0.0.1', tls: { alpn: c.protocol === 'http2' ? ['h2', 'http/1.1'] : ['http/1.1'], verify: true, caPem } }
    const plain = () => (c.protocol === 'http2' ? http.sendH2(target, request, { limits: { budgetMs: 10_000 } }) : http.sendRaw(target, request, { limits: { budgetMs: 10_000 } }))
    const walked = () => walk.recordWalkthrough(input, c.liveFeed ? { liveFeed: true } : {})
    const t = { plain: [], walked: [], recorded: [], explained: [] }
    let steps = 0
    let note = ''
    for (let i = 0; i < ROUNDS + 2; i++) {
      // Taking turns, the first pair a warm-up (JIT, nginx's first connections); the order flips each round.
      const order = i % 2 ? [['walked', walked], ['plain', plain]] : [['plain', plain], ['walked', walked]]
      for (const [name, fn] of order) {
        const r = await timed(fn)
        if (name === 'plain') {
          if (r.out.response?.status !== 200) throw new Error(`plain request: status ${r.out.response?.status}`)
        } else {
          const w = r.out.walkthrough
          if (w.http?.status !== 200) throw new Error(`walked request: status ${w.http?.status}`)
          if (!w.phases) throw new Error('the walkthrough has no phases (recordMs, explainMs)')
          steps = w.steps.length
          note = `${w.tls?.version} ${w.tls?.cipher}, decrypted ${w.tls?.decrypted}, capture ${w.capture}`
          if (i >= 2) {
            t.recorded.push(w.phases.recordMs)
            t.explained.push(w.phases.explainMs)
          }
        }
        if (i >= 2) t[name].push(r.ms)
      }
    }
    const m = Object.fromEntries(Object.entries(t).map(([k, v]) => [k, median(v)]))
    const ratio = m.recorded / m.plain
    const verdict = c.info ? '(information)' : ratio <= AIM ? 'within the aim' : 'ABOVE the aim'
    console.log(`${c.label.padEnd(50)}${`${m.plain.toFixed(1)} ms`.padStart(9)}${`${m.recorded.toFixed(1)} ms`.padStart(10)}${`${ratio.toFixed(2)}x`.padStart(7)}${`${m.walked.toFixed(1)} ms`.padStart(10)}${`${(m.walked / m.plain).toFixed(2)}x`.padStart(7)}${`${m.explained.toFixed(1)} ms`.padStart(9)}${String(steps).padStart(7)}   ${verdict}; ${note}`)
  }
  await cliCases(port, capture)
} catch (e) {
  failed = 1
  console.error(`walk bench: ${e?.stack ?? e}`)
} finally {
  nginx.kill('SIGTERM')
  await new Promise((r) => (nginx.exitCode !== null ? r() : nginx.once('exit', r)))
  rmSync(dir, { recursive: true, force: true })
}
process.exit(failed)
