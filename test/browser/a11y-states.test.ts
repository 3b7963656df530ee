import { $fetch } from '@nuxt/test-utils/e2e'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import type { SignInForm } from './harness'
import {
  JANE, PHIL, enterCode, fillCredentials, hydrationProblems, latestCode, openSignIn, setupPlayground, signInForm, submitCredentials,
  useDevices, visibleText,
} from './harness'
import { announced, axeViolations, expectAccessible, focused } from './a11y'

// Axe-core in Chromium on every state of the form, one polite live region, errors
// linked to their fields, focus on each new step and on failures, reduced motion, SSR.

async function passwordStep(form: SignInForm, identifier: string, step: string) {
  await fillCredentials(form, identifier)
  await form.continue.click()
  await form.atStep(step)
}
const action = (form: SignInForm, name: string) => form.root.locator(`[data-cts-action="${name}"]`)
const factorIs = (page: Page, strategy: string) => page.locator(`.cts[data-factor="${strategy}"]`).waitFor()

/** Opens /sign-in with clerk-js held back: the server-rendered skeleton stays on screen. */
async function openLoading(page: Page, path = '/sign-in') {
  await page.route(/clerk\.browser\.js/, () => {})
  await page.goto(path, { waitUntil: 'domcontentloaded' })
  await page.locator('.cts[data-step="loading"]').waitFor()
  return signInForm(page)
}

