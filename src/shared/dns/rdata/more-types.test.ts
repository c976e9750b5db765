// SVCB/HTTPS, CAA, NAPTR, SSHFP and TLSA codecs: RFC 9460 Appendix D vectors both ways, dig's exact text, round trips,
// and hostile RDATA that must become DNS_MALFORMED or a problem the UI shows — never a crash.
import { describe, expect, it } from 'vitest'
import { ByteReader, ByteWriter, parseHex } from '../../bytes'
import { WirebenchError } from '../../errors'
import { readName, writeName } from '../names'
import type { RdataCodec } from './codec'
import { MORE_CODECS } from './more-types'
import { SVCB_CODEC } from './svcb'
import { HTTPS_CODEC } from './https'
import { CAA_CODEC } from './caa'
import { NAPTR_CODEC } from './naptr'
import { SSHFP_CODEC } from './sshfp'
import { TLSA_CODEC } from './tlsa'
import type { SvcParam } from './svc-params'

interface Spanned {
  name: string
  offset: number
  length: number
  value?: string
  explain?: string
}

function decode(codec: RdataCodec, rdata: Uint8Array): { data: string; fields: Record<string, unknown>; spans: Spanned[] } {
  const spans: Spanned[] = []
  const r = new ByteReader(rdata, 0, rdata.length)
  const out = codec.decode(r, rdata.length, {
    readName(reader, field) {
      const n = readName(reader.bytes, reader.pos)
      if (n.end > reader.end) throw new WirebenchError('DNS_MALFORMED', `${field} runs past the record`)
      reader.pos = n.end
      return n.name
    },
    span: (name, offset, length, value, explain) => void spans.push({ name, offset, length, value, explain })
  })
  return { ...out, spans }
}

function encode(codec: RdataCodec, fields: Record<string, unknown>, canonical = false): string {
  const w = new ByteWriter()
  codec.encode(fields, w, (ww, name) => writeName(ww, name, canonical), { canonical })
  return Array.from(w.finish(), (b) => b.toString(16).padStart(2, '0')).join('')
}

const hex = (s: string): Uint8Array => parseHex(s)
const FOO_COM = '03666f6f076578616d706c6503636f6d00'
const FOO_ORG = '03666f6f076578616d706c65036f726700'
/** A real-shaped ECHConfigList (version 0xfe0d, X25519, public name cloudflare-ech.com). */
const ECH = 'AEX+DQBBpQAgACBHNFJw6vd5TTGaz3gaoWD2BOyp6WE3pa+q3tL5SWZSXAAEAAEAAQASY2xvdWRmbGFyZS1lY2guY29tAAA='

