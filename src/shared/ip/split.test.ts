// Address library: split, checked against the RFCs and CPython's ipaddress where they define the answer.
import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { addressFromBigInt } from './address'
import { formatAddress } from './format'
import { parseAddressOrThrow, parseNetworkOrThrow } from './index'
import { type IPNetwork, formatNetwork, makeNetwork, networkContains, networkFirst, networkLast, networksOverlap } from './network'
import { MAX_EAGER_SUBNETS, countSplitNote, listSubnets, splitByCount, splitByPrefix, subnetAt, subnetCount } from './split'
import { collapseNetworks, summarizeRange, summarizeValues } from './summarize'
import { allocateVlsm, prefixForHosts } from './vlsm'

const net = parseNetworkOrThrow
const texts = (nets: readonly IPNetwork[]) => nets.map(formatNetwork)

describe('splitting', () => {
  test('a count that is not a power of two says how it was rounded, not silently', () => {
    const three = splitByCount(net('192.168.0.0/24'), 3)
    if (!three.ok) throw new Error(three.error)
    expect(countSplitNote(3, three.value)).toBe('3 subnets need 2 bits → 4 subnets of /26 (equal subnets come in powers of two; 1 spare)')
    const five = splitByCount(net('10.0.0.0/8'), 1000)
    if (!five.ok) throw new Error(five.error)
    expect(countSplitNote(1000, five.value)).toBe('1,000 subnets need 10 bits → 1,024 subnets of /18 (equal subnets come in powers of two; 24 spare)')
    const four = splitByCount(net('192.168.0.0/24'), 4)
    expect(four.ok && countSplitNote(4, four.value)).toBeNull()
  })

  test('into N subnets rounds N up to a power of two', () => {
    const r = splitByCount(net('192.168.0.0/24'), 5)
    expect(r.ok).toBe(true)
    if (!r.ok) return
    expect(r.value.prefixLength).toBe(27)
    expect(r.value.count).toBe(8n)
    expect(texts(listSubnets(r.value))).toEqual([
      '192.168.0.0/27', '192.168.0.32/27', '192.168.0.64/27', '192.168.0.96/27',
      '192.168.0.128/27', '192.168.0.160/27', '192.168.0.192/27', '192.168.0.224/27'
    ])
    const one = splitByCount(net('192.168.0.0/24'), 1)
    expect(one.ok && texts(listSubnets(one.value))).toEqual(['192.168.0.0/24'])
  })

  test('into more subnets than there are addresses fails', () => {
    expect(splitByCount(net('192.168.0.0/30'), 5)).toEqual({
      ok: false,
      error: '192.168.0.0/30 cannot be split into 5 subnets: that needs /33, but IPv4 prefixes stop at /32 (at most 4 subnets)'
    })
    expect(splitByCount(net('192.168.0.0/24'), 0).ok).toBe(false)
    expect(splitByCount(net('192.168.0.0/24'), 2.5).ok).toBe(false)
  })

  test('into a new prefix length', () => {
    const r = splitByPrefix(net('2001:db8::/126'), 127)
    expect(r.ok && texts(listSubnets(r.value))).toEqual(['2001:db8::/127', '2001:db8::2/127'])
    expect(splitByPrefix(net('10.0.0.0/16'), 15)).toEqual({
      ok: false,
      error: 'cannot split 10.0.0.0/16 into /15 subnets: the new prefix length must be between 16 and 32'
    })
    expect(splitByPrefix(net('10.0.0.0/16'), 33).ok).toBe(false)
  })

  test('a /48 into its 65,536 /64s, lazily and eagerly', () => {
    const r = splitByPrefix(net('2001:db8:abcd::/48'), 64)
    if (!r.ok) throw new Error(r.error)
    expect(r.value.count).toBe(65536n)
    expect(formatNetwork(r.value.at(0))).toBe('2001:db8:abcd::/64')
    expect(formatNetwork(r.value.at(1))).toBe('2001:db8:abcd:1::/64')
    expect(formatNetwork(r.value.at(65535))).toBe('2001:db8:abcd:ffff::/64')
    expect(() => r.value.at(65536)).toThrow(RangeError)
    expect(() => r.value.at(-1)).toThrow(RangeError)
    const all = listSubnets(r.value)
    expect(all).toHaveLength(65536)
    expect(formatNetwork(all[4660]!)).toBe('2001:db8:abcd:1234::/64')
  })

  test('astronomically large splits are indexed, never built', () => {
    const parent = net('2001:db8::/32')
    expect(subnetCount(parent, 128)).toBe(1n << 96n)
    expect(formatNetwork(subnetAt(parent, 128, (1n << 96n) - 1n))).toBe('2001:db8:ffff:ffff:ffff:ffff:ffff:ffff/128')
    expect(formatNetwork(subnetAt(parent, 64, 0xdeadbeefn))).toBe('2001:db8:dead:beef::/64')
    const r = splitByPrefix(parent, 64)
    if (!r.ok) throw new Error(r.error)
    expect(listSubnets(r.value, 0, 10_000_000)).toHaveLength(MAX_EAGER_SUBNETS)
    const window = listSubnets(r.value, (1n << 32n) - 2n, 5)
    expect(texts(window)).toEqual(['2001:db8:ffff:fffe::/64', '2001:db8:ffff:ffff::/64'])
  })
})

