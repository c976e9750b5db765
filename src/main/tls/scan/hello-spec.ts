// The ClientHello each kind of probe sends: one place that knows which extensions a version's hello carries, so
// every probe of a protocol looks the same to the server except for what the probe asks about.
import type { ClientHelloSpec } from '../../../shared/tls/client-hello'
import { PROTOCOL_VERSION, type ProtocolName } from '../../../shared/tls/scan-model'
import { EMPTY_RENEGOTIATION_SCSV, type KeyShares, SECP256R1, SIGNATURE_SCHEMES, TLS12_CURVES, TLS13_GROUPS, X25519 } from './catalog'

export interface HelloContext {
  /** server_name, or undefined for an IP literal (RFC 6066 §3 forbids literal addresses). */
  sni?: string
  shares: KeyShares
}

/** Older servers (F5 and others) hang on hellos between 256 and 511 bytes; padding to 512 avoids that (RFC 7685 §1). */
const PAD_TO = 512

export function helloFor(ctx: HelloContext, p: ProtocolName, suites: number[], more: Partial<ClientHelloSpec> = {}): ClientHelloSpec {
  const version = PROTOCOL_VERSION[p]
  const base: ClientHelloSpec = { version, suites, padTo: PAD_TO }
  if (ctx.sni) base.sni = ctx.sni
  if (p === 'TLSv1.3') {
    Object.assign(base, {
      supportedVersions: [0x0304],
      groups: TLS13_GROUPS,
      keyShares: [
        { group: X25519, key: ctx.shares.x25519 },
        { group: SECP256R1, key: ctx.shares.secp256r1 }
      ],
      signatureAlgorithms: SIGNATURE_SCHEMES
    })
  } else {
    // The SCSV tells a server we do secure renegotiation (RFC 5746 §3.3) without needing the extension in SSLv3.
    base.suites = [...suites, EMPTY_RENEGOTIATION_SCSV]
    base.recordVersion = p === 'SSLv3' ? 0x0300 : 0x0301
    base.groups = TLS12_CURVES
    base.ecPointFormats = true
    if (p === 'TLSv1.2') base.signatureAlgorithms = SIGNATURE_SCHEMES
  }
  return { ...base, ...more }
}
