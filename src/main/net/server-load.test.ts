// Issue 8's load check: a real `serve upper` server in its own process against 8 clients that never read and 1,000
// slowloris connections, while a normal client is answered within 1 s and the server's RSS stays under 300 MB.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import path from 'node:path'
import type net from 'node:net'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { build } from 'vite'
import type { ServerStats } from '../../shared/contract'
import { drip, floodWithoutReading, openConnections, sleep, timedLine } from '../testing/hostile-clients'

const ROOT = path.resolve(__dirname, '../../..')
// Inside node_modules so the bundle's own imports (zod, node-forge) resolve as they do for the app.
const OUT_DIR = path.join(ROOT, 'node_modules/.cache', `wirebench-load-${process.pid}`)
const RSS_LIMIT_BYTES = 300 * 1024 * 1024

let child: ChildProcessWithoutNullStreams
let port = 0
const answers: ((line: string) => void)[] = []

/** Resident memory of a process, from /proc/PID/status (VmRSS, in kB). */
function rssOf(pid: number): number {
  const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
  return Number(match![1]) * 1024
}

function childStats(): Promise<{ stats: ServerStats; queuedBytes: number }> {
  return new Promise((resolve) => {
    answers.push((line) => resolve(JSON.parse(line)))
    child.stdin.write('stats\n')
  })
}

beforeAll(async () => {
  await build({
    configFile: false,
    logLevel: 'silent',
    root: ROOT,
    build: {
      ssr: 'src/main/testing/upper-server-child.ts',
      outDir: OUT_DIR,
      emptyOutDir: true,
      rollupOptions: { output: { entryFileNames: 'server.mjs', format: 'es' } }
    }
  })
  // The defaults of `wirebench serve upper`: 1,000 connections at most, so the slowloris fill every slot.
  child = spawn(process.execPath, [path.join(OUT_DIR, 'server.mjs'), '{}'])
  let buffered = ''
  port = await new Promise<number>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)))
    child.stdout.setEncoding('utf8')
    child.stdout.on('data', (text: string) => {
      buffered += text
      for (let nl = buffered.indexOf('\n'); nl >= 0; nl = buffered.indexOf('\n')) {
        const line = buffered.slice(0, nl)
        buffered = buffered.slice(nl + 1)
        if (!port) resolve(JSON.parse(line).port as number)
        else answers.shift()?.(line)
      }
    })
  })
}, 60_000)

afterAll(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((r) => child.once('exit', r))
    child.stdin.end()
    setTimeout(() => child.kill('SIGKILL'), 3000).unref()
    await exited
  }
  await rm(OUT_DIR, { recursive: true, force: true })
})

it('serve upper: 8 non-readers + 1,000 slowloris connections; a normal client is answered within 1 s, RSS under 300 MB', async () => {
  const sockets: net.Socket[] = []
  let stopDrip = () => {}
  try {
    const rssBefore = rssOf(child.pid!)
    sockets.push(...(await openConnections(port, 1000)))
    // One byte at a time and never a newline: each connection holds its slot as long as the server lets it.
    stopDrip = drip(sockets.slice(), 1000)
    // The server is full; a slot goes to a newcomer only once its holder has finished no line for a second.
    await sleep(1200)
    const lines = Buffer.from('never read, never read, never read, never read, never read\n'.repeat(16 * 1024))
    sockets.push(...(await Promise.all(Array.from({ length: 8 }, () => floodWithoutReading(port, lines)))))
    let maxRss = rssBefore
    const answerMs: number[] = []
    // Until every non-reader has been paused (their flood has filled every buffer there is), and a while longer.
    const deadline = performance.now() + 15_000
    let pausedAt = 0
    while (performance.now() < deadline && (!pausedAt || performance.now() - pausedAt < 3000)) {
      const { stats } = await childStats()
      if (!pausedAt && stats.backpressurePauses >= 8) pausedAt = performance.now()
      const normal = await timedLine(port, 'are you there?\n')
      expect(normal.reply).toBe('ARE YOU THERE?\n')
      answerMs.push(Math.round(normal.ms))
      maxRss = Math.max(maxRss, rssOf(child.pid!))
      await sleep(250)
    }
    const { stats, queuedBytes } = await childStats()
    expect(stats.backpressurePauses).toBeGreaterThanOrEqual(8)
    // Every non-reader and every normal client got in, each in a slowloris's slot.
    expect(stats.refusedMaxConnections).toBe(0)
    expect(stats.evictions).toBeGreaterThanOrEqual(9)
    expect(queuedBytes).toBeLessThan(8 * 1.25 * 1024 * 1024)
    expect(Math.max(...answerMs), `answers took ${answerMs.join(', ')} ms`).toBeLessThan(1000)
    expect(maxRss, `RSS ${Math.round(maxRss / 2 ** 20)} MB`).toBeLessThan(RSS_LIMIT_BYTES)
    console.log(`load check: answers in ${answerMs.join(', ')} ms; server RSS at most ${Math.round(maxRss / 2 ** 20)} MB; ${stats.evictions} evictions, ${stats.backpressurePauses} pauses`)
  } finally {
    stopDrip()
    for (const s of sockets) s.destroy()
  }
}, 40_000)
