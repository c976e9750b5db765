// Insights against a real authoritative server: knotd on 127.0.0.1 serves a dev.to-like zone and, beside it, the
// providers' own SPF zones (google.com, sendgrid.net…), so include: expansion crosses real queries and never leaves
// loopback. What a user reads: the providers, the lookup count, the evidence lines.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { insightsInput } from '../../shared/contract/dns'
import type { DomainInsights } from '../../shared/dns/model'
import { freeDnsPort, startKnot, type KnotServer } from '../testing/knot'
import { domainInsights } from './insights'

const soa = (origin: string): string => `$TTL 300\n@ SOA ns1.${origin}. hostmaster.${origin}. 1 7200 3600 1209600 300\n@ NS ns1.${origin}.\nns1 A 127.0.0.1\n`

const DEVTO = `$TTL 300
@ SOA jill.ns.cloudflare.com. dns.cloudflare.com. 2309864129 10000 2400 604800 3600
@ NS josh.ns.cloudflare.com.
@ NS jill.ns.cloudflare.com.
@ A 151.101.194.217
@ A 151.101.66.217
@ A 151.101.130.217
@ A 151.101.2.217
@ MX 1 aspmx.l.google.com.
@ MX 5 alt1.aspmx.l.google.com.
@ MX 5 alt2.aspmx.l.google.com.
@ MX 10 alt3.aspmx.l.google.com.
@ MX 10 alt4.aspmx.l.google.com.
@ TXT "v=spf1 a mx include:_spf.google.com include:sendgrid.net include:servers.mcsv.net include:shops.shopify.com ~all"
@ TXT "facebook-domain-verification=1xzy1qk89qs7ngxdt5e4s0kvvqw701"
@ TXT "_globalsign-domain-verification=VzRovTWhxjedMqXFfoiZ-UNRnlnuTXYHgjKemPNt33"
@ TXT "google-site-verification=oTtYzW83zP_41DlUrb_VXtAjLTW1p71RBmWR2g5ctrk"
@ CAA 0 issue "letsencrypt.org"
www CNAME dev-to.global.ssl.fastly.net.
_dmarc TXT "v=DMARC1; p=none; rua=mailto:dmarc@devto.test"
`

const GOOGLE = `${soa('google.com')}
_spf TXT "v=spf1 include:_netblocks.google.com include:_netblocks2.google.com include:_netblocks3.google.com ~all"
_netblocks TXT "v=spf1 ip4:35.190.247.0/24 ip4:64.233.160.0/19 ~all"
_netblocks2 TXT "v=spf1 ip6:2001:4860:4000::/36 ~all"
_netblocks3 TXT "v=spf1 ip4:172.217.0.0/19 ~all"
`

// Eleven DNS-querying terms: the include at the top and ten more down the chain (the last one an "a").
const OVER = `${soa('overlimit.test')}
@ TXT "v=spf1 include:s1.overlimit.test -all"
@ SPF "v=spf1 include:s1.overlimit.test -all"
${Array.from({ length: 9 }, (_, i) => `s${i + 1} TXT "v=spf1 include:s${i + 2}.overlimit.test -all"`).join('\n')}
s10 TXT "v=spf1 a -all"
`

let knot: KnotServer
const run = (name: string, extra: Record<string, unknown> = {}, signal = new AbortController().signal): Promise<DomainInsights> =>
  domainInsights(insightsInput.parse({ name, resolvers: [`127.0.0.1:${knot.port}`], options: { timeoutMs: 1000, retries: 0 }, ...extra }), { signal, progress: () => {} })

beforeAll(async () => {
  knot = await startKnot({
    zones: [
      { origin: 'devto.test', text: DEVTO },
      { origin: 'google.com', text: GOOGLE },
      { origin: 'sendgrid.net', text: `${soa('sendgrid.net')}\n@ TXT "v=spf1 ip4:167.89.0.0/17 ip4:208.117.48.0/20 ~all"\n` },
      { origin: 'mcsv.net', text: `${soa('mcsv.net')}\nservers TXT "v=spf1 ip4:205.201.128.0/20 ip4:198.2.128.0/18 -all"\n` },
      { origin: 'shopify.com', text: `${soa('shopify.com')}\nshops TXT "v=spf1 ip4:23.227.32.0/19 ~all"\n` },
      { origin: 'overlimit.test', text: OVER },
      // An include of a zone this server does not serve: knotd answers REFUSED, which is no answer at all.
      { origin: 'refusing.test', text: `${soa('refusing.test')}\n@ TXT "v=spf1 include:elsewhere.example -all"\n` }
    ]
  })
}, 20_000)

afterAll(async () => {
  await knot?.stop()
})

