// `npm test`: type-check, lint (layer rules included), build, unit and engine tests (Vitest), end-to-end tests
// (Playwright on Debian's Chromium against the browser shell, and Electron where its binary exists).
// Ends with one line that counts every test: "total: N passed, N failed".
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { chromiumPath, root } from './lib.mjs'

const bin = (name) => join(root, 'node_modules', '.bin', name)
const results = join(root, 'test-results')

function step(title, command, args) {
  console.log(`\n== ${title}`)
  const r = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, FORCE_COLOR: process.env.CI ? '0' : process.env.FORCE_COLOR } })
  return r.status === 0
}

function fail(message) {
  console.error(`\nwirebench test: ${message}`)
  console.log('total: 0 passed, 1 failed')
  process.exit(1)
}

if (!chromiumPath()) fail('Chromium is missing: install it (sudo apt-get install -y chromium) or set WIREBENCH_CHROMIUM.')

rmSync(results, { recursive: true, force: true })
mkdirSync(results, { recursive: true })

if (!step('type-check', bin('tsc'), ['-p', 'tsconfig.node.json', '--noEmit']) || !step('type-check (web)', bin('tsc'), ['-p', 'tsconfig.web.json', '--noEmit'])) fail('type errors')
if (!step('lint and layer rules', bin('eslint'), ['.'])) fail('lint errors')
if (!step('Electron security review (electronegativity)', process.execPath, [join(root, 'scripts', 'electronegativity.mjs')])) fail('electronegativity found an unexplained high or medium finding')
if (!step('build', bin('electron-vite'), ['build'])) fail('the build failed')

const unitOk = step('unit and engine tests (vitest)', bin('vitest'), ['run', '--reporter=default', `--reporter=${join(root, 'scripts', 'vitest-retried.mjs')}`, '--reporter=json', `--outputFile=${join(results, 'unit-results.json')}`])
const e2eOk = step('end-to-end tests (playwright, browser shell)', bin('playwright'), ['test'])

function count(file, read) {
  if (!existsSync(file)) return { passed: 0, failed: 1, skipped: 0 }
  return read(JSON.parse(readFileSync(file, 'utf8')))
}
const unit = count(join(results, 'unit-results.json'), (j) => ({ passed: j.numPassedTests, failed: j.numFailedTests, skipped: j.numPendingTests + (j.numTodoTests ?? 0) }))
// A test that passed on its retry (flaky) counts as passed, and is named below.
const e2e = count(join(results, 'e2e-results.json'), (j) => ({ passed: j.stats.expected + (j.stats.flaky ?? 0), failed: j.stats.unexpected, skipped: j.stats.skipped }))
if (existsSync(join(results, 'e2e-results.json'))) {
  const walk = (suite, trail) => {
    for (const spec of suite.specs ?? []) {
      for (const t of spec.tests ?? []) {
        if (t.status === 'flaky') console.log(`e2e retried: ${spec.file} › ${spec.title} (passed on its retry)`)
        if (t.status === 'unexpected') console.log(`e2e failed: ${spec.file} › ${spec.title}`)
      }
    }
    for (const s of suite.suites ?? []) walk(s, trail)
  }
  for (const s of JSON.parse(readFileSync(join(results, 'e2e-results.json'), 'utf8')).suites ?? []) walk(s, [])
}
// The names of failed unit tests go last, next to the counts, so the tail of a CI log says which ones failed.
if (existsSync(join(results, 'unit-results.json'))) {
  const j = JSON.parse(readFileSync(join(results, 'unit-results.json'), 'utf8'))
  for (const file of j.testResults ?? []) {
    if (file.status === 'failed' && !(file.assertionResults ?? []).some((t) => t.status === 'failed')) console.log(`unit failed: ${file.name.replace(root + '/', '')}\n  ${String(file.message ?? '').split('\n')[0].slice(0, 300)}`)
    for (const t of file.assertionResults ?? []) {
      if (t.status !== 'failed') continue
      const why = String(t.failureMessages?.[0] ?? '').split('\n')[0].slice(0, 300)
      console.log(`unit failed: ${file.name.replace(root + '/', '')} › ${t.fullName}\n  ${why}`)
    }
  }
}
if (!unitOk && unit.failed === 0) unit.failed = 1
if (!e2eOk && e2e.failed === 0) e2e.failed = 1

console.log(`\nunit: ${unit.passed} passed, ${unit.failed} failed, ${unit.skipped} skipped`)
console.log(`e2e: ${e2e.passed} passed, ${e2e.failed} failed, ${e2e.skipped} skipped`)
const passed = unit.passed + e2e.passed
const failed = unit.failed + e2e.failed
console.log(`total: ${passed} passed, ${failed} failed`)
process.exit(failed === 0 ? 0 : 1)
