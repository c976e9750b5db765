// Electron entry: one window with the security settings of ARCHITECTURE.md (renderer on app:// with its CSP header,
// a dev server only when not packaged), a single instance, file opening, and a net under every handler.
import { app, BrowserWindow, Menu, session, shell } from 'electron'
import { basename, join } from 'node:path'
import { stat } from 'node:fs/promises'
import { openOsFileIn, registerAppScheme, registerIpc, sendEvents, serveRenderer } from './host/electron'
import { installSafetyNet } from './host/safety-net'
import { APP_PAGE_URL, contentSecurityPolicy } from './host/security'

installSafetyNet()
// A packaged app never loads a page named by its environment.
const devUrl = app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL
registerAppScheme()
let mainWindow: BrowserWindow | null = null
const CERT_FILE = /\.(pem|crt|cer|der|p7b|p7c|p12|pfx|csr|key)$/i
const MAX_FILE = 50 * 1024 * 1024
/** Files taken from one launch or drop of many; the rest are named in a notice. */
const MAX_FILES = 32
const pendingFiles: string[] = process.argv.slice(1).filter((a) => CERT_FILE.test(a))
let pageReady = false

/** Opens certificate files the OS gave us (argv, a second launch, macOS open-file) in main; the page gets the result, never a private key. */
async function deliverFiles(): Promise<void> {
  if (!mainWindow || !pageReady) return
  const contents = mainWindow.webContents
  const paths = pendingFiles.splice(0)
  if (paths.length > MAX_FILES) {
    const message = `Opened the first ${MAX_FILES} of ${paths.length} files; open the others from the Certificates tab.`
    sendEvents(contents, [{ name: 'app.notice', payload: { level: 'warning', message } }])
  }
  for (const path of paths.slice(0, MAX_FILES)) {
    try {
      // Only regular files: a FIFO or device named like a certificate would block the read forever.
      const info = await stat(path)
      if (!info.isFile() || info.size > MAX_FILE) continue
      sendEvents(contents, [{ name: 'x509.fileOpened', payload: await openOsFileIn(contents, path) }])
    } catch (err) {
      // A file that vanished, cannot be read or is not a certificate file is named in a notice; nothing reaches the page raw.
      const message = `Could not open ${basename(path)}: ${err instanceof Error ? err.message : String(err)}`
      sendEvents(contents, [{ name: 'app.notice', payload: { level: 'warning', message } }])
    }
  }
}

/** Only a well-formed http(s) URL goes to the system browser; anything else a page asks to open is dropped. */
function isWebUrl(url: string): boolean {
  try {
    const parsed = new URL(url)
    return parsed.protocol === 'https:' || parsed.protocol === 'http:'
  } catch {
    return false
  }
}

function createWindow(): void {
  mainWindow = new BrowserWindow({
    width: 1280,
    height: 860,
    minWidth: 900,
    minHeight: 600,
    title: 'Wirebench',
    show: false,
    webPreferences: {
      preload: join(__dirname, '../preload/index.js'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
      // Middle-click would open a link in a new window past the navigation rules.
      disableBlinkFeatures: 'Auxclick'
    }
  })
  mainWindow.once('ready-to-show', () => mainWindow?.show())
  mainWindow.webContents.on('did-finish-load', () => {
    pageReady = true
    void deliverFiles()
  })
  mainWindow.webContents.setWindowOpenHandler(({ url }) => {
    if (isWebUrl(url)) void shell.openExternal(url)
    return { action: 'deny' }
  })
  mainWindow.webContents.on('will-navigate', (event) => event.preventDefault())
  mainWindow.webContents.on('will-attach-webview', (event) => event.preventDefault())
  void mainWindow.loadURL(devUrl ?? APP_PAGE_URL)
}

if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  app.on('second-instance', (_event, argv) => {
    pendingFiles.push(...argv.filter((a) => CERT_FILE.test(a)))
    void deliverFiles()
    if (mainWindow) {
      if (mainWindow.isMinimized()) mainWindow.restore()
      mainWindow.focus()
    }
  })
  app.on('open-file', (event, path) => {
    event.preventDefault()
    pendingFiles.push(path)
    void deliverFiles()
  })
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (e) => e.preventDefault())
    contents.setWindowOpenHandler(() => ({ action: 'deny' }))
  })
  void app.whenReady().then(() => {
    session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false))
    session.defaultSession.setPermissionCheckHandler(() => false)
    session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
      callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [contentSecurityPolicy()] } })
    })
    Menu.setApplicationMenu(
      Menu.buildFromTemplate([
        { role: 'fileMenu' },
        { role: 'editMenu' },
        { role: 'viewMenu' },
        { role: 'windowMenu' }
      ])
    )
    serveRenderer(join(__dirname, '../renderer'))
    registerIpc(devUrl)
    createWindow()
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) createWindow()
    })
  })
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })
}
