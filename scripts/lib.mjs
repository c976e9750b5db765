// Small helpers the scripts share.
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'

export const root = join(dirname(fileURLToPath(import.meta.url)), '..')

/** The Electron binary's path when it was installed, or null (downloads blocked or skipped). */
export function electronBinary() {
  try {
    const require = createRequire(join(root, 'package.json'))
    const dir = dirname(require.resolve('electron/package.json'))
    const pathFile = join(dir, 'path.txt')
    if (!existsSync(pathFile)) return null
    const binary = join(dir, 'dist', readFileSync(pathFile, 'utf8').trim())
    return existsSync(binary) ? binary : null
  } catch {
    return null
  }
}

export const CHROMIUM_CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable']

export function chromiumPath() {
  const env = process.env.WIREBENCH_CHROMIUM
  if (env && existsSync(env)) return env
  return CHROMIUM_CANDIDATES.find((p) => existsSync(p)) ?? null
}
