// `wirebench` command line: one table of commands, each loaded only when it runs, its help generated from the table
// and the contract's summaries. Same router and engines as the app; human output by default, --json for scripts.
import { methods, type MethodName } from '../../shared/contract'
import { errorKind, formatWireError, isErrorCode, toWireError, WirebenchError, type WireError } from '../../shared/errors'
import { cliServerBehaviours } from '../../shared/net/behaviours'
import { DEFAULT_KEY_ALGORITHM, keyAlgorithms } from '../../shared/x509/key-algorithms'
import { APP_VERSION } from '../version'
import { UsageError } from './kit'

type Run = (argv: string[]) => Promise<number> | number

interface Command {
  /** What the user types: "connect", "cert inspect". */
  name: string
  /** The rest of the synopsis, wrapped as it should print. */
  usage: string[]
  /** The contract method whose summary opens the description; commands without one say it themselves. */
  method?: MethodName
  summary?: string
  notes?: string[]
  load: () => Promise<Run>
}

const connections = () => import('./commands/connections')
const subnets = () => import('./commands/subnets')
const certificates = () => import('./commands/certificates')
const dnsCommand = () => import('./commands/dns')
const httpCommand = () => import('./commands/http')
const jwtCommand = () => import('./commands/jwt')
const wsCommand = () => import('./commands/ws')
const walkCommand = () => import('./commands/walk')
const tlsCommand = () => import('./commands/tls')

