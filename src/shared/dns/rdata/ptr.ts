// PTR (RFC 1035 §3.3.12): a pointer to another name, what reverse lookups return.
import { singleNameCodec } from './ns'

export const PTR = singleNameCodec('PTR', 12, 'ptrdname', 'A pointer to another name, used for reverse lookups (RFC 1035 §3.3.12).')
