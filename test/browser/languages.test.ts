import { arSA, deDE, faIR, heIL } from '@clerk/localizations'
import { $fetch } from '@nuxt/test-utils/e2e'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import {
  JANE, expectSignedIn, fillCredentials, hydrationProblems, latestCode, openSignIn, screenshot, setupPlayground, statusOf, useDevices,
  visibleText,
} from './harness'
import type { SignInForm } from './harness'
import type { LocalizationResource } from '@clerk/shared/types'
import { expectAccessible } from './a11y'

// In Chromium: the playground built with `clerk: { localization: deDE }` (what an
// app does for @clerk/nuxt) gets a German form with no other change; /languages follows a
// reactive locale (the i18n opt-in) into Arabic, right to left, and back, without reload.

const APP = 'Clerk Emulator'
const title = (form: SignInForm) => visibleText(form.root.locator('[data-cts-part="title"]'))

/** Password, then the new-device code step in `language`'s words; resolves once the code went out. */
async function toCodeStep(page: Page, form: SignInForm, language: LocalizationResource) {
  await fillCredentials(form)
  expect(await statusOf(page, '/prepare_second_factor', () => form.root.getByRole('button', { name: language.formButtonPrimary }).click())).toBe(200)
  await form.atStep('verify')
  expect(await title(form)).toBe(language.signIn!.emailCodeMfa!.title)
  expect(await visibleText(form.root.locator('[data-cts-part="notice"]'))).toBe(language.signIn!.newDeviceVerificationNotice)
  expect(await visibleText(form.root.locator('[data-cts-part="hint"]'))).toContain(JANE.masked)
}

