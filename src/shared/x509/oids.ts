// Object identifiers Wirebench names, as a table. Attribute short names follow OpenSSL's so our output reads like
// `openssl x509 -text`; everything unknown is shown as its dotted OID.

/** Distinguished-name attribute types: OID → [short name, long name]. */
export const NAME_ATTRIBUTES: Record<string, readonly [string, string]> = {
  '2.5.4.3': ['CN', 'commonName'],
  '2.5.4.4': ['SN', 'surname'],
  '2.5.4.5': ['serialNumber', 'serialNumber'],
  '2.5.4.6': ['C', 'countryName'],
  '2.5.4.7': ['L', 'localityName'],
  '2.5.4.8': ['ST', 'stateOrProvinceName'],
  '2.5.4.9': ['street', 'streetAddress'],
  '2.5.4.10': ['O', 'organizationName'],
  '2.5.4.11': ['OU', 'organizationalUnitName'],
  '2.5.4.12': ['title', 'title'],
  '2.5.4.13': ['description', 'description'],
  '2.5.4.15': ['businessCategory', 'businessCategory'],
  '2.5.4.16': ['postalAddress', 'postalAddress'],
  '2.5.4.17': ['postalCode', 'postalCode'],
  '2.5.4.41': ['name', 'name'],
  '2.5.4.42': ['GN', 'givenName'],
  '2.5.4.43': ['initials', 'initials'],
  '2.5.4.44': ['generationQualifier', 'generationQualifier'],
  '2.5.4.45': ['x500UniqueIdentifier', 'x500UniqueIdentifier'],
  '2.5.4.46': ['dnQualifier', 'dnQualifier'],
  '2.5.4.65': ['pseudonym', 'pseudonym'],
  '2.5.4.97': ['organizationIdentifier', 'organizationIdentifier'],
  '1.2.840.113549.1.9.1': ['emailAddress', 'emailAddress'],
  '0.9.2342.19200300.100.1.1': ['UID', 'userId'],
  '0.9.2342.19200300.100.1.25': ['DC', 'domainComponent'],
  '1.3.6.1.4.1.311.60.2.1.1': ['jurisdictionL', 'jurisdictionLocalityName'],
  '1.3.6.1.4.1.311.60.2.1.2': ['jurisdictionST', 'jurisdictionStateOrProvinceName'],
  '1.3.6.1.4.1.311.60.2.1.3': ['jurisdictionC', 'jurisdictionCountryName']
}

/** Short name → OID, for building names from "CN=..., O=..." text. */
export const NAME_ATTRIBUTE_BY_SHORT: Record<string, string> = Object.fromEntries(
  Object.entries(NAME_ATTRIBUTES).flatMap(([oid, [short, long]]) => [
    [short.toUpperCase(), oid],
    [long.toUpperCase(), oid]
  ])
)

