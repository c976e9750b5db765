#!/usr/bin/env node
// Benchmark: src/shared/ip against CPython's ipaddress, on the same work and the same input.
//   1. parse 1,000,000 addresses (75% IPv4, 25% IPv6 in assorted spellings) and compute the seven flags of each
//      (private, global, loopback, link-local, multicast, reserved, unspecified);
//   2. split a /48 into its 65,536 /64s and write every one as text.
// The TypeScript is bundled with rolldown (a dependency of vite) into a temporary ES module; Python runs the same
// work from the same address file. Each side times only the work (not start-up, not reading the file), best of
// RUNS runs. Usage: node bench/ip/run.mjs [--count N] [--runs N]

import { execFileSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const arg = (name, fallback) => {
  const i = process.argv.indexOf(name)
  return i >= 0 ? Number(process.argv[i + 1]) : fallback
}
const COUNT = arg('--count', 1_000_000)
const RUNS = arg('--runs', 3)
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
const work = join(tmpdir(), 'wirebench-ip-bench')
mkdirSync(work, { recursive: true })

// --- bundle the library -----------------------------------------------------------------------------------------
let rolldown
try {
  ;({ rolldown } = await import('rolldown'))
} catch {
  console.error('rolldown is not installed (it comes with vite): run npm install first')
  process.exit(2)
}
const bundle = await rolldown({ input: join(root, 'src/shared/ip/index.ts'), logLevel: 'silent' })
await bundle.write({ file: join(work, 'ip.mjs'), format: 'esm' })
await bundle.close()
const ip = await import(pathToFileURL(join(work, 'ip.mjs')).href)

// --- the input: deterministic pseudo-random addresses -------------------------------------------------------------
let seed = 0x2545f491
const rand = () => {
  seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0
  return seed
}
const hex = (n) => n.toString(16)
function compress(groups) {
  let best = -1
  let bestLen = 1
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++
      continue
    }
    let j = i
    while (j < 8 && groups[j] === 0) j++
    if (j - i > bestLen) {
      best = i
      bestLen = j - i
    }
    i = j
  }
  if (best < 0) return groups.map(hex).join(':')
  return `${groups.slice(0, best).map(hex).join(':')}::${groups.slice(best + bestLen).map(hex).join(':')}`
}
const addresses = []
for (let i = 0; i < COUNT; i++) {
  const kind = rand() % 16
  if (kind < 12) {
    const v = rand()
    addresses.push(`${v >>> 24}.${(v >>> 16) & 255}.${(v >>> 8) & 255}.${v & 255}`)
  } else if (kind === 12) {
    const v = rand()
    addresses.push(`::ffff:${v >>> 24}.${(v >>> 16) & 255}.${(v >>> 8) & 255}.${v & 255}`)
  } else {
    const groups = Array.from({ length: 8 }, () => (rand() % 3 === 0 ? 0 : rand() & 0xffff))
    if (kind === 13) groups[0] = [0x2001, 0xfe80, 0xfc00, 0xff02, 0x2002][rand() % 5]
    addresses.push(kind === 15 ? groups.map((g) => hex(g).padStart(4, '0')).join(':') : compress(groups))
  }
}
const addressFile = join(work, 'addresses.txt')
writeFileSync(addressFile, addresses.join('\n') + '\n')

// --- TypeScript -------------------------------------------------------------------------------------------------
function best(fn) {
  let min = Infinity
  let result
  for (let r = 0; r < RUNS; r++) {
    const t = process.hrtime.bigint()
    result = fn()
    min = Math.min(min, Number(process.hrtime.bigint() - t) / 1e6)
  }
  return { ms: min, result }
}

