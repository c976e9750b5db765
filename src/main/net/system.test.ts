// This machine's network picture (interfaces, gateways, resolvers) as the Subnets tab shows it.
import { describe, expect, it } from 'vitest'
import { parseProcIpv6Route, parseProcRoute, systemNetwork } from './system'

describe('this machine', () => {
  it('reads the default IPv4 gateway from /proc/net/route format', () => {
    const text = [
      'Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT',
      'eth0\t00000000\t0101A8C0\t0003\t0\t0\t100\t00000000\t0\t0\t0',
      'eth0\t0001A8C0\t00000000\t0001\t0\t0\t100\t00FFFFFF\t0\t0\t0'
    ].join('\n')
    expect(parseProcRoute(text)).toEqual([{ interface: 'eth0', address: '192.168.1.1' }])
  })

  it('reads the default IPv6 gateway from /proc/net/ipv6_route format', () => {
    const line = '00000000000000000000000000000000 00 00000000000000000000000000000000 00 fe800000000000000000000000000001 00000400 00000001 00000000 00000003 eth0'
    expect(parseProcIpv6Route(line)).toEqual([{ interface: 'eth0', address: 'fe80::1' }])
  })

  it('lists the loopback interface with 127.0.0.1/8, and the ephemeral port range on Linux', async () => {
    const net = await systemNetwork()
    const lo = net.interfaces.find((i) => i.addresses.some((a) => a.address === '127.0.0.1'))
    expect(lo?.internal).toBe(true)
    expect(lo?.addresses.find((a) => a.address === '127.0.0.1')?.cidr).toBe('127.0.0.1/8')
    if (process.platform === 'linux') {
      expect(net.ephemeralPortRange!.low).toBeGreaterThanOrEqual(1024)
      expect(net.ephemeralPortRange!.high).toBeLessThanOrEqual(65535)
    }
    expect(Array.isArray(net.dnsServers)).toBe(true)
  })
})
