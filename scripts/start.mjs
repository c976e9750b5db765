// `npm start`: builds, then runs the app in Electron when its binary is present, otherwise the browser shell
// (the same engines served to Chromium on 127.0.0.1). Arguments pass through: `npm start -- --no-open`.
import { spawn, spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { electronBinary, root } from './lib.mjs'

const args = process.argv.slice(2)
const build = spawnSync(process.execPath, [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] })
if (build.status !== 0) {
  console.error('wirebench: the build failed (run `npm run build` to see why)')
  process.exit(build.status ?? 1)
}

const electron = electronBinary()
const child = electron
  ? spawn(electron, [root, ...args], { stdio: 'inherit' })
  : spawn(process.execPath, [join(root, 'out', 'main', 'serve.js'), ...args], { stdio: 'inherit' })

// Ctrl-C reaches the child too (same process group); wait for it to finish cleanly.
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (child.exitCode === null) child.kill(signal)
  })
}
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)))
