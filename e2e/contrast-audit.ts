// Runs the in-page contrast audit (contrast-audit-page.js) in light and dark theme and words each miss for a report.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from '@playwright/test'

interface ContrastMiss {
  text: string
  where: string
  fg: string
  bg: string
  ratio: number
  need: number
}

// The file declares auditInPage; the call's result is the script's value, which evaluate returns.
const AUDIT = readFileSync(join(__dirname, 'contrast-audit-page.js'), 'utf8') + '\nauditInPage()\n'

/** Audits the page in both themes and returns each miss once per theme, screen and place, in words. */
export async function auditContrast(page: Page, screen: string): Promise<string[]> {
  const lines: string[] = []
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme })
    const seen = new Set<string>()
    for (const m of (await page.evaluate(AUDIT)) as ContrastMiss[]) {
      const key = `${m.where} ${m.fg} ${m.bg}`
      if (seen.has(key)) continue
      seen.add(key)
      lines.push(`${scheme} · ${screen}: "${m.text}" ${m.fg} on ${m.bg} = ${m.ratio}:1 < ${m.need}:1 (${m.where})`)
    }
  }
  await page.emulateMedia({ colorScheme: 'light' })
  return lines
}
