// Record types of one group: HTTPS, SVCB, CAA, NAPTR, SSHFP, TLSA. One file per type beside this one; this list is the group's table.
import type { RdataCodec } from './codec'
import { SVCB_CODEC } from './svcb'
import { HTTPS_CODEC } from './https'
import { CAA_CODEC } from './caa'
import { NAPTR_CODEC } from './naptr'
import { SSHFP_CODEC } from './sshfp'
import { TLSA_CODEC } from './tlsa'

export const MORE_CODECS: RdataCodec[] = [SVCB_CODEC, HTTPS_CODEC, CAA_CODEC, NAPTR_CODEC, SSHFP_CODEC, TLSA_CODEC]
