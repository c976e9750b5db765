#!/usr/bin/env node
// Builds src/shared/ip/iana-data.ts from the IANA registry CSVs in resources/iana/. Shared code runs in the
// renderer and cannot read files, so the address registries (small: about 330 rows) become a TypeScript module.
// Run it after replacing a CSV with a newer copy from IANA:  node scripts/iana/generate-data.mjs
// (`--check` exits non-zero when the committed module is out of date.)

import { readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { DATA_FILES, buildDataModule } from './iana-csv.mjs'

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
const target = join(root, 'src', 'shared', 'ip', 'iana-data.ts')
const files = Object.fromEntries(DATA_FILES.map((name) => [name, readFileSync(join(root, 'resources', 'iana', name), 'utf8')]))
const module = buildDataModule(files)

if (process.argv.includes('--check')) {
  const current = readFileSync(target, 'utf8')
  if (current !== module) {
    console.error(`${target} is out of date: run node scripts/iana/generate-data.mjs`)
    process.exit(1)
  }
  console.log('iana-data.ts is up to date')
} else {
  writeFileSync(target, module)
  console.log(`wrote ${target}`)
}
