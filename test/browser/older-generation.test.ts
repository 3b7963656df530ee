import { describe, expect, it } from 'vitest'
import { SEEDED_TOTP_SECRET, totpCode } from '../../src/emulator'
import { signIn } from '../../src/testing'
import {
  JANE, PASSWORD, enterCode, expectCallCounts, expectNoSecrets, expectSignedIn, fillCredentials, latestCode, messagesTo, passwordStep,
  setupPlayground, stepsSeen, useDevices, visibleText,
} from './harness'

// An older Clerk application (created before 2025-11-14, without the "Device Trust Status" update)
// answers a new device with `needs_second_factor`: the playground's emulator set so, in Chromium.

const SAM = { identifier: 'sam@example.com', phone: '+15555550122', name: 'Sam' }

describe('given the playground in Chromium as an older Clerk application', async () => {
  await setupPlayground({ nuxtConfig: { clientTrust: { emulator: { instance: { clientTrustStatus: 'needs_second_factor' } } } } })

  const { device, onSignIn } = useDevices({ reset: true })

  it('signs Jane in on a new device through the new-device step, though Clerk answered needs_second_factor', async () => {
    const { d, page, form, since } = await onSignIn()
    await fillCredentials(form, JANE.identifier)
    const answered = page.waitForResponse(r => /\/v1\/client\/sign_ins\?/.test(r.url()) && r.request().method() === 'POST')
    await form.continue.click()
    const created = await (await answered).json() as { response: { status: string, client_trust_state: string } }
    expect(created.response).toMatchObject({ status: 'needs_second_factor', client_trust_state: 'new' })
    await form.atStep('verify')
    const text = () => visibleText(form.root)
    expect(await text()).toContain('You\'re signing in from a new device.')
    await expect.poll(text).toContain(`Enter the code sent to ${JANE.masked}`)
    await expect.poll(() => visibleText(form.resend)).toMatch(/^Resend code \(\d+s\)$/)
    expect(await form.resend.isDisabled()).toBe(true)
    const code = await latestCode(JANE.identifier, since)
    await enterCode(form, code)
    await expectSignedIn(page, JANE.firstName)
    await expectCallCounts(since, { '/prepare_second_factor': 1, '/attempt_second_factor': 1 })
    expect((await messagesTo(JANE.identifier, since)).map(m => m.purpose)).toEqual(['client_trust'])
    expect(await stepsSeen(page)).not.toContain('second-factor')
    await expectNoSecrets(d, [PASSWORD, code])
  })

  it('lists Sam\'s other channel under "Use another method", still as a new device', async () => {
    const { page, form, since } = await onSignIn()
    await passwordStep(form, SAM.identifier, 'verify')
    await form.factorIs('email_code')
    await expect.poll(async () => (await messagesTo(SAM.identifier, since)).length).toBe(1)
    await form.action('another-method').click()
    // The methods list is a chunk of its own, with its English: it shows once both are in.
    await expect.poll(() => form.root.locator('[data-cts-action="select-method"]').allInnerTexts()).toEqual(['Send an SMS code to +1******0122'])
    await form.action('select-method', 'phone_code').click()
    await form.factorIs('phone_code')
    expect(await visibleText(form.root)).toContain('You\'re signing in from a new device.')
    await enterCode(form, await latestCode(SAM.phone, since))
    await expectSignedIn(page, SAM.name)
    expect((await messagesTo(SAM.phone, since)).map(m => m.purpose)).toEqual(['client_trust'])
  })

  it('asks Mia (real MFA) for her authenticator code on the two-step verification step', async () => {
    const { page, form, since } = await onSignIn()
    await passwordStep(form, 'mia@example.com', 'second-factor')
    await form.factorIs('totp')
    const text = await visibleText(form.root)
    expect(text).toContain('Two-step verification')
    expect(text).not.toContain('new device')
    await enterCode(form, totpCode(SEEDED_TOTP_SECRET, Date.now()))
    await expectSignedIn(page, 'Mia')
    await expectCallCounts(since, { '/prepare_second_factor': 0 })
    expect(await stepsSeen(page)).not.toContain('verify')
  })

  it('lets the testing kit sign a new device in, through clerk-js and through the form, and report Clerk\'s status', async () => {
    const viaClerk = (await device()).page
    await viaClerk.goto('/')
    expect(await signIn(viaClerk, { identifier: JANE.identifier, password: PASSWORD }))
      .toMatchObject({ userId: 'user_jane', statuses: ['needs_second_factor', 'complete'], factor: 'email_code' })
    const viaForm = (await device()).page
    await viaForm.goto('/')
    expect(await signIn(viaForm, { identifier: SAM.identifier, password: PASSWORD, via: 'ui' }))
      .toMatchObject({ userId: 'user_sam', statuses: ['needs_second_factor', 'complete'], factor: 'email_code' })
    await expectSignedIn(viaForm, SAM.name)
  })
})
