// Real TLS servers for the TLS scan's tests and benchmark (issue 14: "against Debian's nginx on loopback in several
// configurations … and openssl s_server variants"). Each one listens on 127.0.0.1 on a free port with a test PKI made
// by the openssl CLI once per process (an ECDSA P-256 CA; an RSA 2048 and an ECDSA P-256 leaf for scan.test and
// 127.0.0.1; an OCSP response for each leaf made by `openssl ocsp -respout`, for nginx's ssl_stapling_file).
// The nginx configurations follow Mozilla's server-side TLS guidelines as bundled (mozilla-profiles.ts, 5.8): the
// suite lists are that data in OpenSSL spelling, never a copy, so the "intermediate" server can comply.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { cipherSuiteByName } from '../../shared/tls/cipher-suites'
import { MOZILLA_PROFILES } from '../../shared/tls/mozilla-profiles'
import { freePort, waitForPort } from './net'
import { NGINX, nginxConfHead, stopper } from './nginx'

export const SCAN_SNI = 'scan.test'

/**
 * A profile's TLS ≤ 1.2 list (IANA names in mozilla-profiles.ts) as an OpenSSL cipher string, in Mozilla's order;
 * a suite OpenSSL 3.0 has no name for (3DES: TLS_RSA_WITH_3DES_EDE_CBC_SHA) is left out, as OpenSSL would drop it.
 */
function opensslList(iana: string[]): string {
  return iana.flatMap((n) => cipherSuiteByName(n)?.openssl ?? []).join(':')
}

/** Mozilla intermediate (guidelines 5.8): ECDHE with AEAD only (5.8 dropped the DHE suites). */
export const MOZILLA_INTERMEDIATE_CIPHERS = opensslList(MOZILLA_PROFILES.intermediate.ciphers)

/**
 * Mozilla old (guidelines 5.8): adds CBC, static RSA and 3DES for TLS 1.0 clients. Debian's OpenSSL 3.0 has no
 * DES-CBC3-SHA (`openssl ciphers 3DES` matches nothing; the registry gives it no OpenSSL name): no server here offers 3DES.
 */
export const MOZILLA_OLD_CIPHERS = opensslList(MOZILLA_PROFILES.old.ciphers)

/** Mozilla's tls_curves that Debian's OpenSSL 3.0 knows (X25519MLKEM768 needs OpenSSL 3.5), for ssl_ecdh_curve. */
export const MOZILLA_CURVES = MOZILLA_PROFILES.intermediate.tls_curves.filter((c) => c !== 'X25519MLKEM768').join(':')

export interface ScanPki {
  dir: string
  caPem: string
  /** Leaf certificate, key and stapled OCSP response (DER file) paths per key type. */
  leaves: Record<'rsa' | 'ecdsa', { cert: string; key: string; ocsp: string }>
  /** RFC 7919 ffdhe2048 (from openssl's named group) and a 1024-bit DSA-style group. */
  dhparam: { 2048: string; 1024: string }
}

