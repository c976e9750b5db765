// The DNS engine: queries over UDP, TCP, TLS and HTTPS and the OS resolver, traces from the root, DNSSEC
// validation and domain insights. Plain Node; codecs and pure logic are in shared/dns.
export { queryOnce, type QueryContext } from './query'
export { lookup } from './lookup'
export { decodeHex } from './decode'
export { systemResolver, getaddrinfoLookup } from './system'
export { trace } from './trace'
export { validateDnssec } from './dnssec'
export { domainInsights } from './insights'
