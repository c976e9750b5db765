// Injected at build time by electron-vite's define; falls back to package.json's version under tests.
declare const __WIREBENCH_VERSION__: string | undefined
export const APP_VERSION: string = typeof __WIREBENCH_VERSION__ === 'string' ? __WIREBENCH_VERSION__ : '0.1.0'
