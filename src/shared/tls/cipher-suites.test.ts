// The generated TLS registries: up to date with resources/tls/, and holding the code points the walkthrough and the
// scanner name most (RFC 8446 §B.4 suites, RFC 8701 GREASE, the ML-KEM hybrids, RFC 8446 §4.2.3 schemes).
import { describe, expect, test } from 'vitest'
import { CIPHER_SUITES, cipherSuiteName } from './cipher-suites'
import { alertDescriptionName, extensionInfo, groupInfo, handshakeTypeInfo, signatureSchemeInfo } from './tls-names'

// Loaded through Vite (?raw text, plain ESM) rather than node:fs, so this file stays as pure as the code it tests.
const load = <T = { default: string }>(specifier: string): Promise<T> => import(/* @vite-ignore */ specifier)

describe('generated modules', () => {
  test('are what scripts/tls/generate-names.mjs builds from resources/tls', async () => {
    const generator = await load<{ TLS_FILES: string[]; buildCipherSuitesModule(f: Record<string, string>): string; buildRegistriesModule(f: Record<string, string>): string }>('../../../scripts/tls/tls-registry.mjs')
    const files: Record<string, string> = {}
    for (const name of generator.TLS_FILES) files[name] = (await load(`../../../resources/tls/${name}?raw`)).default
    expect(generator.buildCipherSuitesModule(files)).toBe((await load('./cipher-suites.ts?raw')).default)
    expect(generator.buildRegistriesModule(files)).toBe((await load('./tls-registries.ts?raw')).default)
  })
})

describe('names with their RFC', () => {
  test('every cipher suite OpenSSL 3 knows has an IANA row with the same code', () => {
    const withOpenssl = [...CIPHER_SUITES.values()].filter((s) => s.openssl)
    expect(withOpenssl.length).toBeGreaterThan(140)
    expect(CIPHER_SUITES.get(0x009c)).toMatchObject({ iana: 'TLS_RSA_WITH_AES_128_GCM_SHA256', openssl: 'AES128-GCM-SHA256', rfc: 'RFC 5288' })
    expect(cipherSuiteName(0x00ff)).toBe('TLS_EMPTY_RENEGOTIATION_INFO_SCSV')
    expect(cipherSuiteName(0x5600)).toBe('TLS_FALLBACK_SCSV')
    expect(cipherSuiteName(0x2a2a)).toBe('GREASE (0x2a2a)')
  })

  test('groups: classic curves, FFDHE, the ML-KEM hybrids and the obsolete Kyber draft', () => {
    expect(groupInfo(0x001d)).toMatchObject({ name: 'x25519', kind: 'ecdhe' })
    expect(groupInfo(0x0100)).toMatchObject({ name: 'ffdhe2048', kind: 'ffdhe', rfc: 'RFC 7919 §2' })
    expect(groupInfo(0x11ec)).toMatchObject({ name: 'X25519MLKEM768', kind: 'pq-hybrid' })
    expect(groupInfo(0x11ec).rfc).toMatch(/draft-ietf-tls-ecdhe-mlkem/)
    expect(groupInfo(0x11eb).name).toBe('SecP256r1MLKEM768')
    expect(groupInfo(0x6399)).toMatchObject({ name: 'X25519Kyber768Draft00', kind: 'pq-hybrid', obsolete: true })
    expect(groupInfo(0x0201)).toMatchObject({ name: 'MLKEM768', kind: 'pq' })
    expect(groupInfo(0x3a3a).grease).toBe(true)
  })

  test('extensions, signature schemes, alerts and handshake types', () => {
    expect(extensionInfo(51)).toMatchObject({ name: 'key_share', rfc: 'RFC 8446 §4.2.8' })
    expect(extensionInfo(16).name).toBe('application_layer_protocol_negotiation')
    expect(extensionInfo(65037).name).toBe('encrypted_client_hello')
    expect(extensionInfo(17613).name).toBe('application_settings')
    expect(extensionInfo(0x8a8a)).toMatchObject({ grease: true, rfc: 'RFC 8701' })
    expect(extensionInfo(4000)).toMatchObject({ known: false, name: 'unknown (4000)' })
    expect(signatureSchemeInfo(0x0804)).toMatchObject({ name: 'rsa_pss_rsae_sha256', rfc: 'RFC 8446 §4.2.3' })
    expect(signatureSchemeInfo(0x0905).name).toBe('mldsa65')
    // TLS 1.2 hash/signature pairs TLS 1.3 reserved for backward compatibility (RFC 5246 §7.4.1.4.1, RFC 8446 §11).
    const legacy = [0x0301, 0x0302, 0x0303, 0x0402, 0x0502, 0x0602].map((c) => signatureSchemeInfo(c))
    expect(legacy.map((x) => x.name.split(' ')[0])).toEqual(['sha224/rsa', 'sha224/dsa', 'sha224/ecdsa', 'sha256/dsa', 'sha384/dsa', 'sha512/dsa'])
    for (const x of legacy) expect(x).toMatchObject({ known: true, rfc: 'RFC 5246 §7.4.1.4.1, RFC 8446 §11' })
    expect(signatureSchemeInfo(0x0403).name).toBe('ecdsa_secp256r1_sha256')
    expect(signatureSchemeInfo(0x0104)).toMatchObject({ known: false })
    expect(alertDescriptionName(40)).toBe('handshake_failure')
    expect(alertDescriptionName(120)).toBe('no_application_protocol')
    expect(handshakeTypeInfo(8)).toEqual({ name: 'EncryptedExtensions', rfc: 'RFC 8446 §4.3.1', kind: 'tls-encrypted-extensions' })
  })
})
