// One question to one resolver over UDP (with the TC → TCP retry of RFC 7766 §5), TCP, TLS (RFC 7858) or HTTPS
// (RFC 8484): a random ID and source port, optional 0x20 case, every answer checked (RFC 5452), every try kept in
// `attempts` so the user sees what happened on the wire. Errors are WirebenchErrors whose detail lists the tries.
import { WirebenchError } from '../../shared/errors'
import type { Finding } from '../../shared/findings'
import { toBase64, toHex } from '../../shared/bytes'
import type { QueryAttempt, QueryOptions, QueryResult, ResolverSpec } from '../../shared/dns/model'
import { encodeQuery } from '../../shared/dns/query-encode'
import { fqdn } from '../../shared/dns/names'
import { typeCode } from '../../shared/dns/types'
import { describeResolver, isIpLiteral } from '../../shared/dns/resolvers'
import { type Accepted, type Expect, attemptsText, cancelled, ms, randomBytes, randomId, randomiseCase } from './exchange'
import { udpTry } from './udp'
// TCP, DoT and DoH load the connector (node:net, node:tls) and node:http2, which cost start-up time: only a query
// that uses them (or a UDP answer with TC set) pays for that.
const loadTcp = (): Promise<typeof import('./tcp')> => import('./tcp')
const loadDot = (): Promise<typeof import('./dot')> => import('./dot')
const loadDoh = (): Promise<typeof import('./doh')> => import('./doh')

export interface QueryContext {
  signal?: AbortSignal
  /** DoT/DoH: verify the server's certificate (default true; false must be explicit). */
  verify?: boolean
  /** DoT/DoH: roots to trust (PEM) in place of the bundled ones. */
  caPem?: string
  /** false: answers are decoded without byte spans (message.spans is empty), for callers that print records only —
   *  the CLI. Every check is the same. Default true (the app's packet view needs them). */
  spans?: boolean
}

interface Sent {
  bytes: Uint8Array
  expect: Expect
}

