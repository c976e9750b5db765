// Human-readable lines for what `wirebench cert` finds: certificates, opened items and chain verdicts.
import type { CertificateInfo, ChainLink, OpenedItem, PolicyNode, VerifyResult } from '../../shared/x509/types'
import type { Output } from './kit'

function describeCert(c: CertificateInfo): string[] {
  const v = c.validity
  const when = v.status === 'expired' ? `expired ${v.daysSinceExpiry} days ago` : v.status === 'notYetValid' ? 'not valid yet' : `expires in ${v.daysUntilExpiry} days`
  return [
    `  Subject      ${c.subject.text}`,
    `  Issuer       ${c.issuer.text}${c.selfSigned ? ' (self-signed)' : ''}`,
    `  Serial       ${c.serial}`,
    `  Valid        ${v.notBefore} to ${v.notAfter} (${when})`,
    `  Key          ${c.publicKey.algorithm}${c.publicKey.bits ? ` ${c.publicKey.bits} bits` : ''}${c.publicKey.curve ? ` ${c.publicKey.curve}` : ''}; SPKI SHA-256 ${c.publicKey.spkiSha256}`,
    `  Signature    ${c.signatureAlgorithm.name}`,
    ...(c.subjectAltNames.length ? [`  SAN          ${c.subjectAltNames.map((n) => `${n.type}:${n.value}`).join(', ')}`] : []),
    `  SHA-256      ${c.fingerprintSha256}`,
    `  Extensions   ${c.extensions.map((e) => `${e.name}${e.critical ? ' (critical)' : ''}`).join(', ') || 'none'}`
  ]
}

export function describeItem(item: OpenedItem): string[] {
  switch (item.kind) {
    case 'certificate':
      return [`#${item.index + 1} certificate${item.certificate.isCA ? ' (CA)' : ''}`, ...describeCert(item.certificate), ...item.lint.map((l) => `  ${l.severity.toUpperCase().padEnd(8)} ${l.message} [${l.source}]`)]
    case 'csr':
      return [`#${item.index + 1} certificate signing request`, `  Subject      ${item.csr.subject.text}`, `  Key          ${item.csr.publicKey.algorithm}`, `  Signature    ${item.csr.signatureValid ? 'valid' : 'INVALID'}`]
    case 'privateKey':
      return [`#${item.index + 1} private key (${item.key.format}${item.key.encrypted ? ', encrypted' : ''})${item.key.publicKey ? `: ${item.key.publicKey.algorithm}, SPKI SHA-256 ${item.key.publicKey.spkiSha256}` : ''} — not shown`]
    case 'publicKey':
      return [`#${item.index + 1} public key: ${item.key.algorithm}, SPKI SHA-256 ${item.key.spkiSha256}`]
    case 'crl':
      return [`#${item.index + 1} CRL from ${item.crl.issuer.text}: ${item.crl.revokedCount} revoked`]
    case 'error':
      return [`#${item.index + 1} unreadable: ${item.error.code}: ${item.error.message}`]
  }
}

export function printChain(result: VerifyResult, out: Output): void {
  out.print(result.valid ? `VALID for ${result.purpose}${result.host ? ` ${result.host}` : ''}${result.ip ? ` ${result.ip}` : ''} at ${result.at}` : 'NOT VALID')
  result.chain.forEach((link: ChainLink, depth) => {
    out.print(`  ${depth}: ${link.subject} [${link.source}${link.trustAnchor ? ', trust anchor' : ''}] ${link.status}`)
    const r = link.revocation
    if (r && r.status !== 'not-checked') {
      const from = r.decidedBy ? ` (from ${r.decidedBy === 'ocsp-staple' ? 'the stapled OCSP response' : r.decidedBy === 'ocsp' ? `OCSP ${r.evidence.find((e) => e.source === 'ocsp')?.url ?? ''}`.trim() : r.decidedBy === 'crl-dp' ? `CRL ${r.evidence.find((e) => e.source === 'crl-dp')?.url ?? ''}`.trim() : 'a CRL file'})` : ''
      out.print(`       revocation: ${r.status === 'revoked' ? `REVOKED${r.reason ? ` (${r.reason})` : ''}${r.revokedAt ? ` since ${r.revokedAt}` : ''}` : r.status}${from}`)
      // an unknown status says why: each piece of evidence that could not be used, in its own words
      if (r.status === 'unknown') for (const e of r.evidence.slice(0, 4)) out.print(`         ${e.source}${e.url ? ` ${e.url}` : ''}: ${e.code}: ${e.message}`)
    }
    for (const e of link.errors) out.print(`       ${e.code}: ${e.message}`)
  })
  for (const e of result.errors) out.print(`  ${e.code}: ${e.message}`)
  for (const w of result.warnings) out.warn(`  warning ${w.code}: ${w.message}`)
  printPolicy(result.policy, out)
}

/** The valid policy tree (RFC 5280 §6.1), indented by depth, and the user-constrained set. */
function printPolicy(policy: VerifyResult['policy'], out: Output): void {
  if (!policy?.tree) return
  out.print('  policy tree (RFC 5280 §6.1):')
  const walk = (n: PolicyNode, indent: number, budget: { left: number }): void => {
    if (budget.left-- <= 0) return
    out.print(`  ${'  '.repeat(indent + 1)}depth ${n.depth}: ${n.validPolicy}${n.qualifiers.length ? ` (${n.qualifiers.join('; ')})` : ''}`)
    for (const c of n.children) walk(c, indent + 1, budget)
  }
  walk(policy.tree, 0, { left: 64 })
  out.print(`  user-constrained policy set: ${policy.userConstrainedPolicySet.join(', ') || 'empty'}`)
}
