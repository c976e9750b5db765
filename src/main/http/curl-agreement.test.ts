// Checks the curl import against curl itself: bash runs each command line, the real curl sends it to a loopback
// server that records what arrived, and that must equal what parseCurl says the command sends. The export is checked
// the same way: the command toCurl writes must make curl send the same request again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createServer, type Server } from 'node:http'
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { AddressInfo } from 'node:net'
import { parseCurl, toCurl, type CurlRequest } from '../../shared/http/curl'

interface Seen { method: string; url: string; headers: [string, string][]; body: Buffer }

let server: Server
let port = 0
let dir = ''
const seen: Seen[] = []

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'wb-curl-'))
  writeFileSync(join(dir, 'body.txt'), 'line1\r\nline2\nend')
  server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const headers: [string, string][] = []
      for (let i = 0; i < req.rawHeaders.length; i += 2) headers.push([req.rawHeaders[i]!, req.rawHeaders[i + 1]!])
      seen.push({ method: req.method!, url: req.url!, headers, body: Buffer.concat(chunks) })
      res.end('ok')
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  port = (server.address() as AddressInfo).port
})

afterAll(async () => {
  await new Promise((r) => server.close(r))
  rmSync(dir, { recursive: true, force: true })
})

/** Runs a command line in bash (the real shell reads the quoting) and returns what the server received. */
async function runInBash(command: string, stdin?: Uint8Array): Promise<Seen> {
  const before = seen.length
  await new Promise<void>((resolve, reject) => {
    const child = spawn('bash', ['-c', command], { stdio: ['pipe', 'ignore', 'pipe'], timeout: 5000 })
    let err = ''
    child.stderr.on('data', (d: Buffer) => (err += d.toString()))
    child.on('error', reject)
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`curl exited with ${code}: ${err}`))))
    child.stdin.end(stdin ? Buffer.from(stdin) : undefined)
  })
  expect(seen.length).toBe(before + 1)
  return seen[seen.length - 1]!
}

/** What the server saw, less the headers curl adds on its own (the model leaves those to the sender). */
function comparable(s: Seen, r: CurlRequest): { method: string; url: string; headers: string[]; body: string } {
  const explicit = new Set(r.headers.map(([h]) => h.toLowerCase()))
  const headers = s.headers
    .filter(([h, v]) => {
      const n = h.toLowerCase()
      if (explicit.has(n)) return true
      if (n === 'host' || n === 'content-length') return false
      if (n === 'user-agent' && v.startsWith('curl/')) return false
      if (n === 'accept' && v === '*/*') return false
      if (n === 'accept-encoding' && r.compressed) return false
      return true
    })
    .map(([h, v]) => `${h.toLowerCase()}: ${v}`)
    .sort()
  return { method: s.method, url: s.url, headers, body: s.body.toString('hex') }
}

function fromModel(r: CurlRequest): { method: string; url: string; headers: string[]; body: string } {
  const u = new URL(r.url)
  const body = r.body ? (r.body.kind === 'text' ? Buffer.from(r.body.text) : Buffer.from(r.body.bytes)) : Buffer.alloc(0)
  return { method: r.method, url: u.pathname + u.search, headers: r.headers.map(([h, v]) => `${h.toLowerCase()}: ${v}`).sort(), body: body.toString('hex') }
}