describe('summarizing and collapsing (CPython summarize_address_range / collapse_addresses)', () => {
  const a = parseAddressOrThrow
  test('the CPython documentation examples', () => {
    const r = summarizeRange(a('192.0.2.0'), a('192.0.2.130'))
    expect(r.ok && texts(r.value)).toEqual(['192.0.2.0/25', '192.0.2.128/31', '192.0.2.130/32'])
    expect(texts(collapseNetworks([net('192.0.2.0/25'), net('192.0.2.128/25')]))).toEqual(['192.0.2.0/24'])
    expect(texts(collapseNetworks([net('192.0.2.0/26'), net('192.0.2.64/26'), net('192.0.2.128/26'), net('192.0.2.192/26')]))).toEqual(['192.0.2.0/24'])
  })

  test('whole spaces and single addresses', () => {
    const all4 = summarizeRange(a('0.0.0.0'), a('255.255.255.255'))
    expect(all4.ok && texts(all4.value)).toEqual(['0.0.0.0/0'])
    const all6 = summarizeRange(a('::'), a('ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff'))
    expect(all6.ok && texts(all6.value)).toEqual(['::/0'])
    const one = summarizeRange(a('10.0.0.1'), a('10.0.0.1'))
    expect(one.ok && texts(one.value)).toEqual(['10.0.0.1/32'])
    const edge = summarizeRange(a('255.255.255.254'), a('255.255.255.255'))
    expect(edge.ok && texts(edge.value)).toEqual(['255.255.255.254/31'])
    const worst = summarizeRange(a('::1'), a('ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe'))
    expect(worst.ok && worst.value.length).toBe(254)
  })

  test('refuses mixed versions and reversed ranges', () => {
    expect(summarizeRange(a('10.0.0.1'), a('::1')).ok).toBe(false)
    expect(summarizeRange(a('10.0.0.2'), a('10.0.0.1')).ok).toBe(false)
  })

  test('nested, overlapping, duplicate and adjacent networks merge; versions are kept apart', () => {
    const list = ['10.0.1.0/24', '10.0.0.0/24', '10.0.0.128/25', '10.0.0.0/24', '10.0.2.0/23', '2001:db8::/33', '2001:db8:8000::/33', '10.0.4.1/32'].map((s) => net(s))
    expect(texts(collapseNetworks(list))).toEqual(['10.0.0.0/22', '10.0.4.1/32', '2001:db8::/32'])
    expect(collapseNetworks([])).toEqual([])
  })
})

