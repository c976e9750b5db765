// Address library: ports, checked against the RFCs and CPython's ipaddress where they define the answer.
import { beforeAll, describe, expect, test } from 'vitest'
import { type PortTable, buildPortTable, lookupPort, lookupService, portRange, queryPorts } from './ports'

// The shipped table, loaded through Vite as main would load it from disk (this file stays free of node:*).
let table: PortTable

beforeAll(async () => {
  const json = (await import(/* @vite-ignore */ '../../../resources/iana/service-names-port-numbers.json')) as { default: unknown }
  const built = buildPortTable(json.default)
  if (!built.ok) throw new Error(built.error)
  table = built.value
})

describe('RFC 6335 port ranges', () => {
  test.each([
    [0, 'system'],
    [1023, 'system'],
    [1024, 'user'],
    [49151, 'user'],
    [49152, 'dynamic'],
    [65535, 'dynamic']
  ] as const)('%i is %s', (port, range) => expect(portRange(port)).toBe(range))
})

describe('the shipped registry table', () => {
  test('is large and well formed', () => {
    expect(table.entries.length).toBeGreaterThan(10_000)
  })

  test('port → services, with aliases in IANA order', () => {
    const r = lookupPort(table, 80, 'tcp')
    expect(r).toEqual({
      ok: true,
      value: { port: 80, range: 'system', services: [{ port: 80, protocol: 'tcp', names: ['http', 'www', 'www-http'], description: 'World Wide Web HTTP' }] }
    })
    expect(lookupPort(table, 443).ok && (lookupPort(table, 443) as { value: { services: { protocol: string }[] } }).value.services.map((s) => s.protocol)).toEqual(['tcp', 'udp', 'sctp'])
    const dns = lookupPort(table, 53, 'udp')
    expect(dns.ok && dns.value.services[0]?.names[0]).toBe('domain')
    const ssh = lookupPort(table, 22, 'tcp')
    expect(ssh.ok && ssh.value.services[0]).toMatchObject({ names: ['ssh'] })
    const reserved = lookupPort(table, 0, 'tcp')
    expect(reserved.ok && reserved.value.services).toEqual([{ port: 0, protocol: 'tcp', names: [], description: 'Reserved' }])
    const dynamic = lookupPort(table, 60000)
    expect(dynamic).toEqual({ ok: true, value: { port: 60000, range: 'dynamic', services: [] } })
    expect(lookupPort(table, 65536).ok).toBe(false)
    expect(lookupPort(table, -1).ok).toBe(false)
  })

  test('service name → ports, case-insensitive, aliases included', () => {
    expect(lookupService(table, 'HTTPS', 'tcp').map((e) => e.port)).toEqual([443])
    expect(lookupService(table, 'www', 'tcp').map((e) => e.port)).toEqual([80])
    expect(lookupService(table, 'postgresql').map((e) => `${e.port}/${e.protocol}`)).toContain('5432/tcp')
    expect(lookupService(table, 'redis').map((e) => e.port)).toContain(6379)
    expect(lookupService(table, 'no-such-service-name')).toEqual([])
  })

  test('one query box for both directions', () => {
    expect(queryPorts(table, '443/tcp')).toMatchObject({ ok: true, value: { kind: 'port', port: 443, services: [{ names: ['https'] }] } })
    expect(queryPorts(table, ' https ')).toMatchObject({ ok: true, value: { kind: 'service', name: 'https' } })
    expect(queryPorts(table, 'ntp/udp')).toMatchObject({ ok: true, value: { kind: 'service', services: [{ port: 123, protocol: 'udp' }] } })
    expect(queryPorts(table, 'cl/1')).toMatchObject({ ok: true, value: { kind: 'service', services: [{ port: 172 }, { port: 172 }] } })
    expect(queryPorts(table, '443/xyz')).toEqual({ ok: false, error: "'xyz' is not a transport protocol; use tcp, udp, sctp or dccp" })
    expect(queryPorts(table, '70000')).toEqual({ ok: false, error: '70000 is not a port number: ports run from 0 to 65535' })
    expect(queryPorts(table, '').ok).toBe(false)
    expect(queryPorts(table, 'two words').ok).toBe(false)
  })

  test('numbers that are not port numbers are refused with words, not looked up as names', () => {
    const error = (q: string) => {
      const r = queryPorts(table, q)
      return r.ok ? `accepted as ${r.value.kind}` : r.error
    }
    expect(error('-1')).toBe("'-1' is not a port number: ports are never negative (0 … 65535)")
    expect(error('3.5')).toBe("'3.5' is not a port number: ports are whole numbers (0 … 65535)")
    expect(error('1e3')).toBe("'1e3' is not a port number: write it in plain digits, without an exponent")
    expect(error('0x50')).toBe("'0x50' is not a port number here: write ports in decimal (0x50 is 80)")
    expect(error('+22')).toContain('without a sign')
    expect(error('-1/udp')).toContain('never negative')
    // Real names that start with a digit still work.
    expect(queryPorts(table, '3com-tsmux')).toMatchObject({ ok: true, value: { kind: 'service', services: [{ port: 106 }, { port: 106 }] } })
  })
})

describe('buildPortTable validates what it is given', () => {
  test.each([
    [null, 'no "entries" array'],
    [{ entries: [[1, 'tcp', ['x']]] }, 'entry 0 is not'],
    [{ entries: [[70000, 'tcp', [], 'x']] }, 'bad port'],
    [{ entries: [[1, 'icmp', [], 'x']] }, 'unknown protocol'],
    [{ entries: [[1, 'tcp', [1], 'x']] }, 'bad names'],
    [{ entries: [[1, 'tcp', [], 2]] }, 'bad description']
  ])('%j', (json, message) => {
    const r = buildPortTable(json)
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.error).toContain(message)
  })
})
