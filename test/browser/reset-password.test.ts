import { arSA, deDE } from '@clerk/localizations'
import type { LocalizationResource } from '@clerk/shared/types'
import type { Page } from 'playwright-core'
import { beforeEach, describe, expect, it } from 'vitest'
import { expectAccessible } from './a11y'
import {
  JANE, PASSWORD, PHIL, count, emulator, expectNoSecrets, expectSignedIn, fapiCalls, fillCredentials, latestCode, messagesTo, openSignIn,
  screenshot, setupPlayground, useDevices, visibleText,
} from './harness'
import type { SignInForm } from './harness'

// "Forgot password?" → the reset code → a new password, in Chromium on the playground (which
// resets passwords in the form: no resetPasswordUrl). /sign-in has auto-submit off (Verify is
// clicked); /languages has it on (six digits verify by themselves). The emulator is reset between tests, the
// users' passwords included, before each test.

const NEW_PASSWORD = 'new-battery-staple-9'
const MIA = 'mia@example.com'

/** The new-password fields and what they say. */
function newPasswordForm(form: SignInForm) {
  return {
    password: form.root.locator('input[name="new-password"]'),
    confirm: form.root.locator('input[name="confirm-password"]'),
    signOutOthers: form.root.locator('input[name="sign-out-of-other-sessions"]'),
    rules: form.root.locator('[data-cts-part="password-rules"]'),
    submit: form.root.locator('[data-cts-part="submit"]'),
    errorOf: async (input: ReturnType<SignInForm['root']['locator']>) => {
      const ids = (await input.getAttribute('aria-describedby'))?.split(' ') ?? []
      const texts = await Promise.all(ids.map(id => form.root.locator(`[id="${id}"].cts-field-error`).allTextContents()))
      return texts.flat().join('').trim()
    },
  }
}

/** Types `identifier`, chooses "Forgot password?", waits for the reset code step and the code; returns it. */
async function forgot(page: Page, form: SignInForm, identifier: string, since: number, label = 'Forgot password?') {
  await form.identifier.fill(identifier)
  await form.root.getByRole('button', { name: label }).click()
  await form.atStep('reset-code')
  await expect.poll(() => messagesTo(identifier, since).then(m => m.length)).toBe(1)
  return latestCode(identifier, since)
}

async function setNewPassword(form: SignInForm, password: string, confirm = password) {
  const fields = newPasswordForm(form)
  await fields.password.waitFor()
  await fields.password.fill(password)
  await fields.confirm.fill(confirm)
  await fields.submit.click()
}

