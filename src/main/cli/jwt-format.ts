// How `wirebench jwt` prints a decoded or verified token: words for people (each claim explained, times against the
// clock, findings) and one JSON document for scripts, without the spans (they index the text, which the CLI echoes).
import type { DecodedJwt, ExplainedField } from '../../shared/http/jwt'
import type { Finding } from '../../shared/findings'
import type { VerifyResult } from '../http/jwt'

const field = (f: ExplainedField): string => `  ${f.name}: ${JSON.stringify(f.value)}\n      ${f.title}. ${f.words} (${f.source})`
const finding = (f: Finding): string => `  [${f.severity}] ${f.code}: ${f.message}${f.source ? ` (${f.source})` : ''}`

export function decodedLines(d: DecodedJwt): string[] {
  const lines = [`Form: ${d.form === 'jws' ? 'JWS (signed, RFC 7515): the header and payload are base64url text, readable by anyone' : 'JWE (encrypted, RFC 7516)'}`]
  if (d.alg !== undefined) lines.push(`Algorithm: ${d.alg}`)
  lines.push('', 'Header:', ...d.headerParams.map(field))
  if (d.payload) lines.push('', 'Payload (claims, RFC 7519 §4):', ...d.claims.map(field))
  else if (d.payloadText !== undefined) lines.push('', 'Payload (not a JSON object):', `  ${d.payloadText}`)
  lines.push('', `Signature: ${d.signature.length} bytes`)
  if (d.findings.length) lines.push('', 'Findings:', ...d.findings.map(finding))
  return lines
}

export function decodedJson(d: DecodedJwt): Record<string, unknown> {
  return {
    form: d.form,
    alg: d.alg ?? null,
    kid: d.kid ?? null,
    header: d.header ?? null,
    payload: d.payload ?? null,
    ...(d.payloadText !== undefined ? { payloadText: d.payloadText } : {}),
    signatureBytes: d.signature.length,
    headerParams: d.headerParams.map(({ span: _span, ...f }) => f),
    claims: d.claims.map(({ span: _span, ...f }) => f),
    findings: d.findings.map(({ span: _span, ...f }) => f)
  }
}

export function verifyLines(r: VerifyResult): string[] {
  return [`${r.valid ? 'VALID' : 'INVALID'}: ${r.reason}`, '', ...decodedLines(r.decoded)]
}

export function verifyJson(r: VerifyResult): Record<string, unknown> {
  const decoded = decodedJson(r.decoded)
  return { valid: r.valid, reason: r.reason, alg: r.alg ?? null, kid: r.kid ?? null, findings: r.findings.map(({ span: _span, ...f }) => f), decoded }
}
