// DNS over TLS (RFC 7858): the same length-prefixed exchange as TCP, inside TLS opened by THE connector, with the
// certificate checked against the host name (or the name given for an address, RFC 8310 §8) unless turned off.
import { X509Certificate } from 'node:crypto'
import { WirebenchError } from '../../shared/errors'
import type { Finding } from '../../shared/findings'
import type { QueryAttempt, QueryResult, ResolverSpec } from '../../shared/dns/model'
import { connect, oneLine, type Connection, type TlsFacts } from '../tls'
import { type Accepted, type Expect, cancelled, ms, outcomeWith } from './exchange'
import { asError, streamExchange } from './tcp'
import type { QueryContext } from './query'

export type TlsSummary = NonNullable<QueryResult['tls']>

export interface SecureTryResult {
  accepted: Accepted | null
  attempt: QueryAttempt
  findings: Finding[]
  tls: TlsSummary | null
  error: WirebenchError | null
}

/** The connector's facts as the QueryResult shows them: who the certificate names, and whether it was trusted. */
export function tlsSummary(facts: TlsFacts): TlsSummary {
  let subject: string | null = null
  let issuer: string | null = null
  const leaf = facts.peerChain[0]
  if (leaf) {
    try {
      const cert = new X509Certificate(leaf)
      subject = oneLine(cert.subject)
      issuer = oneLine(cert.issuer)
    } catch {
      // An unreadable leaf still leaves the raw chain to inspect.
    }
  }
  return {
    protocol: facts.protocol,
    cipher: facts.cipherStandardName || facts.cipher || null,
    authorized: facts.verified,
    authorizationError: facts.verifyError,
    subject,
    issuer,
    chainBase64: facts.peerChain.map((c) => c.toString('base64'))
  }
}

export function verificationFindings(tls: TlsSummary, verify: boolean): Finding[] {
  if (tls.authorized) return []
  return [
    {
      severity: verify ? 'error' : 'warning',
      code: 'CERT_NOT_VERIFIED',
      message: `The server's certificate (${tls.subject ?? 'unnamed'}, issued by ${tls.issuer ?? 'unknown'}) did not verify: ${tls.authorizationError ?? 'unknown reason'}. Verification was turned off, so the answer was read anyway — anyone on the path could have sent it.`,
      source: 'RFC 8310 §8'
    }
  ]
}

/** Opens TLS to a DoT or DoH server through THE connector, with SNI and verification as RFC 8310 §8 asks; a failed
 *  connection is a value (shown as the try's outcome), a cancel is thrown. */
export async function openSecure(
  resolver: ResolverSpec,
  server: string,
  alpn: string[],
  timeoutMs: number,
  ctx: QueryContext
): Promise<{ connection: Connection; tls: TlsSummary | null; findings: Finding[] } | { failed: WirebenchError }> {
  if (ctx.signal?.aborted) throw cancelled(`about to connect to ${server}`)
  const verify = ctx.verify ?? true
  let connection: Connection
  try {
    connection = await connect({
      host: resolver.host,
      port: resolver.port,
      tls: {
        // RFC 8310 §8.1: an authentication domain name given for an address is what the certificate must name.
        ...(resolver.tlsName ? { servername: resolver.tlsName, verifyName: resolver.tlsName } : {}),
        alpn,
        verify,
        ...(ctx.caPem ? { caPem: ctx.caPem } : {})
      },
      connectTimeoutMs: timeoutMs,
      handshakeTimeoutMs: timeoutMs,
      handshakeOnly: true,
      ...(ctx.signal ? { signal: ctx.signal } : {})
    })
  } catch (err) {
    const e = asError(err)
    if (e.code === 'CANCELLED') throw e
    return { failed: e }
  }
  const tls = connection.tls ? tlsSummary(connection.tls) : null
  return { connection, tls, findings: tls ? verificationFindings(tls, verify) : [] }
}

export async function dotTry(resolver: ResolverSpec, server: string, query: Uint8Array, expect: Expect, timeoutMs: number, ctx: QueryContext): Promise<SecureTryResult> {
  const started = performance.now()
  let localPort: number | null = null
  const attempt = (outcome: string, receivedBytes: number | null): QueryAttempt => ({
    transport: 'tls',
    server,
    id: expect.id,
    localPort,
    sentBytes: query.length + 2,
    receivedBytes,
    timeMs: ms(started),
    outcome
  })
  const opened = await openSecure(resolver, server, ['dot'], timeoutMs, ctx)
  if ('failed' in opened) return { accepted: null, attempt: attempt(`TLS connection failed: ${opened.failed.message}`, null), findings: [], tls: null, error: opened.failed }
  const { connection, tls, findings } = opened
  localPort = connection.local.port
  try {
    const left = Math.max(1, timeoutMs - (performance.now() - started))
    const r = await streamExchange(connection.socket, query, expect, server, left, ctx.signal, timeoutMs)
    return { accepted: r.accepted, attempt: attempt(outcomeWith('answered', r.ignored, r.ignoredCount), r.receivedBytes), findings: [...findings, ...r.findings], tls, error: null }
  } catch (err) {
    const e = asError(err)
    if (e.code === 'CANCELLED') throw e
    return { accepted: null, attempt: attempt(e.message, null), findings, tls, error: e }
  } finally {
    connection.socket.destroy()
    connection.tcp.destroy()
  }
}
