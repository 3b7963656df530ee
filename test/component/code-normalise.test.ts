// @vitest-environment happy-dom
import type { VueWrapper } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import ClientTrustSignIn from '../../src/runtime/components/ClientTrustSignIn.vue'
import { createHarness, mountLoaded } from './setup'
import type { ClerkHarness } from './setup'

// Issue 13: one code normaliser. The form reads a typed or pasted code as the composable's
// verifyCode does (normalizeCode), so whatever verifyCode accepts also submits by itself.

let harness: ClerkHarness | undefined
let wrapper: VueWrapper | undefined
afterEach(async () => {
  wrapper?.unmount()
  wrapper = undefined
  await harness?.close()
  harness = undefined
})

const codeInput = () => wrapper!.find('input[autocomplete="one-time-code"]')
async function toIdleCodeStep() {
  await wrapper!.find('input[autocomplete="username"]').setValue('jane@example.com')
  await wrapper!.find('input[autocomplete="current-password"]').setValue('correct-horse')
  await wrapper!.find('form').trigger('submit')
  await vi.waitFor(() => expect(harness!.emulator.outbox()).toHaveLength(1))
  await vi.waitFor(() => expect(codeInput().exists()).toBe(true))
  // The code is sent: a request from here on can only be the verification.
  await vi.waitFor(() => expect(wrapper!.attributes('data-state')).toBe('idle'))
}

describe('given a code pasted in full-width digits', () => {
  it('verifies it by itself, once', async () => {
    harness = await createHarness()
    wrapper = await mountLoaded(harness, ClientTrustSignIn)
    await toIdleCodeStep()
    await codeInput().setValue('４２４ ２４２')
    expect(wrapper.attributes('data-state')).toBe('busy')
    await vi.waitFor(() => expect(harness!.navigations).toEqual(['/']))
    expect(harness.requestsTo('/attempt_second_factor')).toBe(1)
  })

  it('shows it as ASCII digits in the segmented boxes, and verifies it by itself', async () => {
    harness = await createHarness()
    wrapper = await mountLoaded(harness, ClientTrustSignIn, { props: { variant: 'segmented' } })
    await toIdleCodeStep()
    await codeInput().setValue('４２４－２４２')
    expect((codeInput().element as HTMLInputElement).value).toBe('424242')
    expect(wrapper.findAll('[data-cts-part="segment"]').map(b => b.text()).join('')).toBe('424242')
    await vi.waitFor(() => expect(harness!.navigations).toEqual(['/']))
    expect(harness.requestsTo('/attempt_second_factor')).toBe(1)
  })
})
