// TLS steps on a real TLS 1.2 connection whose records the key log cannot open (a CBC suite, not AEAD, against
// `openssl s_server` on loopback): every record both ways is still a step, each encrypted one saying why it was not
// decrypted — both sides' encrypted Finished and the close_notify alert included.
import { type ChildProcess, spawn } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TempDir, openssl } from '../testing/x509'
import { connect } from '../tls'
import { tlsSteps } from './steps-tls'
import { timedRecordsFromTap } from './tls-timed-records'

const tmp = new TempDir()
let child: ChildProcess | null = null
let port = 0

beforeAll(async () => {
  const cert = `${tmp.path}/p256.crt`
  const key = `${tmp.path}/p256.key`
  const r = openssl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', key, '-out', cert, '-subj', '/CN=localhost', '-days', '1'])
  if (r.status !== 0) throw new Error(r.stderr)
  const c = spawn('openssl', ['s_server', '-accept', '127.0.0.1:0', '-cert', cert, '-key', key, '-naccept', '1', '-www', '-tls1_2', '-cipher', 'ECDHE-ECDSA-AES128-SHA256'], { stdio: ['pipe', 'pipe', 'pipe'] })
  child = c
  let out = ''
  port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`s_server did not start: ${out}`)), 10_000)
    c.stdout?.on('data', (d: Buffer) => {
      out += d.toString()
      const m = /ACCEPT 127\.0\.0\.1:(\d+)/.exec(out)
      if (m) {
        clearTimeout(timer)
        resolve(Number(m[1]))
      }
    })
    c.once('exit', (code) => reject(new Error(`s_server exited (${code}): ${out}`)))
  })
}, 20_000)

afterAll(() => {
  child?.kill()
  tmp.remove()
})

describe('tlsSteps with a TLS 1.2 suite the key log cannot open (AES-128-CBC with HMAC-SHA256)', () => {
  it('makes every record both ways a step; the encrypted Finished and the close_notify say why they were not decrypted', async () => {
    const conn = await connect({ host: '127.0.0.1', port, tls: { verify: false, servername: 'localhost', maxVersion: 'TLSv1.2', ciphers: 'ECDHE-ECDSA-AES128-SHA256' }, tap: true, keylog: true })
    const done = new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 5000)
      conn.socket.on('data', () => {})
      conn.socket.once('close', () => (clearTimeout(timer), resolve()))
      conn.socket.once('end', () => (clearTimeout(timer), resolve()))
    })
    conn.socket.write('GET / HTTP/1.0\r\n\r\n')
    await done
    conn.socket.end()
    await new Promise((r) => setTimeout(r, 50))
    conn.socket.destroy()
    const { records } = timedRecordsFromTap(conn.tap?.chunks ?? [])
    const t = tlsSteps(records, conn.keylog ?? [], { protocol: 'TLSv1.2', cipher: 'ECDHE-ECDSA-AES128-SHA256', alpn: null })
    expect(t.summary.decrypted).toBe(false)
    // TLS 1.2's group is the ServerKeyExchange's named curve (RFC 8422 §5.4): the comparison shows it, not "—".
    expect(t.summary.group).toMatch(/^(x25519|secp256r1|secp384r1)$/)
    const ske = t.drafts.find((d) => d.kind === 'tls-server-key-exchange')!
    expect(JSON.stringify(ske.spans)).toContain(`"Named curve","value":"${t.summary.group}`)
    // Each wire record is in exactly one step's bytes (handshake messages in clear carry their own bytes, not the record's).
    const clearHandshake = records.filter((r) => r.bytes[0] === 22 && t.drafts.some((d) => d.kind !== 'tls-finished' && d.from === r.from && Buffer.from(r.bytes).toString('hex').includes(d.bytesHex) && d.bytesHex.length > 0))
    const shown = records.filter((r) => !clearHandshake.includes(r) && t.drafts.some((d) => d.bytesHex === Buffer.from(r.bytes).toString('hex')))
    expect(clearHandshake.length + shown.length).toBe(records.length)
    for (const side of ['client', 'server'] as const) {
      const fin = t.drafts.filter((d) => d.kind === 'tls-finished' && d.from === side)
      expect(fin).toHaveLength(1)
      expect(fin[0]!.title).toMatch(/^Finished \((client|server)\), encrypted, \d+ bytes — not decrypted$/)
      expect(fin[0]!.explain).toMatch(/Not decrypted: Cipher suite 0xc023 is not an AEAD suite/)
    }
    const alerts = t.drafts.filter((d) => d.kind === 'tls-alert')
    expect(alerts.length).toBeGreaterThanOrEqual(1)
    expect(alerts[0]!.title).toMatch(/not decrypted$/)
    expect(t.drafts.filter((d) => d.kind === 'tls-application-data').length).toBeGreaterThanOrEqual(2)
  }, 15_000)
})