const FLAG_NAMES = ['private', 'global', 'loopback', 'linkLocal', 'multicast', 'reserved', 'unspecified']
const tsClassify = best(() => {
  const counts = [0, 0, 0, 0, 0, 0, 0]
  for (const text of addresses) {
    const r = ip.parseAddress(text)
    if (!r.ok) throw new Error(r.error)
    const f = ip.addressFlags(r.value)
    if (f.private) counts[0]++
    if (f.global) counts[1]++
    if (f.loopback) counts[2]++
    if (f.linkLocal) counts[3]++
    if (f.multicast) counts[4]++
    if (f.reserved) counts[5]++
    if (f.unspecified) counts[6]++
  }
  return counts
})
const tsSplit = best(() => {
  const split = ip.splitByPrefix(ip.parseNetworkOrThrow('2001:db8:abcd::/48'), 64)
  if (!split.ok) throw new Error(split.error)
  return ip.listSubnets(split.value).map(ip.formatNetwork)
})

// --- CPython ----------------------------------------------------------------------------------------------------
const python = `
import ipaddress, json, sys, time
runs = int(sys.argv[2])
with open(sys.argv[1]) as f:
    addresses = f.read().split()
def classify():
    counts = [0] * 7
    ip_address = ipaddress.ip_address
    for text in addresses:
        a = ip_address(text)
        if a.is_private: counts[0] += 1
        if a.is_global: counts[1] += 1
        if a.is_loopback: counts[2] += 1
        if a.is_link_local: counts[3] += 1
        if a.is_multicast: counts[4] += 1
        if a.is_reserved: counts[5] += 1
        if a.is_unspecified: counts[6] += 1
    return counts
def split():
    return [str(n) for n in ipaddress.ip_network('2001:db8:abcd::/48').subnets(new_prefix=64)]
def best(fn):
    low, result = float('inf'), None
    for _ in range(runs):
        t = time.perf_counter(); result = fn(); low = min(low, (time.perf_counter() - t) * 1000)
    return low, result
c_ms, counts = best(classify)
s_ms, subnets = best(split)
print(json.dumps({'version': sys.version.split()[0], 'classifyMs': c_ms, 'counts': counts, 'splitMs': s_ms,
                  'splitCount': len(subnets), 'splitFirst': subnets[0], 'splitLast': subnets[-1]}))
`
let py
try {
  py = JSON.parse(execFileSync('python3', ['-c', python, addressFile, String(RUNS)], { maxBuffer: 1 << 26 }).toString())
} catch (e) {
  console.error(`python3 failed: ${e.message}`)
  process.exit(2)
}

// --- report -----------------------------------------------------------------------------------------------------
const fmt = (ms) => `${ms.toFixed(1).padStart(9)} ms`
const ratio = (a, b) => `${(a / b).toFixed(1)}x`
console.log(`Address library vs CPython ${py.version} ipaddress (node ${process.version}; best of ${RUNS})`)
console.log(`  parse + classify ${COUNT.toLocaleString('en')} addresses:`)
console.log(`    wirebench ${fmt(tsClassify.ms)}   (${((tsClassify.ms * 1e6) / COUNT).toFixed(0)} ns/address)`)
console.log(`    CPython   ${fmt(py.classifyMs)}   (${((py.classifyMs * 1e6) / COUNT).toFixed(0)} ns/address)`)
console.log(`    ratio     ${ratio(py.classifyMs, tsClassify.ms)} faster`)
console.log(`  split 2001:db8:abcd::/48 into ${tsSplit.result.length.toLocaleString('en')} /64s as text:`)
console.log(`    wirebench ${fmt(tsSplit.ms)}`)
console.log(`    CPython   ${fmt(py.splitMs)}`)
console.log(`    ratio     ${ratio(py.splitMs, tsSplit.ms)} faster`)
const same = tsSplit.result.length === py.splitCount && tsSplit.result[0] === py.splitFirst && tsSplit.result.at(-1) === py.splitLast
console.log(`  split output identical at both ends: ${same}`)
console.log(`  flag counts ${FLAG_NAMES.join('/')}:`)
console.log(`    wirebench ${tsClassify.result.join(' ')}`)
console.log(`    CPython   ${py.counts.join(' ')}${py.version.startsWith('3.13') || py.version >= '3.14' ? '' : '   (this CPython predates 3.13: its private/global lists differ a little)'}`)
