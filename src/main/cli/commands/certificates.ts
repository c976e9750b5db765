// `wirebench cert inspect | verify | fetch | new`: the Certificates tab on the command line. inspect, verify and
// fetch go through the router (the contract's schemas, the same worker budgets as the app); new validates its
// request with the contract's generate schema and writes files itself, because files are what it makes.
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { splitHostPort } from '../../../shared/contract'
import { generateInput } from '../../../shared/contract/certificates'
import { WirebenchError } from '../../../shared/errors'
import { describeIssues } from '../../host/router'
import { bindCertificates } from '../../host/bindings/certificates'
import { createCsr, createPki, createSelfSigned, encryptPrivateKey, generateKeyPair, writePrivateKey } from '../../x509'
import { caller, list, output, parse, readBytesFile, type Output } from '../kit'
import { describeItem, printChain } from '../print-certificates'
import { readSecret, secretOptions } from '../secrets'

function invalid(message: string): never {
  throw new WirebenchError('INVALID_INPUT', message)
}

async function withCertificates<T>(work: (call: ReturnType<typeof caller>) => Promise<T>): Promise<T> {
  const binding = bindCertificates()
  try {
    return await work(caller(binding.handlers))
  } finally {
    await binding.dispose?.()
  }
}

/** How many items a file holds when the engine stopped early: PEM blocks can be counted cheaply, DER cannot. */
function countPemBlocks(bytes: Uint8Array): number | null {
  const text = Buffer.from(bytes).toString('latin1')
  const count = text.match(/-----BEGIN [A-Z0-9 #_.-]{1,64}-----/g)?.length ?? 0
  return count > 0 ? count : null
}

export async function inspect(argv: string[]): Promise<number> {
  const { values, positionals: files } = parse(argv, secretOptions('password'))
  const out = output(Boolean(values.json))
  if (files.length === 0) invalid('give one or more files: wirebench cert inspect FILE...')
  const password = await readSecret(values, { flag: 'password', env: ['WIREBENCH_PASSWORD'], prompt: 'Password' }, out, false)
  const results = await withCertificates(async (call) => {
    const opened = []
    for (const file of files) {
      const bytes = readBytesFile(file)
      const { keyIds: _vaultIds, ...result } = await call('x509.open', { name: file, data: Buffer.from(bytes).toString('base64'), password })
      const truncated = result.truncated ? { shown: result.items.length, total: countPemBlocks(bytes) } : false
      if (truncated) {
        out.warn(`wirebench: ${file} holds ${truncated.total ?? 'more than'} ${truncated.total === null ? `${truncated.shown} ` : ''}items; only the first ${truncated.shown} are shown`)
      }
      opened.push({ file, ...result, truncated })
    }
    return opened
  })
  if (out.json) {
    out.print(JSON.stringify(results.length === 1 ? results[0] : results, null, 2))
  } else {
    for (const r of results) {
      out.print(`${r.file}: ${r.format.toUpperCase()}, ${r.items.length} item${r.items.length === 1 ? '' : 's'}${r.status === 'needsPassword' ? ' — needs a password (--password-file FILE or WIREBENCH_PASSWORD)' : ''}`)
      for (const w of r.warnings) out.warn(`  warning: ${w}`)
      for (const item of r.items) for (const line of describeItem(item)) out.print(line)
    }
  }
  return results.some((r) => r.status === 'needsPassword' || r.items.some((i) => i.kind === 'error')) ? 1 : 0
}

export async function verify(argv: string[]): Promise<number> {
  const { values: v, positionals } = parse(argv, {
    intermediates: { type: 'string', multiple: true },
    roots: { type: 'string', multiple: true },
    at: { type: 'string' },
    host: { type: 'string' },
    ip: { type: 'string' },
    purpose: { type: 'string' },
    'no-mozilla': { type: 'boolean' },
    system: { type: 'boolean' },
    crl: { type: 'string', multiple: true },
    revocation: { type: 'string' },
    offline: { type: 'boolean' },
    'revocation-timeout': { type: 'string' },
    'max-depth': { type: 'string' },
    'key-usage': { type: 'string' },
    'legacy-cn': { type: 'boolean' },
    'allow-ed25519': { type: 'boolean' }
  })
  const out = output(Boolean(v.json))
  const [leaf] = positionals
  if (!leaf) invalid('give the leaf certificate: wirebench cert verify LEAF [--intermediates FILE] [--roots FILE]')
  if (v.host && v.ip) invalid('give --host or --ip, not both')
  const revocation = (v.revocation as string | undefined) ?? 'soft'
  if (!['off', 'soft', 'hard'].includes(revocation)) invalid('--revocation is off, soft (unknown is a warning) or hard (unknown is an error)')
  const timeoutText = v['revocation-timeout'] as string | undefined
  const maxDepthText = v['max-depth'] as string | undefined
  const maxDepth = maxDepthText === undefined ? undefined : /^\d{1,3}$/.test(maxDepthText) && Number(maxDepthText) <= 255 ? Number(maxDepthText) : invalid('--max-depth is the number of intermediate CAs allowed, 0 to 255')
  const KU = ['digitalSignature', 'nonRepudiation', 'keyEncipherment', 'dataEncipherment', 'keyAgreement', 'keyCertSign', 'cRLSign', 'encipherOnly', 'decipherOnly'] as const
  const keyUsage = ((v['key-usage'] as string | undefined) ?? '').split(',').map((k) => k.trim()).filter(Boolean)
  for (const k of keyUsage) if (!(KU as readonly string[]).includes(k)) invalid(`--key-usage: "${k}" is not a key usage; use ${KU.join(', ')}`)
  // The engine reads PEM or DER from the same text field: latin1 keeps every byte of a DER file as it is.
  const text = (path: string) => Buffer.from(readBytesFile(path)).toString('latin1')
  const result = await withCertificates((call) =>
    call('x509.verify', {
      leafPem: text(leaf),
      intermediatesPem: list(v.intermediates).map(text),
      rootsPem: list(v.roots).map(text),
      useMozillaRoots: !v['no-mozilla'],
      useSystemRoots: Boolean(v.system),
      at: v.at as string | undefined,
      host: (v.host as string | undefined) ?? (v.ip as string | undefined),
      purpose: ((v.purpose as string | undefined) ?? 'server') as 'server',
      ...(maxDepth !== undefined ? { maxDepth } : {}),
      keyUsage: keyUsage as (typeof KU)[number][],
      legacyCommonName: Boolean(v['legacy-cn']),
      allowEd25519: Boolean(v['allow-ed25519']),
      crlPem: list(v.crl).map((f) => {
        const t = text(f)
        if (t.length > 20 * 1024 * 1024) invalid(`--crl ${f}: ${(t.length / 1048576).toFixed(1)} MiB; a CRL file is at most 20 MiB`)
        return t
      }),
      revocation: revocation as 'soft',
      revocationOnline: !v.offline,
      ...(timeoutText !== undefined ? { revocationTimeoutMs: /^\d{3,5}$/.test(timeoutText) && Number(timeoutText) <= 60_000 ? Number(timeoutText) : invalid('--revocation-timeout is in milliseconds, 100 to 60000') } : {})
    })
  )
  if (out.json) out.print(JSON.stringify(result, null, 2))
  else printChain(result, out)
  return result.valid ? 0 : 1
}

export async function fetch(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, {
    sni: { type: 'string' },
    roots: { type: 'string', multiple: true },
    'no-mozilla': { type: 'boolean' },
    system: { type: 'boolean' },
    revocation: { type: 'string' },
    offline: { type: 'boolean' }
  })
  const out = output(Boolean(values.json))
  const target = positionals[0]
  const hp = target ? (splitHostPort(target) ?? { host: target, port: 443 }) : invalid('give HOST:PORT, e.g. wirebench cert fetch example.com:443')
  const revocation = (values.revocation as string | undefined) ?? 'soft'
  if (!['off', 'soft', 'hard'].includes(revocation)) invalid('--revocation is off, soft (unknown is a warning) or hard (unknown is an error)')
  // the same trust options as cert verify: a lab's root given with --roots makes its chain valid
  const text = (path: string) => Buffer.from(readBytesFile(path)).toString('latin1')
  const result = await withCertificates((call) =>
    call('x509.fetchChain', {
      host: hp.host,
      port: hp.port,
      sni: values.sni as string | undefined,
      timeoutMs: 10_000,
      rootsPem: list(values.roots).map(text),
      useMozillaRoots: !values['no-mozilla'],
      useSystemRoots: Boolean(values.system),
      revocation: revocation as 'soft',
      revocationOnline: !values.offline
    })
  )
  if (out.json) {
    out.print(JSON.stringify(result, null, 2))
  } else {
    out.print(`${result.host}:${result.port} (${result.protocol}, ${result.cipher}) sent ${result.sent.length} certificate${result.sent.length === 1 ? '' : 's'}:`)
    result.sent.forEach((c, i) => out.print(`  [${i}] ${c.subject.text}  ← issued by ${c.issuer.text}`))
    for (const f of result.findings) out.print(`  ${f.severity} ${f.code}: ${f.message}`)
    for (const url of result.missingIssuerUrls) out.print(`  missing intermediate available at ${url}`)
    out.print(result.stapled ? `  OCSP staple: ${result.staple?.status ?? 'not judged'} — ${result.staple?.message ?? ''}` : '  OCSP staple: none (the server did not staple a response)')
    printChain(result.verdict, out)
  }
  return result.verdict.valid ? 0 : 1
}

const KINDS = { 'self-signed': 'selfSigned', pki: 'pki', csr: 'csr', key: 'key' } as const

export async function create(argv: string[]): Promise<number> {
  const { values: v, positionals } = parse(argv, {
    subject: { type: 'string' },
    names: { type: 'string', multiple: true },
    days: { type: 'string' },
    key: { type: 'string' },
    preset: { type: 'string' },
    out: { type: 'string' },
    ...secretOptions('passphrase'),
    'unencrypted-key': { type: 'boolean' }
  })
  const out = output(Boolean(v.json))
  const [what] = positionals
  if (!what || !(what in KINDS)) invalid(`wirebench cert new ${Object.keys(KINDS).join('|')} [--subject DN] [--names a,b] [--days N] [--key ALG] [--out DIR] (--passphrase-file F | --unencrypted-key)`)
  const subject = (v.subject as string | undefined) ?? 'CN=localhost'
  const names = list(v.names).flatMap((n) => n.split(',')).map((n) => n.trim()).filter(Boolean)
  const cn = /CN=([^,]+)/.exec(subject)?.[1]?.trim()
  const days = v.days === undefined ? undefined : Number(v.days)
  const request = {
    kind: KINDS[what as keyof typeof KINDS],
    subject,
    names: names.length ? names : cn ? [cn] : [],
    days,
    preset: v.preset as string | undefined,
    keyAlgorithm: (v.key as string | undefined) ?? 'p256'
  }
  // The contract's schema judges the request: the same limits and words as the Certificates tab.
  const fields: Record<string, readonly string[]> = { key: ['kind', 'keyAlgorithm'], csr: ['kind', 'subject', 'names', 'keyAlgorithm'], pki: ['kind', 'subject', 'names', 'days', 'keyAlgorithm'] }
  const chosen = fields[request.kind] ?? Object.keys(request)
  const parsed = generateInput.safeParse(Object.fromEntries(Object.entries(request).filter(([k, value]) => chosen.includes(k) && value !== undefined)))
  if (!parsed.success) invalid(describeIssues(parsed.error))
  const passphrase = await readSecret(v, { flag: 'passphrase', env: ['WIREBENCH_PASSPHRASE', 'WIREBENCH_KEY_PASSPHRASE'], prompt: 'Passphrase for the new private key' }, out, !v['unencrypted-key'])
  if (!passphrase && !v['unencrypted-key']) invalid('private keys are written encrypted: give --passphrase-file FILE (or WIREBENCH_PASSPHRASE, or type it when asked), or --unencrypted-key to write a plain one knowingly')
  if (passphrase !== undefined && passphrase.length < 4) invalid('use a passphrase of at least 4 characters')
  return writeArtifacts(parsed.data, v.out as string | undefined, passphrase, out)
}

async function writeArtifacts(request: ReturnType<typeof generateInput.parse>, dir = '.', passphrase: string | undefined, out: Output): Promise<number> {
  await mkdir(dir, { recursive: true })
  const written: { file: string; what: string }[] = []
  const saveKey = async (name: string, pem: string) => {
    const path = join(dir, `${name}.key.pem`)
    await writePrivateKey(path, passphrase ? encryptPrivateKey(pem, passphrase) : pem)
    written.push({ file: path, what: `private key (${passphrase ? 'encrypted PKCS#8, AES-256-CBC' : 'UNENCRYPTED'}), mode 0600` })
  }
  const saveFile = async (file: string, pem: string, what: string) => {
    const path = join(dir, file)
    // 'wx': never overwrite, never follow a link planted at the path.
    await writeFile(path, pem, { mode: 0o644, flag: 'wx' }).catch((err: NodeJS.ErrnoException) => {
      throw err.code === 'EEXIST' ? new WirebenchError('INVALID_INPUT', `${path} already exists; Wirebench does not overwrite files`) : err
    })
    written.push({ file: path, what })
  }
  if (request.kind === 'key') {
    const k = await generateKeyPair(request.keyAlgorithm)
    await saveKey(request.keyAlgorithm, k.privateKeyPem)
  } else if (request.kind === 'selfSigned') {
    const r = await createSelfSigned({ subject: request.subject, names: request.names, days: request.days, preset: request.preset, key: request.keyAlgorithm })
    await saveFile('cert.crt.pem', r.certPem, `self-signed certificate ${r.certificate.subject.text}`)
    await saveKey('cert', r.keyPem!)
  } else if (request.kind === 'pki') {
    const r = await createPki({ keyAlgorithm: request.keyAlgorithm, leaf: { subject: request.subject, names: request.names, days: request.days, preset: 'server' } })
    await saveFile('root-ca.crt.pem', r.root.certPem, 'root CA certificate (trust this one)')
    await saveKey('root-ca', r.root.keyPem!)
    await saveFile('intermediate-ca.crt.pem', r.intermediate.certPem, 'intermediate CA certificate')
    await saveKey('intermediate-ca', r.intermediate.keyPem!)
    await saveFile('leaf.crt.pem', r.leaf.certPem, `leaf certificate ${r.leaf.certificate.subject.text}`)
    await saveKey('leaf', r.leaf.keyPem!)
    await saveFile('chain.pem', r.chainPem, 'leaf + intermediate, as a server sends them')
  } else if (request.kind === 'csr') {
    const r = await createCsr({ subject: request.subject, names: request.names, key: request.keyAlgorithm })
    await saveFile('request.csr.pem', r.csrPem, `certificate signing request ${r.csr.subject.text}`)
    await saveKey('request', r.keyPem!)
  }
  if (!passphrase) out.warn('WARNING: the private key was written without encryption (--unencrypted-key); anyone who can read the file can use it.')
  if (out.json) out.print(JSON.stringify({ written }, null, 2))
  else for (const w of written) out.print(`${w.file}  ${w.what}`)
  return 0
}
