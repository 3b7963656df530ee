// @vitest-environment happy-dom
import { flushPromises } from '@vue/test-utils'
import { describe, expect, it, vi } from 'vitest'
import ClientTrustSignIn from '../../src/runtime/components/ClientTrustSignIn.vue'
import { useMountedForm } from './setup'

const form = useMountedForm()
const { step, alertText, signInWith } = form

describe('given Clerk errors and unusual accounts', () => {
  it('shows rate limiting as a global alert and emits error', async () => {
    const { harness, wrapper } = await form.mount()
    harness.emulator.setScenario({ rateLimit: true })
    await signInWith('jane@example.com')
    await vi.waitFor(() => expect(alertText()).toBe('Too many attempts. Wait a moment and try again.'))
    expect(wrapper.emitted('error')?.[0]?.[0]).toMatchObject({ step: 'credentials', code: 'too_many_requests' })
    expect(step()).toBe('credentials')
    expect(wrapper.find('[data-cts-part="summary"]').html()).not.toMatch(/\{|errors|long_message/)
  })

  it('shows an unknown Clerk error as text, never as markup or JSON', async () => {
    const { harness, wrapper } = await form.mount()
    harness.emulator.setScenario({ outage: true })
    await signInWith('jane@example.com')
    await vi.waitFor(() => expect(alertText()).toMatch(/temporarily unavailable/))
    expect(wrapper.find('[data-cts-part="summary"] *:not(p)').exists()).toBe(false)
  })

  it('shows a network failure as a global alert', async () => {
    const { harness, wrapper } = await form.mount()
    await harness.emulator.close()
    harness.emulator.close = async () => {}
    await signInWith('jane@example.com')
    await vi.waitFor(() => expect(alertText()).toBe('Could not reach the server. Check your connection and try again.'), { timeout: 10_000 })
    expect(step()).toBe('credentials')
    expect(wrapper.find('button[type="submit"]').attributes('disabled')).toBeUndefined()
  })

  it('shows an expired code under the code field', async () => {
    const { harness, wrapper } = await form.mount()
    await signInWith('jane@example.com')
    await vi.waitFor(() => expect(harness.emulator.outbox()).toHaveLength(1))
    await flushPromises()
    harness.emulator.setScenario({ expireCodes: true })
    await wrapper.find('input[autocomplete="one-time-code"]').setValue('424242')
    await wrapper.find('form').trigger('submit')
    const input = wrapper.find('input[autocomplete="one-time-code"]')
    await vi.waitFor(() => expect(input.attributes('aria-invalid')).toBe('true'))
    expect(wrapper.find(`[id="${input.attributes('aria-describedby')}"]`).text()).toBe('The code has expired')
    expect(step()).toBe('verify')
    // A dead code may be replaced at once, cooldown or not.
    expect(wrapper.find('[data-cts-action="resend"]').attributes('disabled')).toBeUndefined()
  })

  it('sends an email link (and no code) when it is the only factor offered', async () => {
    const { harness, wrapper } = await form.mount()
    await signInWith('lee@example.com')
    await vi.waitFor(() => expect(step()).toBe('verify'))
    await vi.waitFor(() => expect(harness.emulator.outbox()).toHaveLength(1))
    expect(harness.emulator.outbox()[0]).toMatchObject({ kind: 'link', to: 'lee@example.com' })
    expect(wrapper.text()).toContain('Check your email')
    expect(wrapper.find('input[autocomplete="one-time-code"]').exists()).toBe(false)
    expect(alertText()).toBe('')
  })

  it('shows the MFA code step for an MFA account, and starts over from it', async () => {
    const { wrapper } = await form.mount()
    await signInWith('mia@example.com')
    await vi.waitFor(() => expect(step()).toBe('second-factor'))
    expect(wrapper.text()).toContain('Two-step verification')
    await wrapper.find('[data-cts-action="start-over"]').trigger('click')
    await vi.waitFor(() => expect(step()).toBe('credentials'))
  })

  it('ignores a password request abandoned by "Start over"', async () => {
    const { harness, wrapper } = await form.mount()
    harness.emulator.setScenario({ delayMs: 150 })
    await signInWith('jane@example.com')
    await vi.waitFor(() => expect(wrapper.find('button[type="submit"]').attributes('disabled')).toBeDefined())
    const vm = wrapper.findComponent(ClientTrustSignIn)
    // The slot-less UI offers no start-over on the credentials step; use the slot props' action.
    const reset = (vm.vm as unknown as { $: { setupState: { form: { startOver: () => Promise<unknown> } } } }).$.setupState.form.startOver
    await reset()
    expect(step()).toBe('credentials')
    // Usable at once: the abandoned request may take minutes (clerk-js sets no timeout).
    expect(wrapper.find('button[type="submit"]').attributes('disabled')).toBeUndefined()
    await vi.waitFor(() => expect(harness.requestsTo('/v1/client/sign_ins')).toBe(1))
    await flushPromises()
    await vi.waitFor(() => expect(step()).toBe('credentials'))
    expect(step()).toBe('credentials')
    // The late response may show for one tick before it is reset again.
    expect(wrapper.emitted('step-change')?.map(([s]) => s).at(-1)).toBe('credentials')
    expect(harness.requestsTo('/prepare_second_factor')).toBe(0)
  })
})