/** Asks one resolver one question; resolves with the checked answer or rejects with a WirebenchError in words. */
export async function queryOnce(resolver: ResolverSpec, question: { name: string; type: string }, options: QueryOptions, ctx: QueryContext = {}): Promise<QueryResult> {
  const server = describeResolver(resolver)
  if (ctx.signal?.aborted) throw cancelled(`about to ask ${server}`)
  if (resolver.transport === 'system') {
    throw new WirebenchError('INVALID_INPUT', 'The system resolver (getaddrinfo) answers addresses only and shows no DNS message; ask a DNS server, or use the getaddrinfo lookup.')
  }
  if ((resolver.transport === 'udp' || resolver.transport === 'tcp') && !isIpLiteral(resolver.host)) {
    throw new WirebenchError('DNS_BAD_RESOLVER', `${resolver.host} is not an IP address; plain DNS needs the server's address.`)
  }
  typeCode(question.type)
  const name = options.randomCase ? randomiseCase(fqdn(question.name)) : fqdn(question.name)
  const started = performance.now()
  const attempts: QueryAttempt[] = []
  const findings: Finding[] = []
  // DoH uses ID 0 so that GET answers can be cached (RFC 8484 §4.1); everything else a fresh random ID per try.
  const prepare = (id: number): Sent => {
    // A client cookie is ours to check (RFC 7873 §5.3): fix it here so the answer's echo can be compared with it.
    const cookie = options.edns?.cookie
    const clientCookie = cookie === true ? toHex(randomBytes(8), '') : typeof cookie === 'string' ? cookie.replace(/\s/g, '').slice(0, 16).toLowerCase() : undefined
    const edns = options.edns && clientCookie && cookie === true ? { ...options.edns, cookie: clientCookie } : options.edns
    return {
      bytes: encodeQuery({ id, name, type: question.type, rd: options.rd, cd: options.cd, ad: options.ad, edns, random: randomBytes }),
      expect: { id, name, type: question.type, randomCase: options.randomCase, spans: ctx.spans !== false, ...(clientCookie ? { clientCookie } : {}) }
    }
  }
  const result = (sent: Sent, accepted: Accepted, extra: Partial<QueryResult> = {}): QueryResult => ({
    question: { name, type: question.type.toUpperCase() },
    server,
    transport: resolver.transport,
    message: accepted.message,
    raw: toBase64(accepted.bytes),
    query: toBase64(sent.bytes),
    timeMs: ms(started),
    attempts,
    findings: [...findings, ...accepted.findings],
    ...extra
  })
  const failed = (e: WirebenchError): WirebenchError => new WirebenchError(e.code, e.message, [e.detail, attemptsText(attempts)].filter(Boolean).join('\n'))
  const target = { host: resolver.host, port: resolver.port, server }

  if (resolver.transport === 'tcp') {
    const sent = prepare(randomId())
    const { tcpTry } = await loadTcp()
    const r = await tcpTry(target, sent.bytes, sent.expect, options.timeoutMs, ctx.signal)
    attempts.push(r.attempt)
    findings.push(...r.findings)
    if (!r.accepted) throw failed(r.error ?? new WirebenchError('DNS_NO_ANSWER'))
    return result(sent, r.accepted)
  }

  if (resolver.transport === 'tls') {
    const sent = prepare(randomId())
    const { dotTry } = await loadDot()
    const r = await dotTry(resolver, server, sent.bytes, sent.expect, options.timeoutMs, ctx)
    attempts.push(r.attempt)
    findings.push(...r.findings)
    if (!r.accepted) throw failed(r.error ?? new WirebenchError('DNS_NO_ANSWER'))
    return result(sent, r.accepted, r.tls ? { tls: r.tls } : {})
  }

  if (resolver.transport === 'https') {
    const sent = prepare(0)
    const { dohTry } = await loadDoh()
    const r = await dohTry(resolver, server, sent.bytes, sent.expect, options.timeoutMs, ctx)
    attempts.push(r.attempt)
    findings.push(...r.findings)
    if (!r.accepted) throw failed(r.error ?? new WirebenchError('DNS_NO_ANSWER'))
    return result(sent, r.accepted, r.tls ? { tls: r.tls } : {})
  }

  // UDP: a fresh ID and port per try (RFC 5452 §9.2), `retries` more tries after the first.
  const advertised = options.edns?.udpSize ?? 512
  const tries = 1 + Math.max(0, options.retries)
  for (let i = 0; i < tries; i++) {
    const sent = prepare(randomId())
    const r = await udpTry(target, sent.bytes, sent.expect, advertised, options.timeoutMs, ctx.signal).catch((err: unknown) => {
      throw err instanceof WirebenchError ? failed(err) : err
    })
    attempts.push(r.attempt)
    findings.push(...r.findings)
    if (r.error) throw failed(r.error)
    if (!r.accepted) continue
    if (!r.accepted.message.flags.tc) return result(sent, r.accepted)
    // RFC 7766 §5 (and RFC 1035 §4.2.1): a truncated UDP answer is retried over TCP; both tries are shown.
    r.attempt.outcome = r.attempt.outcome.replace(/^answered/, 'truncated (TC) → retried over TCP')
    findings.push({ severity: 'info', code: 'TRUNCATED', message: `The UDP answer (${r.accepted.bytes.length} bytes) had TC set: it did not fit, so the query was repeated over TCP.`, source: 'RFC 7766 §5' })
    const again = prepare(randomId())
    const { tcpTry } = await loadTcp()
    const t = await tcpTry({ ...target, server: describeResolver({ ...resolver, transport: 'tcp' }) }, again.bytes, again.expect, options.timeoutMs, ctx.signal)
    attempts.push(t.attempt)
    findings.push(...t.findings)
    if (!t.accepted) throw failed(t.error ?? new WirebenchError('DNS_NO_ANSWER'))
    // The answer came over TCP: say so (the UDP try stays in `attempts`).
    return result(again, t.accepted, { transport: 'tcp' })
  }
  const ignored = attempts.some((a) => a.outcome.includes('ignored'))
  throw failed(
    new WirebenchError(
      'DNS_NO_ANSWER',
      `No answer from ${server} after ${tries} ${tries === 1 ? 'try' : 'tries'} over UDP, ${options.timeoutMs} ms each${ignored ? '; the messages that did come were ignored (see the tries)' : ''}.`
    )
  )
}
