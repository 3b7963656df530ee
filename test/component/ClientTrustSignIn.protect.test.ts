// @vitest-environment happy-dom
import { flushPromises } from '@vue/test-utils'
import { describe, expect, it, vi } from 'vitest'
import { useMountedForm } from './setup'

// Node cannot `import()` an http: module, which is how the form loads Clerk Protect's SDK. Here
// the loader fetches the emulator's stand-in SDK at the advertised `sdk_url` and imports the same
// source as a data: module. Everything else is
// real: clerk-js, the emulator's challenges and proofs, the SDK's DOM and its proof request.
const sdk = vi.hoisted(() => ({ urls: [] as string[], tamper: null as null | ((proof: string) => string) }))
vi.mock('../../src/runtime/controller/protectSdk', () => ({
  importProtectSdk: async (url: string) => {
    sdk.urls.push(url)
    const source = await (await fetch(url)).text()
    const real = await import(/* @vite-ignore */ `data:text/javascript,${encodeURIComponent(source)}`) as { default: (...args: unknown[]) => Promise<string> }
    return { default: async (...args: unknown[]) => {
      const proof = await real.default(...args)
      const tamper = sdk.tamper
      sdk.tamper = null
      return tamper ? tamper(proof) : proof
    } }
  },
}))

const form = useMountedForm()
const { step, alertText, signInWith } = form
const identifierInput = () => form.wrapper.find<HTMLInputElement>('input[autocomplete="username"]')
const challengeButton = () => form.wrapper.find('[data-cts-part="protect-check"] [data-clerk-emulator-protect] button')
const protectRequests = () => form.harness.requestsTo('/protect_check')

/** Waits for the stand-in's step in the form and presses its one button, as a person would. */
async function passChallenge() {
  await vi.waitFor(() => expect(challengeButton().exists()).toBe(true))
  expect(challengeButton().text()).toBe('I am a person')
  await challengeButton().trigger('click')
}

describe('given a sign-in Clerk Protect challenges', () => {
  it('runs the challenge from sdk_url in the form, submits its proof and goes on to the new-device step', async () => {
    sdk.urls.length = 0
    const { harness, wrapper } = await form.mount()
    harness.emulator.setScenario({ protectCheck: true })
    await signInWith('jane@example.com')
    await vi.waitFor(() => expect(step()).toBe('protect-check'))
    expect(wrapper.find('h2').text()).toBe('Security check')
    await passChallenge()
    await vi.waitFor(() => expect(step()).toBe('verify'))
    expect(sdk.urls).toEqual([`${harness.emulator.proxyUrl}/protect/sdk.mjs`])
    expect(protectRequests()).toBe(1)
    expect(alertText()).toBe('')
  })

  it('follows a chained challenge: a new token runs the SDK again in the same step', async () => {
    const { harness } = await form.mount()
    harness.emulator.setScenario({ protectCheck: true, protectCheckChain: 2 })
    await signInWith('jane@example.com')
    await vi.waitFor(() => expect(step()).toBe('protect-check'))
    const first = harness.signIn().protectCheck?.token
    await passChallenge()
    await vi.waitFor(() => expect(harness.signIn().protectCheck?.token).not.toBe(first))
    expect(step()).toBe('protect-check')
    await passChallenge()
    await vi.waitFor(() => expect(step()).toBe('verify'))
    expect(protectRequests()).toBe(2)
  })

  it('says a refused proof clearly, and "Try again" runs the challenge again', async () => {
    const { wrapper } = await form.mount({}, {}, { emulator: {} })
    form.harness.emulator.setScenario({ protectCheck: true })
    await signInWith('jane@example.com')
    sdk.tamper = () => 'pcp_tampered'
    await passChallenge()
    await vi.waitFor(() => expect(alertText()).toBe('The security check did not complete. Try again.'))
    expect(step()).toBe('protect-check')
    const retry = wrapper.find('[data-cts-action="retry-protect-check"]')
    expect(retry.text()).toBe('Try again')
    await retry.trigger('click')
    await passChallenge()
    await vi.waitFor(() => expect(step()).toBe('verify'))
    expect(alertText()).toBe('')
  })

  it('goes back to the credentials with a message and the identifier kept when the challenge expired (seen here or by Clerk)', async () => {
    const { harness } = await form.mount()
    // Expired when it arrives: the form does not even load the SDK.
    harness.emulator.setScenario({ protectCheck: true, expireProtectChecks: true })
    await signInWith('jane@example.com')
    await vi.waitFor(() => expect(alertText()).toBe('The security check expired. Please sign in again.'))
    expect(step()).toBe('credentials')
    expect(identifierInput().element.value).toBe('jane@example.com')
    // Expired by the time its proof reaches Clerk: protect_check_timed_out.
    harness.emulator.setScenario({ expireProtectChecks: false })
    await signInWith('jane@example.com')
    sdk.tamper = (proof) => {
      harness.emulator.setScenario({ expireProtectChecks: true })
      return proof
    }
    await passChallenge()
    await vi.waitFor(() => expect(alertText()).toBe('The security check expired. Please sign in again.'))
    expect(step()).toBe('credentials')
    expect(identifierInput().element.value).toBe('jane@example.com')
    // A new sign-in passes.
    harness.emulator.setScenario({ expireProtectChecks: false })
    await signInWith('jane@example.com')
    await passChallenge()
    await vi.waitFor(() => expect(step()).toBe('verify'))
  })

  it('stops the challenge on Start over: its step leaves the form and nothing is submitted', async () => {
    const { harness, wrapper } = await form.mount()
    harness.emulator.setScenario({ protectCheck: true })
    await signInWith('jane@example.com')
    await vi.waitFor(() => expect(challengeButton().exists()).toBe(true))
    await wrapper.find('[data-cts-action="start-over"]').trigger('click')
    await vi.waitFor(() => expect(step()).toBe('credentials'))
    await flushPromises()
    expect(wrapper.find('[data-clerk-emulator-protect]').exists()).toBe(false)
    expect(protectRequests()).toBe(0)
    expect(identifierInput().element.value).toBe('jane@example.com')
  })
})