export const COMMANDS: Command[] = [
  {
    name: 'serve',
    usage: [`<${cliServerBehaviours.join('|')}> [--host H] [--port P] [--tls] [--udp]`, '[--idle-timeout MS] [--max-line BYTES] [--line-deadline MS] [--max-connections N] [--cert FILE --key FILE] [--json]'],
    method: 'server.start',
    notes: ['Prints the address it listens on; Ctrl-C stops it. Binds 127.0.0.1 unless --host says otherwise; --tls uses a', 'throwaway self-signed certificate for localhost unless --cert and --key are given. An encrypted --key takes its', 'passphrase from --key-passphrase-file F or WIREBENCH_KEY_PASSPHRASE. Defences: --idle-timeout (30 s) closes a silent', 'client, --line-deadline (10 s) one that does not finish a line; 0 turns either off (warned).'],
    load: async () => (await connections()).serve
  },
  {
    name: 'connect',
    usage: ['HOST:PORT [--tls] [--insecure] [--sni NAME] [--alpn P1,P2] [--ca FILE]', '[--cert FILE --key FILE] [--send TEXT | --hex HEX] [--line-ending lf|crlf|none]', '[--wait MS] [--timeout MS] [--json]'],
    method: 'tcp.connect',
    notes: [
      'Shows the local and remote addresses (and TLS details), sends, and prints what comes back until the peer',
      'closes or nothing arrives for --wait ms (default 1000). Keeps the last 1 MiB received; JSON says how many',
      'bytes were dropped ("droppedBytes").'
    ],
    load: async () => (await connections()).connect
  },
  {
    name: 'udp',
    usage: ['HOST:PORT (--send TEXT | --hex HEX) [--wait MS] [--json]'],
    method: 'udp.send',
    load: async () => (await connections()).udp
  },
  {
    name: 'cert inspect',
    usage: ['FILE... [--password-file F] [--json]'],
    method: 'x509.open',
    notes: ['Every field and extension, lint findings. Private keys are described, never printed. A file with more items', 'than Wirebench reads says so (stderr, and "truncated": {"shown", "total"} in JSON).'],
    load: async () => (await certificates()).inspect
  },
  {
    name: 'cert verify',
    usage: [
      'LEAF [--intermediates FILE]... [--roots FILE]... [--at ISO-TIME]',
      '[--host NAME | --ip ADDRESS] [--purpose server|client] [--max-depth N] [--key-usage LIST]',
      '[--crl FILE]... [--revocation off|soft|hard] [--revocation-timeout MS] [--offline] [--legacy-cn] [--allow-ed25519] [--no-mozilla] [--system] [--json]'
    ],
    method: 'x509.verify',
    notes: [
      'Exit 0 valid, 1 not valid (REVOKED, or REVOCATION_UNKNOWN with --revocation hard), 2 bad input.',
      'Revocation (default soft): --crl files, CRL distribution points and OCSP responders (not with --offline); unknown is a warning unless hard.',
      '--max-depth: intermediate CAs allowed (self-issued not counted). --legacy-cn: match the CN when there is no SAN (off: RFC 9525).',
      'JSON: { "valid": bool, "chain": [{ ..., "revocation": { "status", "evidence" } }], "errors": [{ "code", "message" }], "policy", ... }'
    ],
    load: async () => (await certificates()).verify
  },
  {
    name: 'cert fetch',
    usage: ['HOST:PORT [--sni NAME] [--roots FILE]... [--revocation off|soft|hard] [--offline] [--no-mozilla] [--system] [--json]'],
    method: 'x509.fetchChain',
    notes: [
      'Exit 0 valid, 1 not (or the handshake failed: the TLS library\'s own words are printed; REVOKED makes it not valid).',
      'Revocation (default soft): the OCSP response the server staples first, then OCSP responders and CRLs (not with --offline).',
      'JSON adds "stapled": bool, "staple": { "status", "code", "message", ... } and "verdict.chain[i].revocation".',
      'A complete chain under a root you do not trust is PRIVATE_ROOT (trust it with --roots FILE); a chain cut short is MISSING_INTERMEDIATE.'
    ],
    load: async () => (await certificates()).fetch
  },
  {
    name: 'tls scan',
    usage: ['HOST:PORT [--sni NAME] [--timeout MS] [--roots FILE]... [--json]'],
    method: 'tls.scan',
    notes: [
      'Our own ClientHellos on plain TCP (read to the ServerHello or alert), so any version and suite can be asked about:',
      'SSL 3.0 to TLS 1.3, suites in the server\'s order, groups, ALPN, stapling, resumption, renegotiation, fallback SCSV,',
      'compression, heartbeat, HSTS. --timeout is per probe (default 5000). --roots trusts a private CA for the certificate.',
      'JSON: { "target", "protocols": {"SSLv3".."TLSv1.3": bool}, "ciphers": {"TLSv1.2": [IANA names in server order]},',
      '"serverPreference", "groups", "alpn", "ocspStapling", "hsts", "certificate", "grade", "mozillaProfile", "findings", "timeMs", ... }.',
      'Exit 0 scanned (whatever the grade), 1 unreachable or not TLS, 2 bad input.'
    ],
    load: async () => (await tlsCommand()).scan
  },
  {
    name: 'cert new',
    usage: ['self-signed|pki|csr|key [--subject DN] [--names a,b] [--days N] [--key ALG]', '[--out DIR] (--passphrase-file F | --unencrypted-key)'],
    summary: 'Generate a key, a self-signed certificate, a root+intermediate+leaf, or a CSR, as files.',
    notes: ['Keys are written encrypted (PKCS#8, AES-256-CBC) with mode 0600.', `ALG: ${keyAlgorithms.map((k) => (k === DEFAULT_KEY_ALGORITHM ? `${k} (default)` : k)).join(', ')}.`],
    load: async () => (await certificates()).create
  },
  {
    name: 'dns',
    usage: [
      'NAME [TYPE...] [@SERVER[:PORT]...] [--tcp | --tls | --https URL [--get|--post]]',
      '[--system] [--trace [--root-hints FILE] [--port N]] [--dnssec [--trust-anchor FILE]]',
      '[-x ADDRESS] [--insights] [-f FILE] [--short] [--no-rd] [--cd] [--do] [--no-edns] [--nsid]',
      '[--cookie] [--subnet CIDR] [--padding N] [--bufsize N] [--timeout MS] [--retries N] [--0x20]',
      '[--insecure] [--ca FILE] [--json]'
    ],
    method: 'dns.lookup',
    notes: [
      'TYPE: any mnemonic (A, AAAA, MX, HTTPS…), TYPEnnn, or ALL (every common type at once). SERVER: 127.0.0.1,',
      '[::1]:5353, tls://host[:port], https://host/dns-query; several @SERVERs are asked side by side; none: the',
      'servers in resolv.conf.',
      '-f FILE: one "NAME [TYPE...]" per line, asked concurrently (64 at a time), printed in file order.',
      '--system: getaddrinfo, with the hosts-file lines that answered. --trace/--dnssec @IP[:PORT] start there instead',
      'of the root hints. --short prints only the answers\' data (dig +short). JSON per query: { "question", "server",',
      '"transport", "rcode", "flags", "answers", "authority", "additional", "timeMs", "size" }; several → an array.',
      'Exit 0 on an answer (NXDOMAIN is one: rcode says so; --dnssec: secure or insecure), 1 timeout or network failure',
      '(--dnssec: bogus), 2 bad input.'
    ],
    load: async () => (await dnsCommand()).dns
  },
  {
    name: 'http raw',
    usage: ['HOST:PORT [--tls] [--sni NAME] [--alpn LIST] [--http2] [--insecure] [--ca FILE]', '[--resolve [HOST:PORT:]ADDRESS] [--connect-to H1:P1:H2:P2] [-o FILE|-] [--har FILE] [--json] < request.txt'],
    method: 'http.raw',
    notes: [
      'Sends the bytes on stdin exactly as they are (CR, LF, spaces and all; nothing is fixed) to HOST:PORT; the Host',
      'header is whatever the bytes say. --resolve ADDRESS (or curl\'s HOST:PORT:ADDRESS) connects there instead of looking',
      'HOST up, --connect-to (curl\'s) to H2:P2 instead (SNI and the certificate check stay on HOST). --sni, --alpn, --ca',
      'and --insecure imply --tls. -o FILE and the exit codes are as for http get. --http2 sends the same request',
      'as HTTP/2 frames (with --tls: ALPN h2 offered first; in clear: prior knowledge) and lists every frame.',
      '--har FILE writes the exchange as HAR 1.2 (replacing FILE; a symbolic link is refused).'
    ],
    load: async () => (await httpCommand()).raw
  },
  {
    name: 'http get',
    usage: ["URL [-H 'Name: value']... [--data TEXT] [--resolve HOST:PORT:ADDRESS] [--http1.1 | --http2]", '[--connect-to H1:P1:H2:P2] [--repeat N [--keep-alive]] [--insecure] [--ca FILE] [--json]', '[--user NAME [--password-file FILE]] [--bearer-file FILE] [--har FILE] [-o FILE|-]'],
    summary: 'Build an HTTP/1.1 request from a URL, send it, and show the response with socket timings.',
    notes: [
      'Also: http head|post|put|delete|patch|options URL, same options. Sends Host, User-Agent, Accept, Accept-Encoding',
      '(gzip, deflate, br, zstd: the body is decoded), Content-Length with --data, and Connection: close unless',
      '--repeat N --keep-alive sends all over one connection. -H replaces a default field of the same name where it stands',
      '(Host stays first); -H "Name:" drops it; several -H of one name are all sent. --resolve and --connect-to are curl\'s:',
      'that HOST:PORT connects to ADDRESS, or to H2:P2. --repeat N sends N requests in all (the first is shown): p50/p95.',
      '--http2 sends it as HTTP/2 frames (https: ALPN h2; http: prior knowledge, RFC 9113 §3.3) and lists the frames;',
      'ALPN offers http/1.1 unless --http2 (--http1.1 says so explicitly); if an --http2 server picks http/1.1, a warning',
      'says so. Certificates are verified unless',
      '--insecure (warned). JSON: { "request": {"raw"}, "response": {"httpVersion", "status", "reason", "headers",',
      '"statusWords", "bodyLength", "body" | "bodyBase64", "bodyShownBytes"}, "complete", "findings", "timings", "remote",',
      '"local", "tls", "repeat"? }; body holds at most the first 1 MiB (decoded; bodyLength is the whole). -o FILE writes',
      'the whole body, decoded, to FILE; -o - writes it to stdout and the rest of the output to stderr. Time budget: 30 s.',
      '--user NAME sends Basic auth; the password comes from --password-file FILE, WIREBENCH_HTTP_PASSWORD or a prompt,',
      'never argv (warned over http://: base64 is not encryption). --bearer-file FILE sends Bearer. --har FILE: HAR 1.2.',
      'Exit 0 when a complete response arrived (any status), 1 network failure, timeout or a response cut short or',
      'badly framed (it is still shown, with "complete": false and the findings), 2 bad input.'
    ],
    load: async () => (await httpCommand()).urlCommand('get')
  },
  ...(['head', 'post', 'put', 'delete', 'patch', 'options'] as const).map((m) => ({
    name: `http ${m}`,
    usage: ['URL [same options as http get]'],
    summary: `The same as http get with the ${m.toUpperCase()} method.`,
    load: async () => (await httpCommand()).urlCommand(m)
  })),
  {
    name: 'jwt decode',
    usage: ['[TOKEN | -] [--at ISO-TIME] [--json]'],
    summary: 'Header, payload and each claim explained, exp/nbf/iat against the clock, findings. No key needed: a JWS is signed, not encrypted, so anyone can read it.',
    load: async () => (await jwtCommand()).decode
  },
  {
    name: 'jwt verify',
    usage: ['[TOKEN | -] (--secret-file F | --key FILE | --jwks FILE) [--alg ALG]... [--allow-none]', '[--aud A] [--iss I] [--at ISO-TIME] [--leeway SEC] [--json]'],
    summary: 'Checks the signature (HS*, RS*, PS*, ES*, EdDSA) and the time, audience and issuer claims.',
    notes: ['--key: a PEM public key or certificate. The secret comes from --secret-file or WIREBENCH_JWT_SECRET, never argv', '(there is no --secret). alg none is refused unless --allow-none. Exit 0 valid, 1 invalid (the reason in words), 2 bad input.'],
    load: async () => (await jwtCommand()).verify
  },
  {
    name: 'jwt sign',
    usage: ['--payload JSON|@FILE [--header JSON] --alg ALG (--secret-file F | --key FILE) [--json]'],
    summary: 'Prints a signed token. HS* sign with HMAC (they do not encrypt: the payload stays readable); --key is a PEM private key.',
    load: async () => (await jwtCommand()).sign
  },
  {
    name: 'ws',
    usage: ["URL [--send TEXT]... [--first-message TEXT | --first-message-file F] [-H 'Name: value']...", '[--subprotocol P]... [--resolve HOST:PORT:ADDRESS] [--insecure] [--ca FILE] [--wait MS] [--timeout MS] [--json]'],
    summary: 'Open a WebSocket (ws:// or wss://): the upgrade request and the 101 as they crossed, then every frame both ways.',
    notes: [
      'Sends --first-message right after the 101 (the "token as the first message" pattern), then each --send as a text',
      'frame in order; waits --wait ms (default 1000) for replies, then closes with 1000. Pings are answered. Exit 0 after',
      'a clean close, 1 when the upgrade fails or the peer breaks RFC 6455 (the reason in words), 2 for bad input.',
      'A real token belongs in --first-message-file (argv is readable by every local user); -H values are in argv too.'
    ],
    load: async () => (await wsCommand()).ws
  },
  {
    name: 'walk',
    usage: ['URL [--resolve HOST:PORT:ADDRESS] [--resolver ADDR[:PORT]] [--http1.1 | --http2] [--tls1.2]', '[--keylog FILE] [--pcap FILE] [--html FILE] [--no-capture] [--insecure] [--ca FILE] [--json]'],
    method: 'walk.record',
    notes: [
      'DNS (A and AAAA to --resolver or the first resolv.conf nameserver, getaddrinfo beside), TCP (packets when tcpdump',
      'may run: root or CAP_NET_RAW; else the socket alone, said so), every TLS record decrypted with the connection\'s key',
      'log, the HTTP request and response. One line per step: time, OSI layer, direction, title. --keylog FILE writes the',
      'SSLKEYLOGFILE (mode 0600: it holds the secrets), --pcap FILE pcapng with the secrets embedded (0600), --html FILE a',
      'self-contained page (0600: it holds the whole key log too); a symbolic link is refused. --tls1.2 needs https://. JSON: { "url", "steps": [{ "layer", "kind", "title", "startMs",',
      '"durationMs", "direction", "bytesHex", "fields": [{ "name", "offset", "length", "value", "explain" }] }], "tls":',
      '{ "version", "cipher", "decrypted" }, "capture": "packets"|"socket-only", "keylog" }. Exit 0 recorded, 1 network failure, 2 bad input.'
    ],
    load: async () => (await walkCommand()).walk
  },
  {
    name: 'ip',
    usage: ['ADDRESS[/PREFIX | NETMASK] [--json]'],
    summary: 'Network, masks, broadcast, host range, counts, text forms, reverse DNS, IANA classification, RIR.',
    load: async () => (await subnets()).ip
  },
  {
    name: 'port',
    usage: ['NUMBER|NAME[/PROTOCOL] [--json]'],
    method: 'ports.lookup',
    notes: ['Both directions, like getservbyport/getservbyname.', "--listening [PORT]: this machine's listening sockets, their bind address in words and owner (Linux)."],
    load: async () => (await subnets()).port
  },
  {
    name: 'split',
    usage: ['NETWORK (--prefix N | --count N) [--limit N] [--json]'],
    summary: 'Split a network into subnets of a prefix length, or into N subnets.',
    load: async () => (await subnets()).split
  },
  {
    name: 'summarize',
    usage: ['NETWORK|FIRST-LAST ... [--json]'],
    summary: 'The fewest CIDR blocks covering the networks or ranges given.',
    load: async () => (await subnets()).summarize
  }
]

