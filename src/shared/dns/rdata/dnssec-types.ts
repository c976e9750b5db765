// Record types of one group: DS, CDS, DNSKEY, CDNSKEY, RRSIG, NSEC, NSEC3, NSEC3PARAM. One file per type beside this one; this list is the group's table.
import type { RdataCodec } from './codec'

export const DNSSEC_CODECS: RdataCodec[] = []
