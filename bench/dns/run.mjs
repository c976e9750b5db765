#!/usr/bin/env node
// DNS benchmark (not part of npm test): 1,000 queries from a file against a local Knot DNS, answered in full by
// `wirebench dns -f` (64 in flight), `dig -f` (one after another) and `kdig` (which has no -f: all 1,000 queries as
// arguments of ONE kdig call, so it too starts once). Each tool's whole run is timed, start-up included, once, with
// its output read and its NOERROR answers counted (all must be 1,000); the tools take turns for ROUNDS rounds and
// each one's median is shown (a shared machine's noise hits one run, not the middle one). On loopback a query costs the server
// microseconds, so this measures each tool's own CPU per query; the second table puts a relay adding DELAY_MS each
// way in front of Knot (a resolver a few ms away), where answering many at once is what counts. Then the start-up
// budget: `wirebench dns --help` against bare `node -e 0` (median of 7), which the issue wants within 1.5x.
// Run: npm run build && node bench/dns/run.mjs [queries] [rounds]
import { spawn, spawnSync } from 'node:child_process'
import dgram from 'node:dgram'
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import net from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const root = join(import.meta.dirname, '..', '..')
const BIN = join(root, 'bin', 'wirebench.js')
const COUNT = Number(process.argv[2] ?? 1000)
const ROUNDS = Number(process.argv[3] ?? 3)
const DELAY_MS = 2
const ORIGIN = 'bench.test'

async function freeDnsPort() {
  for (;;) {
    const port = await new Promise((resolve) => {
      const s = net.createServer().listen(0, '127.0.0.1', () => {
        const p = s.address().port
        s.close(() => resolve(p))
      })
    })
    const free = await new Promise((resolve) => {
      const u = dgram.createSocket('udp4')
      u.once('error', () => resolve(false))
      u.bind(port, '127.0.0.1', () => u.close(() => resolve(true)))
    })
    if (free) return port
  }
}

/** Knot on 127.0.0.1 with a zone of COUNT hosts (A, AAAA, TXT, MX): a real authoritative server, started directly. */
async function startKnot(dir, port) {
  const hosts = []
  for (let i = 0; i < COUNT; i++) {
    hosts.push(`host${i} IN A 192.0.${(i >> 8) & 255}.${i & 255}`, `host${i} IN AAAA 2001:db8::${i.toString(16)}`, `host${i} IN TXT "host ${i}"`, `host${i} IN MX 10 mail${i % 7}`)
  }
  writeFileSync(join(dir, 'zone'), `$ORIGIN ${ORIGIN}.\n$TTL 300\n@ IN SOA ns hostmaster 1 7200 3600 1209600 300\n@ IN NS ns\nns IN A 127.0.0.1\n${hosts.join('\n')}\n`)
  mkdirSync(join(dir, 'db'))
  writeFileSync(
    join(dir, 'knot.conf'),
    `server:\n    rundir: "${dir}"\n    listen: 127.0.0.1@${port}\n    udp-workers: 1\n    tcp-workers: 1\n    background-workers: 1\ndatabase:\n    storage: "${dir}/db"\nlog:\n  - target: stderr\n    any: error\ntemplate:\n  - id: default\n    storage: "${dir}"\n    journal-content: none\n    zonefile-sync: -1\nzone:\n  - domain: ${ORIGIN}\n    file: zone\n`
  )
  const child = spawn('/usr/sbin/knotd', ['-c', join(dir, 'knot.conf')], { stdio: ['ignore', 'ignore', 'inherit'] })
  // Ready when the zone answers (knotd listens before it has loaded the zone).
  for (let i = 0; i < 200; i++) {
    const r = spawnSync('dig', ['+short', '+tries=1', '+time=1', '-p', String(port), '@127.0.0.1', `host0.${ORIGIN}`, 'A'], { encoding: 'utf8' })
    if (r.stdout.trim()) return child
    await new Promise((r) => setTimeout(r, 50))
  }
  child.kill('SIGKILL')
  throw new Error('knotd did not start')
}

/** Runs a command to the end with its stdout read (as a user's pipe would), returning wall time and output. */
function timed(cmd, args) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint()
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] })
    const out = []
    let err = ''
    child.stdout.on('data', (d) => out.push(d))
    child.stderr.on('data', (d) => (err += d))
    child.once('error', reject)
    child.once('close', (status) => resolve({ ms: Number(process.hrtime.bigint() - started) / 1e6, status, stdout: Buffer.concat(out).toString(), stderr: err }))
  })
}