describe('domainInsights against knotd', () => {
  it("recognises every provider of the seed's dev.to reasoning, with the records that say so", async () => {
    const out = await run('DevTo.Test')
    const claim = (re: RegExp) => out.insights.find((i) => re.test(i.claim))
    expect(out.name).toBe('devto.test.')
    const dns = claim(/^Cloudflare runs devto\.test's DNS/)!
    expect(dns.evidence.sort()).toEqual(['devto.test. 300 IN NS jill.ns.cloudflare.com.', 'devto.test. 300 IN NS josh.ns.cloudflare.com.'])
    expect(dns.source).toMatch(/^https:\/\/developers\.cloudflare\.com\//)
    expect(claim(/^Fastly is the CDN in front of devto\.test \(/)!.evidence).toHaveLength(4)
    expect(claim(/^Fastly is the CDN in front of www\.devto\.test \(CNAME to dev-to\.global\.ssl\.fastly\.net\.\)/)!.evidence).toEqual([
      'www.devto.test. 300 IN CNAME dev-to.global.ssl.fastly.net.'
    ])
    expect(claim(/^Google Workspace handles devto\.test's incoming mail/)!.evidence).toContain('devto.test. 300 IN MX 1 aspmx.l.google.com.')
    expect(claim(/^SPF also lets a, mx send mail as devto\.test/)).toBeDefined()
    for (const p of ['Google Workspace', 'SendGrid', 'Mailchimp', 'Shopify']) expect(claim(new RegExp(`^SPF lets ${p}.* send mail as devto\\.test`)), p).toBeDefined()
    // The include's own record, fetched from its own zone, is part of the evidence.
    expect(claim(/^SPF lets SendGrid/)!.evidence).toContain('sendgrid.net. 300 IN TXT "v=spf1 ip4:167.89.0.0/17 ip4:208.117.48.0/20 ~all"')
    const verified = out.insights.filter((i) => i.category === 'verification').map((i) => i.provider)
    expect(verified).toEqual(expect.arrayContaining(['Facebook (Meta)', 'GlobalSign', 'Google']))
    // a, mx, four includes, and _spf.google.com's three: nine of ten.
    expect(out.spf!.lookups).toBe(9)
    expect(out.spf!.overLimit).toBe(false)
    expect(out.spf!.all).toBe('~all')
    expect(out.spf!.tree[0]!.children.map((c) => `${c.domain}: ${c.provider}`)).toEqual([
      '_spf.google.com: Google Workspace',
      'sendgrid.net: SendGrid (Twilio)',
      'servers.mcsv.net: Mailchimp',
      'shops.shopify.com: Shopify'
    ])
    expect(out.caa!.issuers).toEqual(['letsencrypt.org'])
    expect(out.dmarc!.policy).toBe('none')
    expect(out.dmarc!.words).toMatch(/monitoring only.*mailto:dmarc@devto\.test/)
    expect(claim(/^devto\.test has no AAAA record: it is not reachable over IPv6-only networks without NAT64\/DNS64/)!.severity).toBe('warning')
    expect(claim(/No MTA-STS record/)).toBeDefined()
    expect(out.insights.some((i) => /got no usable answer/.test(i.claim))).toBe(false)
  })

  it('an include the server REFUSES is a temperror, not a missing record (RFC 7208 §4.4)', async () => {
    const out = await run('refusing.test')
    const node = out.spf!.tree[0]!.children[0]!
    expect(node.domain).toBe('elsewhere.example')
    expect(node.error).toMatch(/REFUSED.*temperror \(RFC 7208 §4\.4\)/)
    expect(node.error).not.toMatch(/permerror/)
  })

  it('counts an SPF chain of eleven lookups as over the limit of ten', async () => {
    const out = await run('overlimit.test')
    expect(out.spf!.lookups).toBe(11)
    expect(out.spf!.overLimit).toBe(true)
    expect(out.spf!.tree[0]!.children[0]!.domain).toBe('s1.overlimit.test')
    const warn = out.insights.find((i) => /needs 11 DNS lookups/.test(i.claim))!
    expect(warn.severity).toBe('warning')
    expect(warn.evidence).toEqual(['overlimit.test. 300 IN TXT "v=spf1 include:s1.overlimit.test -all"'])
    // The retired SPF type (99) beside it is flagged, with its own record as evidence.
    const type99 = out.insights.find((i) => /SPF record type \(99\)/.test(i.claim))!
    expect(type99.severity).toBe('warning')
    expect(type99.evidence).toEqual([expect.stringMatching(/^overlimit\.test\. 300 IN SPF /)])
  })

  it('says in words when the resolver never answers, and stops when cancelled', async () => {
    const silent = await freeDnsPort()
    const started = Date.now()
    await expect(
      domainInsights(insightsInput.parse({ name: 'devto.test', resolvers: [`127.0.0.1:${silent}`], options: { timeoutMs: 200, retries: 0 } }), { signal: new AbortController().signal, progress: () => {} })
    ).rejects.toMatchObject({ code: 'DNS_NO_ANSWER' })
    expect(Date.now() - started).toBeLessThan(3000)
    const ac = new AbortController()
    ac.abort()
    await expect(run('devto.test', {}, ac.signal)).rejects.toMatchObject({ code: 'CANCELLED' })
  })
})