describe('VLSM', () => {
  test('places the largest first and reports what is left', () => {
    const r = allocateVlsm(net('192.168.1.0/24'), [{ hosts: 20, label: 'office' }, 100, { hosts: 2, label: 'link' }, 50])
    if (!r.ok) throw new Error(r.error)
    expect(r.value.allocations.map((x) => [x.index, x.label, formatNetwork(x.network), x.usableHosts.toString()])).toEqual([
      [1, null, '192.168.1.0/25', '126'],
      [3, null, '192.168.1.128/26', '62'],
      [0, 'office', '192.168.1.192/27', '30'],
      [2, 'link', '192.168.1.224/30', '2']
    ])
    expect(formatAddress(r.value.allocations[2]!.firstHost)).toBe('192.168.1.193')
    expect(formatAddress(r.value.allocations[2]!.broadcast!)).toBe('192.168.1.223')
    expect(r.value.usedAddresses).toBe(228n)
    expect(texts(r.value.free)).toEqual(['192.168.1.228/30', '192.168.1.232/29', '192.168.1.240/28'])
  })

  test('point-to-point links may take a /31 or /32 when asked (RFC 3021)', () => {
    expect(prefixForHosts(4, 2n)).toBe(30)
    expect(prefixForHosts(4, 2n, { pointToPoint: true })).toBe(31)
    expect(prefixForHosts(4, 1n, { pointToPoint: true })).toBe(32)
    expect(prefixForHosts(4, 254n)).toBe(24)
    expect(prefixForHosts(4, 255n)).toBe(23)
    expect(prefixForHosts(6, 1n)).toBe(128)
    expect(prefixForHosts(6, 3n)).toBe(126)
    expect(prefixForHosts(6, 1n << 64n)).toBe(63)
  })

  test('says which request does not fit, and why', () => {
    expect(allocateVlsm(net('10.0.0.0/24'), [200, 100])).toEqual({
      ok: false,
      error: 'the requests do not fit in 10.0.0.0/24: request 2 for 100 hosts needs a /25 (128 addresses), but only 0 addresses are left after the larger ones'
    })
    expect(allocateVlsm(net('10.0.0.0/24'), [{ hosts: 300, label: 'lab' }])).toEqual({
      ok: false,
      error: 'request 1 (lab): 300 hosts need a /23, which is larger than the whole of 10.0.0.0/24'
    })
    expect(allocateVlsm(net('10.0.0.0/24'), [0]).ok).toBe(false)
  })

  test('IPv6', () => {
    const r = allocateVlsm(net('2001:db8::/48'), [1000, 1n << 64n])
    expect(r.ok && texts(r.value.allocations.map((x) => x.network))).toEqual(['2001:db8::/63', '2001:db8:0:2::/118'])
  })
})

// Random networks: IPv4 or IPv6, any prefix up to a few bits short of the maximum.
const networkArb = fc.oneof(
  fc.tuple(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0, max: 30 })).map(([v, p]) => makeNetwork(addressFromBigInt(4, BigInt(v)), p)),
  fc.tuple(fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }), fc.integer({ min: 0, max: 126 })).map(([v, p]) => makeNetwork(addressFromBigInt(6, v), p))
)