// RFC 9460 Appendix D: presentation text, wire bytes, and what dig 9.18 prints for them.
const VECTORS: { title: string; text: string[]; wire: string; dig: string }[] = [
  { title: 'D.1 AliasMode', text: ['0 foo.example.com.'], wire: '0000' + FOO_COM, dig: '0 foo.example.com.' },
  { title: 'D.2 use the owner name', text: ['1 .'], wire: '000100', dig: '1 .' },
  { title: 'D.2 port only', text: ['16 foo.example.com. port=53'], wire: '0010' + FOO_COM + '000300020035', dig: '16 foo.example.com. port=53' },
  { title: 'D.2 unregistered key', text: ['1 foo.example.com. key667=hello'], wire: '0001' + FOO_COM + '029b000568656c6c6f', dig: '1 foo.example.com. key667="hello"' },
  {
    title: 'D.2 quoted key with a decimal escape',
    text: ['1 foo.example.com. key667="hello\\210qoo"'],
    wire: '0001' + FOO_COM + '029b000968656c6c6fd2716f6f',
    dig: '1 foo.example.com. key667="hello\\210qoo"'
  },
  {
    title: 'D.2 two IPv6 hints',
    text: ['1 foo.example.com. ipv6hint="2001:db8::1,2001:db8::53:1"'],
    wire: '0001' + FOO_COM + '0006002020010db800000000000000000000000120010db8000000000000000000530001',
    dig: '1 foo.example.com. ipv6hint=2001:db8::1,2001:db8::53:1'
  },
  {
    title: 'D.2 IPv4-mapped-style hint',
    text: ['1 example.com. ipv6hint="2001:db8:ffff:ffff:ffff:ffff:198.51.100.100"'],
    wire: '0001076578616d706c6503636f6d00' + '0006001020010db8ffffffffffffffffc6336464',
    dig: '1 example.com. ipv6hint=2001:db8:ffff:ffff:ffff:ffff:c633:6464'
  },
  {
    title: 'D.2 unsorted presentation, sorted wire',
    text: ['16 foo.example.org. alpn=h2,h3-19 mandatory=ipv4hint,alpn ipv4hint=192.0.2.1'],
    wire: '0010' + FOO_ORG + '000000040001000400010009026832056833' + '2d3139' + '00040004c0000201',
    dig: '16 foo.example.org. mandatory=alpn,ipv4hint alpn="h2,h3-19" ipv4hint=192.0.2.1'
  },
  {
    title: 'D.2 alpn with escaped backslash and comma',
    text: ['16 foo.example.org. alpn="f\\\\\\\\oo\\\\,bar,h2"', '16 foo.example.org. alpn=f\\\\\\092oo\\092,bar,h2'],
    wire: '0010' + FOO_ORG + '0001000c08665c6f6f2c62617202' + '6832',
    dig: '16 foo.example.org. alpn="f\\\\\\\\oo\\\\,bar,h2"'
  }
]

