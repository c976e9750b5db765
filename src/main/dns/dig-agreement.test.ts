// Agreement with dig (issue 10): for every record set of the every-type zones (signed, NSEC and NSEC3), the answer
// we decode from the raw bytes must print exactly what `dig +short` prints for the same query, line for line.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import dgram from 'node:dgram'
import net from 'node:net'
import { execFile } from 'node:child_process'
import { randomInt } from 'node:crypto'
import { hasKnot, startKnot, type KnotServer } from '../testing/knot'
import { EVERY_TYPE_KNOT_ZONES, EVERY_TYPE_QUERIES, EVERY_TYPE_NSEC3_ORIGIN } from '../testing/dns-zones'
import { encodeQuery } from '../../shared/dns/query-encode'
import { decodeMessage } from '../../shared/dns/message'
import type { DnsMessage } from '../../shared/dns/model'

const TIMEOUT_MS = 3_000

function dig(args: string[]): Promise<string[]> {
  return new Promise((resolve, reject) => {
    execFile('dig', ['+tries=1', `+time=${TIMEOUT_MS / 1000}`, ...args], { timeout: 10_000 }, (err, stdout) => {
      if (err) reject(err)
      else resolve(stdout.split('\n').filter((l) => l !== ''))
    })
  })
}

/** One question over UDP; a truncated answer (TC) is asked again over TCP, as dig does (RFC 7766 §5). */
async function ask(server: KnotServer, name: string, type: string, dnssecOk = false): Promise<DnsMessage> {
  const id = randomInt(0, 65536)
  const query = encodeQuery({ id, name, type, rd: false, cd: false, ad: false, edns: { udpSize: 1232, do: dnssecOk, nsid: false, cookie: false } })
  const udp = await new Promise<Uint8Array>((resolve, reject) => {
    const s = dgram.createSocket('udp4')
    const timer = setTimeout(() => {
      s.close()
      reject(new Error(`no UDP answer for ${name} ${type}`))
    }, TIMEOUT_MS)
    s.on('error', (e) => {
      clearTimeout(timer)
      s.close()
      reject(e)
    })
    s.on('message', (msg) => {
      if (msg.readUInt16BE(0) !== id) return
      clearTimeout(timer)
      s.close()
      resolve(new Uint8Array(msg))
    })
    s.send(query, server.port, server.address)
  })
  const message = decodeMessage(udp)
  if (!message.flags.tc) return message
  const tcp = await new Promise<Uint8Array>((resolve, reject) => {
    const c = net.connect({ host: server.address, port: server.port })
    const chunks: Buffer[] = []
    c.setTimeout(TIMEOUT_MS, () => c.destroy(new Error(`no TCP answer for ${name} ${type}`)))
    c.on('connect', () => c.write(Buffer.concat([Buffer.from([query.length >> 8, query.length & 0xff]), query])))
    c.on('data', (d: Buffer) => {
      chunks.push(d)
      const all = Buffer.concat(chunks)
      if (all.length >= 2 && all.length >= 2 + all.readUInt16BE(0)) {
        c.end()
        resolve(new Uint8Array(all.subarray(2, 2 + all.readUInt16BE(0))))
      }
    })
    c.on('error', reject)
  })
  return decodeMessage(tcp)
}

/** A denial of existence in a signed NSEC3 zone: the authority section carries NSEC3 and their RRSIGs. */
const DENIAL = { name: `nothere.${EVERY_TYPE_NSEC3_ORIGIN}.`, type: 'A' }

describe.skipIf(!hasKnot())('every record type agrees with dig +short', () => {
  let knot: KnotServer
  const results = new Map<string, { ours: string[] | Error; dig: string[] | Error }>()
  const key = (q: { name: string; type: string }): string => `${q.name} ${q.type}`
  let denial: { ours: string[]; dig: string[] } | null = null

  beforeAll(async () => {
    knot = await startKnot({ zones: EVERY_TYPE_KNOT_ZONES })
    const settle = <T>(p: Promise<T>): Promise<T | Error> => p.catch((e: unknown) => (e instanceof Error ? e : new Error(String(e))))
    await Promise.all(
      EVERY_TYPE_QUERIES.map(async (q) => {
        const [ours, digLines] = await Promise.all([
          settle(ask(knot, q.name, q.type).then((m) => m.answers.map((r) => r.data))),
          settle(dig(['+short', `@${knot.address}`, '-p', String(knot.port), q.name, q.type]))
        ])
        results.set(key(q), { ours, dig: digLines })
      })
    )
    const [m, lines] = await Promise.all([
      ask(knot, DENIAL.name, DENIAL.type, true),
      dig(['+dnssec', '+noall', '+authority', `@${knot.address}`, '-p', String(knot.port), DENIAL.name, DENIAL.type])
    ])
    // dig's authority lines are "owner TTL class type data…": the data is what follows the fourth field.
    denial = { ours: m.authority.map((r) => `${r.type} ${r.data}`), dig: lines.map((l) => l.split(/\s+/).slice(3).join(' ')) }
  })

  afterAll(async () => {
    await knot?.stop()
  })

  for (const q of EVERY_TYPE_QUERIES) {
    it(`${q.type} ${q.name}`, () => {
      const r = results.get(key(q))!
      if (r.dig instanceof Error) throw r.dig
      if (r.ours instanceof Error) throw r.ours
      expect(r.dig.length, 'the zone answers this query').toBeGreaterThan(0)
      expect(r.ours).toEqual(r.dig)
    })
  }

  it(`NSEC3 and RRSIG in the authority of a denial (${DENIAL.name})`, () => {
    expect(denial!.dig.some((l) => l.startsWith('NSEC3 '))).toBe(true)
    expect(denial!.ours).toEqual(denial!.dig)
  })
})
