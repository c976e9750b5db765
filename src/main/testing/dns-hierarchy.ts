// A private DNS tree on loopback for traces and chains of trust: a root, a TLD and domains, each served by its own
// knotd on port 53 of 127.0.x.y, with delegations, glue, a lame server, a glueless delegation, a CNAME that crosses
// zones and a DNAME; optionally every zone signed with its DS in the parent, and optionally one signature broken.
// Real servers and real referrals (RFC 1034 §4.2.1, §5.3.3), so a trace or a validator walks the same steps it would
// on the internet. The names below are used by the trace, DNSSEC and e2e tests: keep them stable.
import { startKnot, type KnotServer, type KnotZone } from './knot'

export interface HierarchyOptions {
  /** The first three octets of the addresses, e.g. '127.0.53': root on .1, TLD on .2, domain on .3… */
  base: string
  /** Sign every zone (Knot's default: ECDSA P-256) and put each child's DS in its parent. */
  signed?: boolean
  /** 'domain-rrsig': serve example.test with the RRSIG over www.example.test.'s CNAME corrupted
   *  (its first 4 signature bytes flipped); everything else, the NSEC signatures included, stays valid. */
  broken?: 'domain-rrsig' | null
  /** Authenticated denial with NSEC3 (RFC 5155) instead of NSEC. */
  nsec3?: boolean
  /** 53 unless a test must avoid it. */
  port?: number
}

/** Every address the hierarchy uses, by role. */
export interface HierarchyAddresses {
  /** "." — ns.root-servers.test. */
  root: string
  /** "test." — ns.test. */
  tld: string
  /** "example.test." — ns1.example.test. (the good one). */
  domain: string
  /** ns0.example.test.: listed first in example.test's NS set, but serves no such zone (answers REFUSED). */
  lame: string
  /** "other.test." and "alt." — ns.other.test. / ns.alt-host.test. */
  other: string
}

export interface Hierarchy {
  base: string
  port: number
  addresses: HierarchyAddresses
  /** named.root-style hints: ". NS ns.root-servers.test." and its A glue. */
  rootHints: string
  /** The root's DS records (zone-file text) when signed, for DNSSEC validation; null when unsigned. */
  trustAnchor: string | null
  servers: KnotServer[]
  stop(): Promise<void>
}

/** Names the zones hold (fully qualified), and what they answer, for assertions. */
export const HIERARCHY = {
  /** www.example.test. CNAME web.other.test. (crosses from example.test into other.test). */
  www: 'www.example.test.',
  webTarget: 'web.other.test.',
  webA: '192.0.2.80',
  webAAAA: '2001:db8::80',
  apexA: '192.0.2.10',
  apexAAAA: '2001:db8::10',
  host: 'host.example.test.',
  hostA: '192.0.2.11',
  mx: '10 mail.example.test.',
  mailA: '192.0.2.25',
  txt: '"v=spf1 -all"',
  /** loop1 → loop2 → loop1 */
  loop: 'loop1.example.test.',
  /** example.test. has "alias DNAME other.test.", so web.alias.example.test. → web.other.test. */
  dname: 'web.alias.example.test.',
  /** alt. is delegated from the root to ns.alt-host.test. with no glue (the name lives under test.). */
  glueless: 'www.alt.',
  gluelessA: '192.0.2.90',
  nxdomain: 'nope.example.test.',
  /** A name with A and TXT records but no AAAA: NODATA for AAAA. */
  nodata: 'mail.example.test.',
  nodataType: 'AAAA'
} as const

const SOA = (mname: string): string => `@ SOA ${mname} hostmaster.${mname} 1 7200 3600 1209600 300`

type ZoneTexts = Record<'root' | 'tld' | 'domain' | 'lame' | 'other' | 'alt', string>

function zoneTexts(a: HierarchyAddresses, ds: Record<string, string>): ZoneTexts {
  const lines = (...l: string[]): string => ['$TTL 3600', ...l, ''].join('\n')
  return {
    root: lines(
      SOA('ns.root-servers.test.'),
      '@ NS ns.root-servers.test.',
      'test. NS ns.test.',
      `ns.test. A ${a.tld}`,
      `ns.root-servers.test. A ${a.root}`,
      // Glueless: the NS name is under test., which the root cannot vouch for, so no address comes with it.
      'alt. NS ns.alt-host.test.',
      ds['test'] ?? '',
      ds['alt'] ?? ''
    ),
    tld: lines(
      SOA('ns.test.'),
      '@ NS ns.test.',
      `ns A ${a.tld}`,
      `ns.root-servers A ${a.root}`,
      `ns.alt-host A ${a.other}`,
      // ns0 sorts before ns1 in canonical order (RFC 4034 §6.3), so Knot lists the lame server first.
      'example NS ns0.example.test.',
      'example NS ns1.example.test.',
      `ns0.example A ${a.lame}`,
      `ns1.example A ${a.domain}`,
      'other NS ns.other.test.',
      `ns.other A ${a.other}`,
      ds['example.test'] ?? '',
      ds['other.test'] ?? ''
    ),
    domain: lines(
      SOA('ns1.example.test.'),
      '@ NS ns0.example.test.',
      '@ NS ns1.example.test.',
      `ns0 A ${a.lame}`,
      `ns1 A ${a.domain}`,
      `@ A ${HIERARCHY.apexA}`,
      `@ AAAA ${HIERARCHY.apexAAAA}`,
      `@ MX ${HIERARCHY.mx}`,
      `@ TXT ${HIERARCHY.txt}`,
      `mail A ${HIERARCHY.mailA}`,
      'mail TXT "mail host"',
      `host A ${HIERARCHY.hostA}`,
      'host AAAA 2001:db8::11',
      `www CNAME ${HIERARCHY.webTarget}`,
      'loop1 CNAME loop2.example.test.',
      'loop2 CNAME loop1.example.test.',
      'alias DNAME other.test.'
    ),
    lame: lines(SOA('ns0.example.test.'), '@ NS ns0.example.test.', `@ A ${a.lame}`),
    other: lines(SOA('ns.other.test.'), '@ NS ns.other.test.', `ns A ${a.other}`, `web A ${HIERARCHY.webA}`, `web AAAA ${HIERARCHY.webAAAA}`),
    alt: lines(SOA('ns.alt-host.test.'), '@ NS ns.alt-host.test.', `www A ${HIERARCHY.gluelessA}`)
  }
}

