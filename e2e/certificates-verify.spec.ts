// Verify in the Certificates tab with the strict validator's new answers (issue 13): a leaf revoked by a CRL that
// `openssl ca -gencrl` made (keyCompromise), given as a file with online checks off, reads REVOKED with its reason
// and where the answer came from; the policy tree shows the leaf's policy; turning revocation off says "not
// checked"; a leaf whose Common Name is not one of its SANs fails CN_NOT_IN_SAN with the BR section shown.
// Every certificate and the CRL are made here with openssl; screenshots in both themes go to /tmp/shots.
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Locator, Page } from '@playwright/test'
import { auditContrast } from './contrast-audit'
import { test, expect } from './fixtures'

let dir = ''
const file = (name: string) => join(dir, name)

function openssl(...args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' })
}

/** A leaf the E2E root signs, with the extensions the BR profile asks of a subscriber certificate. */
function leaf(name: string, cn: string, san: string): void {
  writeFileSync(
    file(`${name}.ext`),
    `basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\nsubjectAltName=${san}\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\ncertificatePolicies=2.23.140.1.2.1\n`
  )
  openssl('req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${cn}`)
  openssl('x509', '-req', '-in', `${name}.csr`, '-CA', 'root.pem', '-CAkey', 'root.key', '-CAcreateserial', '-out', `${name}.pem`, '-days', '90', '-extfile', `${name}.ext`)
}

test.beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'wirebench-verify-'))
  openssl('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'root.key', '-out', 'root.pem', '-days', '3650',
    '-subj', '/CN=E2E Revocation Root/O=Wirebench E2E', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign',
    '-addext', 'subjectKeyIdentifier=hash')
  leaf('revoked', 'localhost', 'DNS:localhost')
  leaf('cn-off', 'www.wirebench.test', 'DNS:localhost')
  // A minimal `openssl ca` setup: revoke the leaf for keyCompromise, then a v2 CRL with a CRL number and an AKI.
  mkdirSync(file('ca'))
  writeFileSync(file('ca/index.txt'), '')
  writeFileSync(file('ca/crlnumber'), '1000\n')
  writeFileSync(
    file('ca.cnf'),
    `[ ca ]\ndefault_ca = e2e\n[ e2e ]\ndatabase = ${file('ca/index.txt')}\ncrlnumber = ${file('ca/crlnumber')}\ncertificate = ${file('root.pem')}\nprivate_key = ${file('root.key')}\ndefault_md = sha256\ndefault_crl_days = 7\ncrl_extensions = crl_ext\n[ crl_ext ]\nauthorityKeyIdentifier = keyid:always\n`
  )
  openssl('ca', '-config', 'ca.cnf', '-revoke', 'revoked.pem', '-crl_reason', 'keyCompromise')
  openssl('ca', '-config', 'ca.cnf', '-gencrl', '-out', 'root.crl.pem')
  // Given as DER, as CAs publish them: the page sends it as latin1 text.
  openssl('crl', '-in', 'root.crl.pem', '-outform', 'DER', '-out', 'root.crl')
})

test.afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true })
})

test.beforeEach(async ({ app }) => {
  await app.getByRole('tab', { name: 'Certificates' }).click()
})

/** The screen in both themes under /tmp/shots, once per part scrolled into view, then the contrast audit. */
async function shoot(app: Page, name: string, parts: Record<string, Locator>): Promise<void> {
  mkdirSync('/tmp/shots', { recursive: true })
  for (const [part, locator] of Object.entries(parts)) {
    await locator.scrollIntoViewIfNeeded()
    for (const colorScheme of ['light', 'dark'] as const) {
      await app.emulateMedia({ colorScheme })
      await app.screenshot({ path: `/tmp/shots/w13-verify-${name}-${part}-${colorScheme}.png` })
    }
  }
  await app.emulateMedia({ colorScheme: 'light' })
  const misses = await auditContrast(app, `Certificates verify: ${name}`)
  expect(misses, misses.join('\n')).toEqual([])
}

/** Drops a file on an element the way a file manager does: a drop event carrying a DataTransfer of Files. */
async function dropOn(target: Locator, name: string): Promise<void> {
  const base64 = readFileSync(file(name)).toString('base64')
  const dataTransfer = await target.page().evaluateHandle(
    ({ name, base64 }) => {
      // Runs in the page; this file is type-checked without the DOM library, hence the narrow view of the globals.
      const page = globalThis as unknown as {
        DataTransfer: new () => { items: { add(file: unknown): void } }
        File: new (parts: Uint8Array[], name: string) => unknown
      }
      const dt = new page.DataTransfer()
      dt.items.add(new page.File([Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))], name))
      return dt
    },
    { name, base64 }
  )
  await target.dispatchEvent('dragenter', { dataTransfer })
  await target.dispatchEvent('dragover', { dataTransfer })
  await target.dispatchEvent('drop', { dataTransfer })
}

