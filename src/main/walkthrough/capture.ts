// Real packets where the OS allows: runs tcpdump with a BPF filter on this walkthrough's addresses and ports, reads its
// pcap stream as it comes (capped in bytes, packets and time) and stops it with SIGINT. Where tcpdump is missing or
// not permitted, it says why in words; it never invents packets and never leaves tcpdump running.
import { type ChildProcess, spawn } from 'node:child_process'
import { guardChild } from './capture-watchdog'
import { accessSync, constants } from 'node:fs'
import net from 'node:net'
import { constants as osConstants } from 'node:os'
import { delimiter, join } from 'node:path'
import { WirebenchError } from '../../shared/errors'
import { type FlushMarker, openMarker } from './capture-marker'
import { PcapStreamReader } from './pcap'

export interface CapturedPacket {
  /** When it was captured, on the performance.now() clock (converted from the pcap epoch time with the offset measured at start). */
  at: number
  epochMicros: number
  linkType: number
  bytes: Uint8Array
  /** The length on the wire when the snap length cut the packet (tcpdump's -s 0 does not). */
  originalLength?: number
}

export type CaptureAvailability = { ok: true; tool: string } | { ok: false; why: string }

export interface CaptureFilter {
  /** IP addresses (literals only): the server, the resolver. */
  hosts: string[]
  /** Ports: the server's, 53 for DNS. */
  ports: number[]
}

export interface StartCaptureOptions {
  filter: CaptureFilter
  signal?: AbortSignal
  /** The tcpdump binary (default: found on PATH or in the sbin directories). */
  tool?: string
  /** Default 'any' on Linux (every interface, Linux cooked v2 headers). */
  interface?: string
  /** Caps on what is kept: bytes (default 64 MiB), packets (default 20,000), time (default 120 s). */
  maxBytes?: number
  maxPackets?: number
  maxDurationMs?: number
  /** How long tcpdump may take to say it is listening (default 5 s). */
  startTimeoutMs?: number
  /** Called once tcpdump's process was started (not yet listening; an exec failure comes later as an error). */
  onSpawn?: () => void
}

export interface Capture {
  tool: string
  interface: string
  /** The BPF filter tcpdump was given. */
  filter: string
  /** The pcap link type of the packets, once the stream's header came. */
  readonly linkType: number | null
  /** What was left out or went wrong (caps reached, kernel drops, tcpdump died), in words; empty when nothing. */
  readonly notes: string[]
  /**
   * Waits until tcpdump has read every packet sent so far (at most `flushMs`, default 2000; 0 stops at once), stops
   * it and returns what it captured (after a flush, without waiting for tcpdump to exit). Idempotent.
   */
  stop(flushMs?: number): Promise<CapturedPacket[]>
}

export const CAPTURE_LIMITS = { maxBytes: 64 * 1024 * 1024, maxPackets: 20_000, maxDurationMs: 120_000, startTimeoutMs: 5_000 } as const

/** The signal on which tcpdump prints its counts and goes on capturing (its manual: SIGINFO where the OS has it). */
const COUNTS_SIGNAL: NodeJS.Signals | null = process.platform === 'win32' ? null : 'SIGINFO' in osConstants.signals ? 'SIGINFO' : 'SIGUSR1'
const SNAP_LENGTH = 65_600
const BUFFER_KIB = 16_384
const SBIN = ['/usr/sbin', '/usr/bin', '/sbin', '/bin', '/usr/local/sbin', '/usr/local/bin']

/** tcpdump on PATH or in the usual directories (sbin is often not on a user's PATH). */
export function findTcpdump(): string | null {
  const dirs = [...(process.env.PATH ?? '').split(delimiter).filter(Boolean), ...SBIN]
  for (const dir of dirs) {
    const candidate = join(dir, process.platform === 'win32' ? 'tcpdump.exe' : 'tcpdump')
    if (executable(candidate)) return candidate
  }
  return null
}

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK)
    return true
  } catch {
    return false
  }
}

/** The BPF expression: "(host A or host B) and (port P or port 53)". Only IP literals and port numbers go in. */
export function captureFilter(f: CaptureFilter): string {
  const hosts = [...new Set(f.hosts.map((h) => h.replace(/^\[|\]$/g, '').replace(/%.*$/, '')))]
  for (const h of hosts) if (!net.isIP(h)) throw new WirebenchError('INVALID_ADDRESS', `"${h}" is not an IP address; a capture filter takes addresses, not names.`)
  const ports = [...new Set(f.ports)]
  for (const p of ports) if (!Number.isInteger(p) || p < 1 || p > 65535) throw new WirebenchError('INVALID_INPUT', `${p} is not a port number (1–65535).`)
  if (!hosts.length && !ports.length) throw new WirebenchError('INVALID_INPUT', 'A capture needs at least one address or port to filter on; Wirebench never captures everything.')
  const clause = (kind: string, list: (string | number)[]): string => `(${list.map((x) => `${kind} ${x}`).join(' or ')})`
  return [hosts.length ? clause('host', hosts) : '', ports.length ? clause('port', ports) : ''].filter(Boolean).join(' and ')
}

