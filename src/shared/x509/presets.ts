// Certificate presets (what a certificate is for), declared once: the contract's enums, the engine's extension
// defaults, the CLI and the page's "Profile" pickers read this table.

export const certificatePresets = ['server', 'client', 'serverClient', 'rootCA', 'intermediateCA', 'none'] as const
export type CertificatePreset = (typeof certificatePresets)[number]

export interface PresetInfo {
  label: string
  /** A CA: basicConstraints cA=TRUE and keyCertSign/cRLSign. */
  ca: boolean
  /** Extended key usages by name; undefined puts no EKU extension in. */
  extKeyUsage?: string[]
  /** Validity when none is asked for. */
  defaultDays: number
}

export const CERTIFICATE_PRESETS: Record<CertificatePreset, PresetInfo> = {
  server: { label: 'TLS server', ca: false, extKeyUsage: ['serverAuth'], defaultDays: 90 },
  client: { label: 'TLS client', ca: false, extKeyUsage: ['clientAuth'], defaultDays: 90 },
  serverClient: { label: 'Server and client', ca: false, extKeyUsage: ['serverAuth', 'clientAuth'], defaultDays: 90 },
  rootCA: { label: 'Root CA', ca: true, defaultDays: 3650 },
  intermediateCA: { label: 'Intermediate CA', ca: true, defaultDays: 1825 },
  none: { label: 'No extensions by default', ca: false, defaultDays: 90 }
}

/** What a self-signed certificate can be: an intermediate needs a parent, so it is not offered. */
export const selfSignedPresets = ['server', 'client', 'serverClient', 'rootCA'] as const satisfies readonly CertificatePreset[]
/** What a CA may issue for a CSR: a root signs itself, so it is not offered. */
export const signCsrPresets = ['server', 'client', 'serverClient', 'intermediateCA'] as const satisfies readonly CertificatePreset[]
