import { describe, expect, it } from 'vitest'
import {
  JANE, PASSWORD, attemptsAnswered, count, enterCode, expectCallCounts, expectNoSecrets, expectSignedIn, fapiCalls, latestCode, messagesTo,
  setupPlayground, statusOf, stepsSeen, useDevices, visibleText,
} from './harness'

// A 2 s resend cooldown through the runtime-config environment variable (the default 30 s
// would make the suite wait), and random codes, so a resent code differs from the old one.
describe('given the playground with a 2 s resend cooldown and random codes', async () => {
  await setupPlayground({
    env: { NUXT_PUBLIC_CLIENT_TRUST_RESEND_COOLDOWN: '2' },
    nuxtConfig: { clientTrust: { emulator: { codes: 'random' } } },
  })

  const { atCodeStep } = useDevices()

  it('counts down, then one click sends exactly one new code, and the old code stops working', async () => {
    const { d, page, form, since, code: first } = await atCodeStep()

    expect(await form.resend.isDisabled()).toBe(true)
    expect(await visibleText(form.resend)).toMatch(/^Resend code \([12]s\)$/)
    await page.locator('[data-cts-action="resend"]:enabled').waitFor()
    expect(await visibleText(form.resend)).toBe('Resend code')
    expect(count(await fapiCalls(since), '/prepare_second_factor')).toBe(1)

    expect(await statusOf(page, '/prepare_second_factor', () => form.resend.click())).toBe(200)
    // Counting down again right away: a second click cannot send another code.
    await expect.poll(() => form.resend.isDisabled()).toBe(true)
    expect(await visibleText(form.resend)).toMatch(/^Resend code \([12]s\)$/)
    const sent = await messagesTo(JANE.identifier, since)
    expect(sent).toHaveLength(2)
    const second = await latestCode(JANE.identifier, since)
    expect(second).not.toBe(first)
    expect(count(await fapiCalls(since), '/prepare_second_factor')).toBe(2)

    expect(await statusOf(page, '/attempt_second_factor', () => enterCode(form, first))).toBe(422)
    await expect.poll(async () => visibleText(await form.describedBy(form.code))).toBe('Incorrect, try again')
    expect(await form.root.getAttribute('data-step')).toBe('verify')

    await enterCode(form, second)
    await expectSignedIn(page, JANE.firstName)
    expect(await attemptsAnswered(since)).toEqual([
      'POST /v1/client/sign_ins/:id/attempt_second_factor → 422',
      'POST /v1/client/sign_ins/:id/attempt_second_factor → 200',
    ])
    await expectNoSecrets(d, [PASSWORD, first, second])
  })

  it('resumes on the code step after a reload without sending a second code', async () => {
    const { d, page, form, since, code } = await atCodeStep()

    const prepares: string[] = []
    page.on('request', (request) => {
      if (request.url().includes('/prepare_second_factor')) prepares.push(request.url())
    })
    await page.reload()
    await form.atStep('verify')
    expect(await stepsSeen(page)).toEqual(['loading', 'verify'])
    expect(await visibleText(form.root)).toContain(`Enter the code sent to ${JANE.masked}`)
    expect(await form.password.count()).toBe(0)

    await enterCode(form, code)
    await expectSignedIn(page, JANE.firstName)
    expect(prepares).toEqual([])
    await expectCallCounts(since, { '/prepare_second_factor': 1, '/attempt_second_factor': 1 })
    expect(await messagesTo(JANE.identifier, since)).toHaveLength(1)
    await expectNoSecrets(d, [PASSWORD, code])
  })
})
