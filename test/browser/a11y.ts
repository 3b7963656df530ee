import { createRequire } from 'node:module'
import type { Page } from 'playwright-core'
import { expect } from 'vitest'
import type { SignInForm } from './harness'

// Accessibility helpers of the a11y-*.test.ts suites: axe-core in the real page, the live
// region, focus. Colour contrast is checked too: Chromium computes real colours.

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js')

/** axe-core's violations inside `selector` (default: the sign-in form), as `rule: targets`. */
export async function axeViolations(page: Page, selector = '.cts[data-step]'): Promise<string[]> {
  if (!await page.evaluate(() => 'axe' in window)) await page.addScriptTag({ path: AXE })
  // Colours are measured as painted: let running transitions (a button being enabled) end.
  await page.waitForFunction(() => document.getAnimations().every(a => !(a instanceof CSSTransition)))
  return page.evaluate(async (sel) => {
    const axe = (window as unknown as { axe: { run: (context: Element, options: object) => Promise<{ violations: Array<{ id: string, nodes: Array<{ target: string[] }> }> }> } }).axe
    const { violations } = await axe.run(document.querySelector(sel)!, { resultTypes: ['violations'] })
    return violations.map(v => `${v.id}: ${v.nodes.map(n => n.target.join(' ')).join(' | ')}`)
  }, selector)
}

/** Asserts no axe violation, naming the state in the failure. */
export async function expectAccessible(page: Page, state: string) {
  expect(await axeViolations(page), `axe violations on "${state}"`).toEqual([])
  await expectOneLiveRegion(page, state)
}

/** Exactly one live region in the form, and it is polite. */
export async function expectOneLiveRegion(page: Page, state: string) {
  const regions = await page.locator('.cts[data-step]').evaluate(root => [...root.querySelectorAll('[aria-live], [role="status"], [role="alert"], [role="log"], [role="timer"], [role="marquee"]')]
    .map(el => el.getAttribute('aria-live') ?? `role=${el.getAttribute('role')}`))
  expect(regions, `live regions on "${state}"`).toEqual(['polite'])
}

/** What the live region says now. */
export function announced(form: SignInForm): Promise<string> {
  return form.root.locator('[data-cts-part="live"]').evaluate(el => (el.textContent ?? '').replaceAll('\u00A0', ' ').trim())
}

/** A short description of the focused element: its autocomplete, data-cts-part or tag. */
export function focused(page: Page): Promise<string | null> {
  return page.evaluate(() => {
    const el = document.activeElement
    if (!el || el === document.body) return null
    return el.getAttribute('autocomplete') ?? el.getAttribute('data-cts-action') ?? el.getAttribute('data-cts-part') ?? el.tagName.toLowerCase()
  })
}
