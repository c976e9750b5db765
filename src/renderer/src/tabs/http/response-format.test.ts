// The raw view's helpers: line endings kept and told apart (CRLF, bare LF, bare CR), control bytes escaped so nothing
// hides, bytes read one character per byte, sizes in words.
import { describe, expect, it } from 'vitest'
import { escapeControls, formatSize, headerValues, latin1, markLines } from './response-format'

describe('response view helpers', () => {
  it('splits lines keeping each ending as it was', () => {
    expect(markLines('HTTP/1.1 200 OK\r\nA: b\nC: d\r\re').lines).toEqual([
      { text: 'HTTP/1.1 200 OK', end: '\r\n' },
      { text: 'A: b', end: '\n' },
      { text: 'C: d', end: '\r' },
      { text: '', end: '\r' },
      { text: 'e', end: '' }
    ])
    const many = markLines('x\n'.repeat(100), 10)
    expect(many.lines.length).toBe(10)
    expect(many.more).toBe(true)
  })
  it('escapes C0, DEL and C1 controls but keeps tabs and text', () => {
    expect(escapeControls('a\tb\x00c\x1b\x7f\x85é')).toBe('a\tb\\x00c\\x1b\\x7f\\x85é')
  })
  it('reads bytes as Latin-1 one to one, and says sizes in words', () => {
    expect(latin1(new Uint8Array([0x48, 0xe9, 0xff]))).toBe('Hé\u00ff')
    expect(latin1(new Uint8Array(20_000).fill(0x41)).length).toBe(20_000)
    expect([formatSize(512), formatSize(1300), formatSize(3 * 1024 * 1024)]).toEqual(['512 B', '1.3 KiB', '3.0 MiB'])
    expect(headerValues([['Set-Cookie', 'a=1'], ['set-cookie', 'b=2'], ['X', 'y']], 'SET-COOKIE')).toEqual(['a=1', 'b=2'])
  })
})