describe('given the playground in Chromium: accessibility of every state', async () => {
  await setupPlayground()

  const { device, onSignIn } = useDevices({ reset: true })

  it('has an axe check that does fail on a broken form (the suite can fail)', async () => {
    const { page } = await device()
    await openSignIn(page)
    await page.locator('.cts[data-step]').evaluate((root) => {
      root.insertAdjacentHTML('beforeend', '<input type="text"><button type="button"></button>')
    })
    expect((await axeViolations(page)).map(v => v.split(':')[0])).toEqual(expect.arrayContaining(['label', 'button-name']))
  })

  it('server-renders a disabled credentials skeleton that passes axe, and hydrates without warnings', async () => {
    const html = await $fetch<string>('/sign-in', { responseType: 'text' })
    expect(html).toMatch(/<input[^>]*autocomplete="username"[^>]*disabled/)
    expect(html).toMatch(/<input[^>]*autocomplete="current-password"[^>]*disabled/)
    expect(html).toMatch(/data-step="loading"/)

    const { page } = await device()
    const form = await openLoading(page)
    expect(await form.identifier.isDisabled()).toBe(true)
    await expectAccessible(page, 'loading')

    for (const path of ['/sign-in', '/custom']) {
      const d = await device()
      await openSignIn(d.page, path)
      await d.page.locator('input[autocomplete="username"]').fill(JANE.identifier)
      expect(hydrationProblems(d), path).toEqual([])
    }
  })

  it('credentials, its field errors (linked, announced, focused) and a form-wide error (focused summary)', async () => {
    const { page, form } = await onSignIn()
    await expectAccessible(page, 'credentials')
    expect(await announced(form)).toBe('')

    await form.continue.click()
    await expect.poll(() => form.identifier.getAttribute('aria-invalid')).toBe('true')
    expect(await visibleText(await form.describedBy(form.identifier))).toBe('Enter your email address, phone number or username')
    expect(await announced(form)).toBe('Enter your email address, phone number or username')
    expect(await focused(page)).toBe('username')
    await expectAccessible(page, 'credentials, field error')

    await fillCredentials(form, JANE.identifier, 'wrong-horse')
    await form.continue.click()
    await expect.poll(() => form.password.getAttribute('aria-invalid')).toBe('true')
    expect(await visibleText(await form.describedBy(form.password))).toBe('Password is incorrect. Try again.')
    expect(await form.identifier.getAttribute('aria-invalid')).toBeNull()
    await expect.poll(() => focused(page)).toBe('current-password')
    expect(await announced(form)).toBe('Password is incorrect. Try again.')
    await expectAccessible(page, 'credentials, wrong password')

    // rex is locked: a form-wide error, in the summary, which takes the focus.
    await fillCredentials(form, 'rex@example.com')
    await form.continue.click()
    await expect.poll(() => visibleText(form.globalError)).toMatch(/locked/)
    await expect.poll(() => focused(page)).toBe('summary')
    expect(await announced(form)).toMatch(/locked/)
    await expectAccessible(page, 'credentials, global error')
  })

  it('the new-device code step by email and by SMS, and a wrong code', async () => {
    const { page, form } = await onSignIn()
    await submitCredentials(form, page)
    await expect.poll(() => focused(page)).toBe('one-time-code')
    expect(await announced(form)).toBe(`Verify it's you. Enter the code sent to ${JANE.masked}`)
    expect(await form.code.getAttribute('inputmode')).toBe('numeric')
    await expectAccessible(page, 'verify (email)')

    await enterCode(form, '000000')
    await expect.poll(() => form.code.getAttribute('aria-invalid')).toBe('true')
    expect(await visibleText(await form.describedBy(form.code))).toBe('Incorrect, try again')
    expect(await form.code.inputValue()).toBe('')
    await expect.poll(() => focused(page)).toBe('one-time-code')
    expect(await announced(form)).toBe('Incorrect, try again')
    await expectAccessible(page, 'verify, wrong code')

    const sms = await device()
    const smsForm = await openSignIn(sms.page)
    await submitCredentials(smsForm, sms.page, PHIL.identifier)
    await expectAccessible(sms.page, 'verify (SMS)')
  })

  it('each MFA variant (TOTP, methods list, SMS, backup code), the email link and new-password steps', async () => {
    const { page, form } = await onSignIn()
    await passwordStep(form, 'mia@example.com', 'second-factor')
    await factorIs(page, 'totp')
    await expect.poll(() => focused(page)).toBe('one-time-code')
    expect(await announced(form)).toBe('Two-step verification. Enter the code from your authenticator app')
    await expectAccessible(page, 'second factor: TOTP')

    await action(form, 'another-method').click()
    await expect.poll(() => focused(page)).toBe('title')
    expect(await announced(form)).toBe('Use another method')
    await expectAccessible(page, 'methods list')

    await form.root.locator('[data-cts-strategy="phone_code"]').click()
    await factorIs(page, 'phone_code')
    await expect.poll(() => focused(page)).toBe('one-time-code')
    await expectAccessible(page, 'second factor: SMS')

    await action(form, 'backup-code').click()
    await factorIs(page, 'backup_code')
    expect(await form.code.getAttribute('inputmode')).toBe('text')
    await expectAccessible(page, 'second factor: backup code')
    await enterCode(form, 'not a code')
    await expect.poll(() => form.code.getAttribute('aria-invalid')).toBe('true')
    await expectAccessible(page, 'second factor: backup code error')

    const link = await device()
    const linkForm = await openSignIn(link.page)
    await passwordStep(linkForm, 'lee@example.com', 'verify')
    await factorIs(link.page, 'email_link')
    await expect.poll(() => focused(link.page)).toBe('title')
    await expect.poll(() => announced(linkForm)).toMatch(/^Check your email\. Open the link sent to /)
    await expectAccessible(link.page, 'email link')

    const nina = await device()
    const ninaForm = await openSignIn(nina.page)
    await passwordStep(ninaForm, 'nina@example.com', 'new-password')
    // A step with a field to fill focuses that field (the new password), as the code steps do.
    await expect.poll(() => focused(nina.page)).toBe('new-password')
    await expect.poll(() => announced(ninaForm)).toMatch(/^Set a new password/)
    await expectAccessible(nina.page, 'new password')
  })

  it('passes axe in the dark colour scheme too (contrast of the dark defaults)', async () => {
    const { page } = await device()
    await page.emulateMedia({ colorScheme: 'dark' })
    const form = await openSignIn(page)
    expect(await form.root.evaluate(el => getComputedStyle(el).backgroundColor)).toBe('rgb(17, 24, 39)')
    await fillCredentials(form, JANE.identifier, 'wrong-horse')
    await form.continue.click()
    await expect.poll(() => form.password.getAttribute('aria-invalid')).toBe('true')
    await expectAccessible(page, 'dark, wrong password')
    await submitCredentials(form, page)
    await expectAccessible(page, 'dark, verify')
    // Signs in, to leave nothing pending.
    await enterCode(form, await latestCode(JANE.identifier))
    await page.waitForURL(u => u.pathname === '/')
  })

  it('turns every transition and animation off under prefers-reduced-motion', async () => {
    const motion = (page: Page) => page.locator('.cts[data-step]').evaluate(root => [root, ...root.querySelectorAll('*')].map((el) => {
      const style = getComputedStyle(el)
      return { transition: style.transitionDuration.split(',').some(d => Number.parseFloat(d) > 0), animation: style.animationName !== 'none' }
    }))
    const moving = async (page: Page) => {
      const all = await motion(page)
      return { transitions: all.filter(m => m.transition).length, animations: all.filter(m => m.animation).length }
    }

    // Without the preference: transitions on the controls, a pulse on the loading skeleton.
    const normal = await device()
    await openLoading(normal.page)
    expect(await moving(normal.page)).toMatchObject({ transitions: expect.any(Number), animations: 2 })
    expect((await moving(normal.page)).transitions).toBeGreaterThan(0)

    const reduced = await device()
    await reduced.page.emulateMedia({ reducedMotion: 'reduce' })
    await openLoading(reduced.page)
    expect(await moving(reduced.page)).toEqual({ transitions: 0, animations: 0 })
    await reduced.page.unroute(/clerk\.browser\.js/)
    const other = await device()
    await other.page.emulateMedia({ reducedMotion: 'reduce' })
    const form = await openSignIn(other.page, '/custom')
    await submitCredentials(form, other.page)
    expect(await moving(other.page)).toEqual({ transitions: 0, animations: 0 })
  })
})
