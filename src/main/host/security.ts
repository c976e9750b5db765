// The security policy both shells share: the page's CSP, the constant-time token check, the one-time launch codes
// that keep the long-lived token out of every process's argv, and the exact check of which page may call.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'

export function contentSecurityPolicy(wsOrigin?: string): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self'${wsOrigin ? ` ${wsOrigin}` : ''}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'"
  ].join('; ')
}

export function newToken(): string {
  return randomBytes(32).toString('base64url')
}

/** Compares digests so the time taken says nothing about how much of the token matched. */
export function tokenMatches(candidate: unknown, token: string): boolean {
  if (typeof candidate !== 'string' || candidate.length > 1024) return false
  const a = createHash('sha256').update(candidate).digest()
  const b = createHash('sha256').update(token).digest()
  return timingSafeEqual(a, b)
}

/**
 * Codes that open the page once: a URL handed to Chromium on its command line (readable by every local user in
 * /proc/PID/cmdline) carries one of these, never the token; the first use spends it, and unused ones expire.
 */
export class LaunchCodes {
  private readonly live = new Map<string, number>()
  private static readonly MAX_LIVE = 16

  issue(ttlMs: number, now = Date.now()): string {
    this.prune(now)
    if (this.live.size >= LaunchCodes.MAX_LIVE) this.live.delete(this.live.keys().next().value as string)
    const code = randomBytes(24).toString('base64url')
    this.live.set(code, now + ttlMs)
    return code
  }

  /** True once per issued code, and only before it expires. */
  redeem(candidate: unknown, now = Date.now()): boolean {
    this.prune(now)
    if (typeof candidate !== 'string' || candidate.length > 256) return false
    for (const code of this.live.keys()) {
      if (tokenMatches(candidate, code)) {
        this.live.delete(code)
        return true
      }
    }
    return false
  }

  private prune(now: number): void {
    for (const [code, expires] of this.live) if (expires <= now) this.live.delete(code)
  }
}

/** Where the packaged renderer lives: a custom scheme, so no file:// page (or file next to it) can pass for it. */
export const APP_ORIGIN = 'app://wirebench'
export const APP_PAGE_URL = `${APP_ORIGIN}/index.html`

/**
 * Only the app's own top-level page may call main: exactly app://wirebench/index.html (a fragment aside), or, when
 * not packaged, a page of the dev server's exact origin.
 */
export function isTrustedPageUrl(url: string, devUrl: string | undefined): boolean {
  let page: URL
  try {
    page = new URL(url)
  } catch {
    return false
  }
  const withoutHash = `${page.origin === 'null' ? `${page.protocol}//${page.host}` : page.origin}${page.pathname}${page.search}`
  if (withoutHash === APP_PAGE_URL) return true
  if (!devUrl) return false
  try {
    return page.origin === new URL(devUrl).origin && page.origin.startsWith('http://')
  } catch {
    return false
  }
}

/** The built renderer's file types, for both doors that serve it (the browser shell and app://). */
const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json'
}

export function contentTypeOf(path: string): string {
  const dot = path.lastIndexOf('.')
  return (dot >= 0 ? CONTENT_TYPES[path.slice(dot).toLowerCase()] : undefined) ?? 'application/octet-stream'
}
