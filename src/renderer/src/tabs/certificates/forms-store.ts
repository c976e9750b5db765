// What the Certificates sections hold between visits: the typed fields of Verify, From a server and Generate and
// their last answers, outside the components, so a tab switch (or a sub-tab switch) loses nothing.
import type { KeyAlgorithm } from '../../../../shared/x509/key-algorithms'
import { DEFAULT_KEY_ALGORITHM } from '../../../../shared/x509/key-algorithms'
import type { selfSignedPresets, signCsrPresets } from '../../../../shared/x509/presets'
import type { KeyUsageName, RevocationMode, ServerChainResult, VerifyResult } from '../../../../shared/x509/types'
import { createStore } from '../../app/store'
import type { GenerateKind, Generated } from './generate-model'

/** A CRL the user gave Verify: PEM text as is, DER as latin1 text (one char per byte), as x509.verify takes it. */
export interface GivenCrl {
  id: number
  name: string
  text: string
  bytes: number
}

export interface CertificateForms {
  serverHost: string
  serverPort: string
  serverSni: string
  serverResult: ServerChainResult | null
  verifyTrustSelfSigned: boolean
  verifyUseMozilla: boolean
  verifyUseSystem: boolean
  verifyPurpose: 'server' | 'client'
  verifyAt: string
  verifyResult: VerifyResult | null
  /** Revocation (RFC 5280 §6.3): off, soft-fail (unknown is a warning) or hard-fail (unknown is an error). */
  verifyRevocation: RevocationMode
  /** Ask OCSP responders and fetch CRL distribution points; off: only the CRLs given below. */
  verifyRevocationOnline: boolean
  verifyCrls: GivenCrl[]
  /** Most intermediate CAs allowed ('' = no limit beyond the engine's own). */
  verifyMaxDepth: string
  /** Key usages the leaf must allow (RFC 5280 §4.2.1.3). */
  verifyKeyUsage: KeyUsageName[]
  /** Match the CN when a leaf has no SAN at all: legacy only (RFC 9525 §6), off by default. */
  verifyLegacyCn: boolean
  verifyAllowEd25519: boolean
  /** The CRL names as they were when verifyResult was made (the engine calls them "CRL 1", "CRL 2"…). */
  verifyCrlNames: string[]
  generateKind: GenerateKind
  generateSubject: string
  generateNames: string
  generateDays: string
  generatePreset: (typeof selfSignedPresets)[number]
  generateSignPreset: (typeof signCsrPresets)[number]
  generateKeyAlgorithm: KeyAlgorithm
  generateCommonName: string
  generateEmail: string
  generateCsrUid: number | null
  generateCaUid: number | null
  generated: Generated | null
}

export const certificateForms = createStore<CertificateForms>({
  serverHost: '',
  serverPort: '443',
  serverSni: '',
  serverResult: null,
  verifyTrustSelfSigned: false,
  verifyUseMozilla: true,
  verifyUseSystem: false,
  verifyPurpose: 'server',
  verifyAt: '',
  verifyResult: null,
  verifyRevocation: 'soft',
  verifyRevocationOnline: true,
  verifyCrls: [],
  verifyMaxDepth: '',
  verifyKeyUsage: [],
  verifyLegacyCn: false,
  verifyAllowEd25519: false,
  verifyCrlNames: [],
  generateKind: 'selfSigned',
  generateSubject: 'CN=localhost',
  generateNames: 'localhost, 127.0.0.1, ::1',
  generateDays: '90',
  generatePreset: 'server',
  generateSignPreset: 'server',
  generateKeyAlgorithm: DEFAULT_KEY_ALGORITHM,
  generateCommonName: 'alice',
  generateEmail: '',
  generateCsrUid: null,
  generateCaUid: null,
  generated: null
})