describe('SVCB and HTTPS (RFC 9460)', () => {
  it('registers every codec of the group once', () => {
    expect(MORE_CODECS.map((c) => `${c.type}/${c.code}`)).toEqual(['SVCB/64', 'HTTPS/65', 'CAA/257', 'NAPTR/35', 'SSHFP/44', 'TLSA/52'])
  })

  for (const v of VECTORS) {
    it(`Appendix D: ${v.title}`, () => {
      const got = decode(SVCB_CODEC, hex(v.wire))
      expect(got.data).toBe(v.dig)
      expect((got.fields.problems as string[]).length).toBe(0)
      expect(encode(SVCB_CODEC, got.fields)).toBe(v.wire)
      for (const text of v.text) expect(encode(SVCB_CODEC, SVCB_CODEC.parse!(text))).toBe(v.wire)
    })
  }

  it('Appendix D.3: failure cases are refused when typed', () => {
    for (const params of ['key123=abc key123=def', 'mandatory', 'alpn', 'port', 'ipv4hint', 'ipv6hint', 'no-default-alpn=abc', 'port=65536', 'ipv4hint=2001:db8::1', 'bogus=1']) {
      expect(() => SVCB_CODEC.parse!(`1 foo.example.com. ${params}`), params).toThrow(WirebenchError)
    }
  })

  it('Appendix D.3: mandatory problems are flagged for the UI to warn about', () => {
    const missing = SVCB_CODEC.parse!('1 foo.example.com. mandatory=key123')
    expect(missing.problems).toEqual([expect.stringContaining('mandatory lists key123, which the record does not have')])
    const self = SVCB_CODEC.parse!('1 foo.example.com. mandatory=mandatory')
    expect((self.problems as string[]).join(' ')).toContain('mandatory lists itself')
    const twice = SVCB_CODEC.parse!('1 foo.example.com. mandatory=key123,key123 key123=abc')
    expect((twice.problems as string[]).join(' ')).toContain('strictly increasing order')
  })

  it('prints every param as dig 9.18 does, keys 7 and up as keyNNNNN', () => {
    const text =
      `1 . mandatory=alpn alpn="h2,part\\\\,two,x\\"y" no-default-alpn port=8443 ipv4hint=192.0.2.1,192.0.2.2 ech=${ECH} ipv6hint=::ffff:192.0.2.1,2001:db8::1 dohpath=/dns-query{?dns} ohttp key65000="a b\\\\c\\001"`
    const fields = HTTPS_CODEC.parse!(text)
    const got = decode(HTTPS_CODEC, hex(encode(HTTPS_CODEC, fields)))
    expect(got.data).toBe(
      `1 . mandatory=alpn alpn="h2,part\\\\,two,x\\"y" no-default-alpn port=8443 ipv4hint=192.0.2.1,192.0.2.2 ech=${ECH} ipv6hint=::ffff:192.0.2.1,2001:db8::1 key7="/dns-query{?dns}" key8 key65000="a b\\\\c\\001"`
    )
    const params = got.fields.params as SvcParam[]
    expect(params.map((p) => p.name)).toEqual(['mandatory', 'alpn', 'no-default-alpn', 'port', 'ipv4hint', 'ech', 'ipv6hint', 'dohpath', 'ohttp', 'key65000'])
    expect(params[1]!.value).toEqual(['h2', 'part,two', 'x"y'])
    expect(params[3]!.value).toBe(8443)
    expect(params[7]!.value).toBe('/dns-query{?dns}')
    expect(got.fields.problems).toEqual([])
    // Each param has key, length and value spans, with words from the RFC.
    const alpnSpan = got.spans.find((s) => s.name === 'alpn')!
    expect(alpnSpan.explain).toContain('RFC 9460 §7.1')
    expect(got.spans.find((s) => s.name === 'dohpath')?.explain).toContain('RFC 9461')
    expect(got.spans.filter((s) => s.name === 'SvcParamKey')).toHaveLength(10)
    expect(got.spans[0]).toMatchObject({ name: 'SvcPriority', offset: 0, length: 2, value: '1 (ServiceMode)' })
  })

  it('flags keys out of order, duplicates, bad values and AliasMode params instead of hiding them', () => {
    // port (3) before alpn (1), alpn twice, a 3-octet port.
    const wire = '0001' + '00' + '0003000201bb' + '00010003026832' + '00010003026833' + '0003000300000a'
    const got = decode(SVCB_CODEC, hex(wire))
    const problems = (got.fields.problems as string[]).join('\n')
    expect(problems).toContain('not in increasing order (alpn after port)')
    expect(problems).toContain('alpn appears twice')
    expect(problems).toContain('port is 2 octets; this one is 3')
    expect(got.data).toBe('1 . port=443 alpn="h2" alpn="h3" port="\\000\\000\\010"')
    const alias = decode(HTTPS_CODEC, hex('0000' + FOO_COM + '000300020035'))
    expect((alias.fields.problems as string[])[0]).toContain('AliasMode')
    const noAlpn = decode(HTTPS_CODEC, hex('0001' + '00' + '00020000'))
    expect((noAlpn.fields.problems as string[])[0]).toContain('no-default-alpn without alpn')
    const badDohpath = decode(SVCB_CODEC, hex('0001' + '00' + '00070003616263'))
    expect((badDohpath.fields.problems as string[]).join(' ')).toContain('RFC 9461')
  })

  it('reads the ECHConfigList: public name and HPKE suites, and flags one that does not parse', () => {
    const got = decode(HTTPS_CODEC, hex(encode(HTTPS_CODEC, HTTPS_CODEC.parse!(`1 . alpn=h2 ech=${ECH}`))))
    const param = (got.fields.params as SvcParam[])[1]!
    expect(param.ech).toEqual([
      { version: 0xfe0d, configId: 0xa5, kem: 'DHKEM(X25519, HKDF-SHA256)', cipherSuites: ['HKDF-SHA256 + AES-128-GCM'], maximumNameLength: 0, publicName: 'cloudflare-ech.com', extensions: 0 }
    ])
    expect(got.spans.find((s) => s.name === 'ech')?.explain).toContain('Public name (what the network sees): cloudflare-ech.com')
    const broken = decode(HTTPS_CODEC, hex(encode(HTTPS_CODEC, HTTPS_CODEC.parse!('1 . ech=AEX+DQ=='))))
    expect((broken.fields.problems as string[])[0]).toContain('ECHConfigList does not parse')
    expect(broken.data).toBe('1 . ech=AEX+DQ==')
  })

  it('flags a compressed TargetName and keeps its case in canonical form (not in RFC 4034 §6.2)', () => {
    // A message-like buffer: "Foo.example.com." at 0, then RDATA whose target points back to it.
    const buf = hex('03466f6f076578616d706c6503636f6d00' + '0001' + 'c000')
    const spans: Spanned[] = []
    const r = new ByteReader(buf, 17, buf.length)
    const out = SVCB_CODEC.decode(r, 4, {
      readName(reader) {
        const n = readName(reader.bytes, reader.pos)
        reader.pos = n.end
        return n.name
      },
      span: (name, offset, length) => void spans.push({ name, offset, length })
    })
    expect(out.data).toBe('1 Foo.example.com.')
    expect((out.fields.problems as string[])[0]).toContain('compressed')
    expect(encode(SVCB_CODEC, out.fields, true)).toBe('0001' + '03466f6f076578616d706c6503636f6d00')
    expect(encode(NAPTR_CODEC, NAPTR_CODEC.parse!('1 1 "S" "X" "" _SIP.Example.'), true)).toBe('0001' + '0001' + '0153' + '0158' + '00' + '045f736970076578616d706c6500')
  })

  it('refuses params whose length runs past the record with DNS_MALFORMED', () => {
    // A value longer than the rest, a key without its length, no target, a one-octet alpn with nothing after it.
    for (const wire of ['0001' + '00' + '000300100035', '0001' + '00' + '0003', '0001', '0001' + '00' + '00010001']) {
      expect(() => decode(SVCB_CODEC, hex(wire)), wire).toThrow(expect.objectContaining({ code: 'DNS_MALFORMED' }))
    }
  })

  it('never throws anything but a WirebenchError on random RDATA', () => {
    let seed = 12345
    const rand = (): number => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff
    for (let i = 0; i < 800; i++) {
      const bytes = Uint8Array.from({ length: Math.floor(rand() * 40) }, () => Math.floor(rand() * 256))
      if (i % 2 === 0 && bytes.length > 3) bytes[2] = 0 // a root target, so the params are reached
      for (const codec of MORE_CODECS) {
        try {
          const got = decode(codec, bytes)
          expect(typeof got.data).toBe('string')
        } catch (e) {
          expect(e, codec.type).toBeInstanceOf(WirebenchError)
        }
      }
    }
  })
})

