// What the app:// scheme may serve: files of the built renderer and nothing else, each with the strict CSP as a
// response header (a file:// page would have neither the header nor an origin of its own).
import { join, normalize, resolve, sep } from 'node:path'
import { APP_ORIGIN, contentSecurityPolicy, contentTypeOf } from './security'
import { decodePath } from './wire-guard'

export interface AppFile {
  path: string
  headers: Record<string, string>
}

/** The renderer file an app:// request names, or null (another host, a broken path, a way out of the folder). */
export function resolveAppFile(rendererDir: string, requestUrl: string): AppFile | null {
  let url: URL
  try {
    url = new URL(requestUrl)
  } catch {
    return null
  }
  if (`${url.protocol}//${url.host}` !== APP_ORIGIN) return null
  const decoded = decodePath(url.pathname)
  // The renderer's own URLs never climb or use backslashes; a request that does is not from it.
  if (decoded === null || decoded.includes('\\') || decoded.split('/').includes('..')) return null
  const root = resolve(rendererDir)
  const relative = normalize(decoded).replace(/^([/\\])+/, '') || 'index.html'
  const path = resolve(join(root, relative))
  if (!path.startsWith(root + sep)) return null
  return {
    path,
    headers: {
      'Content-Type': contentTypeOf(path),
      'Content-Security-Policy': contentSecurityPolicy(),
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-store'
    }
  }
}
