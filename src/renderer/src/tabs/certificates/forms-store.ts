// What the Certificates sections hold between visits: the typed fields of Verify, From a server and Generate and
// their last answers, outside the components, so a tab switch (or a sub-tab switch) loses nothing.
import type { KeyAlgorithm } from '../../../../shared/x509/key-algorithms'
import { DEFAULT_KEY_ALGORITHM } from '../../../../shared/x509/key-algorithms'
import type { selfSignedPresets, signCsrPresets } from '../../../../shared/x509/presets'
import type { ServerChainResult, VerifyResult } from '../../../../shared/x509/types'
import { createStore } from '../../app/store'
import type { GenerateKind, Generated } from './generate-model'

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
