// Files the OS hands the app (argv, macOS open-file, a second launch) reach the page only as main opened them:
// a double-clicked .key file goes into the window's vault, and the page sees its id and description, never its bytes.
import { open } from 'node:fs/promises'
import { basename } from 'node:path'
import type { OsOpenedFile } from '../../shared/contract/certificates'
import { WirebenchError } from '../../shared/errors'
import { MAX_INPUT_BYTES } from './open'
import type { CallOptions, CertificateService } from './service'

/** Reads at most MAX_INPUT_BYTES + 1 bytes, so a file that grows while read is still refused, not swallowed. */
async function readCapped(path: string): Promise<Uint8Array> {
  const handle = await open(path, 'r')
  try {
    const buffer = Buffer.alloc(Math.min(MAX_INPUT_BYTES + 1, (await handle.stat()).size + 1))
    let filled = 0
    for (;;) {
      const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, filled)
      if (bytesRead === 0) break
      filled += bytesRead
      if (filled === buffer.length) break
    }
    if (filled > MAX_INPUT_BYTES) {
      throw new WirebenchError('TOO_LARGE', `${basename(path)} is over ${MAX_INPUT_BYTES / 1048576} MB, the most Wirebench opens.`)
    }
    return new Uint8Array(buffer.buffer, buffer.byteOffset, filled)
  } finally {
    await handle.close()
  }
}

/**
 * Opens a file the OS gave the app into `service` (the window's certificate service): certificates, CSRs and CRLs
 * described as they are, private keys imported into the vault. Send the result as the x509.fileOpened payload.
 */
export async function openOsFile(service: CertificateService, path: string, options: CallOptions = {}): Promise<OsOpenedFile> {
  const bytes = await readCapped(path)
  return service.openForPage(basename(path), bytes, options)
}
