// The TLS scanner's public surface (issue 14): scanTls and its Markdown export; reached through ../tls's index.
export { scanTls, type ScanOptions, type ScanControl, type ScanProgress } from './scan'
export { scanToMarkdown } from './markdown'
export { clearScanCache } from './cache'
export { parseHsts } from './hsts'
