// CNAME (RFC 1035 §3.3.1): this name is an alias of another.
import { singleNameCodec } from './ns'

export const CNAME = singleNameCodec('CNAME', 5, 'cname', 'This name is an alias; the canonical name holds the data (RFC 1035 §3.3.1).')
