// The pcapng export judged by Wireshark's own tshark: a real TLS 1.3 request to nginx, captured with tcpdump while the
// connector logged its secrets, must open in tshark already decrypted (the Decryption Secrets Block), and the key log
// alone must decrypt the same capture written without it.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type NginxServer, startNginx } from '../testing/nginx'
import { connect } from '../tls'
import { type CapturedPacket, captureAvailable, startCapture } from './capture'
import { SECRETS_TLS_KEYLOG, writePcapng } from './pcapng'

const dir = mkdtempSync(join(tmpdir(), 'wb-pcapng-'))
let nginx: NginxServer | null = null
afterAll(async () => {
  await nginx?.stop()
  rmSync(dir, { recursive: true, force: true })
})

const tshark = (args: string[]): string => execFileSync('tshark', args, { encoding: 'utf8', timeout: 20_000, stdio: ['ignore', 'pipe', 'pipe'] })

/** Every block's length is a multiple of 4 and the lengths chain to the end (pcapng §3.1); returns the block types. */
function blockTypes(bytes: Uint8Array): number[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const types: number[] = []
  for (let o = 0; o < bytes.length; ) {
    const length = view.getUint32(o + 4, true)
    expect(length % 4).toBe(0)
    expect(view.getUint32(o + length - 4, true)).toBe(length)
    types.push(view.getUint32(o, true))
    o += length
  }
  return types
}

describe('pcapng export', () => {
  it('writes SHB, DSB before the packets, one IDB per link type and EPBs that tshark reads with their times', () => {
    const packets: CapturedPacket[] = [
      // An IPv4/UDP packet on raw IP (101) and the same on Ethernet (1), odd lengths to exercise padding.
      { at: 0, epochMicros: 1_700_000_000_123_456, linkType: 101, bytes: Uint8Array.from(Buffer.from('4500001d0001000040117cce7f0000017f000001d43100350009d5ce41', 'hex')) },
      { at: 1, epochMicros: 1_700_000_000_223_456, linkType: 1, bytes: Uint8Array.from(Buffer.from('ffffffffffff02000000000108004500001d0001000040117cce7f0000017f000001d43100350009d5ce41', 'hex')) }
    ]
    const bytes = writePcapng({ packets, keylog: 'CLIENT_RANDOM 00 11', comment: 'a test' })
    expect(blockTypes(bytes)).toEqual([0x0a0d0d0a, 0x0a, 1, 1, 6, 6])
    const file = join(dir, 'synthetic.pcapng')
    writeFileSync(file, bytes)
    const lines = tshark(['-r', file, '-T', 'fields', '-e', 'frame.time_epoch', '-e', 'frame.len', '-e', 'frame.interface_id', '-e', 'udp.dstport']).trim().split('\n')
    expect(lines.map((l) => l.split('\t'))).toEqual([
      ['1700000000.123456000', '29', '0', '53'],
      ['1700000000.223456000', '43', '1', '53']
    ])
    expect(SECRETS_TLS_KEYLOG).toBe(0x544c534b)
  }, 20_000)

  it('writes no Decryption Secrets Block when there is no key log', () => {
    expect(blockTypes(writePcapng({ packets: [], keylog: '  ' }))).toEqual([0x0a0d0d0a])
  })

  describe('a captured TLS 1.3 request to nginx', () => {
    let captured: { packets: CapturedPacket[]; keylog: string; path: string }
    beforeAll(async () => {
      const available = await captureAvailable()
      if (!available.ok) throw new Error(`Packet capture is not available here: ${available.why}`)
      nginx = await startNginx({ bigFileMiB: 1 })
      const path = `/walk-${Date.now()}`
      const capture = await startCapture({ filter: { hosts: ['127.0.0.1'], ports: [nginx.httpsPort] } })
      let keylog = ''
      try {
        const conn = await connect({ host: '127.0.0.1', port: nginx.httpsPort, tls: { caPem: nginx.caPem, servername: nginx.hosts[0], alpn: ['http/1.1'], minVersion: 'TLSv1.3' }, keylog: true })
        expect(conn.tls?.protocol).toBe('TLSv1.3')
        conn.socket.write(`GET ${path} HTTP/1.1\r\nHost: ${nginx.hosts[0]}\r\nConnection: close\r\n\r\n`)
        let response = ''
        conn.socket.on('data', (d: Buffer) => (response += d.toString('latin1')))
        await new Promise<void>((resolve) => conn.socket.once('close', () => resolve()))
        expect(response).toMatch(/^HTTP\/1\.1 404/)
        keylog = conn.keylog!.join('\n')
      } finally {
        captured = { packets: await capture.stop(), keylog, path }
      }
    }, 20_000)

    it('opens in tshark already decrypted, with the request URI read from the decrypted HTTP', () => {
      const file = join(dir, 'walk.pcapng')
      writeFileSync(file, writePcapng({ packets: captured.packets, keylog: captured.keylog }))
      const rows = tshark(['-r', file, '-Y', 'http.request or tls.handshake.type == 1', '-T', 'fields', '-e', 'tls.handshake.extensions_server_name', '-e', 'http.request.uri']).trim().split('\n')
      expect(rows.map((r) => r.split('\t'))).toEqual([[nginx!.hosts[0], ''], ['', captured.path]])
    }, 20_000)

    it('without the secrets block shows no HTTP, and the key log file alone decrypts it', () => {
      const file = join(dir, 'plain.pcapng')
      const keylogFile = join(dir, 'keys.log')
      writeFileSync(file, writePcapng({ packets: captured.packets, keylog: '' }))
      writeFileSync(keylogFile, `${captured.keylog}\n`)
      expect(tshark(['-r', file, '-Y', 'http.request', '-T', 'fields', '-e', 'http.request.uri']).trim()).toBe('')
      expect(tshark(['-r', file, '-o', `tls.keylog_file:${keylogFile}`, '-Y', 'http.request', '-T', 'fields', '-e', 'http.request.uri']).trim()).toBe(captured.path)
    }, 20_000)
  })
})