const FOOTER = `Options:
  --json        machine-readable output (one JSON document on stdout)
  --help, -h    this help
  --version     print the version

Secrets stay out of argv (other local users can read it): --passphrase-file F, --password-file F and
--key-passphrase-file F read a file; WIREBENCH_PASSPHRASE, WIREBENCH_PASSWORD and WIREBENCH_KEY_PASSPHRASE are read
from the environment; cert new asks on a terminal. --passphrase P, --password P and --key-passphrase P still work,
with a warning.

IPv6 addresses go in brackets: [::1]:7.
Exit codes: 0 ok; 1 the operation failed (network, TLS, a chain that is not valid); 2 bad input (flags,
arguments, files).
`

function describe(command: Command): string {
  const [first, ...rest] = command.usage
  const indent = ' '.repeat(`  wirebench ${command.name} `.length)
  const summary = command.method ? methods[command.method].summary : (command.summary ?? '')
  return [`  wirebench ${command.name} ${first}`, ...rest.map((l) => `${indent}${l}`), ...[summary, ...(command.notes ?? [])].map((l) => `      ${l}`)].join('\n')
}

export function helpText(only?: Command): string {
  const shown = only ? [only] : COMMANDS
  return `wirebench ${APP_VERSION} — a network workbench for web developers\n\nUsage:\n${shown.map(describe).join('\n')}\n\n${FOOTER}`
}

