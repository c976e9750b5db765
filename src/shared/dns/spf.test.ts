// SPF parsing and expansion against records built in code: the counts and warnings a mail admin acts on.
import { describe, expect, it } from 'vitest'
import { analyseSpf, isSpf, parseSpf, txtString, type SpfFetchResult } from './spf'

/** An in-memory DNS: domain → TXT strings (undefined = NXDOMAIN). */
function fetcher(zone: Record<string, string[] | undefined>, asked: string[] = []) {
  return async (domain: string): Promise<SpfFetchResult> => {
    asked.push(domain)
    const texts = zone[domain.toLowerCase().replace(/\.$/, '')]
    if (texts === undefined) return { texts: [], lines: [], rcode: 'NXDOMAIN', error: null }
    return { texts, lines: texts.map((t) => `${domain}. 300 IN TXT "${t}"`), rcode: 'NOERROR', error: null }
  }
}

describe('parseSpf', () => {
  it('reads qualifiers, mechanisms and modifiers, and marks the DNS-querying ones (RFC 7208 §4.6.4)', () => {
    const r = parseSpf('v=spf1 a mx:mail.example ip4:192.0.2.0/24 -ptr include:_spf.google.com ?exists:%{i}.x.example redirect=other.example ~all')
    expect(r.errors).toEqual([])
    expect(r.terms.map((t) => `${t.qualifier}${t.name}:${t.value ?? ''}:${t.lookup}`)).toEqual([
      '+a::true',
      '+mx:mail.example:true',
      '+ip4:192.0.2.0/24:false',
      '-ptr::true',
      '+include:_spf.google.com:true',
      '?exists:%{i}.x.example:true',
      '+redirect:other.example:true',
      '~all::false'
    ])
  })
  it('refuses unknown mechanisms and a bare include as permerrors', () => {
    expect(parseSpf('v=spf1 foo -all').errors[0]).toMatch(/not an SPF mechanism.*§4\.6\.1/)
    expect(parseSpf('v=spf1 include -all').errors[0]).toMatch(/needs a domain/)
  })
  it('knows SPF from look-alikes and joins TXT character-strings without spaces (§3.3)', () => {
    expect(isSpf('v=spf1 -all')).toBe(true)
    expect(isSpf('v=spf10 -all')).toBe(false)
    expect(txtString('"v=spf1 include:a.example" " -all"')).toBe('v=spf1 include:a.example -all')
  })
})