export const OID = {
  rsaEncryption: '1.2.840.113549.1.1.1',
  rsassaPss: '1.2.840.113549.1.1.10',
  ecPublicKey: '1.2.840.10045.2.1',
  ed25519: '1.3.101.112',
  ed448: '1.3.101.113',
  x25519: '1.3.101.110',
  x448: '1.3.101.111',
  dsa: '1.2.840.10040.4.1',
  mgf1: '1.2.840.113549.1.1.8',
  sha1: '1.3.14.3.2.26',
  sha256: '2.16.840.1.101.3.4.2.1',
  sha384: '2.16.840.1.101.3.4.2.2',
  sha512: '2.16.840.1.101.3.4.2.3',
  sha224: '2.16.840.1.101.3.4.2.4',
  basicConstraints: '2.5.29.19',
  keyUsage: '2.5.29.15',
  extKeyUsage: '2.5.29.37',
  subjectAltName: '2.5.29.17',
  issuerAltName: '2.5.29.18',
  subjectKeyIdentifier: '2.5.29.14',
  authorityKeyIdentifier: '2.5.29.35',
  crlDistributionPoints: '2.5.29.31',
  certificatePolicies: '2.5.29.32',
  policyMappings: '2.5.29.33',
  nameConstraints: '2.5.29.30',
  policyConstraints: '2.5.29.36',
  inhibitAnyPolicy: '2.5.29.54',
  crlNumber: '2.5.29.20',
  authorityInfoAccess: '1.3.6.1.5.5.7.1.1',
  subjectInfoAccess: '1.3.6.1.5.5.7.1.11',
  tlsFeature: '1.3.6.1.5.5.7.1.24',
  sctList: '1.3.6.1.4.1.11129.2.4.2',
  ctPoison: '1.3.6.1.4.1.11129.2.4.3',
  netscapeCertType: '2.16.840.1.113730.1.1',
  anyPolicy: '2.5.29.32.0',
  anyExtendedKeyUsage: '2.5.29.37.0',
  serverAuth: '1.3.6.1.5.5.7.3.1',
  clientAuth: '1.3.6.1.5.5.7.3.2',
  ocsp: '1.3.6.1.5.5.7.48.1',
  caIssuers: '1.3.6.1.5.5.7.48.2',
  cpsQualifier: '1.3.6.1.5.5.7.2.1',
  userNoticeQualifier: '1.3.6.1.5.5.7.2.2',
  extensionRequest: '1.2.840.113549.1.9.14',
  challengePassword: '1.2.840.113549.1.9.7',
  pkcs7Data: '1.2.840.113549.1.7.1',
  pkcs7SignedData: '1.2.840.113549.1.7.2',
  pkcs7EncryptedData: '1.2.840.113549.1.7.6',
  pbes2: '1.2.840.113549.1.5.13',
  pbkdf2: '1.2.840.113549.1.5.12',
  upn: '1.3.6.1.4.1.311.20.2.3',
  friendlyName: '1.2.840.113549.1.9.20',
  localKeyId: '1.2.840.113549.1.9.21',
  x509Certificate: '1.2.840.113549.1.9.22.1'
} as const

export const CURVES: Record<string, { name: string; bits: number }> = {
  '1.2.840.10045.3.1.7': { name: 'P-256', bits: 256 },
  '1.3.132.0.34': { name: 'P-384', bits: 384 },
  '1.3.132.0.35': { name: 'P-521', bits: 521 },
  '1.2.840.10045.3.1.1': { name: 'P-192', bits: 192 },
  '1.3.132.0.33': { name: 'P-224', bits: 224 },
  '1.3.132.0.10': { name: 'secp256k1', bits: 256 },
  '1.3.36.3.3.2.8.1.1.7': { name: 'brainpoolP256r1', bits: 256 },
  '1.3.36.3.3.2.8.1.1.11': { name: 'brainpoolP384r1', bits: 384 },
  '1.3.36.3.3.2.8.1.1.13': { name: 'brainpoolP512r1', bits: 512 }
}

/** Signature algorithms: OID → name as OpenSSL prints it, and the hash it uses (for verification and lint). */
export const SIGNATURE_ALGORITHMS: Record<string, { name: string; hash: string | null; key: 'RSA' | 'EC' | 'EdDSA' | 'DSA' | 'RSA-PSS' }> = {
  '1.2.840.113549.1.1.4': { name: 'md5WithRSAEncryption', hash: 'md5', key: 'RSA' },
  '1.2.840.113549.1.1.5': { name: 'sha1WithRSAEncryption', hash: 'sha1', key: 'RSA' },
  '1.2.840.113549.1.1.14': { name: 'sha224WithRSAEncryption', hash: 'sha224', key: 'RSA' },
  '1.2.840.113549.1.1.11': { name: 'sha256WithRSAEncryption', hash: 'sha256', key: 'RSA' },
  '1.2.840.113549.1.1.12': { name: 'sha384WithRSAEncryption', hash: 'sha384', key: 'RSA' },
  '1.2.840.113549.1.1.13': { name: 'sha512WithRSAEncryption', hash: 'sha512', key: 'RSA' },
  '1.2.840.113549.1.1.10': { name: 'rsassaPss', hash: null, key: 'RSA-PSS' },
  '1.2.840.10045.4.1': { name: 'ecdsa-with-SHA1', hash: 'sha1', key: 'EC' },
  '1.2.840.10045.4.3.1': { name: 'ecdsa-with-SHA224', hash: 'sha224', key: 'EC' },
  '1.2.840.10045.4.3.2': { name: 'ecdsa-with-SHA256', hash: 'sha256', key: 'EC' },
  '1.2.840.10045.4.3.3': { name: 'ecdsa-with-SHA384', hash: 'sha384', key: 'EC' },
  '1.2.840.10045.4.3.4': { name: 'ecdsa-with-SHA512', hash: 'sha512', key: 'EC' },
  '1.3.101.112': { name: 'ED25519', hash: null, key: 'EdDSA' },
  '1.3.101.113': { name: 'ED448', hash: null, key: 'EdDSA' },
  '1.2.840.10040.4.3': { name: 'dsa_with_SHA1', hash: 'sha1', key: 'DSA' },
  '2.16.840.1.101.3.4.3.1': { name: 'dsa_with_SHA224', hash: 'sha224', key: 'DSA' },
  '2.16.840.1.101.3.4.3.2': { name: 'dsa_with_SHA256', hash: 'sha256', key: 'DSA' }
}

