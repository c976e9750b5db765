// Where the bundled reference data (resources/) is: beside the build in development and tests, unpacked from
// the asar in an installed app.
import { existsSync } from 'node:fs'
import { join } from 'node:path'

export function resourcePath(...parts: string[]): string {
  const packaged = (process as { resourcesPath?: string }).resourcesPath
  const candidates = [
    join(__dirname, '..', '..', 'resources'), // out/main → resources
    join(__dirname, '..', '..', '..', 'resources'), // src/main/<area> under tests
    join(__dirname, '..', 'resources'),
    ...(packaged ? [join(packaged, 'app.asar.unpacked', 'resources'), join(packaged, 'resources')] : [])
  ]
  const base = candidates.find((c) => existsSync(join(c, ...parts))) ?? candidates[0]!
  return join(base, ...parts)
}
