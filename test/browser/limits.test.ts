import { describe, expect, it } from 'vitest'
import { RATE_LIMITS_PER_ENV } from '../../src/emulator/config/instance'
import {
  JANE, PASSWORD, emulator, expectNoSecrets, fapiCalls, fillCredentials, passwordStep, screenshot, setupPlayground, useDevices, visibleText,
} from './harness'

// The default emulator counts sign-ins per IP, as Clerk does (5 per 10 s, clerk/clerk-docs
// `docs/guides/how-clerk-works/system-limits.mdx`). The repo's suites relax it
// (CLERK_EMULATOR_RATE_LIMITS_PER=client in vitest.config.ts); this file's app server gets
// Clerk's way back, as a user's app has it.

describe('given the playground with the emulator\'s default limits, in Chromium', async () => {
  await setupPlayground({ env: { [RATE_LIMITS_PER_ENV]: 'ip' } })

  const { onSignIn } = useDevices({ reset: true })

  it('refuses the sixth sign-in within 10 s from this machine, whatever the browser, and the form says to wait with the identifier kept', async () => {
    // Six browsers of one machine (one IP) open the form first, so the sign-ins themselves
    // fall well within Clerk's 10 s window even on a busy machine.
    const others = []
    for (let i = 0; i < 5; i++) others.push(await onSignIn())
    const { d, page, form, since } = await onSignIn()
    await emulator.reset()
    await Promise.all(others.map(({ form }) => passwordStep(form, 'sam@example.com', 'verify')))
    await fillCredentials(form, JANE.identifier, PASSWORD)
    const answered = page.waitForResponse(r => r.url().includes('/v1/client/sign_ins') && r.request().method() === 'POST')
    await form.continue.click()
    const answer = await answered
    expect(answer.status()).toBe(429)
    const retryAfter = Number(answer.headers()['retry-after'])
    expect(retryAfter).toBeGreaterThanOrEqual(1)
    expect(retryAfter).toBeLessThanOrEqual(10)

    await expect.poll(() => visibleText(form.globalError)).toBe('Too many attempts. Wait a moment and try again.')
    expect(await form.root.getAttribute('data-step')).toBe('credentials')
    expect(await form.identifier.inputValue()).toBe(JANE.identifier)
    await screenshot(page, 'rate-limited')
    expect(await fapiCalls(since, true)).toContain('POST /v1/client/sign_ins → 429')
    await expectNoSecrets(d, [PASSWORD])
  })
})
