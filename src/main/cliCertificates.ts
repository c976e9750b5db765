// `wirebench cert inspect | verify | fetch | new`: the Certificates tab on the command line.
import { existsSync, readFileSync } from 'node:fs'
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { WirebenchError } from '../shared/errors'
import { splitHostPort } from '../shared/contract'
import type { CertificateInfo, ChainLink, OpenedItem, VerifyResult } from '../shared/x509/types'
import { keyAlgorithms } from '../shared/contract/certificates'
import {
  createCsr,
  createPki,
  createSelfSigned,
  encryptPrivateKey,
  fetchServerChain,
  generateKeyPair,
  openFile,
  verifyChain,
  writePrivateKey
} from './x509'
import type { KeyAlgorithm } from '../shared/x509/types'

export interface CertCommandContext {
  json: boolean
  values: Record<string, string | boolean | string[] | undefined>
  print(text: string): void
  warn(text: string): void
}

function invalid(message: string): never {
  throw new WirebenchError('INVALID_INPUT', message)
}

function readInput(path: string): Uint8Array {
  try {
    return new Uint8Array(readFileSync(path))
  } catch (err) {
    invalid(`cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`)
  }
}

function list(value: unknown): string[] {
  if (value === undefined) return []
  return (Array.isArray(value) ? value : [value]).map(String)
}

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