describe('analyseSpf', () => {
  it('expands the dev.to record: counts a, mx and three includes plus nested ones', async () => {
    const zone = {
      'dev.to': ['v=spf1 a mx include:_spf.google.com include:sendgrid.net include:servers.mcsv.net include:shops.shopify.com ~all', 'google-site-verification=x'],
      '_spf.google.com': ['v=spf1 include:_netblocks.google.com ~all'],
      '_netblocks.google.com': ['v=spf1 ip4:35.190.247.0/24 ~all'],
      'sendgrid.net': ['v=spf1 ip4:167.89.0.0/17 ~all'],
      'servers.mcsv.net': ['v=spf1 ip4:205.201.128.0/20 -all'],
      'shops.shopify.com': ['v=spf1 include:_spf.shopify.com ~all'],
      '_spf.shopify.com': ['v=spf1 ip4:23.227.32.0/19 ~all']
    }
    const report = await analyseSpf('dev.to.', fetcher(zone))
    // a, mx, 4 includes at the top, _netblocks and _spf.shopify.com below: 8.
    expect(report.analysis.lookups).toBe(8)
    expect(report.analysis.overLimit).toBe(false)
    expect(report.analysis.all).toBe('~all')
    expect(report.authorised.map((a) => a.domain)).toEqual(['_spf.google.com', '_netblocks.google.com', 'sendgrid.net', 'servers.mcsv.net', 'shops.shopify.com', '_spf.shopify.com'])
    expect(report.authorised.find((a) => a.domain === 'sendgrid.net')!.evidence).toEqual([
      expect.stringContaining('dev.to. 300 IN TXT "v=spf1 a mx'),
      'sendgrid.net. 300 IN TXT "v=spf1 ip4:167.89.0.0/17 ~all"'
    ])
    expect(report.analysis.tree[0]!.children.map((c) => c.domain)).toEqual(['_spf.google.com', 'sendgrid.net', 'servers.mcsv.net', 'shops.shopify.com'])
    expect(report.issues.find((i) => i.severity === 'ok')!.text).toMatch(/8 of the 10/)
  })

  it('says a chain of 11 lookups is over the limit and a receiver returns permerror', async () => {
    const zone: Record<string, string[]> = { 'big.example': ['v=spf1 include:s1.example -all'] }
    for (let i = 1; i <= 10; i++) zone[`s${i}.example`] = [i < 10 ? `v=spf1 include:s${i + 1}.example -all` : 'v=spf1 ip4:192.0.2.1 -all']
    const report = await analyseSpf('big.example', fetcher(zone))
    expect(report.analysis.lookups).toBe(10)
    zone['s10.example'] = ['v=spf1 mx -all']
    const over = await analyseSpf('big.example', fetcher(zone))
    expect(over.analysis.lookups).toBe(11)
    expect(over.analysis.overLimit).toBe(true)
    expect(over.issues.some((i) => i.severity === 'warning' && /11 DNS lookups.*permerror.*§4\.6\.4/.test(i.text))).toBe(true)
  })

  it('flags +all, ?all and a missing all', async () => {
    const plus = await analyseSpf('a.example', fetcher({ 'a.example': ['v=spf1 mx +all'] }))
    expect(plus.issues.some((i) => i.severity === 'warning' && /\+all.*any server/.test(i.text))).toBe(true)
    const neutral = await analyseSpf('a.example', fetcher({ 'a.example': ['v=spf1 mx ?all'] }))
    expect(neutral.issues.some((i) => /\?all.*neutral/.test(i.text))).toBe(true)
    const none = await analyseSpf('a.example', fetcher({ 'a.example': ['v=spf1 mx'] }))
    expect(none.analysis.all).toBeNull()
    expect(none.issues.some((i) => /without "all"/.test(i.text))).toBe(true)
  })

  it('takes the all of a redirect target, and ignores redirect when the record has all (§6.1)', async () => {
    const r = await analyseSpf('a.example', fetcher({ 'a.example': ['v=spf1 redirect=b.example'], 'b.example': ['v=spf1 -all'] }))
    expect(r.analysis.all).toBe('-all')
    expect(r.analysis.lookups).toBe(1)
    const asked: string[] = []
    const ignored = await analyseSpf('a.example', fetcher({ 'a.example': ['v=spf1 -all redirect=b.example'] }, asked))
    expect(asked).toEqual(['a.example'])
    expect(ignored.analysis.lookups).toBe(0)
  })

  it('reports multiple SPF records, includes without SPF, void lookups and loops', async () => {
    const multi = await analyseSpf('a.example', fetcher({ 'a.example': ['v=spf1 -all', 'v=spf1 mx -all'] }))
    expect(multi.issues.some((i) => /2 SPF records.*permerror.*§3\.2/.test(i.text))).toBe(true)
    const voids = await analyseSpf('a.example', fetcher({ 'a.example': ['v=spf1 include:gone1.example include:gone2.example include:gone3.example -all'] }))
    expect(voids.analysis.voidLookups).toBe(3)
    expect(voids.issues.some((i) => /3 lookups found nothing/.test(i.text))).toBe(true)
    expect(voids.issues.some((i) => /gone1\.example publishes no SPF record \(the name does not exist\)/.test(i.text))).toBe(true)
    const asked: string[] = []
    const loop = await analyseSpf('a.example', fetcher({ 'a.example': ['v=spf1 include:b.example -all'], 'b.example': ['v=spf1 include:a.example -all'] }, asked))
    expect(asked).toEqual(['a.example', 'b.example'])
    expect(loop.issues.some((i) => /loops/.test(i.text))).toBe(true)
  })

  it('stops a hostile fan-out after its query budget', async () => {
    const zone: Record<string, string[]> = {}
    for (let i = 0; i < 100; i++) zone[`n${i}.example`] = [`v=spf1 include:n${i + 1}.example include:n${i + 2}.example -all`]
    const asked: string[] = []
    const r = await analyseSpf('n0.example', fetcher(zone, asked))
    expect(asked.length).toBeLessThanOrEqual(40)
    expect(r.analysis.overLimit).toBe(true)
  })
})
