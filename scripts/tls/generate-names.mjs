#!/usr/bin/env node
// Builds src/shared/tls/cipher-suites.ts and src/shared/tls/tls-registries.ts from the IANA registry copies in
// resources/tls/ (shared code runs in the renderer and cannot read files, so the registries become modules).
// Run it after replacing a file in resources/tls/:  node scripts/tls/generate-names.mjs
// (`--check` exits non-zero when a committed module is out of date.)
import { readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { TLS_FILES, buildCipherSuitesModule, buildRegistriesModule } from './tls-registry.mjs'

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
const files = Object.fromEntries(TLS_FILES.map((name) => [name, readFileSync(join(root, 'resources', 'tls', name), 'utf8')]))
const outputs = [
  [join(root, 'src', 'shared', 'tls', 'cipher-suites.ts'), buildCipherSuitesModule(files)],
  [join(root, 'src', 'shared', 'tls', 'tls-registries.ts'), buildRegistriesModule(files)]
]

let stale = false
for (const [target, text] of outputs) {
  if (process.argv.includes('--check')) {
    let current = ''
    try {
      current = readFileSync(target, 'utf8')
    } catch {}
    if (current !== text) {
      console.error(`${target} is out of date: run node scripts/tls/generate-names.mjs`)
      stale = true
    }
  } else {
    writeFileSync(target, text)
    console.log(`wrote ${target}`)
  }
}
process.exit(stale ? 1 : 0)
