// Insights from records built in code: the seed's dev.to reasoning must come out of its own records, each claim
// with the records that support it, and policy records must read as the RFCs mean them.
import { describe, expect, it } from 'vitest'
import { buildInsights, type RecordSet } from './insights'
import type { DnsRecord } from './model'
import { bundledProviders, nameUnder } from './providers'
import { analyseSpf, type SpfFetchResult } from './spf'

function rec(name: string, ttl: number, type: string, data: string): DnsRecord {
  return { name, type, typeCode: 0, class: 'IN', ttl, data, fields: {}, offset: 0, rdataOffset: 0, rdataLength: 0 }
}
const rs = (name: string, type: string, records: DnsRecord[]): RecordSet => ({ name, type, records, rcode: 'NOERROR', error: null })

const SPF = 'v=spf1 a mx include:_spf.google.com include:sendgrid.net include:servers.mcsv.net include:shops.shopify.com ~all'
const devto: RecordSet[] = [
  rs('dev.to.', 'NS', [rec('dev.to.', 86400, 'NS', 'josh.ns.cloudflare.com.'), rec('dev.to.', 86400, 'NS', 'jill.ns.cloudflare.com.')]),
  rs('dev.to.', 'MX', [1, 5, 5, 10, 10].map((p, i) => rec('dev.to.', 300, 'MX', `${p} ${['aspmx', 'alt1.aspmx', 'alt2.aspmx', 'alt3.aspmx', 'alt4.aspmx'][i]}.l.google.com.`))),
  rs('dev.to.', 'A', ['151.101.194.217', '151.101.66.217', '151.101.130.217', '151.101.2.217'].map((a) => rec('dev.to.', 300, 'A', a))),
  rs('dev.to.', 'AAAA', []),
  rs('www.dev.to.', 'A', [rec('www.dev.to.', 300, 'CNAME', 'dev.to.'), rec('dev.to.', 300, 'A', '151.101.2.217')]),
  rs('www.dev.to.', 'AAAA', [rec('www.dev.to.', 300, 'CNAME', 'dev.to.')]),
  rs('dev.to.', 'TXT', [
    rec('dev.to.', 300, 'TXT', `"${SPF}"`),
    rec('dev.to.', 300, 'TXT', '"facebook-domain-verification=1xzy1qk89qs7ngxdt5e4s0kvvqw701"'),
    rec('dev.to.', 300, 'TXT', '"_globalsign-domain-verification=VzRovTWhxjedMqXFfoiZ-UNRnlnuTXYHgjKemPNt33"'),
    rec('dev.to.', 300, 'TXT', '"google-site-verification=oTtYzW83zP_41DlUrb_VXtAjLTW1p71RBmWR2g5ctrk"')
  ]),
  rs('_dmarc.dev.to.', 'TXT', []),
  rs('dev.to.', 'CAA', [])
]

async function spfOf(zone: Record<string, string>, name = 'dev.to') {
  return analyseSpf(name, async (d): Promise<SpfFetchResult> => {
    const t = zone[d.replace(/\.$/, '')]
    return t === undefined ? { texts: [], lines: [], rcode: 'NXDOMAIN', error: null } : { texts: [t], lines: [`${d}. 300 IN TXT "${t}"`], rcode: 'NOERROR', error: null }
  })
}

