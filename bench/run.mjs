// Runs every benchmark in bench/ (not part of npm test). Build first: npm run build.
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'

const benches = ['connections.mjs', 'ip/run.mjs', 'x509/run.mjs', 'dns/run.mjs', 'http/run.mjs', 'walk/run.mjs', 'tls-scan/run.mjs'].map((b) => join(import.meta.dirname, b)).filter((b) => existsSync(b))
let failed = 0
for (const bench of benches) {
  console.log(`\n### ${bench.slice(import.meta.dirname.length + 1)}`)
  if (spawnSync(process.execPath, [bench], { stdio: 'inherit' }).status !== 0) failed++
}
process.exit(failed ? 1 : 0)
