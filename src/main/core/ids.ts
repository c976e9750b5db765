// Ids for what an engine opens (connections, servers, sockets, vault keys, jobs), unique within this process.
let counter = 0
/** Short ids that are unique within this process: "c1", "s2", ... */
export function nextId(prefix: string): string {
  counter += 1
  return `${prefix}${counter}`
}
