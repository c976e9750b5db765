// Signing what we build (a TBSCertificate, a CertificationRequestInfo) with node:crypto: the signature algorithm
// follows the key (RSA, ECDSA with the curve's hash, Ed25519), unless a lab asks for another hash.
import { type KeyObject, sign } from 'node:crypto'
import { type Der, bits, nullValue, oid, seq } from '../../shared/x509/der'
import { OID } from '../../shared/x509/oids'
import { WirebenchError } from '../../shared/errors'

export type SignatureHash = 'sha1' | 'sha256' | 'sha384' | 'sha512'

const RSA_SIG: Record<SignatureHash, string> = {
  sha1: '1.2.840.113549.1.1.5',
  sha256: '1.2.840.113549.1.1.11',
  sha384: '1.2.840.113549.1.1.12',
  sha512: '1.2.840.113549.1.1.13'
}
const ECDSA_SIG: Record<SignatureHash, string> = {
  sha1: '1.2.840.10045.4.1',
  sha256: '1.2.840.10045.4.3.2',
  sha384: '1.2.840.10045.4.3.3',
  sha512: '1.2.840.10045.4.3.4'
}

export interface Signer {
  key: KeyObject
  algorithm: Der
  hash: SignatureHash | null
}

export function signerFor(key: KeyObject, requested?: SignatureHash): Signer {
  switch (key.asymmetricKeyType) {
    case 'rsa': {
      const hash = requested ?? 'sha256'
      return { key, hash, algorithm: seq(oid(RSA_SIG[hash]), nullValue()) }
    }
    case 'ec': {
      const curve = key.asymmetricKeyDetails?.namedCurve
      const hash = requested ?? (curve === 'secp384r1' ? 'sha384' : curve === 'secp521r1' ? 'sha512' : 'sha256')
      return { key, hash, algorithm: seq(oid(ECDSA_SIG[hash])) }
    }
    case 'ed25519':
      return { key, hash: null, algorithm: seq(oid(OID.ed25519)) }
    default:
      throw new WirebenchError('INVALID_KEY', `Signing with a ${key.asymmetricKeyType ?? 'unknown'} key is not supported.`)
  }
}

/** The signed structure: body, signature algorithm, signature BIT STRING. */
export function signed(body: Der, signer: Signer): Der {
  const signature = sign(signer.hash, body, signer.key)
  return seq(body, signer.algorithm, bits(new Uint8Array(signature)))
}
