// The layer rules of ARCHITECTURE.md are enforced by ESLint; this proves a violation in each room is caught
// and that the real tree is clean.
import { ESLint } from 'eslint'
import { describe, expect, it } from 'vitest'

const eslint = new ESLint({ cwd: process.cwd() })

async function layerErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath })
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message)
}

describe('layer rules', () => {
  it('shared may not import Node, electron, React or main', async () => {
    expect(await layerErrors('src/shared/bad.ts', "import { readFile } from 'node:fs'\nexport const x = readFile\n")).toHaveLength(1)
    expect(await layerErrors('src/shared/bad.ts', "import fs from 'fs'\nexport const x = fs\n")).toHaveLength(1)
    expect(await layerErrors('src/shared/bad.ts', "import { app } from 'electron'\nexport const x = app\n")).toHaveLength(1)
    expect(await layerErrors('src/shared/ip/bad.ts', "import { Servers } from '../../main/net/servers'\nexport const x = Servers\n")).toHaveLength(1)
  })

  it('the renderer may not import main or Node', async () => {
    expect(await layerErrors('src/renderer/src/tabs/bad.ts', "import { Servers } from '../../../main/net/servers'\nexport const x = Servers\n")).toHaveLength(1)
    expect(await layerErrors('src/renderer/src/bad.ts', "import net from 'node:net'\nexport const x = net\n")).toHaveLength(1)
    expect(await layerErrors('src/renderer/src/ok.ts', "import { methods } from '../../shared/contract'\nexport const x = methods\n")).toHaveLength(0)
  })

  it('engines may not import electron or the UI; the two doors may import electron', async () => {
    expect(await layerErrors('src/main/net/bad.ts', "import { ipcMain } from 'electron'\nexport const x = ipcMain\n")).toHaveLength(1)
    expect(await layerErrors('src/main/net/bad.ts', "import React from 'react'\nexport const x = React\n")).toHaveLength(1)
    expect(await layerErrors('src/main/host/electron.ts', "import { ipcMain } from 'electron'\nexport const x = ipcMain\n")).toHaveLength(0)
    expect(await layerErrors('src/main/net/ok.ts', "import net from 'node:net'\nexport const x = net\n")).toHaveLength(0)
  })

  it('an engine may not import host/ or cli/', async () => {
    expect(await layerErrors('src/main/net/bad.ts', "import { EventBatcher } from '../host/batcher'\nexport const x = EventBatcher\n")).toHaveLength(1)
    expect(await layerErrors('src/main/x509/bad.ts', "import { main } from '../cli'\nexport const x = main\n")).toHaveLength(1)
    expect(await layerErrors('src/main/dns/bad.ts', "import { run } from '../cli/commands/dns'\nexport const x = run\n")).toHaveLength(1)
    // host and cli import engines: that direction is the point.
    expect(await layerErrors('src/main/host/ok.ts', "import { Servers } from '../net/servers'\nexport const x = Servers\n")).toHaveLength(0)
  })

  it('an engine reaches another engine only through its index.ts', async () => {
    expect(await layerErrors('src/main/net/bad.ts', "import { openItems } from '../x509/open'\nexport const x = openItems\n")).toHaveLength(1)
    expect(await layerErrors('src/main/http/bad.ts', "import { connect } from '../tls/connect'\nexport const x = connect\n")).toHaveLength(1)
    expect(await layerErrors('src/main/http/ok.ts', "import { connect } from '../tls'\nexport const x = connect\n")).toHaveLength(0)
    expect(await layerErrors('src/main/http/ok.ts', "import { connect } from '../tls/index'\nexport const x = connect\n")).toHaveLength(0)
    expect(await layerErrors('src/main/dns/ok.ts', "import { newId } from '../core/ids'\nexport const x = newId\n")).toHaveLength(0)
    expect(await layerErrors('src/main/dns/ok.ts', "import { explain } from '../../shared/errors'\nexport const x = explain\n")).toHaveLength(0)
    expect(await layerErrors('src/main/dns/ok.ts', "import { parse } from './codec'\nexport const x = parse\n")).toHaveLength(0)
  })

  it('only tests import the test helpers in src/main/testing', async () => {
    expect(await layerErrors('src/main/net/bad.ts', "import { exchange } from '../testing/net'\nexport const x = exchange\n")).toHaveLength(1)
    expect(await layerErrors('src/main/host/bad.ts', "import { exchange } from '../testing/net'\nexport const x = exchange\n")).toHaveLength(1)
    expect(await layerErrors('src/main/serve.ts', "import { exchange } from './testing/net'\nexport const x = exchange\n")).toHaveLength(1)
    expect(await layerErrors('src/main/net/ok.test.ts', "import { exchange } from '../testing/net'\nexport const x = exchange\n")).toHaveLength(0)
  })

  it('the preload may not reach into main', async () => {
    expect(await layerErrors('src/preload/bad.ts', "import { createSession } from '../main/host/session'\nexport const x = createSession\n")).toHaveLength(1)
  })

  it('the tree as committed breaks no rule', async () => {
    const results = await eslint.lintFiles(['src'])
    const errors = results.flatMap((r) => r.messages.filter((m) => m.severity === 2).map((m) => `${r.filePath}:${m.line} ${m.message}`))
    expect(errors).toEqual([])
  }, 60_000)
})