describe('given the playground in Chromium, with Clerk given deDE', async () => {
  await setupPlayground({ nuxtConfig: { clerk: { localization: deDE } } })

  const { device } = useDevices({ reset: true })

  it('server-renders /sign-in in German already, and hydrates without warnings', async () => {
    const html = await $fetch<string>('/sign-in', { responseType: 'text' })
    expect(html).toMatch(/<div[^>]*class="cts[ "][^>]*lang="de-DE"[^>]*dir="ltr"/)
    // In the markup itself (the runtime config payload carries deDE's strings too).
    expect(html).toMatch(new RegExp(`<label[^>]*>\\s*${deDE.formFieldLabel__password}\\s*</label>`))
    // Every text shown before Clerk loads is German: the disabled button keeps its German label.
    expect(html).toMatch(new RegExp(`<button[^>]*type="submit"[^>]*disabled[^>]*>(?:\\s|<!--[^>]*-->)*${deDE.formButtonPrimary}\\s*</button>`))
    // (The page's payload carries Clerk's whole deDE table, English leftovers included: the form's markup is what shows.)
    const formMarkup = html.slice(html.indexOf('<div class="cts'), html.indexOf('<script', html.indexOf('<div class="cts')))
    expect(formMarkup).not.toContain('Loading…')
    const d = await device()
    await openSignIn(d.page, '/sign-in')
    expect(hydrationProblems(d)).toEqual([])
  })

  it('runs the whole email-trust flow in Clerk\'s German, axe-clean at each step', async () => {
    const { page } = await device()
    const since = Date.now()
    const form = await openSignIn(page, '/sign-in')
    expect(await form.root.getAttribute('lang')).toBe('de-DE')
    await expect.poll(() => title(form)).toBe(deDE.signIn!.start!.title!.replace('{{applicationName}}', APP))
    expect(await form.root.locator('label').allTextContents()).toEqual([deDE.formFieldLabel__emailAddress_username, deDE.formFieldLabel__password])
    await screenshot(page, 'de-credentials')
    await expectAccessible(page, 'German credentials')

    await toCodeStep(page, form, deDE)
    expect(await page.getByLabel(deDE.signIn!.emailCode!.formTitle!).count()).toBe(1)
    // Clerk's resend link, counting down the way Clerk's does: "<text> (<seconds>)".
    const resend = deDE.signIn!.emailCodeMfa!.resendButton!.replace(/[?()]/g, '\\$&')
    await expect.poll(() => visibleText(form.resend)).toMatch(new RegExp(`^${resend} \\(\\d+\\)$`))
    await screenshot(page, 'de-code')
    await expectAccessible(page, 'German code step')

    const verify = form.root.getByRole('button', { name: deDE.formButtonPrimary__verify })
    await form.code.fill('000000')
    await verify.click()
    await expect.poll(() => form.code.getAttribute('aria-invalid')).toBe('true')
    expect(await visibleText(await form.describedBy(form.code))).toBe(deDE.unstable__errors!.form_code_incorrect)
    await expectAccessible(page, 'German wrong code')

    await form.code.fill(await latestCode(JANE.identifier, since))
    await verify.click()
    await expectSignedIn(page, JANE.firstName)
  })

  it('runs the whole email-trust flow in Arabic, right to left, axe-clean (/languages?lang=ar-SA)', async () => {
    const { page } = await device()
    const since = Date.now()
    const form = await openSignIn(page, '/languages?lang=ar-SA')
    await expect.poll(() => form.root.getAttribute('dir')).toBe('rtl')
    expect(await form.root.getAttribute('lang')).toBe('ar-SA')
    await expect.poll(() => title(form)).toBe(arSA.signIn!.start!.title)
    expect(await form.root.locator('label').allTextContents()).toEqual([arSA.formFieldLabel__emailAddress_username, arSA.formFieldLabel__password])
    // Right to left for real: the heading's text ends at the right edge, one padding in.
    const layout = await form.root.evaluate((root) => {
      const box = root.getBoundingClientRect()
      const range = document.createRange()
      range.selectNodeContents(root.querySelector('[data-cts-part="title"]')!)
      const text = range.getBoundingClientRect()
      return { direction: getComputedStyle(root).direction, fromRight: box.right - text.right, fromLeft: text.left - box.left }
    })
    expect(layout.direction).toBe('rtl')
    expect(layout.fromLeft).toBeGreaterThan(layout.fromRight)
    await screenshot(page, 'ar-credentials')
    await expectAccessible(page, 'Arabic credentials')

    await toCodeStep(page, form, arSA)
    await screenshot(page, 'ar-code')
    await expectAccessible(page, 'Arabic code step')

    // arSA has no text for a wrong code: ours (English) stands in, announced and linked.
    await form.code.fill('000000')
    await expect.poll(() => form.code.getAttribute('aria-invalid')).toBe('true')
    expect(await visibleText(await form.describedBy(form.code))).toBe('Incorrect, try again')
    await expectAccessible(page, 'Arabic wrong code')

    await form.code.fill(await latestCode(JANE.identifier, since))
    await expectSignedIn(page, JANE.firstName)
  })

  it('switches German → Arabic → Hebrew → Persian → English in place: no reload, typed identifier kept', async () => {
    const { page } = await device()
    const form = await openSignIn(page, '/languages?lang=de-DE')
    await expect.poll(() => form.root.getAttribute('lang')).toBe('de-DE')
    await form.identifier.fill(JANE.identifier)
    let loads = 0
    page.on('load', () => loads++)
    await page.evaluate(() => Object.assign(window, { __sameDocument: true }))

    await page.getByTestId('language').selectOption('ar-SA')
    await expect.poll(() => form.root.getAttribute('dir')).toBe('rtl')
    expect(await form.root.getAttribute('lang')).toBe('ar-SA')
    await expect.poll(() => title(form)).toBe(arSA.signIn!.start!.title)
    await expectAccessible(page, 'switched to Arabic')

    // Hebrew and Persian: right to left too, each axe-clean.
    for (const [code, resource] of [['he-IL', heIL], ['fa-IR', faIR]] as const) {
      await page.getByTestId('language').selectOption(code)
      await expect.poll(() => form.root.getAttribute('lang')).toBe(code)
      expect(await form.root.getAttribute('dir')).toBe('rtl')
      expect(await form.root.locator('label').allTextContents()).toEqual([resource.formFieldLabel__emailAddress_username, resource.formFieldLabel__password])
      await expectAccessible(page, `switched to ${code}`)
    }

    await page.getByTestId('language').selectOption('en')
    await expect.poll(() => title(form)).toBe('Sign in')
    expect(await form.root.getAttribute('dir')).toBeNull()
    expect(await form.root.getAttribute('lang')).toBeNull()

    expect(page.url()).toContain('lang=en')
    expect(await form.identifier.inputValue()).toBe(JANE.identifier)
    expect(await page.evaluate(() => (window as { __sameDocument?: boolean }).__sameDocument)).toBe(true)
    expect(loads).toBe(0)
  })
})
