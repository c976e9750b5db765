// Record types of one group: A, AAAA, NS, CNAME, DNAME, PTR, MX, TXT, SOA, SRV (owned by the codec-core work). One file per type beside this one; this list is the group's table.
import type { RdataCodec } from './codec'
import { A } from './a'
import { AAAA } from './aaaa'
import { CNAME } from './cname'
import { DNAME } from './dname'
import { MX } from './mx'
import { NS } from './ns'
import { PTR } from './ptr'
import { SOA } from './soa'
import { SRV } from './srv'
import { TXT } from './txt'
import { SPF } from './spf'

export const CORE_CODECS: RdataCodec[] = [A, AAAA, NS, CNAME, DNAME, PTR, MX, TXT, SOA, SRV, SPF]
