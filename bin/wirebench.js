#!/usr/bin/env node
// The `wirebench` command: runs the built CLI (npm run build makes out/main/cli.js).
const { existsSync } = require('node:fs')
const { join } = require('node:path')
const cli = join(__dirname, '..', 'out', 'main', 'cli.js')
if (!existsSync(cli)) {
  console.error('wirebench: not built yet; run `npm run build` in the Wirebench folder first')
  process.exit(1)
}
require(cli)