const TYPES = ['A', 'AAAA', 'TXT', 'MX']
const queries = Array.from({ length: COUNT }, (_, i) => [`host${i}.${ORIGIN}`, TYPES[i % TYPES.length]])
const dir = mkdtempSync(join(tmpdir(), 'wirebench-dns-bench-'))
const file = join(dir, 'queries.txt')
writeFileSync(file, queries.map((q) => q.join(' ')).join('\n') + '\n')
/** A UDP relay that holds each datagram DELAY_MS each way: a resolver a few milliseconds away, as on a real network.
 *  One upstream socket per client address and port, so every tool's answers come back to the socket that asked. */
function startDelayRelay(target, delayMs) {
  const relay = dgram.createSocket('udp4')
  const upstreams = new Map()
  relay.on('message', (msg, from) => {
    const key = `${from.address}:${from.port}`
    let up = upstreams.get(key)
    if (!up) {
      up = dgram.createSocket('udp4')
      up.on('message', (answer) => setTimeout(() => relay.send(answer, from.port, from.address), delayMs))
      up.bind(0, '127.0.0.1')
      upstreams.set(key, up)
    }
    setTimeout(() => up.send(msg, target, '127.0.0.1'), delayMs)
  })
  return new Promise((resolve) => relay.bind(0, '127.0.0.1', () => resolve({ port: relay.address().port, close: () => [relay, ...upstreams.values()].forEach((s) => s.close()) })))
}

async function compare(port, title) {
  const runs = [
    ['wirebench dns -f', process.execPath, [BIN, 'dns', '-f', file, `@127.0.0.1:${port}`]],
    ['dig -f', 'dig', ['-f', file, '-p', String(port), '@127.0.0.1']],
    ['kdig (one call, all queries as arguments)', 'kdig', ['-p', String(port), '@127.0.0.1', ...queries.flat()]]
  ]
  const times = runs.map(() => [])
  const answeredBy = runs.map(() => COUNT)
  for (let round = 0; round < ROUNDS; round++) {
    for (const [i, [label, cmd, args]] of runs.entries()) {
      const r = await timed(cmd, args)
      const answered = (r.stdout.match(/status: NOERROR/g) ?? []).length
      if (r.status !== 0 || answered !== COUNT) console.error(`${label}: exit ${r.status}, ${answered}/${COUNT} answered ${r.stderr.slice(0, 300)}`)
      times[i].push(r.ms)
      answeredBy[i] = Math.min(answeredBy[i], answered)
    }
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
  const results = runs.map(([label], i) => ({ label, ms: median(times[i]), answered: answeredBy[i], all: times[i] }))
  const ours = results[0].ms
  console.log(`\n${COUNT} queries (A, AAAA, TXT, MX in turn) ${title}, full dig-like output, median of ${ROUNDS} (runs in ms)`)
  console.log(`${'tool'.padEnd(44)}${'time'.padStart(10)}${'answered'.padStart(10)}${'vs wirebench'.padStart(14)}`)
  for (const r of results) console.log(`${r.label.padEnd(44)}${`${r.ms.toFixed(0)} ms`.padStart(10)}${String(r.answered).padStart(10)}${`${(r.ms / ours).toFixed(2)}x`.padStart(14)}   ${r.all.map((t) => t.toFixed(0)).join(' ')}`)
}

const port = await freeDnsPort()
const knot = await startKnot(dir, port)
let relay = null
try {
  await compare(port, 'against knotd on 127.0.0.1')
  relay = await startDelayRelay(port, DELAY_MS)
  await compare(relay.port, `through a relay adding ${DELAY_MS} ms each way (a resolver across town)`)

  const median = async (cmd, args) => {
    const times = []
    for (let i = 0; i < 7; i++) times.push((await timed(cmd, args)).ms)
    return times.sort((a, b) => a - b)[3]
  }
  const bare = await median(process.execPath, ['-e', '0'])
  const help = await median(process.execPath, [BIN, 'dns', '--help'])
  const one = await median(process.execPath, [BIN, 'dns', `host1.${ORIGIN}`, `@127.0.0.1:${port}`])
  console.log(`\nStart-up (median of 7): node -e 0 ${bare.toFixed(0)} ms; wirebench dns --help ${help.toFixed(0)} ms (${(help / bare).toFixed(2)}x, budget 1.5x); one query ${one.toFixed(0)} ms (${(one / bare).toFixed(2)}x)`)
} finally {
  relay?.close()
  knot.kill('SIGTERM')
  await new Promise((r) => knot.once('exit', r))
  rmSync(dir, { recursive: true, force: true })
}
