// The Subnets tab's state outside its components: the section shown and every input as typed, so a tab switch
// (which unmounts the tab) brings it back exactly as it was.
import type { PortAnswer, SystemNetwork } from '../../../../shared/contract'
import type { WireError } from '../../../../shared/errors'
import { createStore } from '../../app/store'

export type Section = 'calc' | 'split' | 'ports' | 'machine'

export const subnetsStore = createStore({
  section: 'calc' as Section,
  calcInput: '192.168.10.37/26',
  // Split
  network: '10.20.0.0/16',
  mode: 'prefix' as 'prefix' | 'count',
  value: '24',
  // VLSM
  parent: '192.168.0.0/24',
  wants: 'office: 100\nlab: 50\nservers: 20\nlink: 2',
  // Summarize
  text: '10.0.0.0/24\n10.0.1.0/24\n10.0.2.0/23\n192.168.1.0-192.168.1.99',
  // Compare
  a: '10.0.0.0/16',
  b: '10.0.128.0/17',
  // Ports
  query: '443',
  answer: null as PortAnswer | null,
  portError: null as WireError | null,
  // This machine: main's last answer, shown at once and asked again on mount
  net: null as SystemNetwork | null,
  netError: null as WireError | null
})