/** Opens the files in the list, goes to Verify with the first as leaf, and trusts the root. */
async function openAndTrust(app: Page, names: string[]): Promise<void> {
  await app.getByTestId('file-input').setInputFiles(names.map(file))
  await expect(app.getByTestId('opened-count')).toHaveText(`${names.length} items`)
  await app.getByRole('tab', { name: 'Verify', exact: true }).click()
  await app.getByLabel(/^Trust #\d+ as a root$/).check()
}

test('a CRL file that revokes the leaf for keyCompromise: REVOKED with reason, date and source; off says not checked', async ({ app }) => {
  await openAndTrust(app, ['revoked.pem', 'root.pem'])
  await expect(app.getByLabel('Leaf certificate')).toContainText('#1 localhost')
  await expect(app.getByLabel('Host name to check')).toHaveValue('localhost')
  // Soft-fail is the default; only the CRL given counts when online checks are off.
  await expect(app.getByLabel('Revocation Soft-fail')).toBeChecked()
  await app.getByLabel('Check revocation online').uncheck()
  await app.getByTestId('crl-file-input').setInputFiles(file('root.crl'))
  await expect(app.getByRole('list', { name: 'CRLs given' })).toContainText('root.crl')
  await app.getByRole('button', { name: 'Verify', exact: true }).click()

  const verdict = app.getByTestId('verify-verdict')
  await expect(verdict).toContainText('Not trusted')
  await expect(verdict).toContainText('revocation soft-fail')
  await expect(app.getByTestId('verify-errors')).toContainText('REVOKED')
  await expect(app.getByTestId('verify-errors')).toContainText('RFC 5280 §6.3')
  const links = app.getByTestId('chain-link')
  await expect(links).toHaveCount(2)
  const rev = links.nth(0).getByTestId('revocation')
  await expect(rev).toContainText('REVOKED')
  await expect(rev).toContainText('reason keyCompromise (the private key was compromised)')
  await expect(rev).toContainText(/since \d{4}-\d\d-\d\d/)
  await expect(rev).toContainText('according to the CRL file root.crl')
  await rev.getByText('Evidence (1)').click()
  await expect(rev).toContainText('CRL_REVOKED')
  await expect(rev).toContainText('CRL number 4096')
  await expect(rev).toContainText('signed by CN=E2E Revocation Root')
  // The root is the trust anchor: nothing to ask about it.
  await expect(links.nth(1).getByTestId('revocation')).toContainText('Revocation not checked')
  // The leaf's policy under the anchor's anyPolicy, and what the path ends with.
  const policy = app.getByTestId('policy-tree')
  await expect(policy.locator('.policy-node')).toHaveCount(2)
  await expect(policy.locator('.policy-node').nth(1)).toContainText('CA/B Forum Domain Validated (2.23.140.1.2.1)')
  await expect(policy).toContainText('User-constrained policy set (§6.1.6 (g)): CA/B Forum Domain Validated')
  await shoot(app, 'revoked', {
    verdict: app.getByTestId('verify-verdict'),
    form: app.getByRole('group', { name: 'Revocation' }),
    policy: policy
  })

  // Revocation off: the same chain is trusted, and the leaf says its status was not looked at.
  await app.getByLabel('Revocation Off').check()
  await app.getByRole('button', { name: 'Verify', exact: true }).click()
  await expect(verdict).toContainText('Trusted for localhost')
  await expect(verdict).toContainText('revocation not checked')
  await expect(links.nth(0).getByTestId('revocation')).toContainText('Revocation not checked')
  await expect(links.nth(0).getByTestId('revocation')).toContainText('revocation checking is off')
})

test('a leaf whose Common Name is not one of its SANs is warned CN_NOT_IN_SAN, with BR §7.1.4.3 shown', async ({ app }) => {
  await openAndTrust(app, ['cn-off.pem', 'root.pem'])
  await expect(app.getByLabel('Leaf certificate')).toContainText('www.wirebench.test')
  await app.getByLabel('Check revocation online').uncheck()
  await app.getByRole('button', { name: 'Verify', exact: true }).click()
  // BR §7.1.4.3 is broken, and said; the chain is still valid for its SAN, as every client treats it (RFC 9525 §6)
  const verdict = app.getByTestId('verify-verdict')
  await expect(verdict).toContainText('Trusted')
  await expect(verdict).not.toContainText('Not trusted')
  const warnings = app.getByTestId('verify-warnings')
  await expect(warnings).toContainText('CN_NOT_IN_SAN')
  await expect(warnings).toContainText('BR §7.1.4.3')
  const leafCard = app.getByTestId('chain-link').nth(0)
  await expect(leafCard).toContainText('CN_NOT_IN_SAN')
  await expect(leafCard.locator('.issue-source')).toContainText(['CA/B Forum BR §7.1.4.3'])
  // No CRL and offline: the leaf's status is unknown, shown on the card, not a reason to refuse under soft-fail.
  await expect(leafCard.getByTestId('revocation')).toContainText('Revocation unknown')
  await expect(leafCard.getByTestId('revocation')).toContainText('No CRL about it was given, and online checks were off.')
  // A CRL dropped on the CRL box is taken as a CRL, not opened in the list (the tab's own drop leaves it alone).
  await dropOn(app.getByTestId('crl-drop'), 'root.crl.pem')
  await expect(app.getByRole('list', { name: 'CRLs given' })).toContainText('root.crl.pem')
  await expect(app.getByRole('tab', { name: 'Verify', exact: true })).toHaveAttribute('aria-selected', 'true')
  await expect(app.getByRole('tab', { name: /Open & inspect/ })).toContainText('2')
  await app.locator('summary', { hasText: 'Path length, key usage, legacy names' }).click()
  await expect(app.getByLabel('Legacy: match the CN when there is no SAN')).not.toBeChecked()
  await shoot(app, 'cn-not-in-san', { verdict: app.getByTestId('verify-verdict'), options: app.getByLabel('Legacy: match the CN when there is no SAN') })
})
