// Browser-shell entry: the main-process engines served to Chromium over a token-protected loopback WebSocket.
// Prints "Wirebench: http://127.0.0.1:PORT/?code=…" (a one-time code: the token itself is never in any argv);
// opens a Chromium app window with a code of its own when it can; Ctrl-C stops it.
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { startBridge } from './host/bridge'
import { installSafetyNet } from './host/safety-net'

/** Chromium fetches its address at once; a code still unused after this is refused. */
const WINDOW_CODE_TTL = 60_000

const CHROMIUMS = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable']

export function findChromium(): string | null {
  const fromEnv = process.env.WIREBENCH_CHROMIUM
  if (fromEnv && existsSync(fromEnv)) return fromEnv
  return CHROMIUMS.find((p) => existsSync(p)) ?? null
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { 'no-open': { type: 'boolean', default: false }, port: { type: 'string', default: '0' } },
    allowPositionals: false
  })
  const port = Number(values.port)
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error('wirebench: --port takes a whole number from 0 to 65535')
    process.exit(2)
  }
  const rendererDir = resolve(__dirname, '../renderer')
  if (!existsSync(join(rendererDir, 'index.html'))) {
    console.error('wirebench: the renderer is not built; run `npm run build` first')
    process.exit(1)
  }
  const bridge = await startBridge({ port, rendererDir })
  console.log(`Wirebench: ${bridge.url}`)

  let browser: ChildProcess | null = null
  let profile: string | null = null
  const chromium = findChromium()
  if (!values['no-open'] && chromium && (process.env.DISPLAY || process.env.WAYLAND_DISPLAY)) {
    profile = mkdtempSync(join(tmpdir(), 'wirebench-chromium-'))
    const args = [
      `--app=${bridge.launchUrl(WINDOW_CODE_TTL)}`,
      `--user-data-dir=${profile}`,
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--window-size=1280,860'
    ]
    if (process.getuid?.() === 0) args.push('--no-sandbox')
    browser = spawn(chromium, args, { stdio: 'ignore' })
    browser.on('exit', () => void shutdown(0))
  } else if (!values['no-open']) {
    console.log('Open that URL in Chromium or Chrome (no display or no Chromium found to open it for you).')
  }

  let stopping = false
  async function shutdown(code: number): Promise<void> {
    if (stopping) return
    stopping = true
    browser?.kill()
    await bridge.close()
    if (profile) rmSync(profile, { recursive: true, force: true })
    process.exit(code)
  }
  process.on('SIGINT', () => void shutdown(0))
  process.on('SIGTERM', () => void shutdown(0))
}

installSafetyNet()
main().catch((err) => {
  console.error(`wirebench: ${err instanceof Error ? err.message : String(err)}`)
  process.exit(1)
})