describe('properties', () => {
  test('split then summarize gives back the original network', () => {
    fc.assert(
      fc.property(networkArb, fc.integer({ min: 0, max: 8 }), (parent, extra) => {
        const bits = parent.version === 4 ? 32 : 128
        const r = splitByPrefix(parent, Math.min(bits, parent.prefixLength + extra))
        if (!r.ok) throw new Error(r.error)
        const subnets = listSubnets(r.value)
        expect(texts(collapseNetworks(subnets))).toEqual([formatNetwork(parent)])
        // Shuffled and with duplicates, too.
        expect(texts(collapseNetworks([...subnets].reverse().concat(subnets.slice(0, 3))))).toEqual([formatNetwork(parent)])
      }),
      { numRuns: 300 }
    )
  })

  test('every address of a split belongs to exactly one subnet', () => {
    fc.assert(
      fc.property(networkArb, fc.integer({ min: 0, max: 6 }), fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }), (parent, extra, seed) => {
        const bits = parent.version === 4 ? 32 : 128
        const r = splitByPrefix(parent, Math.min(bits, parent.prefixLength + extra))
        if (!r.ok) throw new Error(r.error)
        const size = networkLast(parent) - networkFirst(parent) + 1n
        const address = addressFromBigInt(parent.version, networkFirst(parent) + (seed % size))
        const subnets = listSubnets(r.value)
        expect(subnets.filter((s) => networkContains(s, address))).toHaveLength(1)
        // The lazy view agrees: the address's index is its offset shifted by the subnet size.
        const index = (seed % size) >> BigInt(bits - r.value.prefixLength)
        expect(networkContains(r.value.at(index), address)).toBe(true)
      }),
      { numRuns: 300 }
    )
  })

  test('subnets of a huge split tile the parent: neighbours touch and never overlap', () => {
    fc.assert(
      fc.property(networkArb, fc.integer({ min: 1, max: 64 }), fc.bigInt({ min: 0n, max: (1n << 64n) - 2n }), (parent, extra, seed) => {
        const bits = parent.version === 4 ? 32 : 128
        const prefix = Math.min(bits, parent.prefixLength + extra)
        const count = subnetCount(parent, prefix)
        if (count < 2n) return
        const i = seed % (count - 1n)
        const a = subnetAt(parent, prefix, i)
        const b = subnetAt(parent, prefix, i + 1n)
        expect(networkLast(a) + 1n).toBe(networkFirst(b))
        expect(networksOverlap(a, b)).toBe(false)
        expect(networkContains(parent, a) && networkContains(parent, b)).toBe(true)
      }),
      { numRuns: 300 }
    )
  })

  test('a summarized range is covered exactly, by aligned blocks, with nothing to merge', () => {
    fc.assert(
      fc.property(fc.boolean(), fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }), fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }), (v4, x, y) => {
        const version = v4 ? 4 : 6
        const max = v4 ? 0xffffffffn : (1n << 128n) - 1n
        const [lo, hi] = [x % (max + 1n), y % (max + 1n)].sort((p, q) => (p < q ? -1 : p > q ? 1 : 0)) as [bigint, bigint]
        const blocks = summarizeValues(version, lo, hi)
        expect(networkFirst(blocks[0]!)).toBe(lo)
        expect(networkLast(blocks[blocks.length - 1]!)).toBe(hi)
        for (let k = 1; k < blocks.length; k++) expect(networkFirst(blocks[k]!)).toBe(networkLast(blocks[k - 1]!) + 1n)
        expect(texts(collapseNetworks(blocks))).toEqual(texts(blocks))
        expect(blocks.length).toBeLessThanOrEqual(2 * (v4 ? 32 : 128))
      }),
      { numRuns: 500 }
    )
  })

  test('VLSM allocations stay inside the parent, never overlap, and hold what was asked', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 2000 }), { minLength: 1, maxLength: 12 }), (hosts) => {
        const parent = net('10.0.0.0/16')
        const r = allocateVlsm(parent, hosts)
        if (!r.ok) {
          expect(r.error).toContain('do not fit')
          return
        }
        const nets = r.value.allocations.map((x) => x.network)
        for (const [k, x] of r.value.allocations.entries()) {
          expect(networkContains(parent, x.network)).toBe(true)
          expect(x.usableHosts >= BigInt(hosts[x.index]!)).toBe(true)
          for (const other of nets.slice(k + 1)) expect(networksOverlap(x.network, other)).toBe(false)
        }
        expect(texts(collapseNetworks([...nets, ...r.value.free]))).toEqual(['10.0.0.0/16'])
      }),
      { numRuns: 300 }
    )
  })
})
