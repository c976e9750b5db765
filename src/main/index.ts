// Electron entry: one window with the security settings of ARCHITECTURE.md, a single instance, file opening.
import { app, BrowserWindow, Menu, session, shell } from 'electron'
import { join } from 'node:path'
import { readFile, stat } from 'node:fs/promises'
import { basename } from 'node:path'
import { registerIpc, sendEvents } from './host/electron'
import { contentSecurityPolicy } from './host/security'

const devUrl = process.env.ELECTRON_RENDERER_URL
let mainWindow: BrowserWindow | null = null
const CERT_FILE = /\.(pem|crt|cer|der|p7b|p7c|p12|pfx|csr|key)$/i
const MAX_FILE = 50 * 1024 * 1024
const pendingFiles: string[] = process.argv.slice(1).filter((a) => CERT_FILE.test(a))
let pageReady = false

/** Hands certificate files the OS gave us (argv, a second launch, macOS open-file) to the page. */
async function deliverFiles(): Promise<void> {
  if (!mainWindow || !pageReady) return
  const contents = mainWindow.webContents
  for (const path of pendingFiles.splice(0)) {
    try {
      if ((await stat(path)).size > MAX_FILE) continue
      const data = (await readFile(path)).toString('base64')
      sendEvents(contents, [{ name: 'x509.fileOpened', payload: { name: basename(path), data } }])
    } catch {
      // A file that vanished or cannot be read is skipped; the user can still drop it.
    }
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
      spellcheck: false
    }
  })
  mainWindow.once('ready-to-show', () => mainWindow?.show())
  mainWindow.webContents.on('did-finish-load', () => {
    pageReady = true
    void deliverFiles()
  })
  mainWindow.webContents.setWindowOpenHandler(({ url }) => {
    if (/^https?:\/\//.test(url)) void shell.openExternal(url)
    return { action: 'deny' }
  })
  mainWindow.webContents.on('will-navigate', (event) => event.preventDefault())
  mainWindow.webContents.on('will-attach-webview', (event) => event.preventDefault())
  if (devUrl) void mainWindow.loadURL(devUrl)
  else void mainWindow.loadFile(join(__dirname, '../renderer/index.html'))
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
