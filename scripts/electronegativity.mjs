// `npm run lint:electron`: Doyensec Electronegativity over the Electron code (main, preload, renderer). Fails on any
// high or medium finding that scripts/electronegativity-accepted.json does not explain, and on explanations that no
// longer match a finding, so the list cannot rot. Offline: the check that downloads Electron's release list is off
// (the electron devDependency is kept on the newest patch of its major instead).
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { root } from './lib.mjs'

const require = createRequire(join(root, 'package.json'))
const run = require('@doyensec/electronegativity')
const electronVersion = require('electron/package.json').version
const accepted = JSON.parse(readFileSync(join(root, 'scripts', 'electronegativity-accepted.json'), 'utf8')).accepted

// Its translation download has no offline switch; keep its "could not retrieve" chatter out of the output.
const warn = console.warn
const log = console.log
console.warn = console.log = (...args) => {
  if (!String(args[0]).includes('translations')) warn(...args)
}
let result
try {
  result = await run({
    input: join(root, 'src'),
    isRelative: true,
    electronVersionOverride: electronVersion,
    excludeFromScan: ['availablesecurityfixesglobalcheck'],
    customScan: []
  })
} finally {
  console.warn = warn
  console.log = log
}

const serious = result.issues.filter((i) => i.severity.value >= 2)
const key = (id, file) => `${id} ${file}`
const explained = new Map(accepted.map((a) => [key(a.check, a.file), a]))
const unexplained = serious.filter((i) => !explained.get(key(i.id, i.file))?.reason)
const stale = accepted.filter((a) => !serious.some((i) => key(i.id, i.file) === key(a.check, a.file)))

for (const i of result.issues) {
  const note = explained.get(key(i.id, i.file))
  console.log(`${i.severity.name.padEnd(13)} ${i.id} ${i.file}:${i.location.line}${note ? `  (accepted: ${note.reason})` : ''}`)
}
for (const e of result.errors ?? []) console.log(`could not parse ${e.file ?? e}: ${e.message ?? ''}`)
for (const i of unexplained) console.error(`electronegativity: unexplained ${i.severity.name} finding ${i.id} in ${i.file}:${i.location.line}: ${i.description}`)
for (const a of stale) console.error(`electronegativity: ${a.check} in ${a.file} is accepted but no longer found; remove it from the list`)
console.log(`electronegativity ${electronVersion}: ${result.issues.length} findings, ${serious.length} high/medium, ${unexplained.length} unexplained`)
process.exit(unexplained.length === 0 && stale.length === 0 && (result.errors ?? []).length === 0 ? 0 : 1)