/** Corrupts the signature of every RRSIG owned by `owner` in Knot's zone-read output, keeping the rest intact. */
export function corruptRrsigs(zoneRead: string, owner: string): string {
  return zoneRead
    .split('\n')
    .map((line) => line.replace(/^\[[^\]]*\]\s*/, ''))
    .map((line) => {
      const f = line.trim().split(/\s+/)
      // Knot prints: owner TTL RRSIG covered alg labels origTTL expiration inception tag signer signature…
      // The NSEC's signature stays good: only the answer's own RRset turns bogus.
      if (f[0]?.toLowerCase() !== owner.toLowerCase() || f[2] !== 'RRSIG' || f[3] === 'NSEC') return line
      const sig = f.slice(11).join('')
      const bytes = Buffer.from(sig, 'base64')
      for (let i = 0; i < 4 && i < bytes.length; i++) bytes[i] = bytes[i]! ^ 0xff
      return [...f.slice(0, 11), bytes.toString('base64')].join(' ')
    })
    .join('\n')
}

function zone(origin: string, text: string, opts: HierarchyOptions): KnotZone {
  return { origin, text, dnssec: !!opts.signed, nsec3: !!opts.nsec3 }
}

/** Starts the five servers (children first when signed, so each parent can carry its children's DS). */
export async function startHierarchy(opts: HierarchyOptions): Promise<Hierarchy> {
  const port = opts.port ?? 53
  const b = opts.base
  const a: HierarchyAddresses = { root: `${b}.1`, tld: `${b}.2`, domain: `${b}.3`, lame: `${b}.4`, other: `${b}.5` }
  const servers: KnotServer[] = []
  const stopAll = async (): Promise<void> => {
    await Promise.all(servers.splice(0).map((s) => s.stop()))
  }
  const start = async (address: string, zones: KnotZone[]): Promise<KnotServer> => {
    const s = await startKnot({ zones, address, port })
    servers.push(s)
    return s
  }
  try {
    const ds: Record<string, string> = {}
    let t = zoneTexts(a, ds)
    // Leaves first: example.test (signed, maybe tampered), the lame server, other.test + alt.
    const [domain, , other] = await Promise.all([
      start(a.domain, [zone('example.test', t.domain, opts)]),
      start(a.lame, [{ origin: 'unrelated.test', text: t.lame }]),
      start(a.other, [zone('other.test', t.other, opts), zone('alt', t.alt, opts)])
    ])
    if (opts.signed) {
      ds['example.test'] = domain!.ds('example.test')
      ds['other.test'] = other!.ds('other.test')
      ds['alt'] = other!.ds('alt')
      if (opts.broken === 'domain-rrsig') {
        const signedText = domain!.control(['zone-read', 'example.test'])
        const tampered = corruptRrsigs(signedText, HIERARCHY.www)
        if (tampered === signedText.replace(/^\[[^\]]*\]\s*/gm, '')) throw new Error('no RRSIG at www.example.test. to corrupt')
        servers.splice(servers.indexOf(domain!), 1)
        await domain!.stop()
        // Served as a presigned zone: Knot must not re-sign it, or it would repair the signature.
        await start(a.domain, [{ origin: 'example.test', text: `$ORIGIN example.test.\n${tampered}` }])
      }
      t = zoneTexts(a, ds)
    }
    const tld = await start(a.tld, [zone('test', t.tld, opts)])
    if (opts.signed) ds['test'] = tld.ds('test')
    t = zoneTexts(a, ds)
    const root = await start(a.root, [zone('.', t.root, opts)])
    const trustAnchor = opts.signed ? root.ds('.') : null
    const rootHints = ['.                        3600000      NS    ns.root-servers.test.', `ns.root-servers.test.    3600000      A     ${a.root}`, ''].join('\n')
    return { base: b, port, addresses: a, rootHints, trustAnchor, servers, stop: stopAll }
  } catch (err) {
    await stopAll()
    throw err
  }
}
