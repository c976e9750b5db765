// HTTPS (RFC 9460 §9): SVCB for HTTP origins, the record a browser asks for beside A/AAAA to learn ALPN (h2, h3),
// ECH keys and address hints before it connects. Same RDATA as SVCB, so the codec comes from svcb.ts.
import { makeSvcbCodec } from './svcb'

export const HTTPS_CODEC = makeSvcbCodec(
  'HTTPS',
  65,
  'How to reach an HTTPS origin: alternative endpoint, ALPN protocols (h2, h3), port, ECH and address hints (RFC 9460 §9).'
)
