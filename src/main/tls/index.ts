// The TLS engine's public surface: the one connector every TCP and TLS client uses, and PEM reading.
export { connect, type ConnectAttempt, type ConnectOptions, type Connection, type Endpoint, type PhaseTimings, type TlsClientSettings, type TlsFacts } from './connect'
export { ByteTap, DEFAULT_TAP_BYTES, type TapChunk } from './byte-tap'
export { serverNameFor, verifyNameFor } from './server-name'
export { readPemCertificates, readPrivateKey, readKeyPair, summarize, oneLine } from './material'
export { scanTls, scanToMarkdown, clearScanCache, parseHsts, type ScanOptions, type ScanControl, type ScanProgress } from './scan/index'
