// What the transcript's search counts and what "save" writes, on entries shaped as the page holds them.
import { describe, expect, it } from 'vitest'
import type { Entry } from '../app/streams'
import { findInTranscript, MAX_MATCHES, transcriptAsText, transcriptBytes } from './transcript-lines'

const enc = new TextEncoder()
const entry = (dir: Entry['dir'], text: string, t = 0): Entry => ({ t, dir, bytes: enc.encode(text), length: enc.encode(text).length })

describe('transcript search and export', () => {
  const entries = [entry('out', 'GET / HTTP/1.1\r\nHost: a\r\n\r\n'), entry('in', 'HTTP/1.1 200 OK\r\nhost: b\r\n'), { t: 0, dir: 'info' as const, bytes: new Uint8Array(), length: 0, note: 'closed by peer' }]

  it('finds every occurrence, case-insensitively, with the row each sits on in the text view', () => {
    const found = findInTranscript(entries, 'host')
    // Row 1 is "Host: a\r\n" of the first entry; row 4 is "host: b\r\n" of the second.
    expect(found).toEqual([
      { row: 1, start: 0, end: 4 },
      { row: 4, start: 0, end: 4 }
    ])
    expect(findInTranscript(entries, 'HTTP/1.1')).toHaveLength(2)
    expect(findInTranscript(entries, 'closed by')).toEqual([{ row: 5, start: 0, end: 9 }])
    expect(findInTranscript(entries, 'absent')).toEqual([])
    expect(findInTranscript(entries, '')).toEqual([])
  })

  it('stops counting at its cap on a huge transcript', () => {
    const many = [entry('in', 'a'.repeat(30_000))]
    expect(findInTranscript(many, 'a')).toHaveLength(MAX_MATCHES)
  })

  it('saves text with direction and size per entry, and raw bytes per direction in wire order', () => {
    const text = transcriptAsText(entries)
    expect(text).toMatch(/→ 27 B {2}GET \/ HTTP\/1\.1\\r\\n\n/)
    expect(text).toMatch(/← 26 B {2}HTTP\/1\.1 200 OK\\r\\n/)
    expect(text).toMatch(/• {2}closed by peer\n$/)
    expect(new TextDecoder().decode(transcriptBytes(entries, 'in'))).toBe('HTTP/1.1 200 OK\r\nhost: b\r\n')
    expect(new TextDecoder().decode(transcriptBytes(entries, 'both'))).toBe('GET / HTTP/1.1\r\nHost: a\r\n\r\nHTTP/1.1 200 OK\r\nhost: b\r\n')
  })
})
