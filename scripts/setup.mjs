// Runs after `npm ci` / `npm install`: makes sure the tools the app and its tests use are on this machine.
// On Debian/Ubuntu as root it installs what is missing from the OS packages; otherwise it says exactly what to
// install. It never fails the install. WIREBENCH_SKIP_SETUP=1 skips it.
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { chromiumPath, electronBinary } from './lib.mjs'

if (process.env.WIREBENCH_SKIP_SETUP === '1') process.exit(0)

const has = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0

// Debian package → what needs it.
const wanted = [
  ['chromium', () => chromiumPath() !== null, 'the browser shell and the end-to-end tests'],
  ['openssl', () => has('openssl'), 'TLS tests against openssl s_server'],
  ['socat', () => has('socat'), 'benchmarks against socat'],
  ['nginx', () => has('nginx') || existsSync('/usr/sbin/nginx'), 'the private-root end-to-end test (nginx serving a lab chain)'],
  ['xvfb', () => has('Xvfb'), 'screenshots of the app in a virtual display'],
  ['knot', () => existsSync('/usr/sbin/knotd'), 'DNS tests: authoritative zones, DNSSEC signing, a root/TLD/domain hierarchy'],
  ['knot-dnsutils', () => has('kdig'), 'the DNS benchmark against kdig'],
  ['unbound', () => existsSync('/usr/sbin/unbound'), 'DNS over TLS and HTTPS tests'],
  ['bind9-dnsutils', () => has('dig'), 'DNS tests: answers must agree with dig +short'],
  ['dns-root-data', () => existsSync('/usr/share/dns/root.hints'), 'checking the bundled root hints and trust anchor'],
  ['zstd', () => has('zstd'), 'HTTP tests: zstd-encoded bodies made by the reference zstd CLI'],
  ['tcpdump', () => has('tcpdump') || existsSync('/usr/bin/tcpdump') || existsSync('/usr/sbin/tcpdump'), 'the Walkthrough: capturing its own packets'],
  ['tshark', () => has('tshark'), 'Walkthrough tests: tshark must read and decrypt our pcapng exports'],
  ['testssl.sh', () => has('testssl') || existsSync('/usr/bin/testssl'), 'TLS scan tests: protocols, suites and preference must agree with testssl.sh']
]
const missing = wanted.filter(([, present]) => !present())

if (missing.length) {
  const names = missing.map(([name]) => name)
  const canApt = process.platform === 'linux' && process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')
  if (canApt) {
    console.log(`wirebench setup: installing ${names.join(', ')} from the OS packages…`)
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
    // tshark's package asks whether non-root users may capture; answer "no" up front so the install never waits.
    if (names.includes('tshark')) {
      spawnSync('debconf-set-selections', { input: 'wireshark-common wireshark-common/install-setuid boolean false\n', stdio: ['pipe', 'ignore', 'ignore'] })
    }
    const update = spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env })
    const install = update.status === 0 ? spawnSync('apt-get', ['install', '-y', '-qq', ...names], { stdio: 'inherit', env }) : update
    if (install.status !== 0) console.warn(`wirebench setup: could not install ${names.join(', ')}; install them yourself.`)
  } else {
    console.warn('wirebench setup: some tools are missing:')
    for (const [name, , why] of missing) console.warn(`  - ${name}: for ${why}`)
    console.warn(`Install them, for example: sudo apt-get install -y ${names.join(' ')}`)
    console.warn('(or set WIREBENCH_CHROMIUM to a Chromium or Chrome binary)')
  }
}

if (!electronBinary()) {
  console.log(
    'wirebench setup: the Electron binary is not installed (its download is skipped here), so `npm start` runs the browser shell.\n' +
      '  Where the network allows it, `node node_modules/electron/install.js` fetches Electron and `npm start` then opens the desktop app.'
  )
}
