// SPF (type 99): the retired twin of TXT for Sender Policy Framework. RFC 7208 §3.1 says publish TXT only, and
// §14.1 leaves type 99 registered for old records; its RDATA is TXT's, so the codec is TXT's under another number.
import type { RdataCodec } from './codec'
import { TXT } from './txt'

export const SPF: RdataCodec = {
  ...TXT,
  type: 'SPF',
  code: 99,
  explain: 'SPF (type 99): Sender Policy Framework in its own retired type; RFC 7208 §3.1 says publish it as TXT instead.'
}
