// DNAME (RFC 6672 §2.1): a whole subtree redirected to another name (never compressed when sent, but read leniently).
import { singleNameCodec } from './ns'

export const DNAME = singleNameCodec('DNAME', 39, 'target', 'Redirects every name below this one to the same name below the target (RFC 6672).')
