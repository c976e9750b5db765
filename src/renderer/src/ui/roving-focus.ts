// Arrow keys for every sub-tab strip and segmented control (WAI-ARIA tabs and radio group patterns): one Tab stop
// per group, arrows move it and select, so a keyboard user is not stuck tabbing through every option.
import type { KeyboardEvent } from 'react'

const ITEM = '[role="tab"], [role="radio"]'

/** The tabIndex of one option: only the selected one is reachable with Tab; arrows reach the rest. */
export function rovingTabIndex(selected: boolean): 0 | -1 {
  return selected ? 0 : -1
}

/**
 * Put on the element with role="tablist" or role="radiogroup". Left/Right (and Up/Down in a radio group) move to
 * the previous/next enabled option, wrapping; Home/End to the first/last. Moving also selects (a click), as the
 * radio pattern requires and as automatic activation does for tabs whose panels are cheap to show.
 */
export function onRovingKeyDown(e: KeyboardEvent<HTMLElement>): void {
  const group = e.currentTarget
  const vertical = group.getAttribute('role') === 'radiogroup'
  const items = Array.from(group.querySelectorAll<HTMLElement>(ITEM)).filter(
    (el) => el.closest('[role="tablist"], [role="radiogroup"]') === group && !(el instanceof HTMLButtonElement && el.disabled)
  )
  const at = items.indexOf(e.target as HTMLElement)
  if (at < 0 || e.altKey || e.ctrlKey || e.metaKey) return
  let next: number
  if (e.key === 'ArrowRight' || (vertical && e.key === 'ArrowDown')) next = (at + 1) % items.length
  else if (e.key === 'ArrowLeft' || (vertical && e.key === 'ArrowUp')) next = (at - 1 + items.length) % items.length
  else if (e.key === 'Home') next = 0
  else if (e.key === 'End') next = items.length - 1
  else return
  e.preventDefault()
  const target = items[next]!
  target.focus()
  if (target.getAttribute('aria-checked') !== 'true' && target.getAttribute('aria-selected') !== 'true') target.click()
}