function defaultInterface(hosts: string[]): string {
  if (process.platform === 'linux') return 'any'
  const loopback = hosts.length > 0 && hosts.every((h) => h.startsWith('127.') || h === '::1')
  return loopback ? 'lo0' : 'any'
}

/** "Permission denied" in tcpdump's words → ours. */
function whyFailed(stderr: string, tool: string): string {
  const text = stderr.trim().split('\n').filter((l) => !/^Warning|^tcpdump: verbose output/.test(l)).join(' ').slice(0, 400)
  if (/permission|not permitted|don't have permission/i.test(text)) {
    return `tcpdump (${tool}) is not permitted to capture: run Wirebench as root, or give tcpdump the capability (sudo setcap cap_net_raw,cap_net_admin=eip ${tool}). tcpdump said: ${text}`
  }
  return `tcpdump (${tool}) could not start capturing${text ? `: ${text}` : ' and said nothing'}.`
}

const NOT_INSTALLED = 'tcpdump is not installed (on Debian or Ubuntu: apt-get install tcpdump), so only socket-level events can be shown.'
const okCache = new Map<string, string>()

/** Whether packets can be captured here: tcpdump present and allowed to open the interface (tried for real, briefly). */
export async function captureAvailable(o: { tool?: string; interface?: string } = {}): Promise<CaptureAvailability> {
  const tool = o.tool ?? findTcpdump()
  if (!tool) return { ok: false, why: NOT_INSTALLED }
  if (!executable(tool)) return { ok: false, why: `tcpdump was not found at ${tool} (or is not executable), so only socket-level events can be shown.` }
  const key = `${tool}\0${o.interface ?? ''}`
  if (okCache.has(key)) return { ok: true, tool }
  try {
    // A filter nothing on this machine should match: the probe only proves the interface opens.
    const probe = await startCapture({ tool, ...(o.interface ? { interface: o.interface } : {}), filter: { hosts: ['127.0.0.254'], ports: [9] }, startTimeoutMs: 3000 })
    await probe.stop(0)
    okCache.set(key, tool)
    return { ok: true, tool }
  } catch (err) {
    return { ok: false, why: err instanceof Error ? err.message : String(err) }
  }
}

/**
 * Starts the capture a walkthrough wants, or says in words why it cannot (not installed, not permitted, did not
 * start): one tcpdump run, not a probe first and then the capture (each start costs tens of milliseconds).
 */
export async function tryCapture(o: StartCaptureOptions): Promise<{ capture: Capture; tool: string } | { capture: null; why: string }> {
  const tool = o.tool ?? findTcpdump()
  if (!tool) return { capture: null, why: NOT_INSTALLED }
  try {
    const capture = await startCapture({ ...o, tool })
    okCache.set(`${tool}\0${o.interface ?? ''}`, tool)
    return { capture, tool }
  } catch (err) {
    if (err instanceof WirebenchError && err.code === 'CANCELLED') throw err
    return { capture: null, why: err instanceof Error ? err.message : String(err) }
  }
}

/** Starts tcpdump; resolves once it is listening (so no packet of what follows is missed). */
export async function startCapture(o: StartCaptureOptions): Promise<Capture> {
  const filter = captureFilter(o.filter)
  const tool = o.tool ?? findTcpdump()
  if (!tool) throw new WirebenchError('CAPTURE_UNAVAILABLE', 'tcpdump is not installed (on Debian or Ubuntu: apt-get install tcpdump).')
  if (o.signal?.aborted) throw new WirebenchError('CANCELLED')
  const marker = await openMarker()
  try {
    return await runCapture(o, filter, tool, marker)
  } catch (err) {
    marker?.close()
    throw err
  }
}

