// What the Generate section knows without drawing anything: the kinds it offers, how typed text becomes the
// contract's input, which CA to offer first, and how generated artifacts become entries of the opened list.
import type { GenerateInput, GenerateResult, GeneratedArtifact } from '../../../../shared/contract'
import { newUid, type Entry } from './model'

export type GenerateKind = GenerateInput['kind']

export const GENERATE_KINDS: { id: GenerateKind; label: string; text: string }[] = [
  { id: 'selfSigned', label: 'Self-signed certificate', text: 'One certificate that signs itself: quick for local HTTPS, trusted only where you add it.' },
  { id: 'pki', label: 'Local lab PKI', text: 'A root CA, an intermediate CA and a leaf in one step — the shape real sites use. Trust the root, serve the chain.' },
  { id: 'key', label: 'Key pair', text: 'A private key, kept in Wirebench’s vault; export it encrypted when you need the file.' },
  { id: 'csr', label: 'CSR', text: 'A certificate signing request with a new key, to send to a CA (or to sign here).' },
  { id: 'signCsr', label: 'Sign a CSR', text: 'Issue a certificate for a CSR from the list, signed by a CA whose key Wirebench holds.' },
  { id: 'clientCert', label: 'mTLS client certificate', text: 'A client certificate and key for mutual TLS, signed by a CA whose key Wirebench holds.' }
]

/** "localhost" is taken as "CN=localhost"; anything with "=" is passed as written. */
export function normalizeSubject(s: string): string {
  const t = s.trim()
  return t === '' || t.includes('=') ? t : `CN=${t}`
}

/**
 * The SAN field as a list: names are separated by commas or new lines only. A space inside an entry stays in it,
 * so the generator can say "contains a space" rather than silently making two names of "www example.com".
 */
export function splitNames(s: string): string[] {
  return s
    .split(/[,\r\n]+/)
    .map((x) => x.trim())
    .filter(Boolean)
}

/** Intermediate CAs first (what one usually signs with), then roots, then anything else. */
export function caRank(e: Entry): number {
  if (e.item.kind !== 'certificate' || !e.item.certificate.isCA) return 2
  return e.item.certificate.selfSigned ? 1 : 0
}

export const ROLE_PREFIX: Partial<Record<GeneratedArtifact['role'], string>> = { root: 'Root', intermediate: 'Intermediate', leaf: 'Leaf', certificate: 'Certificate' }

/** What one press of Generate made, and the list uids its artifacts got (same order). */
export interface Generated {
  result: GenerateResult
  uids: number[]
}

export function entriesFromArtifacts(result: GenerateResult): Entry[] {
  return result.artifacts.map((a): Entry => {
    const uid = newUid()
    if (a.certificate) return { uid, source: `generated ${a.role === 'certificate' ? 'certificate' : a.role}`, item: { kind: 'certificate', certificate: a.certificate }, keyId: a.keyId }
    if (a.csr) return { uid, source: 'generated CSR', item: { kind: 'csr', csr: a.csr }, keyId: a.keyId }
    return {
      uid,
      source: 'generated key',
      item: { kind: 'privateKey', key: { format: 'pkcs8', encrypted: false, locked: false, publicKey: a.publicKey, matches: [] } },
      keyId: a.keyId
    }
  })
}
