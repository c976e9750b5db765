// CDS (RFC 7344 §3.1): the DS the child wants its parent to publish; same RDATA as DS.
import { makeDsCodec } from './ds'

export const CDS_CODEC = makeDsCodec('CDS', 59, 'CDS: the child zone asks its parent to publish this DS (RFC 7344 §3.1; "0 0 0 00" asks for removal, RFC 8078 §4).')
