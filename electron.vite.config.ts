import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import react from '@vitejs/plugin-react'
import pkg from './package.json'

// One build, three rooms: main (Electron entry, browser-shell entry, CLI), preload, renderer.
export default defineConfig({
  main: {
    define: { __WIREBENCH_VERSION__: JSON.stringify(pkg.version) },
    build: {
      // zod bundled (tree-shaken, one chunk) instead of required from node_modules file by file: the CLI starts
      // ~4x faster that way (issue 10: within 1.5x of bare node).
      // @noble/ciphers is ESM-only: bundled too, so the CommonJS main never require()s an ES module.
      externalizeDeps: { exclude: ['zod', '@noble/ciphers'] },
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'src/main/index.ts'),
          serve: resolve(__dirname, 'src/main/serve.ts'),
          cli: resolve(__dirname, 'src/main/cli/index.ts'),
          'x509-worker': resolve(__dirname, 'src/main/x509/worker.ts'),
          'walk-worker': resolve(__dirname, 'src/main/walkthrough/analysis-worker.ts')
        }
      }
    }
  },
  preload: {
    build: {
      // A sandboxed preload cannot require npm packages at run time: bundle everything it uses.
      externalizeDeps: false,
      rollupOptions: { input: { index: resolve(__dirname, 'src/preload/index.ts') } }
    }
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    plugins: [react()],
    build: {
      rollupOptions: { input: { index: resolve(__dirname, 'src/renderer/index.html') } }
    }
  }
})