function run(cmd: string, args: string[], cwd: string): string {
  const r = spawnSync(cmd, args, { cwd, timeout: 30_000 })
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: ${r.stderr?.toString() ?? r.error}`)
  return r.stdout.toString()
}

let pki: ScanPki | undefined

/** The test PKI, made once per process (a second or two) and removed when the process exits. */
export function scanPki(): ScanPki {
  if (pki && existsSync(pki.dir)) return pki
  const dir = mkdtempSync(join(tmpdir(), 'wirebench-scan-pki-'))
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }))
  run('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '30', '-subj', '/CN=Wirebench scan test CA', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'], dir)
  writeFileSync(join(dir, 'leaf.ext'), `subjectAltName=DNS:${SCAN_SNI},IP:127.0.0.1\nextendedKeyUsage=serverAuth\nkeyUsage=critical,digitalSignature,keyEncipherment\nbasicConstraints=CA:FALSE\nauthorityInfoAccess=OCSP;URI:http://127.0.0.1:9/ocsp\n`)
  writeFileSync(join(dir, 'index.txt'), '')
  // Both leaves share a subject; openssl's CA database refuses that unless told.
  writeFileSync(join(dir, 'index.txt.attr'), 'unique_subject = no\n')
  const leaves = {} as ScanPki['leaves']
  for (const [kind, keyArgs] of [['rsa', ['-newkey', 'rsa:2048']], ['ecdsa', ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256']]] as const) {
    run('openssl', ['req', ...keyArgs, '-nodes', '-keyout', `${kind}.key`, '-out', `${kind}.csr`, '-subj', `/CN=${SCAN_SNI}`], dir)
    run('openssl', ['x509', '-req', '-in', `${kind}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '30', '-sha256', '-out', `${kind}.pem`, '-extfile', 'leaf.ext'], dir)
    // The CA database line openssl ocsp reads: V, expiry (YYMMDDHHMMSSZ), no revocation date, serial, unknown, subject.
    const serial = run('openssl', ['x509', '-in', `${kind}.pem`, '-noout', '-serial'], dir).trim().replace(/^serial=/, '')
    const expiry = new Date(Date.now() + 30 * 86_400_000).toISOString().replace(/[-:T]/g, '').slice(2, 14) + 'Z'
    writeFileSync(join(dir, 'index.txt'), `${readFileSync(join(dir, 'index.txt'), 'utf8')}V\t${expiry}\t\t${serial}\tunknown\t/CN=${SCAN_SNI}\n`)
    run('openssl', ['ocsp', '-issuer', 'ca.pem', '-cert', `${kind}.pem`, '-no_nonce', '-reqout', `${kind}.ocspreq`], dir)
    run('openssl', ['ocsp', '-index', 'index.txt', '-rsigner', 'ca.pem', '-rkey', 'ca.key', '-CA', 'ca.pem', '-reqin', `${kind}.ocspreq`, '-respout', `${kind}.ocsp`, '-ndays', '7'], dir)
    leaves[kind] = { cert: join(dir, `${kind}.pem`), key: join(dir, `${kind}.key`), ocsp: join(dir, `${kind}.ocsp`) }
  }
  run('openssl', ['genpkey', '-genparam', '-algorithm', 'DH', '-pkeyopt', 'group:ffdhe2048', '-out', 'dh2048.pem'], dir)
  // A safe 1024-bit prime takes seconds; DSA-style parameters (-dsaparam) take milliseconds and serve DHE the same.
  run('openssl', ['dhparam', '-dsaparam', '-out', 'dh1024.pem', '1024'], dir)
  pki = { dir, caPem: readFileSync(join(dir, 'ca.pem'), 'utf8'), leaves, dhparam: { 2048: join(dir, 'dh2048.pem'), 1024: join(dir, 'dh1024.pem') } }
  return pki
}

export interface ScanServer {
  host: '127.0.0.1'
  port: number
  sni: string
  /** Trust for the certificate verdict (scanTls's rootsPem). */
  caPem: string
  /** A short label for tables ("nginx old, RSA, DHE 1024"). */
  label: string
  /** The configuration text (nginx.conf) or the s_server command line, for failure messages. */
  config: string
  stop(): Promise<void>
}

export type ScanProfile = 'modern' | 'intermediate' | 'old'

export interface ScanNginxOptions {
  profile: ScanProfile
  /** Certificate key (default: ECDSA for modern, RSA otherwise). */
  key?: 'rsa' | 'ecdsa'
  /** Staple the leaf's OCSP response (ssl_stapling_file). */
  stapling?: boolean
  /** Send Strict-Transport-Security (max-age=63072000; includeSubDomains). */
  hsts?: boolean
  /** DH group size for DHE (default 2048, RFC 7919 ffdhe2048). */
  dhBits?: 2048 | 1024
  /** ssl_prefer_server_ciphers (default: on for old, off otherwise, as Mozilla's profiles say). */
  serverPreference?: boolean
  /** Overrides the profile's ssl_ciphers (OpenSSL syntax). */
  ciphers?: string
  /**
   * A default server (any other name, and an address without SNI) before the scan.test one, with the same TLS but
   * no HSTS: only a request whose Host is scan.test gets the Strict-Transport-Security header.
   */
  hstsOnlyForSni?: boolean
}

function tlsLines(o: ScanNginxOptions, p: ScanPki, hsts = o.hsts): string {
  const key = o.key ?? (o.profile === 'modern' ? 'ecdsa' : 'rsa')
  const pref = o.serverPreference ?? o.profile === 'old'
  const lines = [`ssl_certificate ${p.leaves[key].cert};`, `ssl_certificate_key ${p.leaves[key].key};`, `ssl_prefer_server_ciphers ${pref ? 'on' : 'off'};`, 'ssl_session_timeout 1d;', 'ssl_session_cache shared:WirebenchScan:1m;']
  if (o.profile === 'modern') lines.push('ssl_protocols TLSv1.3;')
  if (o.profile === 'intermediate') lines.push('ssl_protocols TLSv1.2 TLSv1.3;', `ssl_ciphers ${o.ciphers ?? MOZILLA_INTERMEDIATE_CIPHERS};`)
  // OpenSSL 3.0 refuses TLS 1.0/1.1 (SHA-1 handshake signatures) and 3DES at its default security level 1+.
  if (o.profile === 'old') lines.push('ssl_protocols TLSv1 TLSv1.1 TLSv1.2 TLSv1.3;', `ssl_ciphers ${o.ciphers ?? MOZILLA_OLD_CIPHERS}:@SECLEVEL=0;`)
  if (o.profile !== 'modern') lines.push(`ssl_dhparam ${p.dhparam[o.dhBits ?? 2048]};`)
  lines.push(`ssl_ecdh_curve ${MOZILLA_CURVES};`)
  if (o.stapling) lines.push('ssl_stapling on;', `ssl_stapling_file ${p.leaves[key].ocsp};`)
  if (hsts) lines.push('add_header Strict-Transport-Security "max-age=63072000; includeSubDomains" always;')
  return lines.map((l) => `    ${l}`).join('\n')
}

/** A label such as "nginx old, RSA, DHE 1024, server order, OCSP staple, HSTS". */
export function scanNginxLabel(o: ScanNginxOptions): string {
  const key = o.key ?? (o.profile === 'modern' ? 'ecdsa' : 'rsa')
  const parts = [`nginx ${o.profile}`, key.toUpperCase()]
  if (o.profile !== 'modern' && o.dhBits === 1024) parts.push('DHE 1024')
  if (o.serverPreference ?? o.profile === 'old') parts.push('server order')
  if (o.stapling) parts.push('OCSP staple')
  if (o.hsts) parts.push(o.hstsOnlyForSni ? `HSTS for ${SCAN_SNI} only` : 'HSTS')
  return parts.join(', ')
}

async function started(child: ChildProcess, port: number, log: () => string): Promise<void> {
  const exited = new Promise<never>((_, reject) => child.once('exit', (code) => reject(new Error(`server exited (${code}): ${log()}`))))
  exited.catch(() => undefined)
  await Promise.race([waitForPort(port), exited])
}

/** Debian's nginx (1.22, OpenSSL 3.0) in one configuration, one process, its own temp prefix. */
export async function startScanNginx(o: ScanNginxOptions): Promise<ScanServer> {
  const p = scanPki()
  const dir = mkdtempSync(join(tmpdir(), 'wirebench-scan-nginx-'))
  mkdirSync(join(dir, 'www'))
  writeFileSync(join(dir, 'www', 'index.html'), `<p>${scanNginxLabel(o)}</p>\n`)
  const port = await freePort()
  const fallback = o.hstsOnlyForSni
    ? `  server {
    listen 127.0.0.1:${port} ssl http2 default_server;
    server_name _;
    root ${dir}/www;
${tlsLines(o, p, false)}
  }
`
    : ''
  const conf = `${nginxConfHead(dir, 512)}  types { text/html html; }
${fallback}  server {
    listen 127.0.0.1:${port} ssl http2${o.hstsOnlyForSni ? '' : ' default_server'};
    server_name ${SCAN_SNI};
    root ${dir}/www;
${tlsLines(o, p)}
  }
}
`
  writeFileSync(join(dir, 'nginx.conf'), conf)
  const log = join(dir, 'error.log')
  const child = spawn(NGINX, ['-p', dir, '-c', join(dir, 'nginx.conf'), '-e', log], { stdio: 'ignore' })
  const stop = stopper(child, dir)
  try {
    await started(child, port, () => (existsSync(log) ? readFileSync(log, 'utf8') : ''))
  } catch (e) {
    await stop()
    throw e
  }
  return { host: '127.0.0.1', port, sni: SCAN_SNI, caPem: p.caPem, label: scanNginxLabel(o), config: conf, stop }
}

export interface ScanOpensslOptions {
  key?: 'rsa' | 'ecdsa'
  /** TLS ≤ 1.2 suites in OpenSSL syntax, in the order the server should prefer them. */
  cipher: string
  /** TLS 1.3 suites (-ciphersuites); default OpenSSL's. */
  ciphersuites?: string
  /** -serverpref: the server picks by its own order. */
  serverPreference?: boolean
  /** -no_tls1_3. */
  noTls13?: boolean
  /** -min_protocol (default TLSv1.2). */
  minProtocol?: 'TLSv1' | 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3'
  dhBits?: 2048 | 1024
  /** -groups, in the server's order (e.g. "P-384:X25519"). */
  groups?: string
}

/** `openssl s_server -www` with a chosen suite order, preference and protocols. */
export async function startScanOpenssl(o: ScanOpensslOptions): Promise<ScanServer> {
  const p = scanPki()
  const key = o.key ?? 'rsa'
  const dir = mkdtempSync(join(tmpdir(), 'wirebench-scan-s-server-'))
  const port = await freePort()
  const low = o.minProtocol === 'TLSv1' || o.minProtocol === 'TLSv1.1'
  const args = ['s_server', '-accept', `127.0.0.1:${port}`, '-cert', p.leaves[key].cert, '-key', p.leaves[key].key, '-www', '-quiet']
  args.push('-cipher', low && !o.cipher.includes('@SECLEVEL') ? `${o.cipher}:@SECLEVEL=0` : o.cipher, '-min_protocol', o.minProtocol ?? 'TLSv1.2')
  if (o.ciphersuites) args.push('-ciphersuites', o.ciphersuites)
  if (o.serverPreference) args.push('-serverpref')
  if (o.noTls13) args.push('-no_tls1_3')
  if (o.groups) args.push('-groups', o.groups)
  args.push('-dhparam', p.dhparam[o.dhBits ?? 2048])
  const child = spawn('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] })
  let stderr = ''
  child.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)))
  const stop = stopper(child, dir)
  try {
    await started(child, port, () => stderr)
  } catch (e) {
    await stop()
    throw e
  }
  const label = `s_server ${key.toUpperCase()}${o.serverPreference ? ', server order' : ''}${o.noTls13 ? ', no TLS 1.3' : ''}${low ? `, from ${o.minProtocol}` : ''}`
  return { host: '127.0.0.1', port, sni: SCAN_SNI, caPem: p.caPem, label, config: `openssl ${args.join(' ')}`, stop }
}
