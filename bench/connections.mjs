// Connections benchmark (not part of npm test): echo throughput on loopback, Wirebench's server against socat
// doing the same work in one run, and the memory Wirebench's server holds for 5,000 idle connections.
// Run: npm run build && node bench/connections.mjs [megabytes]
import { spawn, spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import net from 'node:net'
import { join } from 'node:path'

const root = join(import.meta.dirname, '..')
const MB = Number(process.argv[2] ?? 512)
const ROUNDS = 3

function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer()
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address()
      s.close(() => resolve(port))
    })
  })
}

async function waitForPort(port) {
  for (let i = 0; i < 200; i++) {
    const ok = await new Promise((r) => {
      const s = net.connect(port, '127.0.0.1', () => {
        s.destroy()
        r(true)
      })
      s.on('error', () => r(false))
    })
    if (ok) return
    await new Promise((r) => setTimeout(r, 25))
  }
  throw new Error(`nothing listening on ${port}`)
}

/** Sends `bytes` through an echo server on one connection, as fast as it will take them; resolves with MB/s. */
function pump(port, bytes) {
  return new Promise((resolve, reject) => {
    const chunk = Buffer.alloc(64 * 1024, 0x61)
    let sent = 0
    let received = 0
    const started = process.hrtime.bigint()
    const socket = net.connect(port, '127.0.0.1')
    socket.setNoDelay(true)
    const write = () => {
      while (sent < bytes) {
        const n = Math.min(chunk.length, bytes - sent)
        sent += n
        if (!socket.write(n === chunk.length ? chunk : chunk.subarray(0, n))) return socket.once('drain', write)
      }
    }
    socket.on('connect', write)
    socket.on('data', (d) => {
      received += d.length
      if (received >= bytes) {
        const seconds = Number(process.hrtime.bigint() - started) / 1e9
        socket.removeAllListeners('error')
        socket.on('error', () => {})
        socket.destroy()
        resolve(bytes / 1024 / 1024 / seconds)
      }
    })
    socket.on('error', reject)
  })
}

async function withServer(command, args, port, fn) {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'inherit'] })
  try {
    await waitForPort(port)
    return await fn(child)
  } finally {
    child.kill('SIGINT')
    await new Promise((r) => child.once('exit', r))
  }
}

function rssMiB(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)[1]) / 1024
}

const wirebench = join(root, 'bin', 'wirebench.js')
if (spawnSync('socat', ['-V'], { stdio: 'ignore' }).status !== 0) {
  console.error('socat is not installed (sudo apt-get install -y socat)')
  process.exit(1)
}

// Throughput: best of ROUNDS for each, alternating so neither gets a warmer machine.
const bytes = MB * 1024 * 1024
const best = { wirebench: 0, socat: 0 }
for (let round = 0; round < ROUNDS; round++) {
  const p1 = await freePort()
  best.wirebench = Math.max(best.wirebench, await withServer(process.execPath, [wirebench, 'serve', 'echo', '--port', String(p1)], p1, () => pump(p1, bytes)))
  const p2 = await freePort()
  best.socat = Math.max(best.socat, await withServer('socat', [`TCP-LISTEN:${p2},bind=127.0.0.1,reuseaddr,fork`, "PIPE"], p2, () => pump(p2, bytes)))
}
console.log(`echo throughput, ${MB} MiB on one loopback connection (best of ${ROUNDS}):`)
console.log(`  wirebench serve echo          ${best.wirebench.toFixed(0)} MiB/s`)
console.log(`  socat TCP-LISTEN,fork PIPE    ${best.socat.toFixed(0)} MiB/s`)
console.log(`  ratio wirebench/socat         ${(best.wirebench / best.socat).toFixed(2)}`)

// Memory: 5,000 idle connections held open against one server.
const IDLE = 5000
const p3 = await freePort()
await withServer(process.execPath, [wirebench, 'serve', 'upper', '--port', String(p3), '--max-connections', '10000', '--idle-timeout', '600000'], p3, async (child) => {
  await new Promise((r) => setTimeout(r, 300))
  const before = rssMiB(child.pid)
  const sockets = []
  for (let i = 0; i < IDLE; i += 250) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(250, IDLE - i) }, () => new Promise((resolve, reject) => {
        const s = net.connect(p3, '127.0.0.1', () => {
          s.write('a line that never ends')
          resolve(s)
        })
        s.on('error', reject)
        s.once('connect', () => s.off('error', reject).on('error', () => {}))
      }))
    )
    sockets.push(...batch)
  }
  await new Promise((r) => setTimeout(r, 1000))
  const after = rssMiB(child.pid)
  const answered = await new Promise((resolve) => {
    const s = net.connect(p3, '127.0.0.1', () => s.write('still served?\n'))
    s.on('data', (d) => {
      s.destroy()
      resolve(String(d).trim())
    })
  })
  console.log(`\n${IDLE} idle connections (each sent a line with no newline) on wirebench serve upper:`)
  console.log(`  server RSS before ${before.toFixed(1)} MiB, with ${IDLE} idle ${after.toFixed(1)} MiB (+${(after - before).toFixed(1)} MiB, ${(((after - before) * 1024) / IDLE).toFixed(1)} KiB each)`)
  console.log(`  a new client is still answered: ${answered}`)
  for (const s of sockets) {
    s.on('error', () => {})
    s.destroy()
  }
})