describe('CAA (RFC 8659)', () => {
  it('prints flags tag "value" as dig does and explains the critical flag', () => {
    const plain = decode(CAA_CODEC, hex('0005' + '6973737565' + '6c657473656e63727970742e6f7267'))
    expect(plain.data).toBe('0 issue "letsencrypt.org"')
    expect(plain.fields).toMatchObject({ flags: 0, critical: false, tag: 'issue', issuer: 'letsencrypt.org' })
    const critical = decode(CAA_CODEC, hex(encode(CAA_CODEC, CAA_CODEC.parse!('128 tbs "Unknown \\"x\\""'))))
    expect(critical.data).toBe('128 tbs "Unknown \\"x\\""')
    expect(critical.spans[0]!.explain).toContain('MUST NOT issue')
    expect((critical.fields.problems as string[])[0]).toContain('forbids all issuance')
  })

  it('reads issuer parameters and refuses a tag longer than the record', () => {
    const got = decode(CAA_CODEC, hex(encode(CAA_CODEC, CAA_CODEC.parse!('0 issuewild "ca.example; account=123; validationmethods=dns-01"'))))
    expect(got.fields).toMatchObject({ issuer: 'ca.example', parameters: { account: '123', validationmethods: 'dns-01' } })
    expect(() => decode(CAA_CODEC, hex('0010697373'))).toThrow(expect.objectContaining({ code: 'DNS_MALFORMED' }))
    expect(decode(CAA_CODEC, hex(encode(CAA_CODEC, CAA_CODEC.parse!('0 issue ";"')))).fields.issuer).toBe(null)
  })
})

