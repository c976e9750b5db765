// processPolicies follows RFC 9618's policy graph; RFC 9618 §3 says it is equivalent to RFC 5280 §6.1's tree. This
// test holds it to that: a literal, tree-building transcription of RFC 5280 §6.1.2–§6.1.5 runs beside it on random
// chains (certificates made here with random policies, mappings and constraints), and verdicts, trees and
// user-constrained sets must agree.
import { beforeAll, describe, expect, it } from 'vitest'
import { oid, seq, int, tlv } from '../../shared/x509/der'
import { OID } from '../../shared/x509/oids'
import { type ParsedCertificate, isSelfIssued } from './certificate'
import { createCertificate, generateKeyPair } from './issue'
import { readCertificates } from './open'
import { type PolicyOptions, processPolicies } from './policy'
import type { PolicyNode } from './types'

const ANY = OID.anyPolicy
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex')
const small = (tag: number, n: number): Uint8Array => tlv(tag, int(n).subarray(2))

// ---- RFC 5280 §6.1, as written (a tree, exponential in the worst case; fine for these small chains) -------------

interface TNode {
  policy: string
  expected: Set<string>
  children: TNode[]
  parent: TNode | null
  depth: number
}

interface Ext {
  policies: string[] | null
  mappings: [string, string][]
  requireExplicit?: number
  inhibitMapping?: number
  inhibitAny?: number
}

function atDepth(root: TNode | null, d: number): TNode[] {
  if (!root) return []
  if (root.depth === d) return [root]
  return root.children.flatMap((c) => atDepth(c, d))
}

/** Deletes childless nodes above depth `d`, repeatedly; returns the root or null. */
function prune(root: TNode | null, d: number): TNode | null {
  if (!root) return null
  const walk = (n: TNode): boolean => {
    n.children = n.children.filter(walk)
    return n.depth >= d || n.children.length > 0
  }
  return walk(root) ? root : null
}

function reference(exts: Ext[], selfIssued: boolean[], o: Required<Omit<PolicyOptions, 'maxNodes'>>): { valid: boolean; tree: TNode | null; userSet: string[] } {
  const n = exts.length
  let explicit = o.initialExplicitPolicy ? 0 : n + 1
  let mapping = o.initialPolicyMappingInhibit ? 0 : n + 1
  let inhibitAny = o.initialAnyPolicyInhibit ? 0 : n + 1
  let tree: TNode | null = { policy: ANY, expected: new Set([ANY]), children: [], parent: null, depth: 0 }
  const child = (parent: TNode, policy: string, expected: Iterable<string>): void => {
    parent.children.push({ policy, expected: new Set(expected), children: [], parent, depth: parent.depth + 1 })
  }
  for (let i = 1; i <= n; i++) {
    const e = exts[i - 1] as Ext
    if (tree && e.policies) {
      const prev = atDepth(tree, i - 1)
      for (const p of e.policies.filter((x) => x !== ANY)) {
        const matches = prev.filter((nd) => nd.expected.has(p))
        for (const m of matches) child(m, p, [p])
        const anyNode = prev.find((nd) => nd.policy === ANY)
        if (!matches.length && anyNode) child(anyNode, p, [p])
      }
      if (e.policies.includes(ANY) && (inhibitAny > 0 || (i < n && selfIssued[i - 1]))) {
        for (const nd of prev) for (const v of nd.expected) if (!nd.children.some((c) => c.policy === v)) child(nd, v, [v])
      }
      tree = prune(tree, i)
    } else tree = null
    if (explicit === 0 && !tree) return { valid: false, tree: null, userSet: [] }
    if (i === n) break
    const byIssuer = new Map<string, string[]>()
    for (const [a, b] of e.mappings) byIssuer.set(a, [...(byIssuer.get(a) ?? []), b])
    for (const [idp, subjects] of byIssuer) {
      const nodes = atDepth(tree, i).filter((nd) => nd.policy === idp)
      if (mapping > 0) {
        for (const nd of nodes) nd.expected = new Set(subjects)
        const anyNode = atDepth(tree, i).find((nd) => nd.policy === ANY)
        if (!nodes.length && anyNode?.parent) child(anyNode.parent, idp, subjects)
      } else {
        for (const nd of nodes) nd.parent?.children.splice(nd.parent.children.indexOf(nd), 1)
        tree = prune(tree, i)
      }
    }
    if (!selfIssued[i - 1]) {
      if (explicit) explicit--
      if (mapping) mapping--
      if (inhibitAny) inhibitAny--
    }
    if (e.requireExplicit !== undefined && e.requireExplicit < explicit) explicit = e.requireExplicit
    if (e.inhibitMapping !== undefined && e.inhibitMapping < mapping) mapping = e.inhibitMapping
    if (e.inhibitAny !== undefined && e.inhibitAny < inhibitAny) inhibitAny = e.inhibitAny
  }
  if (explicit) explicit--
  if (exts[n - 1]?.requireExplicit === 0) explicit = 0
  const fullTree = tree ? clone(tree) : null
  // §6.1.5 (g)
  if (tree && !o.initialPolicySet.includes(ANY)) {
    const all = (nd: TNode): TNode[] => [nd, ...nd.children.flatMap(all)]
    const nodeSet = all(tree).filter((nd) => nd.parent?.policy === ANY)
    for (const nd of nodeSet) if (!o.initialPolicySet.includes(nd.policy) && nd.policy !== ANY) nd.parent?.children.splice(nd.parent.children.indexOf(nd), 1)
    const anyLeaf = atDepth(tree, n).find((nd) => nd.policy === ANY)
    if (anyLeaf?.parent) {
      for (const p of o.initialPolicySet) if (!nodeSet.some((nd) => nd.policy === p)) child(anyLeaf.parent, p, [p])
      anyLeaf.parent.children.splice(anyLeaf.parent.children.indexOf(anyLeaf), 1)
    }
    tree = prune(tree, n)
  }
  const all = (nd: TNode | null): TNode[] => (nd ? [nd, ...nd.children.flatMap(all)] : [])
  const userSet = new Set(all(tree).filter((nd) => nd.parent?.policy === ANY && nd.policy !== ANY).map((nd) => nd.policy))
  if (atDepth(tree, n).some((nd) => nd.policy === ANY)) userSet.add(ANY)
  return { valid: explicit > 0 || tree !== null, tree: fullTree, userSet: [...userSet].sort() }
}

