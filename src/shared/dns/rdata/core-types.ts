// Record types of one group: A, AAAA, NS, CNAME, DNAME, PTR, MX, TXT, SOA, SRV (owned by the codec-core work). One file per type beside this one; this list is the group's table.
import type { RdataCodec } from './codec'

export const CORE_CODECS: RdataCodec[] = []
