// Binds the Certificates area's methods to this session's certificate service, which holds the window's key vault.
import type { certificateMethods } from '../../../shared/contract/certificates'
import type { OsOpenedFile } from '../../../shared/contract'
import { CertificateService, openOsFile } from '../../x509'
import type { Binding } from './binding'

export function bindCertificates(certificates = new CertificateService()): Binding<keyof typeof certificateMethods> & {
  keyPem(keyId: string): string
  openOsFile(path: string): Promise<OsOpenedFile>
} {
  return {
    keyPem: (keyId) => certificates.keyPem(keyId),
    openOsFile: (path) => openOsFile(certificates, path),
    dispose: () => certificates.dispose(),
    handlers: {
      'x509.open': (input, job) => {
        job.progress({ message: `Opening ${input.name ?? 'the file'}…` })
        return certificates.open(input, { signal: job.signal })
      },
      'x509.inspect': (input) => certificates.inspect(input),
      'x509.verify': (input) => certificates.verify(input),
      'x509.trustStores': () => certificates.trustStores(),
      'x509.fetchChain': (input) => certificates.fetchChain(input),
      'x509.fetchIssuer': (input) => certificates.fetchIssuer(input),
      'x509.generate': (input) => certificates.generate(input),
      'x509.keys': () => certificates.keys(),
      'x509.forgetKeys': () => certificates.forgetKeys(),
      'x509.keyMatches': (input) => certificates.keyMatches(input),
      'x509.exportKey': (input) => certificates.exportKey(input),
      'x509.saveKey': (input) => certificates.saveKey(input),
      'x509.exportPkcs12': (input) => certificates.exportPkcs12(input)
    }
  }
}