function clone(n: TNode): TNode {
  return { ...n, expected: new Set(n.expected), children: n.children.map(clone) }
}

/** A tree as sorted text, so two trees with the same nodes in another order compare equal. */
function canon(n: { validPolicy?: string; policy?: string; expected?: Set<string>; expectedPolicySet?: string[]; children: unknown[] } | null): string {
  if (!n) return 'NULL'
  const policy = n.validPolicy ?? n.policy
  const expected = [...(n.expectedPolicySet ?? n.expected ?? [])].sort().join(',')
  const kids = (n.children as (typeof n)[]).map(canon).sort().join('')
  return `(${policy}{${expected}}${kids})`
}

// ---- random chains, made as real certificates --------------------------------------------------------------

function rng(seed: number): () => number {
  let s = seed >>> 0
  return () => {
    s = (s + 0x6d2b79f5) >>> 0
    let t = s
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const UNIVERSE = ['1.2.3.1', '1.2.3.2', '1.2.3.3', '1.2.3.4']

function randomExt(r: () => number, leaf: boolean): Ext {
  const pick = (): string[] => UNIVERSE.filter(() => r() < 0.4)
  const e: Ext = { policies: null, mappings: [] }
  if (r() < 0.85) e.policies = [...pick(), ...(r() < (leaf ? 0.15 : 0.35) ? [ANY] : [])]
  if (e.policies?.length === 0) e.policies = [UNIVERSE[Math.floor(r() * 4)] as string]
  if (leaf) {
    if (r() < 0.1) e.requireExplicit = 0
    return e
  }
  if (r() < 0.35) {
    const seen = new Set<string>()
    for (let k = 1 + Math.floor(r() * 3); k > 0; k--) {
      const pair: [string, string] = [UNIVERSE[Math.floor(r() * 4)] as string, UNIVERSE[Math.floor(r() * 4)] as string]
      if (!seen.has(pair.join())) e.mappings.push(pair)
      seen.add(pair.join())
    }
  }
  if (r() < 0.3) {
    if (r() < 0.7) e.requireExplicit = Math.floor(r() * 3)
    if (e.requireExplicit === undefined || r() < 0.4) e.inhibitMapping = Math.floor(r() * 3)
  }
  if (r() < 0.25) e.inhibitAny = Math.floor(r() * 3)
  return e
}

function extensions(e: Ext): { oid: string; critical: boolean; valueHex: string }[] {
  const out = []
  if (e.policies) out.push({ oid: OID.certificatePolicies, critical: false, valueHex: hex(seq(...e.policies.map((p) => seq(oid(p))))) })
  if (e.mappings.length) out.push({ oid: OID.policyMappings, critical: true, valueHex: hex(seq(...e.mappings.map(([a, b]) => seq(oid(a), oid(b))))) })
  if (e.requireExplicit !== undefined || e.inhibitMapping !== undefined) {
    const parts = [...(e.requireExplicit !== undefined ? [small(0x80, e.requireExplicit)] : []), ...(e.inhibitMapping !== undefined ? [small(0x81, e.inhibitMapping)] : [])]
    out.push({ oid: OID.policyConstraints, critical: true, valueHex: hex(seq(...parts)) })
  }
  if (e.inhibitAny !== undefined) out.push({ oid: OID.inhibitAnyPolicy, critical: true, valueHex: hex(int(e.inhibitAny)) })
  return out
}

let keyPem = ''
let root = { certPem: '', keyPem: '' }

beforeAll(async () => {
  keyPem = (await generateKeyPair('p256')).privateKeyPem
  root = { certPem: (await createCertificate({ subject: 'CN=Reference Root', preset: 'rootCA', key: { privateKeyPem: keyPem } })).certPem, keyPem }
})

async function buildChain(exts: Ext[], r: () => number): Promise<ParsedCertificate[]> {
  let issuer = root
  let issuerCn = 'Reference Root'
  const out: ParsedCertificate[] = []
  for (const [i, e] of exts.entries()) {
    const leaf = i === exts.length - 1
    // Now and then a CA is self-issued (same name as its issuer: a key rollover certificate, RFC 5280 §6.1).
    const cn = !leaf && i > 0 && r() < 0.2 ? issuerCn : `Reference ${leaf ? 'Leaf' : 'CA'} ${i + 1}`
    const c = await createCertificate({ subject: `CN=${cn}`, preset: leaf ? 'server' : 'intermediateCA', key: { privateKeyPem: keyPem }, issuer, extraExtensions: extensions(e) })
    out.push(readCertificates(c.certPem)[0] as ParsedCertificate)
    issuer = { certPem: c.certPem, keyPem }
    issuerCn = cn
  }
  return out
}

describe('processPolicies agrees with a literal RFC 5280 §6.1 tree on random chains', () => {
  it('gives the same verdict, tree and user-constrained policy set on 150 chains', async () => {
    const r = rng(5280)
    let valid = 0
    for (let run = 0; run < 150; run++) {
      const n = 1 + Math.floor(r() * 4)
      const exts = Array.from({ length: n }, (_, i) => randomExt(r, i === n - 1))
      const path = await buildChain(exts, r)
      const opts = {
        initialPolicySet: r() < 0.6 ? [ANY] : UNIVERSE.filter(() => r() < 0.5).concat(['1.2.3.9']),
        initialExplicitPolicy: r() < 0.3,
        initialPolicyMappingInhibit: r() < 0.15,
        initialAnyPolicyInhibit: r() < 0.15
      }
      const want = reference(exts, path.map(isSelfIssued), opts)
      const got = processPolicies(path, opts)
      const label = JSON.stringify({ run, exts, opts })
      expect(got.issues.every((i) => i.code === 'POLICY_REQUIRED'), label).toBe(true)
      expect(got.issues.length === 0, label).toBe(want.valid)
      if (!want.valid) continue
      valid++
      expect(canon(got.result.tree as PolicyNode | null), label).toBe(canon(want.tree))
      expect([...got.result.userConstrainedPolicySet].sort(), label).toEqual(want.userSet)
    }
    // The generator must exercise both outcomes, or the comparison proves little.
    expect(valid).toBeGreaterThan(30)
    expect(valid).toBeLessThan(140)
  })
})