describe('buildInsights', () => {
  it("recognises every provider in the seed's dev.to reasoning, each claim with its records", async () => {
    const spf = await spfOf({ 'dev.to': SPF, '_spf.google.com': 'v=spf1 ~all', 'sendgrid.net': 'v=spf1 ~all', 'servers.mcsv.net': 'v=spf1 -all', 'shops.shopify.com': 'v=spf1 ~all' })
    const out = buildInsights({ name: 'dev.to.', sets: devto, spf, caa: { owner: null, records: [] } })
    const find = (re: RegExp) => out.insights.find((i) => re.test(i.claim))
    expect(find(/^Cloudflare runs dev\.to's DNS/)!.evidence).toEqual(['dev.to. 86400 IN NS josh.ns.cloudflare.com.', 'dev.to. 86400 IN NS jill.ns.cloudflare.com.'])
    expect(find(/^Fastly is the CDN in front of dev\.to /)!.evidence).toHaveLength(4)
    expect(find(/^Fastly is the CDN in front of www\.dev\.to/)).toBeDefined()
    const mail = find(/^Google Workspace handles dev\.to's incoming mail/)!
    expect(mail.evidence).toHaveLength(5)
    expect(mail.source).toMatch(/^https:\/\/support\.google\.com\//)
    for (const p of ['SendGrid', 'Mailchimp', 'Shopify', 'Google Workspace']) {
      const c = find(new RegExp(`^SPF lets ${p}`))
      expect(c, p).toBeDefined()
      expect(c!.evidence[0]).toContain('v=spf1 a mx include:_spf.google.com')
    }
    for (const p of ['Facebook', 'GlobalSign', 'Google']) {
      const c = out.insights.find((i) => i.category === 'verification' && i.provider?.startsWith(p))
      expect(c, p).toBeDefined()
      expect(c!.evidence[0]).toMatch(/IN TXT ".*verification=/)
    }
    expect(find(/^dev\.to has no AAAA record: it is not reachable over IPv6-only networks without NAT64\/DNS64/)!.severity).toBe('warning')
    expect(find(/^www\.dev\.to has no AAAA record/)).toBeDefined()
    expect(find(/No DMARC record at _dmarc\.dev\.to/)!.severity).toBe('warning')
    expect(find(/No CAA records.*any certificate authority may issue/)).toBeDefined()
    expect(out.spf!.lookups).toBe(6)
    expect(out.insights.every((i) => i.provider === null || i.source?.startsWith('https://'))).toBe(true)
  })

  it('reads DMARC, MTA-STS, TLS-RPT and CAA into words', () => {
    const sets = [
      rs('example.com.', 'AAAA', [rec('example.com.', 60, 'AAAA', '2606:4700::1')]),
      rs('example.com.', 'A', [rec('example.com.', 60, 'A', '104.16.1.1')]),
      rs('example.com.', 'TXT', []),
      rs('_dmarc.example.com.', 'TXT', [rec('_dmarc.example.com.', 300, 'TXT', '"v=DMARC1; p=quarantine; sp=reject; pct=50; rua=mailto:d@example.com"')]),
      rs('_mta-sts.example.com.', 'TXT', [rec('_mta-sts.example.com.', 300, 'TXT', '"v=STSv1; id=20240101"')]),
      rs('_smtp._tls.example.com.', 'TXT', [rec('_smtp._tls.example.com.', 300, 'TXT', '"v=TLSRPTv1; rua=mailto:tls@example.com"')])
    ]
    const caa = [rec('example.com.', 300, 'CAA', '0 issue "letsencrypt.org"'), rec('example.com.', 300, 'CAA', '0 issue "pki.goog; cansignhttpexchanges=yes"'), rec('example.com.', 300, 'CAA', '0 issuewild ";"')]
    const out = buildInsights({ name: 'example.com.', sets, spf: null, caa: { owner: 'example.com.', records: caa } })
    expect(out.dmarc!.policy).toBe('quarantine')
    expect(out.dmarc!.words).toMatch(/p=quarantine.*sp=reject.*only 50% of failing mail.*reports go to mailto:d@example\.com/)
    expect(out.mtaSts!.words).toMatch(/id=20240101.*https:\/\/mta-sts\.example\.com\/\.well-known\/mta-sts\.txt/)
    expect(out.insights.some((i) => /TLS-RPT.*tls@example\.com/.test(i.claim))).toBe(true)
    expect(out.caa!.issuers).toEqual(['letsencrypt.org', 'pki.goog'])
    expect(out.caa!.words).toMatch(/^Only Let's Encrypt \(letsencrypt\.org\), Google Trust Services \(pki\.goog\) may issue.*No CA may issue wildcard/)
    expect(out.insights.some((i) => i.provider === "Let's Encrypt" && i.evidence[0] === 'example.com. 300 IN CAA 0 issue "letsencrypt.org"')).toBe(true)
    expect(out.insights.some((i) => /publishes no SPF record/.test(i.claim))).toBe(true)
    expect(out.insights.some((i) => /^Cloudflare is the CDN in front of example\.com/.test(i.claim))).toBe(true)
    expect(out.insights.find((i) => i.category === 'ipv6')!.severity).toBe('ok')
  })

  it('says an inherited CAA set, a null MX, the deprecated SPF type and several DMARC records', () => {
    const sets = [
      rs('a.example.com.', 'MX', [rec('a.example.com.', 300, 'MX', '0 .')]),
      rs('a.example.com.', 'SPF', [rec('a.example.com.', 300, 'SPF', '"v=spf1 -all"')]),
      rs('_dmarc.a.example.com.', 'TXT', [rec('_dmarc.a.example.com.', 1, 'TXT', '"v=DMARC1; p=none"'), rec('_dmarc.a.example.com.', 1, 'TXT', '"v=DMARC1; p=reject"')])
    ]
    const out = buildInsights({ name: 'a.example.com', sets: [...sets, rs('a.example.com.', 'NS', []), rs('a.example.com.', 'A', [])], spf: null, caa: { owner: 'example.com.', records: [rec('example.com.', 300, 'CAA', '0 issue ";"')] } })
    expect(out.caa!.words).toMatch(/no CA may issue certificates for a\.example\.com \(inherited from example\.com/)
    expect(out.insights.some((i) => /accepts no mail: it publishes a null MX \(RFC 7505\)/.test(i.claim))).toBe(true)
    expect(out.insights.some((i) => /SPF record type \(99\).*retired/.test(i.claim) && i.severity === 'warning')).toBe(true)
    expect(out.dmarc!.words).toMatch(/2 DMARC records: receivers ignore them all/)
  })
})

describe('provider table', () => {
  it('matches by whole labels, with * inside a label', () => {
    expect(nameUnder('aspmx.l.google.com.', 'google.com')).toBe(true)
    expect(nameUnder('evilgoogle.com.', 'google.com')).toBe(false)
    expect(bundledProviders().byName('ns', 'ns-1234.awsdns-12.org.')[0]!.entry.provider).toBe('AWS Route 53')
    expect(bundledProviders().byAddress('185.199.110.153')[0]!.entry.provider).toBe('GitHub Pages')
  })
  it('has every provider the task names, each with an https source', () => {
    const names = new Set(bundledProviders().table.providers.map((p) => p.provider))
    for (const n of ['Cloudflare', 'AWS Route 53', 'Google Cloud DNS', 'Azure DNS', 'NS1', 'DNSimple', 'GoDaddy', 'Namecheap', 'Google Workspace', 'Microsoft 365', 'Zoho Mail', 'Fastmail', 'Proton Mail', 'Mailgun', 'SendGrid (Twilio)', 'Mailchimp', 'Amazon SES', 'Postmark', 'Shopify', 'Zendesk', 'Salesforce', 'HubSpot', 'Fastly', 'Akamai', 'Amazon CloudFront', 'Vercel', 'Netlify', 'GitHub Pages', 'Heroku', "Let's Encrypt", 'DigiCert', 'Sectigo', 'GlobalSign', 'Google Trust Services', 'Amazon (AWS Certificate Manager)', 'Apple', 'Atlassian', 'DocuSign', 'Stripe', 'GitHub']) {
      expect(names.has(n), n).toBe(true)
    }
    expect(bundledProviders().table.providers.every((p) => p.source.startsWith('https://'))).toBe(true)
  })
})

describe('unanswered questions', () => {
  it('says a failed query failed instead of claiming the records are absent', () => {
    const failed: RecordSet = { name: 'x.example.', type: 'MX', records: [], rcode: '', error: 'No DNS server answered in time' }
    const out = buildInsights({ name: 'x.example.', sets: [failed, rs('x.example.', 'A', [rec('x.example.', 60, 'A', '192.0.2.1')])], spf: null, caa: null })
    expect(out.insights.some((i) => /The MX query for x\.example got no usable answer \(No DNS server answered in time\)/.test(i.claim))).toBe(true)
    expect(out.insights.some((i) => /no MX records/.test(i.claim))).toBe(false)
    // The AAAA question was never answered either, so nothing is claimed about IPv6.
    expect(out.insights.some((i) => i.category === 'ipv6')).toBe(false)
  })
  it('says a name that does not exist does not exist, and nothing else', () => {
    const nx = (type: string): RecordSet => ({ name: 'gone.example.', type, records: [], rcode: 'NXDOMAIN', error: null })
    const out = buildInsights({ name: 'gone.example', sets: [nx('A'), nx('NS'), nx('TXT')], spf: null, caa: null })
    expect(out.insights.map((i) => i.claim)).toEqual([expect.stringMatching(/^gone\.example does not exist: its servers answer NXDOMAIN/)])
  })
})
