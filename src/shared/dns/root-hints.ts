// Root hints (IANA's named.root, or a user's file in the same zone-file form): the NS names of the root and their
// A/AAAA glue, which is where an iterative resolution starts (RFC 1034 §5.3.2 "SBELT", RFC 8109 priming). Read
// leniently (comments, TTLs and classes optional, any case), refused only when no NS has a usable address.
import { WirebenchError } from '../errors'
import { parseAddress } from '../ip/address'

export interface RootHint {
  /** The root server's name, lower case, fully qualified ("a.root-servers.net."). */
  name: string
  /** One of its addresses (a server with A and AAAA gives two hints). */
  address: string
  family: 4 | 6
}

/** What the file says about itself: named.root's "last update" and "related version of root zone" comments. */
export interface RootHintsInfo {
  lastUpdate: string | null
  rootZoneVersion: string | null
}

/** Lines and servers read at most: named.root has 92 lines and 13 servers; a hostile file cannot make us work more. */
const MAX_LINES = 10_000
const MAX_HINTS = 64

const fq = (name: string): string => (name.endsWith('.') ? name : `${name}.`).toLowerCase()

/** Owner [TTL] [class] TYPE data, in either order of TTL and class (RFC 1035 §5.1). */
function readRecord(fields: string[]): { owner: string; type: string; data: string } | null {
  if (fields.length < 3) return null
  let i = 1
  for (let n = 0; n < 2 && i < fields.length - 2; n++) {
    const f = fields[i] as string
    if (/^\d+$/.test(f) || /^(IN|CH|HS)$/i.test(f)) i++
  }
  const type = (fields[i] as string).toUpperCase()
  const data = fields[i + 1]
  if (data === undefined) return null
  return { owner: fields[0] as string, type, data }
}

/** The root's servers with their addresses, in file order (NS order, then A before AAAA as written). */
export function parseRootHints(text: string): RootHint[] {
  const nsNames: string[] = []
  const glue = new Map<string, { address: string; family: 4 | 6 }[]>()
  const lines = text.split(/\r?\n/, MAX_LINES)
  for (const raw of lines) {
    const line = raw.replace(/;.*$/, '').trim()
    if (line === '' || line.startsWith('$')) continue
    const r = readRecord(line.split(/\s+/))
    if (!r) continue
    if (r.type === 'NS' && r.owner === '.') {
      const name = fq(r.data)
      if (!nsNames.includes(name)) nsNames.push(name)
    } else if (r.type === 'A' || r.type === 'AAAA') {
      const parsed = parseAddress(r.data)
      if (!parsed.ok || (parsed.value.version === 4) !== (r.type === 'A')) continue
      const list = glue.get(fq(r.owner)) ?? []
      list.push({ address: r.data, family: parsed.value.version })
      glue.set(fq(r.owner), list)
    }
  }
  const hints: RootHint[] = []
  for (const name of nsNames) {
    for (const g of glue.get(name) ?? []) if (hints.length < MAX_HINTS) hints.push({ name, ...g })
  }
  if (hints.length === 0) {
    const why =
      nsNames.length === 0
        ? 'it has no ". NS" record naming a root server'
        : `none of its ${nsNames.length} root server name(s) has an A or AAAA record giving its address`
    throw new WirebenchError(
      'DNS_BAD_ROOT_HINTS',
      `The root hints hold no usable server: ${why}. A trace starts from the root servers' addresses, so it needs NS records for "." with A or AAAA glue, as in IANA's named.root (RFC 1034 §5.3.2).`
    )
  }
  return hints
}

/** The "last update" and "related version of root zone" lines of an IANA named.root. */
export function rootHintsInfo(text: string): RootHintsInfo {
  const head = text.slice(0, 4096)
  const lastUpdate = /last update:\s*([^\r\n]+?)\s*$/im.exec(head)?.[1] ?? null
  const rootZoneVersion = /related version of root zone:\s*(\d+)/i.exec(head)?.[1] ?? null
  return { lastUpdate, rootZoneVersion }
}
