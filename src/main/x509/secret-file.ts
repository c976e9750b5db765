// Writing a key to disk: the file is created new (never an existing file, never through a link, so a planted or
// dangling symlink cannot redirect it) and readable by its owner only.
import { constants } from 'node:fs'
import { type FileHandle, open, unlink } from 'node:fs/promises'
import { WirebenchError } from '../../shared/errors'

// O_NOFOLLOW does not exist on Windows; O_EXCL alone already refuses a link there and everywhere else
const EXCLUSIVE_NO_LINKS = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0)

/**
 * Creates `path` with mode 0600 and writes `data`. Refuses with EEXIST (ELOOP where the OS says so) when anything (a file, a link, a
 * dangling link) is already there. On Windows the mode is not enforced; the file inherits the folder's ACL.
 */
export async function writeSecretFile(path: string, data: string | Uint8Array): Promise<void> {
  let handle: FileHandle
  try {
    handle = await open(path, EXCLUSIVE_NO_LINKS, 0o600)
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    if (code === 'EEXIST' || code === 'ELOOP') {
      throw new WirebenchError(
        code,
        `Something already exists at ${path} (a file or a link); Wirebench writes keys only to a new file and never through a link. Choose another name.`,
        (err as Error).message
      )
    }
    throw err
  }
  try {
    // the umask can only remove bits, but say exactly what we mean
    await handle.chmod(0o600)
    await handle.writeFile(data)
  } catch (err) {
    await handle.close()
    await unlink(path).catch(() => {})
    throw err
  }
  await handle.close()
}
