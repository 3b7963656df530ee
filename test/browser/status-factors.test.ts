import { $fetch } from '@nuxt/test-utils/e2e'
import { describe, expect, it } from 'vitest'
import { SEEDED_TOTP_SECRET, totpCode } from '../../src/emulator'
import {
  PASSWORD, count, enterCode, expectCallCounts, expectNoSecrets, expectSignedIn, fapiCalls, latestCode, messagesTo, openSignIn, passwordStep,
  setupPlayground, statusOf, stepsSeen, useDevices, visibleText, waitForMessages,
} from './harness'

// Factors: MFA (TOTP, SMS, email, backup codes), "Use another method", email links.

const MIA = { identifier: 'mia@example.com', phone: '+15555550111', name: 'Mia' }
const ELLA = { identifier: 'ella@example.com', name: 'Ella' }
const SAM = { identifier: 'sam@example.com', phone: '+15555550122', name: 'Sam' }
const LEE = { identifier: 'lee@example.com', name: 'Lee' }

const expireCodes = (on: boolean) => $fetch('/__clerk/_scenario', { method: 'POST', body: { expireCodes: on } })

describe('given the playground in Chromium: second factors and email links', async () => {
  await setupPlayground()

  const { device, onSignIn } = useDevices({ reset: true, keepDevices: true, restore: () => expireCodes(false) })

  it('asks Mia (MFA) for her authenticator code first, never a new-device code, and signs her in', async () => {
    const { d, page, form, since } = await onSignIn()
    await passwordStep(form, MIA.identifier, 'second-factor')
    await form.factorIs('totp')
    expect(await visibleText(form.root)).toContain('Two-step verification')
    expect(await visibleText(form.root)).toContain('Enter the code from your authenticator app')
    expect(await visibleText(form.root)).not.toContain('new device')
    const code = totpCode(SEEDED_TOTP_SECRET, Date.now())
    await enterCode(form, code)
    await expectSignedIn(page, MIA.name)
    await expectCallCounts(since, { '/prepare_second_factor': 0, '/attempt_second_factor': 1 })
    expect(await messagesTo(MIA.identifier, since)).toEqual([])
    expect(await stepsSeen(page)).not.toContain('verify')
    await expectNoSecrets(d, [PASSWORD, code])
  })

  it('lets Mia switch to SMS from "Use another method": exactly one code, to the masked number listed', async () => {
    const { page, form, since } = await onSignIn()
    await passwordStep(form, MIA.identifier, 'second-factor')
    await form.action('another-method').click()
    // The list is a step of its own, downloaded when first opened: wait for it as a person would.
    await expect.poll(() => form.root.locator('[data-cts-action="select-method"]').allInnerTexts())
      .toEqual(['Send an SMS code to +1******0111', 'Use a backup code'])
    expect(await visibleText(form.root)).toContain('Use another method')
    expect(await statusOf(page, '/prepare_second_factor', () => form.action('select-method', 'phone_code').dblclick())).toBe(200)
    await form.factorIs('phone_code')
    await expect.poll(() => visibleText(form.root)).toContain('Enter the code sent to +1******0111')
    await enterCode(form, await latestCode(MIA.phone, since))
    await expectSignedIn(page, MIA.name)
    const calls = await fapiCalls(since)
    expect(count(calls, '/prepare_second_factor')).toBe(1)
    expect((await messagesTo(MIA.phone, since)).map(m => m.channel)).toEqual(['sms'])
  })

  it('takes a backup code from "Use a backup code", once only', async () => {
    const { page, form } = await onSignIn()
    await passwordStep(form, MIA.identifier, 'second-factor')
    await form.action('backup-code').click()
    await form.factorIs('backup_code')
    expect(await visibleText(form.root)).toContain('Enter one of your backup codes')
    await enterCode(form, 'backup-0001')
    await expectSignedIn(page, MIA.name)

    // The same code on a fresh browser is refused.
    const other = await device()
    const again = await openSignIn(other.page)
    await passwordStep(again, MIA.identifier, 'second-factor')
    await again.action('backup-code').click()
    await enterCode(again, 'backup-0001')
    await expect.poll(() => again.code.getAttribute('aria-invalid')).toBe('true')
    expect(await visibleText(await again.describedBy(again.code))).toBe('Incorrect, try again')
  })

  it('sends Ella (email-code MFA) one code, also across a reload, and signs her in', async () => {
    const { page, form, since } = await onSignIn()
    await passwordStep(form, ELLA.identifier, 'second-factor')
    await form.factorIs('email_code')
    await waitForMessages(ELLA.identifier, since, 1)
    await page.reload()
    await form.atStep('second-factor')
    await form.factorIs('email_code')
    await enterCode(form, await latestCode(ELLA.identifier, since))
    await expectSignedIn(page, ELLA.name)
    expect(count(await fapiCalls(since), '/prepare_second_factor')).toBe(1)
  })

  it('offers Sam (email and SMS trust) the other channel; switching sends one code to it', async () => {
    const { page, form, since } = await onSignIn()
    await passwordStep(form, SAM.identifier, 'verify')
    await form.factorIs('email_code')
    await waitForMessages(SAM.identifier, since, 1)
    await form.action('another-method').click()
    // Off the email/SMS path: the list and its English are downloaded when first opened.
    await expect.poll(() => form.root.locator('[data-cts-action="select-method"]').allInnerTexts()).toEqual(['Send an SMS code to +1******0122'])
    await form.action('select-method', 'phone_code').click()
    await form.factorIs('phone_code')
    await waitForMessages(SAM.phone, since, 1)
    expect(await visibleText(form.root)).toContain('new device')
    await enterCode(form, await latestCode(SAM.phone, since))
    await expectSignedIn(page, SAM.name)
    const calls = await fapiCalls(since)
    expect(count(calls, '/prepare_second_factor')).toBe(2)
    expect((await messagesTo(SAM.identifier, since)).length).toBe(1)
  })

  describe('given Lee, whose new device is verified by an email link', () => {
    it('shows "check your email" and finishes once the link is opened in another tab', async () => {
      const { d, page, form, since } = await onSignIn()
      await passwordStep(form, LEE.identifier, 'verify')
      await form.factorIs('email_link')
      await expect.poll(() => visibleText(form.root)).toContain('Open the link sent to l***@example.com to continue.')
      expect(await visibleText(form.root)).toContain('Check your email')
      await waitForMessages(LEE.identifier, since, 1)
      const link = (await messagesTo(LEE.identifier, since))[0]!.link!

      const tab = await d.context.newPage()
      await tab.goto(link)
      await expectSignedIn(page, LEE.name)
      await expectSignedIn(tab, LEE.name)
      expect(count(await fapiCalls(since), '/prepare_second_factor')).toBe(1)
      await tab.close()
    })

    it('finishes on the first device when the link is opened on another one, which says so', async () => {
      const { page, form, since } = await onSignIn()
      await passwordStep(form, LEE.identifier, 'verify')
      await waitForMessages(LEE.identifier, since, 1)
      // A reload keeps waiting for the same link: nothing is sent again.
      await page.reload()
      await form.factorIs('email_link')
      const phone = await device()
      await phone.page.goto((await messagesTo(LEE.identifier, since))[0]!.link!)
      await expect.poll(() => visibleText(phone.page.locator('.cts'))).toContain('You\'re verified. Go back to the tab or device where you started signing in.')
      await expectSignedIn(page, LEE.name)
      expect(await phone.page.getByTestId('signed-in').count()).toBe(0)
      expect(count(await fapiCalls(since), '/prepare_second_factor')).toBe(1)
    })

    it('says an expired link expired, and a new one works', async () => {
      const { page, form, since } = await onSignIn()
      await passwordStep(form, LEE.identifier, 'verify')
      await waitForMessages(LEE.identifier, since, 1)
      await expireCodes(true)
      const other = await device()
      await other.page.goto((await messagesTo(LEE.identifier, since))[0]!.link!)
      await expect.poll(() => visibleText(form.root), { timeout: 10_000 }).toContain('This link has expired. Send a new one.')
      await expect.poll(() => visibleText(other.page.locator('.cts'))).toContain('This link has expired. Send a new one.')
      await expireCodes(false)
      await form.action('resend').click()
      await waitForMessages(LEE.identifier, since, 2)
      await other.page.goto((await messagesTo(LEE.identifier, since))[1]!.link!)
      await expectSignedIn(page, LEE.name)
    })
  })
})
