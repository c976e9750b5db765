// Record types of one group: HTTPS, SVCB, CAA, NAPTR, SSHFP, TLSA. One file per type beside this one; this list is the group's table.
import type { RdataCodec } from './codec'

export const MORE_CODECS: RdataCodec[] = []
