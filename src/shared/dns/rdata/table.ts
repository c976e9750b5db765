// Every record type Wirebench reads, by type code: one codec per type (see codec.ts), gathered from three groups so
// each group's file stays small. A type not listed here is shown in RFC 3597 form (`\# len hex`) by unknown.ts.
import type { RdataCodec } from './codec'
import { CORE_CODECS } from './core-types'
import { MORE_CODECS } from './more-types'
import { DNSSEC_CODECS } from './dnssec-types'

const BY_CODE = new Map<number, RdataCodec>()
const BY_NAME = new Map<string, RdataCodec>()
for (const codec of [...CORE_CODECS, ...MORE_CODECS, ...DNSSEC_CODECS]) {
  BY_CODE.set(codec.code, codec)
  BY_NAME.set(codec.type, codec)
}

export function codecFor(code: number): RdataCodec | undefined {
  return BY_CODE.get(code)
}

export function codecNamed(type: string): RdataCodec | undefined {
  return BY_NAME.get(type.toUpperCase())
}

export function knownCodecs(): RdataCodec[] {
  return [...BY_CODE.values()]
}