function find(argv: string[]): { command: Command; rest: string[] } | null {
  for (const words of [2, 1]) {
    const name = argv.slice(0, words).join(' ')
    const command = COMMANDS.find((c) => c.name === name)
    if (command) return { command, rest: argv.slice(words) }
  }
  return null
}

async function main(argv: string[]): Promise<number> {
  const [first] = argv
  if (!first || first === '--help' || first === '-h' || first === 'help') {
    process.stdout.write(helpText())
    return first ? 0 : 2
  }
  if (first === '--version') {
    process.stdout.write(`${APP_VERSION}\n`)
    return 0
  }
  const found = find(argv)
  if (!found) {
    if (first === 'cert') throw new UsageError('wirebench cert inspect|verify|fetch|new (see wirebench --help)')
    if (first === 'tls') throw new UsageError('wirebench tls scan HOST:PORT (see wirebench --help)')
    if (first === 'jwt') throw new UsageError('wirebench jwt decode|verify|sign (see wirebench --help)')
    if (first === 'http') throw new UsageError('wirebench http raw|get|head|post|put|delete|patch|options (see wirebench --help)')
    throw new UsageError(`unknown command "${first}" (see wirebench --help)`)
  }
  if (found.rest.includes('--help') || found.rest.includes('-h')) {
    process.stdout.write(helpText(found.command))
    return 0
  }
  const run = await found.command.load()
  return run(found.rest)
}

