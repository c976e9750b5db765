// CDNSKEY (RFC 7344 §3.2): the key the child wants its parent to make a DS of; same RDATA as DNSKEY.
import { makeDnskeyCodec } from './dnskey'

export const CDNSKEY_CODEC = makeDnskeyCodec('CDNSKEY', 60, 'CDNSKEY: the child zone asks its parent to publish a DS for this key (RFC 7344 §3.2; "0 3 0 AA==" asks for removal, RFC 8078 §4).')
