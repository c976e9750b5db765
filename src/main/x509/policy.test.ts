// RFC 5280 §6.1 policy processing on chains made here with `openssl x509 -req -extfile` (the policy extensions as a
// CA writes them), each verdict cross-checked with `openssl verify -policy_check`; malformed extensions and the
// exponential-tree attack are built with our own builder, whose raw extensions can say anything.
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { oid, seq, int, tlv } from '../../shared/x509/der'
import { OID } from '../../shared/x509/oids'
import { TempDir, intermediateCA, openssl, rootCA, serverCert } from '../testing/x509'
import type { ParsedCertificate } from './certificate'
import { readCertificates } from './open'
import { type PolicyOptions, processPolicies } from './policy'
import type { IssuedCertificateResult, PolicyNode } from './types'

const ANY = OID.anyPolicy
const CA_EXT = 'basicConstraints = critical,CA:TRUE\nkeyUsage = critical,keyCertSign,cRLSign\nsubjectKeyIdentifier = hash\n'
const LEAF_EXT = 'basicConstraints = critical,CA:FALSE\nkeyUsage = critical,digitalSignature\nextendedKeyUsage = serverAuth\nsubjectAltName = DNS:policy.test\nsubjectKeyIdentifier = hash\n'

let tmp: TempDir
const keys: string[] = []
let serial = 1
let rootPem = ''

/** One certificate made by one `openssl req -x509` call; `ext` adds policy lines (certificatePolicies = …). */
function sign(cn: string, key: string, issuer: { pem: string; key: string } | null, ext: string, leaf = false): string {
  const profile = (leaf ? LEAF_EXT : CA_EXT) + (issuer ? 'authorityKeyIdentifier = keyid\n' : '') + ext
  const config = tmp.file(`[req]\ndistinguished_name = dn\n[dn]\n[ext]\n${profile}`, `c${serial}.cnf`)
  const out = tmp.file('', `c${serial}.pem`)
  const signer = issuer ? ['-CA', issuer.pem, '-CAkey', issuer.key] : []
  const args = ['req', '-x509', '-new', '-key', key, '-subj', `/CN=${cn}`, ...signer, '-config', config, '-extensions', 'ext']
  const r = openssl([...args, '-days', '30', '-set_serial', String(serial++), '-out', out])
  expect(r.status, r.stderr).toBe(0)
  return out
}

interface Chain {
  /** RFC order: issued by the root first, the leaf last (the root is the trust anchor, not in the path). */
  path: string[]
  certs: ParsedCertificate[]
}

/** root → CAs (each with its policy lines) → leaf; a CA spec of {cn, ext, keyIndex} lets two CAs share a name. */
function chain(cas: (string | { cn: string; ext: string; keyIndex: number })[], leafExt: string): Chain {
  let issuer = { pem: rootPem, key: keys[0] as string }
  const path: string[] = []
  cas.forEach((spec, i) => {
    const s = typeof spec === 'string' ? { cn: `Policy CA ${i + 1}`, ext: spec, keyIndex: i + 1 } : spec
    const key = keys[s.keyIndex] as string
    const pem = sign(s.cn, key, issuer, s.ext)
    path.push(pem)
    issuer = { pem, key }
  })
  path.push(sign('policy.test', keys[5] as string, issuer, leafExt, true))
  const certs = path.map((p) => readCertificates(readFileSync(p))[0] as ParsedCertificate)
  return { path, certs }
}

/**
 * `openssl verify -policy_check` on the same files: true when OpenSSL accepts the chain. OpenSSL treats a missing
 * -policy as an empty user-initial-policy-set (every explicit-policy path then fails), so anyPolicy is passed as
 * RFC 5280 §6.1.1 (c) and processPolicies default to.
 */
function sslAccepts(c: Chain, flags: string[] = []): boolean {
  const untrusted = tmp.file(c.path.slice(0, -1).map((p) => readFileSync(p, 'latin1')).join(''))
  const policy = flags.includes('-policy') ? [] : ['-policy', ANY]
  const args = ['verify', '-policy_check', ...policy, ...flags, '-CAfile', rootPem, '-untrusted', untrusted, c.path.at(-1) as string]
  return openssl(args).status === 0
}

