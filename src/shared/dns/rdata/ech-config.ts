// The ECHConfigList inside an HTTPS record's ech SvcParam (draft-ietf-tls-esni §4, HPKE ids from RFC 9180 §7), read
// far enough to say what a user can check: the public name the network sees and the HPKE suites offered.
/** One ECHConfig of an ECHConfigList (draft-ietf-tls-esni §4; HPKE ids from RFC 9180 §7). */
export interface EchConfig {
  version: number
  configId: number | null
  kem: string | null
  cipherSuites: string[]
  maximumNameLength: number | null
  /** The name the outer (visible) ClientHello carries instead of the real one. */
  publicName: string | null
  extensions: number | null
}

const KEM: Record<number, string> = { 0x10: 'DHKEM(P-256, HKDF-SHA256)', 0x11: 'DHKEM(P-384, HKDF-SHA384)', 0x12: 'DHKEM(P-521, HKDF-SHA512)', 0x20: 'DHKEM(X25519, HKDF-SHA256)', 0x21: 'DHKEM(X448, HKDF-SHA512)' }
const KDF: Record<number, string> = { 1: 'HKDF-SHA256', 2: 'HKDF-SHA384', 3: 'HKDF-SHA512' }
const AEAD: Record<number, string> = { 1: 'AES-128-GCM', 2: 'AES-256-GCM', 3: 'ChaCha20Poly1305', 0xffff: 'export-only' }

/** Reads an ECHConfigList; throws (caught by the caller) when its lengths do not add up. */
export function readEchConfigList(bytes: Uint8Array): EchConfig[] {
  const u16 = (i: number): number => {
    if (i + 2 > bytes.length) throw new Error('short')
    return ((bytes[i] as number) << 8) | (bytes[i + 1] as number)
  }
  const total = u16(0)
  if (total + 2 !== bytes.length) throw new Error(`the list length says ${total} octets, ${bytes.length - 2} follow`)
  const out: EchConfig[] = []
  for (let i = 2; i < bytes.length && out.length < 32; ) {
    const version = u16(i)
    const length = u16(i + 2)
    const end = i + 4 + length
    if (end > bytes.length) throw new Error('an ECHConfig runs past the end of the list')
    const config: EchConfig = { version, configId: null, kem: null, cipherSuites: [], maximumNameLength: null, publicName: null, extensions: null }
    if (version === 0xfe0d) {
      let p = i + 4
      config.configId = bytes[p] as number
      const kem = u16(p + 1)
      config.kem = KEM[kem] ?? `KEM 0x${kem.toString(16).padStart(4, '0')}`
      p += 3
      p += 2 + u16(p) // public key
      const suitesEnd = p + 2 + u16(p)
      for (p += 2; p + 4 <= suitesEnd && config.cipherSuites.length < 64; p += 4) {
        config.cipherSuites.push(`${KDF[u16(p)] ?? `KDF ${u16(p)}`} + ${AEAD[u16(p + 2)] ?? `AEAD ${u16(p + 2)}`}`)
      }
      p = suitesEnd
      if (p + 2 > end) throw new Error('an ECHConfig is cut short')
      config.maximumNameLength = bytes[p] as number
      const nameLength = bytes[p + 1] as number
      if (p + 2 + nameLength + 2 > end) throw new Error('the public name runs past its ECHConfig')
      config.publicName = new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(p + 2, p + 2 + nameLength))
      config.extensions = u16(p + 2 + nameLength)
    }
    out.push(config)
    i = end
  }
  return out
}