const CASES: { name: string; cmd: (u: string) => string; stdin?: Uint8Array }[] = [
  { name: 'plain GET, bunched -so with a value', cmd: (u) => `curl -so /dev/null ${u}/plain` },
  { name: '-X DELETE with a query', cmd: (u) => `curl -s -X DELETE '${u}/items/7?force=1'` },
  { name: 'two -d joined with &, newline kept', cmd: (u) => `curl -s -d 'a=1' -d $'b=2\\nc' ${u}/form` },
  { name: '--data-urlencode forms', cmd: (u) => `curl -s --data-urlencode 'q=a b&é~' --data-urlencode '=x/y' --data-urlencode 'plain' ${u}/enc` },
  { name: '-G moves data into the query', cmd: (u) => `curl -s -G -d q=1 --data-urlencode 'r=a b' '${u}/search?x=0'` },
  { name: '-I is HEAD', cmd: (u) => `curl -s -I ${u}/head` },
  { name: '-u, -A, -e, -b', cmd: (u) => `curl -s -u 'alice:pä ss' -A 'agent/1' -e ${u}/from -b 'a=1; b=2' ${u}/auth` },
  { name: 'empty, removed, repeated and quoted headers', cmd: (u) => `curl -s -H 'X-Empty;' -H 'Accept:' -H 'X-Multi: 1' -H 'X-Multi: 2' -H "X-Quote: it's \\"q\\"" ${u}/hdr` },
  { name: 'two -b are joined with ";"', cmd: (u) => `curl -s -b 'a=1' -b 'b=2' ${u}/c1` },
  { name: 'an explicit Cookie, Authorization or Referer header wins over -b, -u, -e', cmd: (u) => `curl -s -H 'Cookie: x=9' -b 'y=1' -H 'Authorization: Bearer t' -u a:b -H 'Referer: r1' -e r2 ${u}/c2` },
  { name: '--json', cmd: (u) => `curl -s --json '{"k":[1,2]}' ${u}/json` },
  { name: 'repeated --json is concatenated without &', cmd: (u) => `curl -s --json '[1,' --json '2]' ${u}/json2 2>/dev/null` },
  { name: "binary body in $'…'", cmd: (u) => `curl -s --data-binary $'bin\\x01\\xff\\r\\n' -H 'Content-Type: application/octet-stream' ${u}/bin` },
  { name: '-d @file strips CR and LF', cmd: (u) => `curl -s -d @${dir}/body.txt ${u}/file` },
  { name: '--data-binary @file keeps them', cmd: (u) => `curl -s --data-binary @${dir}/body.txt ${u}/file2` },
  { name: '--data-binary @- reads stdin, NUL included', cmd: (u) => `curl -s --data-binary @- -H 'Content-Type: application/x-thing' ${u}/stdin`, stdin: Uint8Array.from([0x61, 0, 0x62, 0xff]) },
  { name: '-XPUT with Content-Type removed', cmd: (u) => `curl -s -XPUT -H 'Content-Type:' -d 'raw body' ${u}/put` },
  { name: '--data-raw does not read @', cmd: (u) => `curl -s --data-raw '@notafile' ${u}/raw` },
  { name: 'continuation lines, --compressed, -L', cmd: (u) => `curl -sL \\\n  --compressed \\\n  -H 'X-A: b' \\\n  ${u}/multi` },
  { name: '--resolve sends to 127.0.0.1 with the name in Host', cmd: () => `curl -s --resolve wirebench.test:${port}:127.0.0.1 http://wirebench.test:${port}/resolved` }
]

describe('parseCurl agrees with curl 7.88', () => {
  for (const c of CASES) {
    it(c.name, async () => {
      const command = c.cmd(`http://127.0.0.1:${port}`)
      const readFile = (p: string): Uint8Array | undefined => new Uint8Array(readFileSync(p))
      const parsed = parseCurl(command, { readFile, ...(c.stdin ? { stdin: c.stdin } : {}) })
      expect(parsed.findings.filter((f) => f.severity === 'error')).toEqual([])
      const real = await runInBash(command, c.stdin)
      expect(fromModel(parsed.request)).toEqual(comparable(real, parsed.request))
      if (c.name.startsWith('--resolve')) expect(real.headers.find(([h]) => h === 'Host')?.[1]).toBe(`wirebench.test:${port}`)
      // The export, run by curl, sends the same request again.
      const exported = toCurl(parsed.request)
      const again = await runInBash(exported.command, exported.stdin)
      expect(comparable(again, parsed.request)).toEqual(comparable(real, parsed.request))
    })
  }
})
