// The HTTP engine's public surface: other engines, the host bindings and the CLI reach it only through here.
export { runRaw, toRawTarget, SHOWN_BODY_BYTES, type RawJobContext } from './raw-job'
export { sendRaw, openTarget, exchange, tlsSummary, RAW_LIMITS, type RawTarget, type RawLimits, type RawOptions, type RawResult, type RawExchange, type RawTimings, type RawResponseHead, type RawBody } from './raw'
export { repeatRaw, summarize, percentile, MAX_REPEAT, type RepeatOptions, type RepeatResult, type PhaseStats, type PhaseName } from './timings'
export { decodeBody, decodeBodyStream, planDecoding, type DecodedBody, type DecodeOptions, type DecodePlan, type KnownCoding } from './decode-body'
export { sendH2, repeatH2, type H2Result } from './h2-client'
export { addJarCookies, storeResponseCookies, readRequestHead, requestUrl, type RequestHead, type CookiesBefore } from './jar'
