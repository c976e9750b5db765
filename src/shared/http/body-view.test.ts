// How bodies are classified for display: the Content-Type first, sniffing when it is missing or wrong, SVG never
// drawn, images only when whole, JSON pretty up to its cap, binary as hex; hostile bytes never throw.
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { BODY_VIEW_LIMITS, classifyBody, parseContentType, sniffImage } from './body-view'

const enc = (s: string): Uint8Array => new TextEncoder().encode(s)
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52])

describe('body view', () => {
  it('pretty-prints JSON by type and by sniffing', () => {
    const v = classifyBody({ contentType: 'application/json; charset=utf-8', bytes: enc('{"a":1,"b":[true]}') })
    expect(v.kind).toBe('json')
    expect(v.text).toBe('{\n  "a": 1,\n  "b": [\n    true\n  ]\n}')
    const sniffed = classifyBody({ bytes: enc('  [1,2]') })
    expect(sniffed.kind).toBe('json')
    expect(sniffed.notes.join(' ')).toMatch(/read as JSON/)
    expect(classifyBody({ contentType: 'application/problem+json', bytes: enc('{}') }).kind).toBe('json')
  })

  it('shows broken or partial JSON as received, and big JSON unindented', () => {
    const broken = classifyBody({ contentType: 'application/json', bytes: enc('{"a":') })
    expect(broken.text).toBe('{"a":')
    expect(broken.notes.join(' ')).toMatch(/Not valid JSON/)
    const partial = classifyBody({ contentType: 'application/json', bytes: enc('{"a":1'), totalBytes: 5000 })
    expect(partial.notes.join(' ')).toMatch(/Only part/)
    const big = `[${'1,'.repeat(BODY_VIEW_LIMITS.prettyJsonBytes / 2)}1]`
    const v = classifyBody({ contentType: 'application/json', bytes: enc(big) })
    expect(v.text!.includes('\n')).toBe(false)
    expect(v.text!.length).toBeLessThanOrEqual(BODY_VIEW_LIMITS.textChars)
  })

  it('keeps HTML and XML as source; SVG as source with a warning, never an image', () => {
    expect(classifyBody({ contentType: 'text/html', bytes: enc('<!doctype html><p>hi') })).toMatchObject({ kind: 'html', text: '<!doctype html><p>hi' })
    expect(classifyBody({ bytes: enc('<?xml version="1.0"?><a/>') }).kind).toBe('xml')
    const svg = classifyBody({ contentType: 'image/svg+xml', bytes: enc('<svg onload="alert(1)"/>') })
    expect(svg.kind).toBe('svg')
    expect(svg.dataUrl).toBeUndefined()
    expect(svg.notes.join(' ')).toMatch(/never drawn/)
    expect(classifyBody({ bytes: enc('<?xml version="1.0"?><svg/>') }).kind).toBe('svg')
  })

  it('draws whole PNG/JPEG/GIF/WebP as data URLs, sniffing past a wrong type', () => {
    expect(sniffImage(PNG)).toBe('image/png')
    expect(sniffImage(enc('GIF89a....'))).toBe('image/gif')
    expect(sniffImage(new Uint8Array([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg')
    expect(sniffImage(enc('RIFF\0\0\0\0WEBPVP8 '))).toBe('image/webp')
    const v = classifyBody({ contentType: 'image/png', bytes: PNG })
    expect(v.kind).toBe('image')
    expect(v.dataUrl).toMatch(/^data:image\/png;base64,iVBORw0KGgo/)
    const wrong = classifyBody({ contentType: 'text/plain', bytes: PNG })
    expect(wrong.kind).toBe('image')
    expect(wrong.notes.join(' ')).toMatch(/says text\/plain, but the bytes are image\/png/)
    const cut = classifyBody({ contentType: 'image/png', bytes: PNG, totalBytes: 100_000 })
    expect(cut.kind).toBe('hex')
    expect(cut.dataUrl).toBeUndefined()
    expect(classifyBody({ contentType: 'image/png', bytes: enc('not a png') }).kind).toBe('hex')
  })

  it('shows binary as hex and text as text, with the charset honoured', () => {
    expect(classifyBody({ bytes: new Uint8Array([0, 1, 2, 3, 0xff, 0xfe, 0, 0]) }).kind).toBe('hex')
    expect(classifyBody({ contentType: 'text/plain', bytes: enc('hello\n') })).toMatchObject({ kind: 'text', text: 'hello\n' })
    expect(classifyBody({ contentType: 'text/plain; charset=iso-8859-1', bytes: new Uint8Array([0x63, 0x61, 0x66, 0xe9]) }).text).toBe('café')
    expect(classifyBody({ contentType: 'text/plain', bytes: new Uint8Array() }).kind).toBe('empty')
    expect(parseContentType('Text/HTML; Charset="UTF-8"')).toEqual({ mediaType: 'text/html', charset: 'utf-8' })
  })

  it('a UTF-8 character cut by the display cap is still text', () => {
    const b = enc('héllo wörld €')
    expect(classifyBody({ contentType: 'text/plain', bytes: b.subarray(0, b.length - 1), totalBytes: b.length }).kind).toBe('text')
  })

  it('never throws on any bytes or Content-Type', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), fc.option(fc.string({ maxLength: 40 })), (bytes, ct) => void classifyBody({ bytes, contentType: ct ?? undefined })))
  })
})
