let counter = 0
/** Short ids that are unique within this process: "c1", "s2", ... */
export function nextId(prefix: string): string {
  counter += 1
  return `${prefix}${counter}`
}
