import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { defineConfig } from '@playwright/test'

export const CHROMIUM = process.env.WIREBENCH_CHROMIUM ?? '/usr/bin/chromium'

/** The Electron binary exists only where it could be downloaded; the Electron project runs only there. */
function electronBinaryPresent(): boolean {
  try {
    const pathFile = join(__dirname, 'node_modules', 'electron', 'path.txt')
    return existsSync(pathFile) && existsSync(join(__dirname, 'node_modules', 'electron', 'dist'))
  } catch {
    return false
  }
}
const withElectron = electronBinaryPresent()
if (!withElectron) {
  console.log('e2e: the Electron binary is not installed here, so the Electron project does not run; the browser shell project does.')
}

export default defineConfig({
  testDir: 'e2e',
  // Playwright empties its outputDir at start: keep it apart from the unit results beside it.
  outputDir: 'test-results/e2e-artifacts',
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  // Real servers and a real browser on a shared machine: one retry; npm test names every test that needed it.
  retries: 1,
  reporter: [['list'], ['json', { outputFile: 'test-results/e2e-results.json' }]],
  use: {
    launchOptions: {
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-gpu']
    },
    viewport: { width: 1280, height: 820 },
    trace: 'off',
    screenshot: 'only-on-failure'
  },
  projects: [
    { name: 'browser-shell', testIgnore: /electron\.spec\.ts/ },
    ...(withElectron ? [{ name: 'electron', testMatch: /electron\.spec\.ts/ }] : [])
  ]
})