describe('NAPTR (RFC 3403)', () => {
  it('prints order, preference, three strings and the replacement as dig does', () => {
    for (const text of ['100 10 "S" "SIP+D2U" "" _sip._udp.every.test.', '102 10 "U" "E2U+sip" "!^.*$!sip:info@every.test!" .']) {
      const got = decode(NAPTR_CODEC, hex(encode(NAPTR_CODEC, NAPTR_CODEC.parse!(text))))
      expect(got.data).toBe(text)
      expect(got.fields.problems).toEqual([])
    }
    const s = decode(NAPTR_CODEC, hex(encode(NAPTR_CODEC, NAPTR_CODEC.parse!('100 10 "S" "SIP+D2U" "" _sip._udp.every.test.'))))
    expect(s.spans.find((x) => x.name === 'Flags')?.explain).toContain('SRV')
  })

  it('refuses a string that runs past the record', () => {
    expect(() => decode(NAPTR_CODEC, hex('0064000a0553'))).toThrow(expect.objectContaining({ code: 'DNS_MALFORMED' }))
  })
})

describe('SSHFP (RFC 4255) and TLSA (RFC 6698)', () => {
  const sha256 = '7F5A55CF3F88BE936FB9440249CB449F3067CCEE4B525D0027DC9278A29C32C1'

  it('prints hex upper-case in 56-digit groups, as dig does', () => {
    const ssh = decode(SSHFP_CODEC, hex('0402' + sha256))
    expect(ssh.data).toBe('4 2 7F5A55CF3F88BE936FB9440249CB449F3067CCEE4B525D0027DC9278 A29C32C1')
    expect(ssh.fields).toMatchObject({ algorithmName: 'Ed25519', fingerprintTypeName: 'SHA-256', fingerprint: sha256, problems: [] })
    const tlsa = decode(TLSA_CODEC, hex('030101' + sha256))
    expect(tlsa.data).toBe('3 1 1 7F5A55CF3F88BE936FB9440249CB449F3067CCEE4B525D0027DC9278 A29C32C1')
    expect(tlsa.fields).toMatchObject({ usageName: 'DANE-EE', selectorName: 'SPKI', matchingTypeName: 'SHA2-256' })
    const long = decode(TLSA_CODEC, hex('020000' + 'AB'.repeat(60)))
    expect(long.data).toBe(`2 0 0 ${'AB'.repeat(28)} ${'AB'.repeat(28)} ${'AB'.repeat(4)}`)
  })

  it('round-trips through zone text and flags a digest of the wrong length', () => {
    expect(encode(TLSA_CODEC, TLSA_CODEC.parse!(`3 1 1 ${sha256.slice(0, 56)} ${sha256.slice(56)}`))).toBe('030101' + sha256.toLowerCase())
    expect(encode(SSHFP_CODEC, SSHFP_CODEC.parse!(`4 2 ${sha256}`))).toBe('0402' + sha256.toLowerCase())
    expect((decode(TLSA_CODEC, hex('030101abcd')).fields.problems as string[])[0]).toContain('32 octets')
    expect((decode(SSHFP_CODEC, hex('0101' + 'de'.repeat(20))).fields.problems as string[])[0]).toContain('SHA-1 fingerprints are weak')
    expect(() => decode(TLSA_CODEC, hex('0301'))).toThrow(expect.objectContaining({ code: 'DNS_MALFORMED' }))
  })
})
