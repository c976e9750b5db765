// Port numbers and service names (getservbyport / getservbyname, from the IANA registry shipped in resources/),
// loaded once on first use.
import { readFileSync } from 'node:fs'
import { buildPortTable, queryPorts, type PortQueryAnswer, type PortTable } from '../../shared/ip'
import { WirebenchError } from '../../shared/errors'
import type { PortAnswer } from '../../shared/contract'
import { resourcePath } from '../resources'
import { ephemeralPortRange } from './system'

let table: PortTable | null = null

export function portTable(): PortTable {
  if (!table) {
    const built = buildPortTable(JSON.parse(readFileSync(resourcePath('iana', 'service-names-port-numbers.json'), 'utf8')))
    if (!built.ok) throw new WirebenchError('INTERNAL', `The bundled port registry is damaged: ${built.error}`)
    table = built.value
  }
  return table
}

export function lookupPorts(query: string): PortQueryAnswer {
  const answer = queryPorts(portTable(), query)
  if (!answer.ok) throw new WirebenchError('INVALID_INPUT', answer.error)
  return answer.value
}

/** A lookup plus this machine's ephemeral range, so "is 51000 one the OS hands out?" has an answer. */
export async function lookupPortsWithEphemeral(query: string): Promise<PortAnswer> {
  const answer = lookupPorts(query)
  const range = await ephemeralPortRange()
  return {
    ...answer,
    ephemeral: range ? { low: range.low, high: range.high, contains: answer.kind === 'port' ? answer.port >= range.low && answer.port <= range.high : null } : null
  }
}
