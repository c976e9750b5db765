// `wirebench jwt` run as a user would (the built CLI: `npx electron-vite build` first): RFC 7515 A.1 decoded and
// verified with its key, tampering and alg none refused in words, sign→verify round trips, JSON that parses, and
// secrets kept out of argv.
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { base64UrlDecode, base64UrlEncode } from '../../shared/http/jwt'
import { CLI_BUILT, runCli } from '../testing/cli'

const PAYLOAD_B64 = 'eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ'
const A1 = `eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.${PAYLOAD_B64}.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk`
const A1_K = 'AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow'
const BEFORE_EXP = '2011-03-22T18:00:00Z' // A.1's exp is 1300819380 (2011-03-22T18:43:00Z)

const jwt = (args: string[], stdin = '') => runCli(['jwt', ...args], stdin)
const jsonTool = (text: string) => spawnSync('python3', ['-m', 'json.tool'], { input: text })

describe.runIf(CLI_BUILT)('wirebench jwt', () => {
  let dir: string
  let secret: string
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'wirebench-jwt-cli-'))
    secret = join(dir, 'a1.key')
    writeFileSync(secret, base64UrlDecode(A1_K))
  })
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  it('decodes RFC 7515 A.1 from stdin: claims explained, expiry in words, "does not encrypt"', async () => {
    const r = await jwt(['decode', '-'], `${A1}\n`)
    expect(r.status, r.stderr).toBe(0)
    expect(r.stdout).toContain('iss: "joe"')
    expect(r.stdout).toMatch(/Expired .* ago \(2011-03-22T18:43:00Z\)/)
    expect(r.stdout).toMatch(/HS256 is HMAC with SHA-256.*It does not encrypt/)
    const j = await jwt(['decode', A1, '--json'])
    expect(jsonTool(j.stdout).status).toBe(0)
    const doc = JSON.parse(j.stdout)
    expect(doc.payload).toEqual({ iss: 'joe', exp: 1300819380, 'http://example.com/is_root': true })
    expect(doc.findings.map((f: { code: string }) => f.code)).toContain('EXPIRED')
  })

  it('verifies A.1 with its key; a tampered payload and alg none exit 1 with the reason', async () => {
    const ok = await jwt(['verify', A1, '--secret-file', secret, '--at', BEFORE_EXP])
    expect(ok.status, ok.stderr).toBe(0)
    expect(ok.stdout).toMatch(/^VALID: The HS256 signature is valid/)
    const expired = await jwt(['verify', A1, '--secret-file', secret, '--json'])
    expect(expired.status).toBe(1)
    expect(jsonTool(expired.stdout).status).toBe(0)
    expect(JSON.parse(expired.stdout)).toMatchObject({ valid: false, reason: expect.stringMatching(/signature is valid, but the token expired/i) })
    const forgedPayload = base64UrlEncode(new TextEncoder().encode('{"iss":"joe","exp":1300819380,"http://example.com/is_root":false}'))
    const tampered = await jwt(['verify', A1.replace(PAYLOAD_B64, forgedPayload), '--secret-file', secret, '--at', BEFORE_EXP])
    expect(tampered.status).toBe(1)
    expect(tampered.stdout).toMatch(/^INVALID: .*signature/i)
    const none = await jwt(['verify', `eyJhbGciOiJub25lIn0.${PAYLOAD_B64}.`, '--secret-file', secret, '--at', BEFORE_EXP])
    expect(none.status).toBe(1)
    expect(none.stdout).toMatch(/^INVALID: Refused: alg is "none"/)
  })

  it('signs then verifies: HS256 with a secret file, ES256 with an openssl key (wrong key → 1)', async () => {
    const hs = await jwt(['sign', '--payload', '{"sub":"42"}', '--alg', 'HS256', '--secret-file', secret])
    expect(hs.status, hs.stderr).toBe(0)
    expect(hs.stderr).toMatch(/does not encrypt/)
    expect((await jwt(['verify', hs.stdout.trim(), '--secret-file', secret])).status).toBe(0)

    const priv = join(dir, 'ec.pem')
    const pub = join(dir, 'ec.pub.pem')
    execFileSync('openssl', ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', priv])
    execFileSync('openssl', ['pkey', '-in', priv, '-pubout', '-out', pub])
    writeFileSync(join(dir, 'claims.json'), '{"sub":"7","aud":"api"}')
    const es = await jwt(['sign', '--payload', `@${join(dir, 'claims.json')}`, '--header', '{"kid":"k1"}', '--alg', 'ES256', '--key', priv, '--json'])
    expect(es.status, es.stderr).toBe(0)
    expect(jsonTool(es.stdout).status).toBe(0)
    const token = JSON.parse(es.stdout).token as string
    const v = await jwt(['verify', '-', '--key', pub, '--aud', 'api', '--alg', 'ES256'], token)
    expect(v.status, v.stdout).toBe(0)
    expect((await jwt(['verify', token, '--key', pub, '--aud', 'other'])).status).toBe(1)
    expect((await jwt(['verify', token, '--secret-file', secret])).status).toBe(1) // ES256 token, HMAC key: confusion refused
  })

  it('bad input exits 2: no --secret flag, no key, not a token, bad JSON payload', async () => {
    const s = await jwt(['verify', A1, '--secret', 'hunter2'])
    expect(s.status).toBe(2)
    expect(s.stderr).toMatch(/readable by every local user/)
    expect((await jwt(['verify', A1])).status).toBe(2)
    const junk = await jwt(['decode', 'not-a-token'])
    expect(junk.status).toBe(2)
    expect(junk.stderr).toMatch(/not a JWT/i)
    expect((await jwt(['sign', '--payload', '{nope', '--alg', 'HS256', '--secret-file', secret])).status).toBe(2)
    expect((await jwt(['decode'], '')).status).toBe(2)
  })
})
