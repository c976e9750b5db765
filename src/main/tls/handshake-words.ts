// Why a TLS client's handshake failed, in causes rather than OpenSSL's symptoms: a port that answered in plain text,
// a server that sent only its leaf, a chain ending at a root we do not trust, a server that dropped us right after
// the handshake (TLS 1.3 checks our certificate only then) — with the chain as the server sent it.
import { X509Certificate } from 'node:crypto'
import { WirebenchError } from '../../shared/errors'
import { oneLine } from './material'

/** TLS records start with a content type 20–23 (or 24, heartbeat); a text or HTTP answer starts with a letter. */
export function plainTextAnswer(firstBytes: Buffer): string | null {
  if (firstBytes.length === 0) return null
  const type = firstBytes[0]!
  if (type >= 0x14 && type <= 0x18) return null
  const head = firstBytes.subarray(0, 64)
  const printable = [...head].filter((b) => b === 0x09 || b === 0x0a || b === 0x0d || (b >= 0x20 && b < 0x7f)).length
  if (printable < head.length * 0.9) return null
  const firstLine = head.toString('latin1').split(/\r?\n/)[0]!.trim()
  const http = /^HTTP\/\d/.test(firstLine)
  return (
    `This port answered in plain text${http ? ' (plain HTTP)' : ' — plain HTTP?'}, not TLS: it sent "${firstLine}". ` +
    'Try without TLS, or the port that serves TLS.'
  )
}

function certificatesOf(chain: Buffer[]): X509Certificate[] {
  const out: X509Certificate[] = []
  for (const der of chain) {
    try {
      out.push(new X509Certificate(der))
    } catch {
      // an undecodable certificate is simply not listed; the handshake error says what went wrong
    }
  }
  return out
}

/** The chain as the server sent it, one certificate a line, for the error's detail. */
export function describeSentChain(chain: Buffer[]): string {
  const certs = certificatesOf(chain)
  if (certs.length === 0) return 'The server sent no certificate we could read.'
  const lines = certs.map(
    (c, i) =>
      `${i + 1}. subject ${oneLine(c.subject)} · issuer ${oneLine(c.issuer)} · valid ${new Date(c.validFrom).toISOString().slice(0, 10)} to ${new Date(c.validTo).toISOString().slice(0, 10)}`
  )
  return `The server sent ${certs.length} certificate${certs.length === 1 ? '' : 's'}:\n${lines.join('\n')}`
}

const UNTRUSTED_ISSUER = new Set(['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'UNABLE_TO_GET_ISSUER_CERT'])

/** A verification failure that names the cause when the chain shows it, with the chain as sent in the detail. */
export function untrustedChainFailure(verifyCode: string, chain: Buffer[], base: WirebenchError): WirebenchError {
  const certs = certificatesOf(chain)
  const detail = `${describeSentChain(chain)}\n(OpenSSL: ${verifyCode})`
  const top = certs.at(-1)
  if (!UNTRUSTED_ISSUER.has(verifyCode) || !top) return new WirebenchError(base.code, base.message, detail)
  const issuer = oneLine(top.issuer)
  if (certs.length === 1 && top.subject !== top.issuer) {
    return new WirebenchError(
      base.code,
      `The server sent only its leaf; its issuer (${issuer}) was not sent and is not trusted — the server should send the intermediate (serve the chain: leaf + intermediate). If ${issuer} is itself a root, trust it as an extra CA instead.`,
      detail
    )
  }
  return new WirebenchError(
    'CERT_UNTRUSTED',
    `The chain the server sent ends at ${oneLine(top.subject)}, issued by ${issuer}, which is not among the trusted roots — a private root? Add it as an extra trusted CA.`,
    detail
  )
}

/** A TLS 1.3 server checks our certificate after the handshake completes; an alert or a close right then is its "no".
 *  (A TLS 1.2 server that checks it after its Finished may close before the Finished reaches us: `during`.) */
export function droppedAfterHandshake(target: string, sentCertificate: boolean, raw?: string, during = false): WirebenchError {
  const why = sentCertificate
    ? 'it most likely rejected our client certificate (not signed by a CA it trusts, sent without its intermediate, or expired)'
    : 'it most likely requires a client certificate (mTLS) and we sent none'
  const alert = raw ? ` The server said: ${raw.replace(/^.*?(tlsv\d+ alert [a-z ]+|sslv3 alert [a-z ]+).*$/s, '$1')}.` : ''
  const when = during ? 'at the end of the TLS handshake, after our certificate' : 'right after the TLS handshake'
  return new WirebenchError('CLIENT_CERT_REQUIRED', `${target} closed the connection ${when}: ${why}.${alert}`, raw)
}
