// Benchmark: Wirebench's certificate engine against OpenSSL on the same files, in one run, as a ratio.
//
//   node bench/x509/run.mjs [--count 10000] [--runs 5]
//
// Work compared: read a PEM bundle and decode every certificate in it.
//   - Wirebench: openFile() — strict PEM/base64, full X.509 decode with every extension named, SHA-1 and SHA-256
//     fingerprints, SPKI pins, self-signature check of roots, lint. In-process, timed around the call.
//   - OpenSSL (one process per run, timed from spawn to exit, so its ~5 ms start-up is included):
//       A: `openssl crl2pkcs7 -nocrl -certfile F -outform DER -out /dev/null` — PEM-decode and d2i every
//          certificate (no fingerprints; hashing 10,000 certificates adds a few ms).
//       B: `openssl storeutl -noout -text -certs F` — decode and print every certificate in full (text
//          formatting included, which is more than we do).
// Files: Mozilla's roots as Node bundles them (tls.rootCertificates) and N generated certificates.
// The engine is bundled from TypeScript with rolldown into a temp directory first.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import * as tls from 'node:tls'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`)
  return i > 0 ? Number(process.argv[i + 1]) : fallback
}
const COUNT = arg('count', 10_000)
const RUNS = arg('runs', 5)

async function bundleEngine(dir) {
  const { rolldown } = await import(pathToFileURL(join(root, 'node_modules/rolldown/dist/index.mjs')).href)
  const build = await rolldown({ input: join(root, 'src/main/x509/index.ts'), platform: 'node', logLevel: 'silent' })
  await build.write({ dir, format: 'esm', entryFileNames: 'x509.mjs' })
  await build.close()
  return import(pathToFileURL(join(dir, 'x509.mjs')).href)
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

function timeOpenssl(args) {
  const times = []
  for (let i = 0; i <= RUNS; i++) {
    const t0 = performance.now()
    const r = spawnSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 30 })
    const ms = performance.now() - t0
    if (r.status !== 0) throw new Error(`openssl ${args.join(' ')}: ${r.stderr}`)
    if (i > 0) times.push(ms) // the first run warms the page cache
  }
  return median(times)
}

function timeOurs(engine, bytes) {
  const times = []
  let items = 0
  for (let i = 0; i <= RUNS; i++) {
    const t0 = performance.now()
    const r = engine.openFile(bytes)
    const ms = performance.now() - t0
    items = r.items.filter((x) => x.kind === 'certificate' && x.certificate.fingerprintSha256).length
    if (i > 0) times.push(ms) // the first run warms the JIT
  }
  return { ms: median(times), items }
}

async function generateBundle(engine, file, count) {
  if (existsSync(file)) return
  const ca = await engine.createPki({ leaf: { subject: 'CN=bench seed' } })
  const issuer = { certPem: ca.intermediate.certPem, keyPem: ca.intermediate.keyPem }
  const key = { privateKeyPem: (await engine.generateKeyPair('p256')).privateKeyPem }
  const parts = []
  for (let i = 0; i < count; i++) {
    const host = `host${i}.bench.example.test`
    const c = await engine.createCertificate({ subject: { commonName: host, organization: 'Bench' }, names: [host, `alt${i}.bench.example.test`, `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`], key, issuer, days: 90 })
    parts.push(c.certPem)
  }
  writeFileSync(file, parts.join(''))
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'wirebench-bench-x509-'))
  try {
    const engine = await bundleEngine(dir)
    const mozillaFile = join(dir, 'mozilla.pem')
    writeFileSync(mozillaFile, tls.rootCertificates.join('\n'))
    const bulkFile = join(dir, `generated-${COUNT}.pem`)
    const t0 = performance.now()
    await generateBundle(engine, bulkFile, COUNT)
    console.log(`generated ${COUNT} certificates in ${((performance.now() - t0) / 1000).toFixed(1)} s (${(readFileSync(bulkFile).length / 1048576).toFixed(1)} MB)`)
    console.log(`node ${process.versions.node}, ${spawnSync('openssl', ['version']).stdout.toString().trim()}, median of ${RUNS} runs after one warm-up\n`)
    const rows = []
    for (const [label, file] of [
      [`Mozilla roots (${tls.rootCertificates.length})`, mozillaFile],
      [`generated (${COUNT})`, bulkFile]
    ]) {
      const ours = timeOurs(engine, new Uint8Array(readFileSync(file)))
      const a = timeOpenssl(['crl2pkcs7', '-nocrl', '-certfile', file, '-outform', 'DER', '-out', '/dev/null'])
      const b = timeOpenssl(['storeutl', '-noout', '-text', '-certs', file])
      rows.push({ label, certs: ours.items, ours: ours.ms, a, b })
    }
    const f = (ms) => `${ms.toFixed(1)} ms`.padStart(10)
    console.log(`${'file'.padEnd(26)}${'certs'.padStart(7)}${'wirebench'.padStart(11)}${'openssl A'.padStart(11)}${'ratio A'.padStart(9)}${'openssl B'.padStart(11)}${'ratio B'.padStart(9)}`)
    for (const r of rows) {
      console.log(`${r.label.padEnd(26)}${String(r.certs).padStart(7)}${f(r.ours)}${f(r.a)}${`${(r.ours / r.a).toFixed(2)}×`.padStart(9)}${f(r.b)}${`${(r.ours / r.b).toFixed(2)}×`.padStart(9)}`)
    }
    console.log('\nratio = Wirebench time / OpenSSL time (below 1 means Wirebench is faster).')
    console.log('A = openssl crl2pkcs7 -nocrl -certfile F -outform DER -out /dev/null (decode only, one process)')
    console.log('B = openssl storeutl -noout -text -certs F (decode and print every certificate, one process)')
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

await main()