function describeItem(item: OpenedItem): string[] {
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

export function commandCertInspect(files: string[], ctx: CertCommandContext): number {
  if (files.length === 0) invalid('give one or more files: wirebench cert inspect FILE...')
  const password = ctx.values.password as string | undefined
  const results = files.map((file) => ({ file, ...openFile(readInput(file), { name: file, password }) }))
  if (ctx.json) {
    ctx.print(JSON.stringify(results.length === 1 ? results[0] : results, null, 2))
  } else {
    for (const r of results) {
      ctx.print(`${r.file}: ${r.format.toUpperCase()}, ${r.items.length} item${r.items.length === 1 ? '' : 's'}${r.status === 'needsPassword' ? ' — needs a password (--password)' : ''}`)
      for (const w of r.warnings) ctx.warn(`  warning: ${w}`)
      for (const item of r.items) for (const line of describeItem(item)) ctx.print(line)
    }
  }
  return results.some((r) => r.status === 'needsPassword' || r.items.some((i) => i.kind === 'error')) ? 1 : 0
}

function printChain(result: VerifyResult, ctx: CertCommandContext): void {
  ctx.print(result.valid ? `VALID for ${result.purpose}${result.host ? ` ${result.host}` : ''}${result.ip ? ` ${result.ip}` : ''} at ${result.at}` : 'NOT VALID')
  result.chain.forEach((link: ChainLink, depth) => {
    ctx.print(`  ${depth}: ${link.subject} [${link.source}${link.trustAnchor ? ', trust anchor' : ''}] ${link.status}`)
    for (const e of link.errors) ctx.print(`       ${e.code}: ${e.message}`)
  })
  for (const e of result.errors) ctx.print(`  ${e.code}: ${e.message}`)
  for (const w of result.warnings) ctx.warn(`  warning ${w.code}: ${w.message}`)
}

export function commandCertVerify(positionals: string[], ctx: CertCommandContext): number {
  const [leaf] = positionals
  if (!leaf) invalid('give the leaf certificate: wirebench cert verify LEAF [--intermediates FILE] [--roots FILE]')
  const v = ctx.values
  if (v.host && v.ip) invalid('give --host or --ip, not both')
  const purpose = (v.purpose as string | undefined) ?? 'server'
  if (purpose !== 'server' && purpose !== 'client') invalid('--purpose is server or client')
  const at = v.at as string | undefined
  if (at !== undefined && Number.isNaN(Date.parse(at))) invalid(`--at takes an ISO time such as 2026-01-31T12:00:00Z, not "${at}"`)
  const result = verifyChain({
    leaf: readInput(leaf),
    intermediates: list(v.intermediates).map(readInput),
    roots: list(v.roots).map(readInput),
    useMozillaRoots: !v['no-mozilla'],
    useSystemRoots: Boolean(v.system),
    at,
    host: (v.host as string | undefined) ?? (v.ip as string | undefined),
    purpose
  })
  if (ctx.json) ctx.print(JSON.stringify(result, null, 2))
  else printChain(result, ctx)
  return result.valid ? 0 : 1
}

export async function commandCertFetch(positionals: string[], ctx: CertCommandContext): Promise<number> {
  const target = positionals[0]
  const hp = target ? (splitHostPort(target) ?? { host: target, port: 443 }) : invalid('give HOST:PORT, e.g. wirebench cert fetch example.com:443')
  const result = await fetchServerChain({ host: hp.host, port: hp.port, sni: ctx.values.sni as string | undefined, timeoutMs: 10_000 })
  if (ctx.json) {
    ctx.print(JSON.stringify(result, null, 2))
  } else {
    ctx.print(`${result.host}:${result.port} (${result.protocol}, ${result.cipher}) sent ${result.sent.length} certificate${result.sent.length === 1 ? '' : 's'}:`)
    result.sent.forEach((c, i) => ctx.print(`  [${i}] ${c.subject.text}  ← issued by ${c.issuer.text}`))
    for (const f of result.findings) ctx.print(`  ${f.code}: ${f.message}`)
    for (const url of result.missingIssuerUrls) ctx.print(`  missing intermediate available at ${url}`)
    printChain(result.verdict, ctx)
  }
  return result.verdict.valid ? 0 : 1
}

async function writeNew(path: string, text: string): Promise<void> {
  if (existsSync(path)) invalid(`${path} already exists; Wirebench does not overwrite files`)
  await writeFile(path, text, { mode: 0o644, flag: 'wx' })
}

export async function commandCertNew(positionals: string[], ctx: CertCommandContext): Promise<number> {
  const [what] = positionals
  const v = ctx.values
  const kinds = ['self-signed', 'pki', 'csr', 'key']
  if (!what || !kinds.includes(what)) invalid(`wirebench cert new ${kinds.join('|')} [--subject DN] [--names a,b] [--days N] [--key ALG] [--out DIR] (--passphrase P | --unencrypted-key)`)
  const key = ((v.key as string | undefined) ?? 'p256') as KeyAlgorithm
  if (!keyAlgorithms.includes(key)) invalid(`--key is one of ${keyAlgorithms.join(', ')}`)
  const subject = (v.subject as string | undefined) ?? 'CN=localhost'
  const names = list(v.names).flatMap((n) => n.split(',')).map((n) => n.trim()).filter(Boolean)
  const days = v.days === undefined ? undefined : Number(v.days)
  if (days !== undefined && (!Number.isInteger(days) || days < 1 || days > 36500)) invalid('--days takes a whole number from 1 to 36500')
  const passphrase = (v.passphrase as string | undefined) ?? process.env.WIREBENCH_KEY_PASSPHRASE
  if (!passphrase && !v['unencrypted-key']) invalid('private keys are written encrypted: give --passphrase P (or WIREBENCH_KEY_PASSPHRASE), or --unencrypted-key to write a plain one knowingly')
  if (passphrase !== undefined && passphrase.length < 4) invalid('use a passphrase of at least 4 characters')
  const out = (v.out as string | undefined) ?? '.'
  await mkdir(out, { recursive: true })
  const written: { file: string; what: string }[] = []
  const saveKey = async (name: string, pem: string) => {
    const path = join(out, `${name}.key.pem`)
    if (existsSync(path)) invalid(`${path} already exists; Wirebench does not overwrite files`)
    await writePrivateKey(path, passphrase ? encryptPrivateKey(pem, passphrase) : pem)
    written.push({ file: path, what: `private key (${passphrase ? 'encrypted PKCS#8, AES-256-CBC' : 'UNENCRYPTED'}), mode 0600` })
  }
  const saveCert = async (name: string, pem: string, what: string) => {
    const path = join(out, `${name}.crt.pem`)
    await writeNew(path, pem)
    written.push({ file: path, what })
  }
  const leafNames = names.length ? names : subject.match(/CN=([^,]+)/)?.[1] ? [subject.match(/CN=([^,]+)/)![1]!.trim()] : []
  if (what === 'key') {
    const k = await generateKeyPair(key)
    await saveKey(key, k.privateKeyPem)
  } else if (what === 'self-signed') {
    const r = await createSelfSigned({ subject, names: leafNames, days, preset: (v.preset as 'server' | 'client' | undefined) ?? 'server', key })
    await saveCert('cert', r.certPem, `self-signed certificate ${r.certificate.subject.text}`)
    await saveKey('cert', r.keyPem!)
  } else if (what === 'pki') {
    const r = await createPki({ keyAlgorithm: key, leaf: { subject, names: leafNames, days, preset: 'server' } })
    await saveCert('root-ca', r.root.certPem, 'root CA certificate (trust this one)')
    await saveKey('root-ca', r.root.keyPem!)
    await saveCert('intermediate-ca', r.intermediate.certPem, 'intermediate CA certificate')
    await saveKey('intermediate-ca', r.intermediate.keyPem!)
    await saveCert('leaf', r.leaf.certPem, `leaf certificate ${r.leaf.certificate.subject.text}`)
    await saveKey('leaf', r.leaf.keyPem!)
    await writeNew(join(out, 'chain.pem'), r.chainPem)
    written.push({ file: join(out, 'chain.pem'), what: 'leaf + intermediate, as a server sends them' })
  } else {
    const r = await createCsr({ subject, names: leafNames, key })
    const path = join(out, 'request.csr.pem')
    await writeNew(path, r.csrPem)
    written.push({ file: path, what: `certificate signing request ${r.csr.subject.text}` })
    await saveKey('request', r.keyPem!)
  }
  if (!passphrase) ctx.warn('WARNING: the private key was written without encryption (--unencrypted-key); anyone who can read the file can use it.')
  if (ctx.json) ctx.print(JSON.stringify({ written }, null, 2))
  else for (const w of written) ctx.print(`${w.file}  ${w.what}`)
  return 0
}