export const HASHES: Record<string, string> = {
  '1.2.840.113549.2.5': 'md5',
  '1.3.14.3.2.26': 'sha1',
  '2.16.840.1.101.3.4.2.4': 'sha224',
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512'
}

export const EXTENSION_NAMES: Record<string, string> = {
  '2.5.29.19': 'Basic Constraints',
  '2.5.29.15': 'Key Usage',
  '2.5.29.37': 'Extended Key Usage',
  '2.5.29.17': 'Subject Alternative Name',
  '2.5.29.18': 'Issuer Alternative Name',
  '2.5.29.14': 'Subject Key Identifier',
  '2.5.29.35': 'Authority Key Identifier',
  '2.5.29.31': 'CRL Distribution Points',
  '2.5.29.32': 'Certificate Policies',
  '2.5.29.33': 'Policy Mappings',
  '2.5.29.30': 'Name Constraints',
  '2.5.29.36': 'Policy Constraints',
  '2.5.29.54': 'Inhibit anyPolicy',
  '2.5.29.9': 'Subject Directory Attributes',
  '2.5.29.16': 'Private Key Usage Period',
  '1.2.840.113533.7.65.0': 'Entrust Version Info',
  '2.5.29.46': 'Freshest CRL',
  '2.5.29.20': 'CRL Number',
  '2.5.29.21': 'CRL Reason',
  '2.5.29.28': 'Issuing Distribution Point',
  '1.3.6.1.5.5.7.1.1': 'Authority Information Access',
  '1.3.6.1.5.5.7.1.11': 'Subject Information Access',
  '1.3.6.1.5.5.7.1.24': 'TLS Feature',
  '1.3.6.1.5.5.7.1.3': 'Qualified Certificate Statements',
  '1.3.6.1.4.1.11129.2.4.2': 'CT Precertificate SCTs',
  '1.3.6.1.4.1.11129.2.4.3': 'CT Precertificate Poison',
  '2.16.840.1.113730.1.1': 'Netscape Cert Type',
  '2.16.840.1.113730.1.13': 'Netscape Comment',
  '1.3.6.1.4.1.311.20.2': 'Microsoft Certificate Template Name',
  '1.3.6.1.4.1.311.21.1': 'Microsoft CA Version',
  '1.3.6.1.4.1.311.21.7': 'Microsoft Certificate Template',
  '1.3.6.1.4.1.311.21.10': 'Microsoft Application Policies'
}

export const EXTENDED_KEY_USAGES: Record<string, string> = {
  '2.5.29.37.0': 'Any Extended Key Usage',
  '1.3.6.1.5.5.7.3.1': 'TLS Web Server Authentication',
  '1.3.6.1.5.5.7.3.2': 'TLS Web Client Authentication',
  '1.3.6.1.5.5.7.3.3': 'Code Signing',
  '1.3.6.1.5.5.7.3.4': 'E-mail Protection',
  '1.3.6.1.5.5.7.3.8': 'Time Stamping',
  '1.3.6.1.5.5.7.3.9': 'OCSP Signing',
  '1.3.6.1.5.5.7.3.17': 'IPSec Internet Key Exchange',
  '1.3.6.1.4.1.311.10.3.3': 'Microsoft Server Gated Crypto',
  '2.16.840.1.113730.4.1': 'Netscape Server Gated Crypto',
  '1.3.6.1.4.1.11129.2.4.4': 'CT Precertificate Signing',
  '1.3.6.1.4.1.311.20.2.2': 'Microsoft Smartcard Login',
  '1.3.6.1.5.2.3.5': 'Kerberos PKINIT KDC'
}

