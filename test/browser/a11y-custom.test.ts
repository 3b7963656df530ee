import { frFR } from '@clerk/localizations'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { JANE, count, expectSignedIn, fapiCalls, fillCredentials, latestCode, openSignIn, screenshot, setupPlayground, useDevices, visibleText } from './harness'
import { announced, expectAccessible, focused } from './a11y'

// /custom: French (Clerk's frFR + our `fr` for what it lacks), a dark theme of --cts-* variables, header and footer
// slots, the segmented code input (one real field) verifying by itself; RTL; no leaking styles.

const segments = (page: Page) => page.locator('[data-cts-part="segment"]').allTextContents()

describe('given the playground in Chromium: the customised form (/custom)', async () => {
  await setupPlayground()

  const { device, onSignIn } = useDevices({ reset: true })

  it('speaks French, wears the theme, keeps the slots, and passes axe', async () => {
    const { page, form } = await onSignIn('/custom')
    expect(await form.root.getAttribute('lang')).toBe('fr-FR')
    expect(await visibleText(form.root.locator('[data-cts-part="title"]'))).toBe('Connexion à Acme')
    expect(await form.root.locator('label').allTextContents()).toEqual([frFR.formFieldLabel__emailAddress_username, frFR.formFieldLabel__password])
    expect(await visibleText(form.root.locator('[data-cts-part="header"]'))).toContain('Acme')
    expect(await visibleText(form.root.locator('[data-cts-part="footer"]'))).toContain('Pas encore de compte')
    const style = await form.root.evaluate((el) => {
      const s = getComputedStyle(el)
      return { background: s.backgroundColor, radius: s.borderTopLeftRadius, width: s.width }
    })
    expect(style).toEqual({ background: 'rgb(15, 23, 42)', radius: '16px', width: '416px' })
    await expectAccessible(page, '/custom credentials')

    await form.root.getByRole('button', { name: 'Continuer' }).click()
    await expect.poll(() => announced(form)).toBe(frFR.unstable__errors!.form_param_nil)
    await expectAccessible(page, '/custom field error')
  })

  it('draws the code over six boxes of ONE field: typing, Backspace, a wrong code (one request), then the right one', async () => {
    const { page, form, since } = await onSignIn('/custom')
    await fillCredentials(form, JANE.identifier, 'correct-horse')
    const prepared = page.waitForResponse(r => r.url().includes('/prepare_second_factor'))
    await form.root.getByRole('button', { name: 'Continuer' }).click()
    await form.atStep('verify')
    expect((await prepared).status()).toBe(200)
    expect(await visibleText(form.root)).toContain('pour continuer vers Clerk Emulator · j***@example.com')

    // One input, one label, the boxes hidden from assistive tech.
    expect(await form.root.locator('input').count()).toBe(1)
    expect(await page.getByLabel(frFR.signIn!.emailCode!.formTitle!).count()).toBe(1)
    expect(await form.root.locator('[data-cts-part="segment"]:not([aria-hidden="true"])').count()).toBe(0)
    await expect.poll(() => focused(page)).toBe('one-time-code')
    await page.keyboard.type('123')
    expect(await segments(page)).toEqual(['1', '2', '3', '', '', ''])
    expect(await form.root.locator('[data-cts-part="segment"][data-active]').count()).toBe(1)
    await page.keyboard.press('Backspace')
    expect(await form.code.inputValue()).toBe('12')
    expect(await segments(page)).toEqual(['1', '2', '', '', '', ''])
    // Separators and letters never reach the boxes.
    await page.keyboard.type('3-a')
    expect(await form.code.inputValue()).toBe('123')
    await page.keyboard.press('Backspace')
    await screenshot(page, 'custom')
    await expectAccessible(page, '/custom verify (segmented)')

    // A pasted / autofilled wrong code verifies at once, once, and comes back cleared.
    await form.code.fill('000000')
    await expect.poll(() => form.code.getAttribute('aria-invalid')).toBe('true')
    expect(await visibleText(await form.describedBy(form.code))).toBe(frFR.unstable__errors!.form_code_incorrect)
    expect(await segments(page)).toEqual(['', '', '', '', '', ''])
    expect(count(await fapiCalls(since), '/attempt_second_factor')).toBe(1)
    await expectAccessible(page, '/custom wrong code')

    // Pasted with a space: six digits in the boxes, verified at once.
    const code = await latestCode(JANE.identifier, since)
    await form.code.fill(`${code.slice(0, 3)} ${code.slice(3)}`)
    await expectSignedIn(page, JANE.firstName)
    expect(count(await fapiCalls(since), '/attempt_second_factor')).toBe(2)
  })

  it('lays out right-to-left with dir="rtl" (logical properties)', async () => {
    const { page, form } = await onSignIn('/custom?dir=rtl')
    expect(await form.root.getAttribute('dir')).toBe('rtl')
    const layout = await form.root.evaluate((root) => {
      const box = root.getBoundingClientRect()
      const title = root.querySelector('[data-cts-part="title"]')!
      const range = document.createRange()
      range.selectNodeContents(title)
      const text = range.getBoundingClientRect()
      return { align: getComputedStyle(title).textAlign, fromRight: box.right - text.right, fromLeft: text.left - box.left }
    })
    expect(layout.align).toBe('start')
    // The heading's text starts on the right, one padding (2rem) from the edge.
    expect(Math.round(layout.fromRight)).toBe(33)
    expect(layout.fromLeft).toBeGreaterThan(layout.fromRight)
    await expectAccessible(page, '/custom rtl')
  })

  it('never styles the host page: every rule of ours is under the root class', async () => {
    const { page } = await device()
    await openSignIn(page, '/custom')
    const leaks = await page.evaluate(() => {
      const selectors: string[] = []
      // Top-level commas only: `:is(a, b)` is one selector.
      const split = (list: string) => {
        const out = ['']
        let depth = 0
        for (const char of list) {
          if (char === ',' && depth === 0) out.push('')
          else {
            depth += char === '(' ? 1 : char === ')' ? -1 : 0
            out[out.length - 1] += char
          }
        }
        return out
      }
      const walk = (rules: CSSRuleList) => {
        for (const rule of rules) {
          if ('cssRules' in rule && !(rule instanceof CSSStyleRule)) walk((rule as CSSGroupingRule).cssRules)
          if (rule instanceof CSSStyleRule && rule.selectorText.includes('cts')) selectors.push(...split(rule.selectorText))
        }
      }
      for (const sheet of document.styleSheets) walk(sheet.cssRules)
      return { count: selectors.length, outside: selectors.map(s => s.trim()).filter(s => !/^\.cts(?:--styled)?[\s.:[]|^\.cts--styled$/.test(s) && !s.startsWith('.custom-theme')) }
    })
    expect(leaks.count).toBeGreaterThan(20)
    expect(leaks.outside).toEqual([])

    // A host element that borrows our class names outside the component stays unstyled.
    const host = await page.evaluate(() => {
      const button = document.createElement('button')
      button.className = 'cts-button cts-button--primary'
      button.textContent = 'host'
      document.body.append(button)
      const s = getComputedStyle(button)
      const inside = getComputedStyle(document.querySelector('.cts .cts-button--primary')!)
      return { host: s.backgroundColor, inside: inside.backgroundColor }
    })
    expect(host.inside).toBe('rgb(251, 191, 36)')
    expect(host.host).not.toBe(host.inside)
  })
})