function run(c: Chain, opts?: PolicyOptions) {
  const { result, issues } = processPolicies(c.certs, opts)
  return { result, issues, errors: issues.filter((i) => i.severity === 'error') }
}

/** The tree as "depth:policy" lines, children indented, for readable assertions. */
function shape(node: PolicyNode | null, indent = ''): string[] {
  if (!node) return []
  const here = `${indent}${node.depth}:${node.validPolicy === ANY ? 'any' : node.validPolicy}`
  return [here, ...node.children.flatMap((c) => shape(c, `${indent}  `))]
}

beforeAll(() => {
  tmp = new TempDir()
  for (let i = 0; i < 6; i++) {
    const k = tmp.file('', `k${i}.key`)
    expect(openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', k]).status).toBe(0)
    keys.push(k)
  }
  rootPem = sign('Policy Root', keys[0] as string, null, '')
})

afterAll(() => tmp.remove())

describe('processPolicies on openssl-made chains', () => {
  it('accepts a path with no policies anywhere: the tree is NULL and nothing is required', () => {
    const c = chain([''], '')
    const r = run(c)
    expect(r.issues).toEqual([])
    expect(r.result).toMatchObject({ tree: null, explicitPolicyRequired: false, userConstrainedPolicySet: [], nodeCount: 0 })
    expect(sslAccepts(c)).toBe(true)
  })

  it('refuses a leaf without policies under requireExplicitPolicy:0, naming the CA that required it', () => {
    const c = chain(['certificatePolicies = 1.2.3.4\npolicyConstraints = critical,requireExplicitPolicy:0\n'], '')
    const r = run(c)
    expect(r.errors).toHaveLength(1)
    expect(r.errors[0]).toMatchObject({ code: 'POLICY_REQUIRED', depth: 0 })
    expect(r.errors[0]?.message).toContain('"CN=Policy CA 1" requires an explicit policy for the whole path (requireExplicitPolicy 0')
    expect(r.errors[0]?.message).toContain('"CN=policy.test" has no certificate policies extension')
    expect(r.result.explicitPolicyRequired).toBe(true)
    expect(sslAccepts(c)).toBe(false)
  })

  it('accepts the same path when the leaf asserts the CA policy, and shows the tree', () => {
    const c = chain(['certificatePolicies = 1.2.3.4\npolicyConstraints = critical,requireExplicitPolicy:0\n'], 'certificatePolicies = 1.2.3.4\n')
    const r = run(c)
    expect(r.errors).toEqual([])
    expect(shape(r.result.tree)).toEqual(['0:any', '  1:1.2.3.4', '    2:1.2.3.4'])
    expect(r.result).toMatchObject({ explicitPolicyRequired: true, userConstrainedPolicySet: ['1.2.3.4'], nodeCount: 3 })
    expect(sslAccepts(c)).toBe(true)
  })

  it('says which policies the leaf asserted when none matches', () => {
    const c = chain(['certificatePolicies = 1.2.3.4\npolicyConstraints = critical,requireExplicitPolicy:0\n'], 'certificatePolicies = 1.2.3.9, 1.2.3.8\n')
    const r = run(c)
    expect(r.errors[0]?.code).toBe('POLICY_REQUIRED')
    expect(r.errors[0]?.message).toContain('asserts 1.2.3.9, 1.2.3.8, while the certificates above it allow only 1.2.3.4')
    expect(sslAccepts(c)).toBe(false)
  })

  it('follows a policy mapping: the leaf satisfies the issuer-domain policy through its mapped one', () => {
    const ca = 'certificatePolicies = 1.2.3.4\npolicyMappings = critical,1.2.3.4:1.2.3.5\npolicyConstraints = critical,requireExplicitPolicy:0\n'
    const c = chain([ca], 'certificatePolicies = 1.2.3.5\n')
    const r = run(c)
    expect(r.errors).toEqual([])
    expect(shape(r.result.tree)).toEqual(['0:any', '  1:1.2.3.4', '    2:1.2.3.5'])
    expect(r.result.tree?.children[0]?.expectedPolicySet).toEqual(['1.2.3.5'])
    // The user-constrained set is in the trust anchor's domain: 1.2.3.4, not the subject-domain 1.2.3.5.
    expect(r.result.userConstrainedPolicySet).toEqual(['1.2.3.4'])
    expect(run(c, { initialPolicySet: ['1.2.3.4'], initialExplicitPolicy: true }).errors).toEqual([])
    const wrongDomain = run(c, { initialPolicySet: ['1.2.3.5'] })
    expect(wrongDomain.errors[0]).toMatchObject({ code: 'POLICY_REQUIRED', depth: 0 })
    expect(wrongDomain.errors[0]?.message).toContain('user-initial-policy-set')
    expect(sslAccepts(c, ['-explicit_policy', '-policy', '1.2.3.4'])).toBe(true)
    expect(sslAccepts(c, ['-explicit_policy', '-policy', '1.2.3.5'])).toBe(false)
    // After the mapping, the unmapped issuer-domain OID no longer satisfies the path.
    const unmapped = chain([ca], 'certificatePolicies = 1.2.3.4\n')
    expect(run(unmapped).errors[0]?.code).toBe('POLICY_REQUIRED')
    expect(sslAccepts(unmapped)).toBe(false)
    // initial-policy-mapping-inhibit drops the mapped policy (§6.1.4 (b)(2)).
    const inhibited = run(c, { initialPolicyMappingInhibit: true })
    expect(inhibited.errors[0]?.message).toContain('policy mapping is inhibited')
    expect(sslAccepts(c, ['-inhibit_map'])).toBe(false)
  })

  it('honours inhibitPolicyMapping:0 in a CA above the one that maps', () => {
    const top = 'certificatePolicies = 1.2.3.4\npolicyConstraints = critical,requireExplicitPolicy:0,inhibitPolicyMapping:0\n'
    const mapper = 'certificatePolicies = 1.2.3.4\npolicyMappings = critical,1.2.3.4:1.2.3.5\n'
    const c = chain([top, mapper], 'certificatePolicies = 1.2.3.5\n')
    const r = run(c)
    expect(r.errors).toHaveLength(1)
    expect(r.errors[0]?.code).toBe('POLICY_REQUIRED')
    expect(r.errors[0]?.message).toContain('because "CN=Policy CA 1" sets inhibitPolicyMapping 0')
    expect(r.errors[0]?.message).toContain('"CN=Policy CA 2" maps 1.2.3.4')
    expect(sslAccepts(c)).toBe(false)
    // Without the inhibition the same mapping makes the path valid.
    const free = chain(['certificatePolicies = 1.2.3.4\npolicyConstraints = critical,requireExplicitPolicy:0\n', mapper], 'certificatePolicies = 1.2.3.5\n')
    expect(run(free).errors).toEqual([])
    expect(sslAccepts(free)).toBe(true)
  })

  it('stops anyPolicy from counting once inhibitAnyPolicy runs out', () => {
    const top = (skip: number) => `certificatePolicies = 2.5.29.32.0\ninhibitAnyPolicy = critical,${skip}\npolicyConstraints = critical,requireExplicitPolicy:0\n`
    const middle = 'certificatePolicies = 2.5.29.32.0\n'
    const stopped = chain([top(0), middle], 'certificatePolicies = 1.2.3.4\n')
    const r = run(stopped)
    expect(r.errors).toHaveLength(1)
    expect(r.errors[0]).toMatchObject({ code: 'POLICY_REQUIRED', depth: 1 })
    expect(r.errors[0]?.message).toContain('"CN=Policy CA 2" asserts only anyPolicy, which no longer counts (RFC 5280 §6.1.3 (d)(2)) because "CN=Policy CA 1" sets inhibitAnyPolicy 0')
    expect(sslAccepts(stopped)).toBe(false)
    // inhibitAnyPolicy 1 lets the next CA's anyPolicy count; the leaf's own policy then hangs under anyPolicy.
    const allowed = chain([top(1), middle], 'certificatePolicies = 1.2.3.4\n')
    const ok = run(allowed)
    expect(ok.errors).toEqual([])
    expect(shape(ok.result.tree)).toEqual(['0:any', '  1:any', '    2:any', '      3:1.2.3.4'])
    expect(ok.result.userConstrainedPolicySet).toEqual(['1.2.3.4'])
    expect(sslAccepts(allowed)).toBe(true)
  })

  it('applies initial-any-policy-inhibit and initial-explicit-policy from the caller', () => {
    const c = chain(['certificatePolicies = 2.5.29.32.0\n'], 'certificatePolicies = 1.2.3.4\n')
    expect(run(c).result.userConstrainedPolicySet).toEqual(['1.2.3.4'])
    expect(run(c, { initialAnyPolicyInhibit: true }).issues).toEqual([])
    expect(run(c, { initialAnyPolicyInhibit: true }).result.tree).toBeNull()
    const both = run(c, { initialAnyPolicyInhibit: true, initialExplicitPolicy: true })
    expect(both.errors[0]).toMatchObject({ code: 'POLICY_REQUIRED', depth: 1 })
    expect(both.errors[0]?.message).toContain('initial-explicit-policy')
    expect(both.errors[0]?.message).toContain('asserts only anyPolicy')
    expect(sslAccepts(c, ['-inhibit_any'])).toBe(true)
    expect(sslAccepts(c, ['-inhibit_any', '-explicit_policy'])).toBe(false)
  })

  it('does not count a self-issued CA (key rollover) against requireExplicitPolicy (§6.1.4 (h))', () => {
    const top = 'certificatePolicies = 2.5.29.32.0\npolicyConstraints = critical,requireExplicitPolicy:2\n'
    const rollover = chain([top, { cn: 'Policy CA 1', ext: 'certificatePolicies = 2.5.29.32.0\n', keyIndex: 2 }], '')
    expect(rollover.certs[1]?.subject.key).toBe(rollover.certs[1]?.issuer.key)
    expect(run(rollover).errors).toEqual([])
    expect(sslAccepts(rollover)).toBe(true)
    const other = chain([top, 'certificatePolicies = 2.5.29.32.0\n'], '')
    expect(run(other).errors[0]).toMatchObject({ code: 'POLICY_REQUIRED', depth: 0 })
    expect(sslAccepts(other)).toBe(false)
  })

  it('lets a self-issued CA assert anyPolicy even after inhibitAnyPolicy 0 (§6.1.3 (d)(2) (b))', () => {
    const top = 'certificatePolicies = 2.5.29.32.0\ninhibitAnyPolicy = critical,0\npolicyConstraints = critical,requireExplicitPolicy:0\n'
    const rollover = chain([top, { cn: 'Policy CA 1', ext: 'certificatePolicies = 2.5.29.32.0\n', keyIndex: 2 }], 'certificatePolicies = 1.2.3.4\n')
    const r = run(rollover)
    expect(r.errors).toEqual([])
    expect(shape(r.result.tree)).toEqual(['0:any', '  1:any', '    2:any', '      3:1.2.3.4'])
    expect(sslAccepts(rollover)).toBe(true)
    const other = chain([top, 'certificatePolicies = 2.5.29.32.0\n'], 'certificatePolicies = 1.2.3.4\n')
    expect(run(other).errors[0]).toMatchObject({ code: 'POLICY_REQUIRED', depth: 1 })
    expect(sslAccepts(other)).toBe(false)
  })
})

// ---- our builder: malformed extensions and the exponential tree ----------------------------------------------

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex')
const policies = (oids: string[]) => ({ oid: OID.certificatePolicies, critical: false, valueHex: hex(seq(...oids.map((o) => seq(oid(o))))) })
const mappings = (pairs: [string, string][]) => ({ oid: OID.policyMappings, critical: true, valueHex: hex(seq(...pairs.map(([a, b]) => seq(oid(a), oid(b))))) })
const parse = (c: IssuedCertificateResult): ParsedCertificate => readCertificates(c.certPem)[0] as ParsedCertificate

describe('processPolicies on hostile extensions', () => {
  it('refuses duplicate policy OIDs, an empty policyConstraints and a mapping from anyPolicy', async () => {
    const root = await rootCA('Hostile Root')
    const ca = await intermediateCA('Hostile CA', root, {
      extraExtensions: [
        policies(['1.2.3.4', '1.2.3.4']),
        { oid: OID.policyConstraints, critical: true, valueHex: hex(seq()) },
        mappings([[ANY, '1.2.3.5']])
      ]
    })
    const leaf = await serverCert('hostile.test', ca, { policies: ['1.2.3.4'] })
    const { issues } = processPolicies([parse(ca), parse(leaf)])
    const messages = issues.filter((i) => i.code === 'INVALID_EXTENSION' && i.depth === 1).map((i) => i.message)
    expect(messages).toHaveLength(3)
    expect(messages.join('\n')).toMatch(/1\.2\.3\.4 more than once.*MUST NOT/)
    expect(messages.join('\n')).toMatch(/empty sequence/)
    expect(messages.join('\n')).toMatch(/MUST NOT be mapped to or from anyPolicy/)
  })

  const crosswise = Array.from({ length: 20 }, (_, i) => `1.3.6.1.4.1.55555.${i + 1}`)
  const allPairs = crosswise.flatMap((a) => crosswise.map((b) => [a, b] as [string, string]))

  async function crossChain(levels: number): Promise<ParsedCertificate[]> {
    let issuer = await rootCA('Cross Root')
    const out: ParsedCertificate[] = []
    for (let i = 0; i < levels - 1; i++) {
      issuer = await intermediateCA(`Cross CA ${i + 1}`, issuer, { extraExtensions: [policies(crosswise), mappings(allPairs)] })
      out.push(parse(issuer))
    }
    out.push(parse(await serverCert('cross.test', issuer, { policies: crosswise })))
    return out
  }

  it('refuses, fast, 6 levels of 20 policies mapped crosswise (a 20^6-node tree)', async () => {
    const path = await crossChain(6)
    const t0 = performance.now()
    const { result, issues } = processPolicies(path)
    expect(performance.now() - t0).toBeLessThan(2_000)
    expect(issues.map((i) => i.code)).toEqual(['POLICY_TREE_TOO_LARGE'])
    expect(result).toMatchObject({ tree: null, nodeCount: 0 })
  })

  it('builds the same pattern within the budget at 3 levels (1 + 20 + 400 + 8,000 nodes)', async () => {
    const path = await crossChain(3)
    const { result, issues } = processPolicies(path, { initialExplicitPolicy: true })
    expect(issues).toEqual([])
    expect(result.nodeCount).toBe(8421)
    expect(result.userConstrainedPolicySet.sort()).toEqual([...crosswise].sort())
    expect(processPolicies(path, { maxNodes: 8000 }).issues[0]?.code).toBe('POLICY_TREE_TOO_LARGE')
  })

  it('requireExplicitPolicy 1 in the last CA still requires a policy once the leaf is counted (§6.1.5 (a))', async () => {
    const root = await rootCA('Count Root')
    const pc = { oid: OID.policyConstraints, critical: true, valueHex: hex(seq(tlv(0x80, int(1).subarray(2)))) }
    const ca = await intermediateCA('Count CA', root, { extraExtensions: [policies([ANY]), pc] })
    const leaf = await serverCert('count.test', ca)
    // requireExplicitPolicy 1: the leaf is the one more certificate allowed, so the wrap-up (§6.1.5 (a)) requires.
    const { issues } = processPolicies([parse(ca), parse(leaf)])
    expect(issues[0]).toMatchObject({ code: 'POLICY_REQUIRED', depth: 0 })
  })
})