describe('given the playground in Chromium: forgot password', async () => {
  await setupPlayground()

  const { device, onSignIn } = useDevices({ reset: true })
  beforeEach(() => emulator.reset())

  it('resets Jane\'s password by an emailed code and signs her in; the old password is refused after, the new one works', async () => {
    const { d, page, form, since } = await onSignIn()
    const code = await forgot(page, form, JANE.identifier, since)
    expect(await visibleText(form.root)).toContain(`First, enter the code sent to your email address · ${JANE.masked}`)
    await screenshot(page, 'reset-code')
    await expectAccessible(page, 'reset code step')
    await form.code.fill(code)
    await form.verify.click()
    await form.atStep('new-password')
    const fields = newPasswordForm(form)
    await expect.poll(() => visibleText(fields.rules)).toContain('Your password must contain 8 or more characters')
    expect(await fields.signOutOthers.isChecked()).toBe(true)
    await fields.password.fill('short')
    await screenshot(page, 'new-password')
    await expectAccessible(page, 'new password step')
    await setNewPassword(form, NEW_PASSWORD)
    await expectSignedIn(page, JANE.firstName)
    await expectNoSecrets(d, [NEW_PASSWORD, code])
    expect(count(await fapiCalls(since), '/reset_password')).toBe(1)

    // Another browser: the old password is refused, the new one accepted.
    const other = await device()
    const again = await openSignIn(other.page)
    await fillCredentials(again, JANE.identifier, PASSWORD)
    await again.continue.click()
    await expect.poll(() => again.password.getAttribute('aria-invalid')).toBe('true')
    await again.password.fill(NEW_PASSWORD)
    await again.continue.click()
    await again.atStep('verify')
  })

  it('refuses a password that breaks the rules, or a confirmation that differs, on the field with nothing sent', async () => {
    const { page, form, since } = await onSignIn()
    const code = await forgot(page, form, JANE.identifier, since)
    await form.code.fill(code)
    await form.verify.click()
    await form.atStep('new-password')
    const fields = newPasswordForm(form)
    const before = (await fapiCalls(since)).length
    await setNewPassword(form, 'short')
    await expect.poll(() => fields.errorOf(fields.password)).toContain('8 or more characters')
    expect(await fields.password.getAttribute('aria-invalid')).toBe('true')
    await setNewPassword(form, NEW_PASSWORD, `${NEW_PASSWORD}!`)
    await expect.poll(() => fields.errorOf(fields.confirm)).toBe('Passwords don\'t match.')
    expect((await fapiCalls(since)).length).toBe(before)
    // Clerk's own refusal (a breached password) lands on the field too.
    await setNewPassword(form, 'password123')
    await expect.poll(() => fields.errorOf(fields.password)).toMatch(/breach/)
    await form.atStep('new-password')
  })

  it('resets Phil\'s (phone only) by SMS', async () => {
    const { page, form, since } = await onSignIn()
    const code = await forgot(page, form, PHIL.identifier, since)
    expect((await messagesTo(PHIL.identifier, since)).map(m => m.channel)).toEqual(['sms'])
    expect(await visibleText(form.root)).toContain('First, enter the code sent to your phone')
    await form.code.fill(code)
    await form.verify.click()
    await form.atStep('new-password')
    await setNewPassword(form, NEW_PASSWORD)
    await page.waitForURL(u => u.pathname === '/')
  })

  it('signs Jane\'s other browser out when she chooses to, and asks Mia for her second factor after the reset', async () => {
    // Jane signed in on a laptop first (the testing kit, through its own clerk-js).
    const laptop = await device()
    const { signIn } = await import('../../src/testing')
    await laptop.page.goto('/')
    await signIn(laptop.page, { identifier: JANE.identifier, password: PASSWORD })
    await expectSignedIn(laptop.page, JANE.firstName)

    const { page, form, since } = await onSignIn()
    const code = await forgot(page, form, JANE.identifier, since)
    await form.code.fill(code)
    await form.verify.click()
    await form.atStep('new-password')
    await setNewPassword(form, NEW_PASSWORD)
    await expectSignedIn(page, JANE.firstName)
    // The laptop's session ended: on its next load it is signed out.
    await laptop.page.reload()
    await laptop.page.getByTestId('signed-out').waitFor()

    const mia = await onSignIn()
    const miaCode = await forgot(mia.page, mia.form, MIA, mia.since)
    await mia.form.code.fill(miaCode)
    await mia.form.verify.click()
    await mia.form.atStep('new-password')
    await setNewPassword(mia.form, NEW_PASSWORD)
    await mia.form.atStep('second-factor')
  })

  it('lets Nina, whom Clerk asks for a new password after a correct one, set it in the form', async () => {
    const { page, form } = await onSignIn()
    await fillCredentials(form, 'nina@example.com')
    await form.continue.click()
    await form.atStep('new-password')
    await setNewPassword(form, NEW_PASSWORD)
    await page.waitForURL(u => u.pathname === '/')
  })

  for (const [name, language] of [['German', deDE], ['Arabic', arSA]] as Array<[string, LocalizationResource]>) {
    it(`runs the whole journey in ${name}`, async () => {
      const { page } = await device()
      const since = Date.now()
      const lang = language.locale!
      const form = await openSignIn(page, `/languages?lang=${lang}`)
      await expect.poll(() => form.root.getAttribute('lang')).toBe(lang)
      const code = await forgot(page, form, JANE.identifier, since, language.formFieldAction__forgotPassword)
      expect(await visibleText(form.root.locator('[data-cts-part="title"]'))).toBe(language.signIn!.forgotPassword!.title)
      await form.code.fill(code)
      await form.atStep('new-password')
      const fields = newPasswordForm(form)
      await expect.poll(() => visibleText(fields.rules)).toContain(language.unstable__errors!.passwordComplexity!.sentencePrefix)
      expect(await form.root.locator('label').allTextContents()).toEqual(expect.arrayContaining([language.formFieldLabel__newPassword, language.formFieldLabel__confirmPassword]))
      await setNewPassword(form, NEW_PASSWORD, `${NEW_PASSWORD}!`)
      await expect.poll(() => fields.errorOf(fields.confirm)).toBe(language.formFieldError__notMatchingPasswords)
      if (name === 'Arabic') {
        expect(await form.root.getAttribute('dir')).toBe('rtl')
        await screenshot(page, 'ar-new-password')
      }
      await setNewPassword(form, NEW_PASSWORD)
      await page.waitForURL(u => u.pathname === '/')
    })
  }
})