export const POLICIES: Record<string, string> = {
  '2.5.29.32.0': 'anyPolicy',
  '2.23.140.1.1': 'CA/B Forum Extended Validation',
  '2.23.140.1.2.1': 'CA/B Forum Domain Validated',
  '2.23.140.1.2.2': 'CA/B Forum Organization Validated',
  '2.23.140.1.2.3': 'CA/B Forum Individual Validated',
  '2.23.140.1.3': 'CA/B Forum EV Code Signing',
  '2.23.140.1.31': 'CA/B Forum Onion EV',
  '1.3.6.1.4.1.44947.1.1.1': "Let's Encrypt ISRG Domain Validated"
}

export const ACCESS_METHODS: Record<string, string> = {
  '1.3.6.1.5.5.7.48.1': 'OCSP',
  '1.3.6.1.5.5.7.48.2': 'CA Issuers',
  '1.3.6.1.5.5.7.48.3': 'Time Stamping',
  '1.3.6.1.5.5.7.48.5': 'CA Repository'
}

export const PUBLIC_KEY_ALGORITHMS: Record<string, string> = {
  '1.2.840.113549.1.1.1': 'RSA',
  '1.2.840.113549.1.1.10': 'RSA-PSS',
  '1.2.840.10045.2.1': 'EC',
  '1.3.101.112': 'Ed25519',
  '1.3.101.113': 'Ed448',
  '1.3.101.110': 'X25519',
  '1.3.101.111': 'X448',
  '1.2.840.10040.4.1': 'DSA'
}

/** Any OID → a readable name when Wirebench knows one. */
export function oidName(oid: string): string | undefined {
  return (
    EXTENSION_NAMES[oid] ??
    NAME_ATTRIBUTES[oid]?.[1] ??
    SIGNATURE_ALGORITHMS[oid]?.name ??
    EXTENDED_KEY_USAGES[oid] ??
    POLICIES[oid] ??
    ACCESS_METHODS[oid] ??
    PUBLIC_KEY_ALGORITHMS[oid] ??
    CURVES[oid]?.name ??
    HASHES[oid] ??
    OTHER_NAMES[oid]
  )
}

const OTHER_NAMES: Record<string, string> = {
  '1.2.840.113549.1.7.1': 'pkcs7-data',
  '1.2.840.113549.1.7.2': 'pkcs7-signedData',
  '1.2.840.113549.1.7.6': 'pkcs7-encryptedData',
  '1.2.840.113549.1.5.13': 'PBES2',
  '1.2.840.113549.1.5.12': 'PBKDF2',
  '1.2.840.113549.1.9.14': 'extensionRequest',
  '1.2.840.113549.1.9.7': 'challengePassword',
  '1.2.840.113549.1.9.20': 'friendlyName',
  '1.2.840.113549.1.9.21': 'localKeyID',
  '1.2.840.113549.1.12.10.1.1': 'keyBag',
  '1.2.840.113549.1.12.10.1.2': 'pkcs8ShroudedKeyBag',
  '1.2.840.113549.1.12.10.1.3': 'certBag',
  '1.2.840.113549.1.12.10.1.4': 'crlBag',
  '1.2.840.113549.1.12.10.1.5': 'secretBag',
  '1.2.840.113549.1.12.10.1.6': 'safeContentsBag',
  '1.2.840.113549.3.7': 'des-ede3-cbc',
  '2.16.840.1.101.3.4.1.2': 'aes-128-cbc',
  '2.16.840.1.101.3.4.1.22': 'aes-192-cbc',
  '2.16.840.1.101.3.4.1.42': 'aes-256-cbc',
  '1.2.840.113549.2.7': 'hmacWithSHA1',
  '1.2.840.113549.2.9': 'hmacWithSHA256',
  '1.2.840.113549.2.10': 'hmacWithSHA384',
  '1.2.840.113549.2.11': 'hmacWithSHA512',
  '1.2.840.113549.1.12.1.3': 'pbeWithSHAAnd3-KeyTripleDES-CBC',
  '1.2.840.113549.1.12.1.6': 'pbeWithSHAAnd40BitRC2-CBC',
  '1.2.840.113549.1.12.1.5': 'pbeWithSHAAnd128BitRC2-CBC',
  '1.3.6.1.5.5.7.2.1': 'CPS',
  '1.3.6.1.5.5.7.2.2': 'User Notice',
  '1.3.6.1.4.1.311.20.2.3': 'Microsoft UPN'
}
