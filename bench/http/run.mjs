#!/usr/bin/env node
// HTTP benchmark (not part of npm test): 100 sequential GETs to a local nginx over ONE keep-alive connection, done by
//   - Wirebench's engine in-process: repeatRaw(…, 100, 'keep-alive'), timed around the call (connection included);
//   - the built CLI end to end: `wirebench http get URL --repeat 100 --keep-alive` (node start-up, one request on its
//     own connection first, then the 100 over one kept-alive connection), timed from spawn to exit;
//   - curl with the 100 URLs in one process (`curl -s URL URL …` reuses the connection), timed from spawn to exit,
//     with -w's num_connects summed to prove it used one connection.
// The ratio is Wirebench / curl (below 1: Wirebench is faster). Start-up differs (a process vs a call), so the per
// request cost is shown too: (time for N - time for 1) / (N - 1) for curl, and the engine's own per-request median.
// Median of ROUNDS rounds, tools taking turns. Run: npm run build && node bench/http/run.mjs [requests] [rounds]
import { spawn, spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, existsSync, readFileSync } from 'node:fs'
import net from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'

const root = join(import.meta.dirname, '..', '..')
const BIN = join(root, 'bin', 'wirebench.js')
const N = Number(process.argv[2] ?? 100)
const ROUNDS = Number(process.argv[3] ?? 7)
const NGINX = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((p) => existsSync(p)) ?? 'nginx'
const PAGE = 'bench page: a small HTML answer, as an API or a health check gives\n'.repeat(8)

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const p = s.address().port
      s.close(() => resolve(p))
    })
  })
}

async function startNginx(dir) {
  const port = await freePort()
  mkdirSync(join(dir, 'www'))
  for (const t of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) mkdirSync(join(dir, 'tmp', t), { recursive: true })
  writeFileSync(join(dir, 'www', 'index.html'), PAGE)
  writeFileSync(
    join(dir, 'nginx.conf'),
    `daemon off;\nmaster_process off;\nworker_processes 1;\npid ${dir}/nginx.pid;\nerror_log ${dir}/error.log warn;\nevents { worker_connections 64; }\n` +
      `http {\n  access_log off;\n  keepalive_requests 10000;\n  client_body_temp_path ${dir}/tmp/body;\n  proxy_temp_path ${dir}/tmp/proxy;\n  fastcgi_temp_path ${dir}/tmp/fastcgi;\n  uwsgi_temp_path ${dir}/tmp/uwsgi;\n  scgi_temp_path ${dir}/tmp/scgi;\n` +
      `  types { text/html html; }\n  server { listen 127.0.0.1:${port}; root ${dir}/www; }\n}\n`
  )
  const child = spawn(NGINX, ['-p', dir, '-c', join(dir, 'nginx.conf'), '-e', join(dir, 'error.log')], { stdio: 'ignore' })
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) throw new Error(`nginx exited: ${readFileSync(join(dir, 'error.log'), 'utf8')}`)
    const open = await new Promise((r) => {
      const c = net.connect(port, '127.0.0.1', () => (c.destroy(), r(true)))
      c.on('error', () => r(false))
    })
    if (open) return { child, port }
    await new Promise((r) => setTimeout(r, 50))
  }
  child.kill('SIGKILL')
  throw new Error('nginx did not start')
}

async function bundleEngine(dir) {
  const { rolldown } = await import(pathToFileURL(join(root, 'node_modules/rolldown/dist/index.mjs')).href)
  const build = await rolldown({ input: join(root, 'src/main/http/index.ts'), platform: 'node', logLevel: 'silent' })
  await build.write({ dir, format: 'esm', entryFileNames: 'http.mjs' })
  await build.close()
  return import(pathToFileURL(join(dir, 'http.mjs')).href)
}

/**
 * Runs a command to the end with its stdout read (as a user's pipe would), returning wall time, CPU time (user + sys,
 * from bash's `time`: on a shared machine the steadier figure) and output.
 */
function timed(cmd, args) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint()
    const child = spawn('bash', ['-c', 'TIMEFORMAT="WBCPU %3U %3S"; time "$0" "$@"', cmd, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
    const out = []
    let err = ''
    child.stdout.on('data', (d) => out.push(d))
    child.stderr.on('data', (d) => (err += d))
    child.once('error', reject)
    child.once('close', (status) => {
      const m = /WBCPU ([\d.]+) ([\d.]+)\s*$/.exec(err)
      resolve({ ms: Number(process.hrtime.bigint() - started) / 1e6, cpuMs: m ? (Number(m[1]) + Number(m[2])) * 1000 : NaN, status, stdout: Buffer.concat(out).toString(), stderr: err.replace(/WBCPU .*\s*$/, '') })
    })
  })
}

