// Record types of one group: DS, CDS, DNSKEY, CDNSKEY, RRSIG, NSEC, NSEC3, NSEC3PARAM. One file per type beside this one; this list is the group's table.
import type { RdataCodec } from './codec'
import { DS_CODEC } from './ds'
import { CDS_CODEC } from './cds'
import { DNSKEY_CODEC } from './dnskey'
import { CDNSKEY_CODEC } from './cdnskey'
import { RRSIG_CODEC } from './rrsig'
import { NSEC_CODEC } from './nsec'
import { NSEC3_CODEC } from './nsec3'
import { NSEC3PARAM_CODEC } from './nsec3param'

export const DNSSEC_CODECS: RdataCodec[] = [DS_CODEC, CDS_CODEC, DNSKEY_CODEC, CDNSKEY_CODEC, RRSIG_CODEC, NSEC_CODEC, NSEC3_CODEC, NSEC3PARAM_CODEC]
