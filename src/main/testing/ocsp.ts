// OCSP responders for tests, on loopback. The answers are made by the real `openssl ocsp` responder (its -index
// database, -CA, -rsigner/-rkey, -ndays/-nmin), one run per request with -reqin/-respout: OpenSSL 3.0's own
// `-port` listens on every interface, and tests must stay on 127.0.0.1, so a small Node HTTP front on
// 127.0.0.1 takes the GET or POST (RFC 6960 App. A.1) and hands the request to openssl. Also a server that
// accepts connections and never answers, for timeouts.
import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import * as http from 'node:http'
import * as net from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Tag, decode, expect } from '../../shared/x509/asn1'
import { seq } from '../../shared/x509/der'

export interface OcspIndexEntry {
  /** The certificate's serial in hex (as `openssl x509 -serial` prints it). */
  serialHex: string
  /** V: valid, R: revoked (OpenSSL's CA database letters). */
  status: 'V' | 'R'
  revokedAt?: Date
  /** OpenSSL's reason names: unspecified, keyCompromise, CACompromise, affiliationChanged, superseded, ... */
  reason?: string
}

export interface OcspResponderOptions {
  caCertPem: string
  /** Sign as the CA itself... */
  caKeyPem?: string
  /** ...or as a (delegated, or unauthorised) responder. */
  signerCertPem?: string
  signerKeyPem?: string
  index: OcspIndexEntry[]
  /** nextUpdate this many days / minutes after thisUpdate; neither: no nextUpdate at all. */
  ndays?: number
  nmin?: number
  /** Strip the request's nonce before openssl sees it, so the response echoes none. */
  noNonce?: boolean
  /** Answer every request with the first response made (a replay: its nonce is the first request's). */
  replay?: boolean
  /** ResponderID byKey instead of byName. */
  respKeyId?: boolean
}

export interface OcspResponder {
  url: string
  /** The HTTP method of every request received, in order. */
  methods: string[]
  stop(): Promise<void>
}

function indexDate(d: Date): string {
  return d.toISOString().replace(/^\d\d(\d\d)-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d).*$/, '$1$2$3$4$5$6Z')
}

function indexLine(e: OcspIndexEntry): string {
  const revoked = e.status === 'R' ? indexDate(e.revokedAt ?? new Date()) + (e.reason ? `,${e.reason}` : '') : ''
  return ['V' === e.status ? 'V' : 'R', '491231235959Z', revoked, e.serialHex.toUpperCase(), 'unknown', `/CN=serial ${e.serialHex}`].join('\t')
}

/** The OCSPRequest without its requestExtensions (so without a nonce). */
function withoutExtensions(der: Uint8Array): Uint8Array {
  const tbs = expect(expect(decode(der), Tag.sequence, 'OCSPRequest').children[0], Tag.sequence, 'TBSRequest')
  return seq(seq(...tbs.children.filter((c) => !c.isContext(2)).map((c) => c.raw)))
}

function readBody(req: http.IncomingMessage, max: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (d: Buffer) => {
      size += d.length
      if (size > max) req.destroy(new Error('request too large'))
      else chunks.push(d)
    })
    req.on('end', () => resolve(Buffer.concat(chunks)))
    req.on('error', reject)
  })
}

function listen(server: net.Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port))
  })
}

function closer(server: net.Server, sockets: Set<net.Socket>): () => Promise<void> {
  server.on('connection', (s: net.Socket) => {
    sockets.add(s)
    s.on('close', () => sockets.delete(s))
  })
  return () =>
    new Promise((resolve) => {
      for (const s of sockets) s.destroy()
      server.close(() => resolve())
    })
}

/** An OCSP responder on 127.0.0.1 whose answers `openssl ocsp` makes from `index`. */
export async function startOcspResponder(o: OcspResponderOptions): Promise<OcspResponder> {
  const dir = mkdtempSync(join(tmpdir(), 'wirebench-ocsp-'))
  const file = (name: string, content: string | Uint8Array): string => {
    const p = join(dir, name)
    writeFileSync(p, content)
    return p
  }
  const ca = file('ca.pem', o.caCertPem)
  const signer = file('signer.pem', o.signerCertPem ?? o.caCertPem)
  const key = file('signer.key', o.signerKeyPem ?? o.caKeyPem ?? '')
  const index = file('index.txt', o.index.map(indexLine).join('\n') + '\n')
  const args = ['ocsp', '-index', index, '-CA', ca, '-rsigner', signer, '-rkey', key]
  if (o.ndays !== undefined) args.push('-ndays', String(o.ndays))
  if (o.nmin !== undefined) args.push('-nmin', String(o.nmin))
  if (o.respKeyId) args.push('-resp_key_id')
  const methods: string[] = []
  let first: Buffer | undefined
  let n = 0
  const answer = async (der: Uint8Array): Promise<Buffer> => {
    if (o.replay && first) return first
    const id = n++
    const reqFile = file(`req-${id}.der`, o.noNonce ? withoutExtensions(der) : der)
    const respFile = join(dir, `resp-${id}.der`)
    await new Promise<void>((resolve, reject) => {
      execFile('openssl', [...args, '-reqin', reqFile, '-respout', respFile], { timeout: 10_000 }, (err, _out, stderr) => (err ? reject(new Error(`openssl ocsp: ${stderr || err.message}`)) : resolve()))
    })
    const resp = readFileSync(respFile)
    first ??= resp
    return resp
  }
  const server = http.createServer((req, res) => {
    methods.push(req.method ?? '?')
    void (async () => {
      const body = await readBody(req, 64 * 1024)
      // GET {url}/{url-encoded base64 of the DER request} (RFC 6960 App. A.1)
      const der = req.method === 'GET' ? Buffer.from(decodeURIComponent((req.url ?? '/').split('/').pop() ?? ''), 'base64') : body
      const resp = await answer(der)
      res.writeHead(200, { 'content-type': 'application/ocsp-response', 'content-length': resp.length })
      res.end(resp)
    })().catch((err: unknown) => {
      res.writeHead(500, { 'content-type': 'text/plain' })
      res.end(String(err))
    })
  })
  const sockets = new Set<net.Socket>()
  const close = closer(server, sockets)
  const port = await listen(server)
  return {
    url: `http://127.0.0.1:${port}/ocsp`,
    methods,
    stop: async () => {
      await close()
      rmSync(dir, { recursive: true, force: true })
    }
  }
}

/** A TCP server on 127.0.0.1 that accepts connections and never says a word. */
export async function neverAnswering(): Promise<{ url: string; stop(): Promise<void> }> {
  const server = net.createServer(() => undefined)
  const sockets = new Set<net.Socket>()
  const close = closer(server, sockets)
  const port = await listen(server)
  return { url: `http://127.0.0.1:${port}/ocsp`, stop: close }
}