function runCapture(o: StartCaptureOptions, filter: string, tool: string, marker: FlushMarker | null): Promise<Capture> {
  const iface = o.interface ?? defaultInterface(o.filter.hosts)
  const maxBytes = o.maxBytes ?? CAPTURE_LIMITS.maxBytes
  const maxPackets = o.maxPackets ?? CAPTURE_LIMITS.maxPackets
  const reader = new PcapStreamReader()
  const packets: CapturedPacket[] = []
  const notes: string[] = []
  let bytesKept = 0
  let halt: () => void = () => undefined
  const halted = new Promise<boolean>((resolve) => (halt = () => resolve(true)))
  let full = false
  let stderr = ''
  let exited = false
  let child: ChildProcess
  try {
    // -U and --immediate-mode: each packet is handed over as it comes, so stopping loses none still in a buffer.
    // Immediate mode gives the kernel ring one fixed-size slot per packet, sized by the snap length: with -s 0
    // (256 KiB) the default 2 MiB buffer holds 8 packets and a burst overflows it, so the snap length is what a
    // 64 KiB loopback or offloaded segment needs plus headers, and the buffer 16 MiB (about 250 slots).
    child = spawn(tool, ['-i', iface, '-n', '-U', '--immediate-mode', '-s', String(SNAP_LENGTH), '-B', String(BUFFER_KIB), '-w', '-', marker ? `(${filter}) or (${marker.filter})` : filter], { stdio: ['ignore', 'pipe', 'pipe'] })
  } catch (err) {
    return Promise.reject(new WirebenchError('CAPTURE_UNAVAILABLE', `tcpdump (${tool}) could not be run: ${err instanceof Error ? err.message : String(err)}`))
  }
  // measured while tcpdump starts (it waits for the wall clock's next tick: about a millisecond, at most 5)
  const offsetMs = clockOffset()
  try {
    o.onSpawn?.()
  } catch {
    // the caller's notice only; the capture goes on
  }
  /** Signals tcpdump unless it is gone; false when the signal could not be sent (this OS has no such signal). */
  const kill = (sig: NodeJS.Signals): boolean => {
    if (exited) return false
    try {
      return child.kill(sig)
    } catch {
      return false
    }
  }
  const onProcessExit = (): void => void kill('SIGKILL')
  process.once('exit', onProcessExit)
  const unguard = guardChild(child)
  const exitPromise = new Promise<void>((resolve) => {
    child.once('close', () => {
      exited = true
      unguard()
      halt()
      process.removeListener('exit', onProcessExit)
      resolve()
    })
  })
  let ignoreMore = false
  child.stdout!.on('data', (chunk: Buffer) => {
    if (full || ignoreMore) return
    for (const p of reader.push(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength))) {
      if (marker?.check(p.bytes, p.linkType)) continue
      if (packets.length >= maxPackets || bytesKept + p.bytes.length > maxBytes) {
        full = true
        halt()
        notes.push(packets.length >= maxPackets ? `The capture stopped at ${maxPackets.toLocaleString('en-US')} packets; later ones were left out.` : `The capture stopped at ${(maxBytes / 1048576).toFixed(0)} MiB; later packets were left out.`)
        kill('SIGINT')
        break
      }
      bytesKept += p.bytes.length
      const packet: CapturedPacket = { at: p.epochMicros / 1000 - offsetMs, epochMicros: p.epochMicros, linkType: p.linkType, bytes: p.bytes }
      if (p.originalLength > p.bytes.length) packet.originalLength = p.originalLength
      packets.push(packet)
    }
    if (reader.failed && !full) {
      full = true
      halt()
      notes.push(`The capture stream could not be read further: ${reader.failed.message}`)
      kill('SIGINT')
    }
  })
  let onCounts: (() => void) | null = null
  const countsLine = (): Promise<void> => new Promise<void>((resolve) => (onCounts = resolve))
  child.stderr!.on('data', (chunk: Buffer) => {
    if (stderr.length < 16_384) stderr += chunk.toString('utf8')
    if (onCounts && /dropped by kernel/.test(stderr)) onCounts()
  })
  let stopping: Promise<CapturedPacket[]> | null = null
  let timer: NodeJS.Timeout | undefined
  const dropNote = (): void => {
    const dropped = /(\d+) packets? dropped by kernel/.exec(stderr)
    if (dropped && Number(dropped[1]) > 0) notes.push(`The kernel reported ${dropped[1]} packets dropped before tcpdump read them (counted on the whole interface, so not necessarily of this connection); compare the sequence numbers for gaps.`)
  }
  const stop = (flushMs = 2000): Promise<CapturedPacket[]> => {
    stopping ??= (async () => {
      clearTimeout(timer)
      o.signal?.removeEventListener('abort', onAbort)
      if (flushMs > 0 && !exited && !full) {
        // With a marker, tcpdump is asked for its counts (dropped by kernel among them): it prints them on SIGUSR1
        // (SIGINFO where the OS has it) and goes on capturing; asked before the marker, they come before it.
        const counts = marker ? countsLine() : null
        const asked = counts !== null && COUNTS_SIGNAL !== null && kill(COUNTS_SIGNAL)
        // Waiting ends early when tcpdump exits or the capture is full: there is nothing more to catch up on.
        const caughtUp = await Promise.race([halted, marker ? marker.flush(flushMs) : new Promise<boolean>((r) => setTimeout(() => r(true), Math.min(flushMs, 100)))])
        if (!caughtUp && !exited) notes.push(`tcpdump had not caught up after ${(flushMs / 1000).toFixed(1)} s (a busy machine?); the last packets may be missing.`)
        if (asked && caughtUp && !exited && !full) {
          let wait: NodeJS.Timeout | undefined
          await Promise.race([counts, halted, new Promise((r) => (wait = setTimeout(r, 100)))])
          clearTimeout(wait)
          if (!exited && !full) {
            // Everything up to the marker is in, and the counts: tcpdump is told to end and not waited for (it takes
            // ~25 ms to exit; the watchdog and the process's exit handler see that it does). Later bytes are not read.
            ignoreMore = true
            marker?.close()
            dropNote()
            kill('SIGINT')
            setTimeout(() => kill('SIGKILL'), 2000).unref()
            return packets.slice()
          }
        }
      }
      marker?.close()
      if (exited && !full && !notes.length) notes.push(`tcpdump ended before it was stopped; packets after that are missing. ${stderr.trim().slice(-300)}`.trim())
      kill('SIGINT')
      const hard = setTimeout(() => kill('SIGKILL'), 2000)
      await exitPromise
      clearTimeout(hard)
      dropNote()
      for (const f of reader.finish()) if (f.code !== 'PCAP_NO_HEADER' || packets.length) notes.push(f.message)
      return packets
    })()
    return stopping
  }
  const onAbort = (): void => void stop(0)
  return new Promise<Capture>((resolve, reject) => {
    let settled = false
    const fail = (why: string): void => {
      if (settled) return
      settled = true
      clearTimeout(startTimer)
      o.signal?.removeEventListener('abort', onStartAbort)
      kill('SIGKILL')
      reject(new WirebenchError('CAPTURE_UNAVAILABLE', why))
    }
    const startTimer = setTimeout(() => fail(`tcpdump (${tool}) did not start listening within ${((o.startTimeoutMs ?? CAPTURE_LIMITS.startTimeoutMs) / 1000).toFixed(0)} s. ${stderr.trim().slice(0, 300)}`.trim()), o.startTimeoutMs ?? CAPTURE_LIMITS.startTimeoutMs)
    const onStartAbort = (): void => {
      if (settled) return
      settled = true
      clearTimeout(startTimer)
      kill('SIGKILL')
      reject(new WirebenchError('CANCELLED'))
    }
    o.signal?.addEventListener('abort', onStartAbort, { once: true })
    child.once('error', (err: NodeJS.ErrnoException) => fail(err.code === 'ENOENT' ? `tcpdump was not found at ${tool}.` : err.code === 'EACCES' ? `tcpdump at ${tool} may not be run by this user.` : `tcpdump (${tool}) could not be run: ${err.message}`))
    void exitPromise.then(() => fail(whyFailed(stderr, tool)))
    child.stderr!.on('data', () => {
      if (settled || !/listening on/.test(stderr)) return
      settled = true
      clearTimeout(startTimer)
      o.signal?.removeEventListener('abort', onStartAbort)
      o.signal?.addEventListener('abort', onAbort, { once: true })
      timer = setTimeout(() => {
        notes.push(`The capture stopped after ${((o.maxDurationMs ?? CAPTURE_LIMITS.maxDurationMs) / 1000).toFixed(0)} s, its time limit.`)
        kill('SIGINT')
      }, o.maxDurationMs ?? CAPTURE_LIMITS.maxDurationMs)
      timer.unref()
      resolve({
        tool,
        interface: iface,
        filter,
        get linkType() {
          return reader.linkType
        },
        notes,
        stop
      })
    })
  })
}

/**
 * Epoch ms minus performance.now(): pcap stamps packets with the wall clock, the Walkthrough's steps use
 * performance.now(). Date.now() only ticks each millisecond, so this watches for a tick and takes the offset at it,
 * keeping the tick seen in the narrowest window (a busy machine can pause us between two reads for milliseconds).
 */
function clockOffset(): number {
  const deadline = performance.now() + 5
  let prevBefore = performance.now()
  let prevDate = Date.now()
  let best = { width: Infinity, offset: prevDate - prevBefore }
  while (performance.now() < deadline) {
    const before = performance.now()
    const date = Date.now()
    const after = performance.now()
    if (date !== prevDate) {
      // The wall clock reached `date` after the previous read began and before this one ended.
      const width = after - prevBefore
      if (width < best.width) best = { width, offset: date - (prevBefore + after) / 2 }
      if (width < 0.05) break
    }
    prevBefore = before
    prevDate = date
  }
  return best.offset
}