function isWireError(e: unknown): e is WireError {
  return typeof e === 'object' && e !== null && !(e instanceof Error) && isErrorCode((e as WireError).code) && typeof (e as WireError).message === 'string'
}

/** One line on stderr and the exit code its kind implies: 2 for bad input, 1 for a failed operation. */
function report(err: unknown): number {
  if (err instanceof UsageError) {
    process.stderr.write(`wirebench: ${err.message}\n`)
    return 2
  }
  const wire = isWireError(err) ? err : toWireError(err)
  // A WirebenchError's message is already a sentence for this case; its detail (OpenSSL's words, say) follows.
  const text = err instanceof WirebenchError ? (wire.detail ? `${wire.message} (${wire.detail})` : wire.message) : formatWireError(wire)
  process.stderr.write(`wirebench: ${text.replace(/\s*\n\s*/g, ' ')}\n`)
  return errorKind(wire.code) === 'input' ? 2 : 1
}

/** Resolves when everything written so far has been handed to the OS, however slowly the reader reads. */
function drained(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => {
    if (stream.destroyed || !stream.writable) return resolve()
    stream.write('', () => resolve())
  })
}

// A reader that goes away (`| head`) is not our failure: stop quietly.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0)
})

main(process.argv.slice(2))
  .catch(report)
  .then(async (code) => {
    process.exitCode = code
    // The whole output first, then the exit code: exiting at once would cut a pipe's output at 64 KiB.
    await Promise.all([drained(process.stdout), drained(process.stderr)])
    process.exit(code)
  })
