// Certificate revocation lists (RFC 5280 §5), described: issuer, dates, number, revoked serials.
import { type Asn1, Tag, decode, expect, readInteger, readTime } from '../../shared/x509/asn1'
import { OID } from '../../shared/x509/oids'
import { WirebenchError } from '../../shared/errors'
import { colonHexDigest } from './certificate'
import { readExtensions, describeExtension } from './extensions'
import { parseName } from './name'
import { readSignatureAlgorithm } from './signature'
import type { CrlInfo } from './types'
import { CRL_REASONS } from './revocation/crl-entries'

const MAX_LISTED = 1_000
const DELTA_CRL_INDICATOR = '2.5.29.27'

/** The §5.3.1 reasonCode of an entry, by name (the display parser is lenient: an odd value is just not named). */
function entryReason(exts: Asn1): string | undefined {
  for (const raw of readExtensions(exts)) {
    const v = raw.valueNode.content
    if (raw.oid === '2.5.29.21' && v.length === 3 && v[0] === 10 && v[1] === 1) return CRL_REASONS[v[2] as number]
  }
  return undefined
}

/** TBSCertList: [version] AlgorithmIdentifier Name Time ... (a certificate's TBS has a serial before the algorithm). */
export function looksLikeCrl(root: Asn1): boolean {
  try {
    const tbs = root.children[0]?.children ?? []
    const i = tbs[0]?.isUniversal(Tag.integer) ? 1 : 0
    const t = tbs[i + 2]
    return !!tbs[i]?.isUniversal(Tag.sequence) && !!tbs[i + 1]?.isUniversal(Tag.sequence) && !!t && t.cls === 0 && (t.tag === Tag.utcTime || t.tag === Tag.generalizedTime)
  } catch {
    return false
  }
}

export function parseCrl(der: Uint8Array): CrlInfo {
  try {
    const root = decode(der)
    const [tbsNode, algNode] = expect(root, Tag.sequence, 'CertificateList').children
    const tbs = expect(tbsNode, Tag.sequence, 'tbsCertList').children
    let i = 0
    let version = 1
    if (tbs[0]?.isUniversal(Tag.integer)) {
      version = Number(readInteger(tbs[0]).hex) + 1
      i++
    }
    i++ // inner signature algorithm
    const issuer = parseName(tbs[i++] as Asn1, 'issuer')
    const thisUpdate = readTime(tbs[i++], 'thisUpdate')
    const info: CrlInfo = {
      version,
      issuer: issuer.info,
      thisUpdate: new Date(thisUpdate).toISOString(),
      signatureAlgorithm: readSignatureAlgorithm(algNode).info,
      revokedCount: 0,
      revoked: [],
      fingerprintSha256: colonHexDigest('sha256', root.raw)
    }
    const next = tbs[i]
    if (next && next.cls === 0 && (next.tag === Tag.utcTime || next.tag === Tag.generalizedTime)) {
      info.nextUpdate = new Date(readTime(next, 'nextUpdate')).toISOString()
      i++
    }
    for (; i < tbs.length; i++) {
      const n = tbs[i] as Asn1
      if (n.isUniversal(Tag.sequence)) {
        const entries = n.children
        info.revokedCount = entries.length
        info.revoked = entries.slice(0, MAX_LISTED).map((e) => {
          const [serial, date, exts] = expect(e, Tag.sequence, 'revoked entry').children
          const out: CrlInfo['revoked'][number] = { serial: readInteger(serial, 'serial').hex, date: new Date(readTime(date, 'revocationDate')).toISOString() }
          const reason = exts ? entryReason(exts) : undefined
          if (reason) out.reason = reason
          return out
        })
      } else if (n.isContext(0)) {
        for (const raw of readExtensions(n.children[0] as Asn1)) {
          const ext = describeExtension(raw)
          if (raw.oid === OID.crlNumber && ext.value.type === 'crlNumber') info.crlNumber = ext.value.number
          if (raw.oid === DELTA_CRL_INDICATOR) info.baseCrlNumber = BigInt(`0x${readInteger(decode(raw.valueNode.content)).hex}`).toString()
        }
      }
    }
    return info
  } catch (err) {
    throw new WirebenchError('INVALID_CRL', `Not a valid CRL: ${err instanceof Error ? err.message : String(err)}`)
  }
}