const dir = mkdtempSync(join(tmpdir(), 'wirebench-http-bench-'))
const { child: nginx, port } = await startNginx(dir)
try {
  const engine = await bundleEngine(join(dir, 'bundle'))
  const url = `http://127.0.0.1:${port}/`
  const request = new TextEncoder().encode(`GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUser-Agent: wirebench-bench\r\nAccept: */*\r\n\r\n`)
  const target = { host: '127.0.0.1', port }
  const curl = (n) => ['-s', '-w', '%{num_connects} %{http_code}\\n', ...Array.from({ length: n }, () => url)]
  const curlCheck = (r, n) => {
    const lines = r.stdout.split('\n').filter((l) => /^\d+ \d{3}$/.test(l))
    const connects = lines.reduce((s, l) => s + Number(l.split(' ')[0]), 0)
    if (r.status !== 0 || lines.length !== n || lines.some((l) => !l.endsWith(' 200'))) console.error(`curl: exit ${r.status}, ${lines.length}/${n} answered ${r.stderr.slice(0, 200)}`)
    return connects
  }
  // One warm-up of each (JIT, page cache, nginx's first connection).
  await engine.repeatRaw(target, request, N, 'keep-alive')
  await timed('curl', curl(N))
  const built = existsSync(join(root, 'out', 'main', 'cli.js'))
  const t = { engine: [], enginePer: [], cli: [], curl: [], curl1: [], engineCpu: [], cliCpu: [], curlCpu: [], curl1Cpu: [] }
  let curlConnects = 0
  let engineConnections = 0
  for (let round = 0; round < ROUNDS; round++) {
    const c0 = process.cpuUsage()
    const t0 = performance.now()
    const rep = await engine.repeatRaw(target, request, N, 'keep-alive')
    t.engine.push(performance.now() - t0)
    const cpu = process.cpuUsage(c0)
    t.engineCpu.push((cpu.user + cpu.system) / 1000)
    t.enginePer.push(rep.p50.totalMs)
    engineConnections = Math.max(engineConnections, rep.connections)
    if (rep.statuses.some((s) => s !== 200)) console.error('engine: a request was not answered 200')
    const c = await timed('curl', curl(N))
    curlConnects = Math.max(curlConnects, curlCheck(c, N))
    t.curl.push(c.ms)
    t.curlCpu.push(c.cpuMs)
    const c1 = await timed('curl', curl(1))
    t.curl1.push(c1.ms)
    t.curl1Cpu.push(c1.cpuMs)
    if (built) {
      const w = await timed(process.execPath, [BIN, 'http', 'get', url, '--repeat', String(N), '--keep-alive', '--json'])
      if (w.status !== 0) console.error(`wirebench CLI: exit ${w.status} ${w.stderr.slice(0, 300)}`)
      else if (JSON.parse(w.stdout).repeat?.n !== N) console.error('wirebench CLI: the JSON has no repeat of N')
      t.cli.push(w.ms)
      t.cliCpu.push(w.cpuMs)
    }
  }
  const m = Object.fromEntries(Object.entries(t).map(([k, v]) => [k, v.length ? median(v) : NaN]))
  const curlPer = (m.curl - m.curl1) / (N - 1)
  const enginePerCall = m.engine / N
  console.log(`\n${N} sequential GETs to nginx ${spawnSync(NGINX, ['-v'], { encoding: 'utf8' }).stderr.trim().replace('nginx version: ', '')} on 127.0.0.1 over one keep-alive connection; median of ${ROUNDS} (ms)`)
  console.log(`node ${process.versions.node}; ${spawnSync('curl', ['--version'], { encoding: 'utf8' }).stdout.split('\n')[0]}`)
  const row = (label, ms, cpu, note) => console.log(`${label.padEnd(52)}${`${ms.toFixed(1)} ms`.padStart(11)}${`${(ms / m.curl).toFixed(2)}x`.padStart(9)}${`${cpu.toFixed(1)} ms`.padStart(11)}${`${(cpu / m.curlCpu).toFixed(2)}x`.padStart(9)}   ${note}`)
  console.log(`${'tool'.padEnd(52)}${'wall'.padStart(11)}${'vs curl'.padStart(9)}${'CPU'.padStart(11)}${'vs curl'.padStart(9)}   (wall of each round)`)
  row(`curl, ${N} URLs in one process`, m.curl, m.curlCpu, `${curlConnects} connection(s); ${t.curl.map((x) => x.toFixed(0)).join(' ')}`)
  row(`wirebench engine in-process (repeatRaw keep-alive)`, m.engine, m.engineCpu, `${engineConnections} connection(s); ${t.engine.map((x) => x.toFixed(0)).join(' ')}`)
  if (built) row(`wirebench CLI (http get --repeat ${N} --keep-alive)`, m.cli, m.cliCpu, `node start-up + 1 + ${N} requests; ${t.cli.map((x) => x.toFixed(0)).join(' ')}`)
  else console.log('wirebench CLI: not built (npm run build), skipped')
  console.log(`\nPer request: curl ${(curlPer * 1000).toFixed(0)} µs ((${N} URLs - 1 URL) / ${N - 1}); engine ${(enginePerCall * 1000).toFixed(0)} µs (call / ${N}), p50 of its own totalMs ${(m.enginePer * 1000).toFixed(0)} µs`)
  const curlCpuPer = (m.curlCpu - m.curl1Cpu) / (N - 1)
  console.log(`CPU per request: curl ${(curlCpuPer * 1000).toFixed(0)} µs, engine ${((m.engineCpu / N) * 1000).toFixed(0)} µs`)
  console.log(`ratio engine/curl: wall ${(m.engine / m.curl).toFixed(2)}x (per request ${(enginePerCall / curlPer).toFixed(2)}x), CPU ${(m.engineCpu / m.curlCpu).toFixed(2)}x (per request ${(m.engineCpu / N / curlCpuPer).toFixed(2)}x); below 1: Wirebench is faster`)
} finally {
  nginx.kill('SIGTERM')
  await new Promise((r) => (nginx.exitCode !== null ? r() : nginx.once('exit', r)))
  rmSync(dir, { recursive: true, force: true })
}
