// Trust anchors (RFC 4033 §5; RFC 7958 for the root's): DS or DNSKEY records in zone-file text, as IANA's
// root-anchors files, Debian's /usr/share/dns/root.ds and root.key, or `keymgr ds` print them. Validation starts at
// the anchor's zone; a file that yields nothing usable is an input error with the line that failed.
import { WirebenchError } from '../../errors'
import { canonicalName, fqdn } from '../names'
import { DS_CODEC } from '../rdata/ds'
import { DNSKEY_CODEC } from '../rdata/dnskey'
import { dnskeyRdata, keyTag } from './key-tag'
import { base64ToBytes, hexToBytes } from './presentation'

export interface AnchorDs {
  keyTag: number
  algorithm: number
  digestType: number
  digest: Uint8Array
}

export interface AnchorKey {
  flags: number
  protocol: number
  algorithm: number
  publicKey: Uint8Array
  rdata: Uint8Array
  keyTag: number
}

export interface TrustAnchor {
  /** The zone the anchor is for, canonical with the trailing dot ("." for the root). */
  zone: string
  ds: AnchorDs[]
  keys: AnchorKey[]
}

const MAX_ANCHOR_RECORDS = 64
const bad = (words: string): WirebenchError => new WirebenchError('DNS_BAD_ANCHOR', words)

/** Joins parenthesised multi-line records and drops comments (RFC 1035 §5.1). */
function logicalLines(text: string): { line: number; text: string }[] {
  const out: { line: number; text: string }[] = []
  let open = false
  let buffer = ''
  let start = 0
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.replace(/;.*$/, '')
    if (!open) start = i + 1
    buffer += ' ' + line
    open = (buffer.split('(').length - buffer.split(')').length) > 0
    if (!open) {
      const t = buffer.replace(/[()]/g, ' ').trim()
      if (t) out.push({ line: start, text: t })
      buffer = ''
    }
  })
  return out
}

export function parseTrustAnchor(text: string): TrustAnchor {
  let zone: string | null = null
  const ds: AnchorDs[] = []
  const keys: AnchorKey[] = []
  for (const { line, text: t } of logicalLines(text)) {
    if (t.startsWith('$')) continue
    const f = t.split(/\s+/)
    let i = 1
    while (i < f.length && (/^\d+$/.test(f[i]!) || /^(IN|CH|HS)$/i.test(f[i]!))) i++
    const type = f[i]?.toUpperCase()
    if (type !== 'DS' && type !== 'DNSKEY') throw bad(`Line ${line}: a trust anchor is a DS or DNSKEY record; found ${type ?? 'nothing'} ("${t.slice(0, 60)}").`)
    const owner = canonicalName(fqdn(f[0]!))
    if (zone !== null && owner !== zone) throw bad(`Line ${line}: every anchor must be for the same zone; ${owner} after ${zone}.`)
    zone = owner
    const rest = f.slice(i + 1).join(' ')
    try {
      if (type === 'DS') {
        const d = DS_CODEC.parse!(rest)
        ds.push({ keyTag: Number(d.keyTag), algorithm: Number(d.algorithm), digestType: Number(d.digestType), digest: hexToBytes(String(d.digest)) })
      } else {
        const k = DNSKEY_CODEC.parse!(rest)
        const publicKey = base64ToBytes(String(k.publicKey))
        const rdata = dnskeyRdata(Number(k.flags), Number(k.protocol), Number(k.algorithm), publicKey)
        keys.push({ flags: Number(k.flags), protocol: Number(k.protocol), algorithm: Number(k.algorithm), publicKey, rdata, keyTag: keyTag(rdata) })
      }
    } catch (err) {
      throw bad(`Line ${line}: the ${type} record could not be read: ${(err as Error).message}`)
    }
    if (ds.length + keys.length > MAX_ANCHOR_RECORDS) throw bad(`More than ${MAX_ANCHOR_RECORDS} anchor records; give the few your zone uses.`)
  }
  if (zone === null) throw bad('The trust anchor text holds no DS or DNSKEY record.')
  return { zone, ds, keys }
}

/** "DS 20326 (alg 8, SHA-256), DS 38696 (…)" for the result's `anchor` line. */
export function describeAnchor(a: TrustAnchor): string {
  const parts = [...a.ds.map((d) => `DS ${d.keyTag}`), ...a.keys.map((k) => `DNSKEY ${k.keyTag}`)]
  return `${a.zone} ${parts.join(', ')}`
}
