// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest'
import { h } from 'vue'
import ClientTrustSignIn from '../../src/runtime/components/ClientTrustSignIn.vue'
import { frFR } from '@clerk/localizations'
import { fr } from '../../src/vue'
import type { ClientTrustPluginOptions, ClientTrustSlotProps } from '../../src/vue'
import { mountLoaded, useMountedForm } from './setup'

// In happy-dom with the real clerk-js: auto-submit, the segmented code field,
// app-wide and per-component messages, the new slots and data-* parts.

const form = useMountedForm()

const { toCodeStep, signInWith, enterCode } = form
const codeInput = () => form.wrapper.find('input[autocomplete="one-time-code"]')
/** Types `code` once Clerk's own requests (sending the code) are done: `busy` after it can only be ours. */
async function typeCodeWhenIdle(code: string) {
  await vi.waitFor(() => expect(form.wrapper.attributes('data-state')).toBe('idle'))
  await codeInput().setValue(code)
}
/** Signed in, to the default page, with one code attempt. */
async function expectSignedInWithOneAttempt() {
  await vi.waitFor(() => expect(form.harness.navigations).toEqual(['/']))
  expect(form.harness.requestsTo('/attempt_second_factor')).toBe(1)
}

describe('given the code step', () => {
  it('verifies by itself once six digits are in, with one request even when Enter follows', async () => {
    const { wrapper } = await form.mount()
    await toCodeStep()
    await typeCodeWhenIdle('424242')
    // Already verifying, before any submit.
    expect(wrapper.attributes('data-state')).toBe('busy')
    await wrapper.find('form').trigger('submit')
    await expectSignedInWithOneAttempt()
  })

  it('verifies a code pasted while the code is still being sent, once the send answers', async () => {
    const { harness, wrapper } = await form.mount()
    // Every FAPI answer is late, so the send is still running when the code arrives
    // (a paste, or a script filling the code from the mail, as fast as it can).
    harness.emulator.setScenario({ delayMs: 400 })
    await signInWith('jane@example.com')
    await vi.waitFor(() => expect(codeInput().exists()).toBe(true))
    // The send has not answered yet (the emulator records a request when it answers).
    expect(harness.requestsTo('/prepare_second_factor')).toBe(0)
    expect(wrapper.attributes('data-state')).toBe('busy')
    await codeInput().setValue('424242')
    await expectSignedInWithOneAttempt()
    expect(harness.requestsTo('/prepare_second_factor')).toBe(1)
  })

  it('waits for the Verify button with autoSubmit false, and never submits fewer than six digits', async () => {
    let { wrapper } = await form.mount({ props: { autoSubmit: false } })
    await toCodeStep()
    await typeCodeWhenIdle('424242')
    expect(wrapper.attributes('data-state')).toBe('idle')
    await wrapper.find('form').trigger('submit')
    await expectSignedInWithOneAttempt()

    ;({ wrapper } = await form.mount())
    await toCodeStep()
    await typeCodeWhenIdle('42424')
    expect(wrapper.attributes('data-state')).toBe('idle')
    // Submitted, five digits would be refused with a message on the field.
    expect(codeInput().attributes('aria-invalid')).toBeUndefined()
  })

  it('draws the segmented variant over one input, boxes hidden from assistive tech', async () => {
    const { wrapper } = await form.mount({ props: { variant: 'segmented', autoSubmit: false } })
    await toCodeStep()
    expect(wrapper.findAll('input')).toHaveLength(1)
    await codeInput().setValue('1 2')
    expect((codeInput().element as HTMLInputElement).value).toBe('12')
    const boxes = wrapper.findAll('[data-cts-part="segment"]')
    expect(boxes.map(b => b.text())).toEqual(['1', '2', '', '', '', ''])
    expect(boxes.every(b => b.attributes('aria-hidden') === 'true')).toBe(true)
    expect(boxes.map(b => b.attributes('data-state'))).toEqual(['filled', 'filled', 'empty', 'empty', 'empty', 'empty'])
    expect(boxes.findIndex(b => b.attributes('data-active') !== undefined)).toBe(2)
  })
})

describe('given messages', () => {
  it('takes app-wide messages from clientTrustPlugin, the prop on top, with interpolation', async () => {
    const appWide: ClientTrustPluginOptions = { localization: frFR, messages: { ...fr, signInTitle: 'Connexion' } }
    const { wrapper } = await form.mount({ props: { messages: { continue: 'Allons-y' } } }, appWide)
    expect(wrapper.find('h2').text()).toBe('Connexion')
    expect(wrapper.find('button[type="submit"]').text()).toBe('Allons-y')
    await toCodeStep()
    await vi.waitFor(() => expect(wrapper.text()).toMatch(/pour continuer vers Clerk Emulator · j\*+@example\.com/))
    // The countdown starts once clerk-js has processed the prepare answer, which can be a
    // moment after the emulator has put the code in its outbox.
    await vi.waitFor(() => expect(wrapper.find('[data-cts-action="resend"]').text()).toMatch(/^Vous n'avez pas reçu de code \? Renvoyer \(\d+\)$/))
  })
})

describe('given slots and parts', () => {
  it('renders notice, actions, errors and complete slots with typed props, and marks every part', async () => {
    const harness = await form.start()
    harness.emulator.setScenario({ rateLimit: true })
    const wrapper = form.track(await mountLoaded(harness, ClientTrustSignIn, {
      props: { autoSubmit: false },
      slots: {
        errors: (p: ClientTrustSlotProps) => h('strong', { id: 'my-error' }, `!${p.errors.global}`),
        notice: () => h('p', { id: 'my-notice' }, 'New here?'),
        actions: (p: ClientTrustSlotProps) => h('button', { id: 'my-resend', type: 'button', onClick: () => p.resendCode() }, 'again'),
        complete: () => h('p', { id: 'my-complete' }, 'Welcome'),
      },
    }))
    await signInWith('jane@example.com')
    await vi.waitFor(() => expect(wrapper.find('#my-error').text()).toBe('!Too many attempts. Wait a moment and try again.'))
    expect(wrapper.attributes('data-state')).toBe('error')
    expect(wrapper.find('[data-cts-part="summary"]').attributes('data-state')).toBe('error')
    expect(document.activeElement?.getAttribute('data-cts-part')).toBe('summary')

    harness.emulator.setScenario({ rateLimit: false })
    await wrapper.find('form').trigger('submit')
    await vi.waitFor(() => expect(wrapper.find('#my-notice').exists()).toBe(true))
    expect(wrapper.find('#my-resend').exists()).toBe(true)
    expect(wrapper.find('[data-cts-action="start-over"]').exists()).toBe(false)
    for (const part of ['root', 'summary', 'step', 'title', 'hint', 'field', 'label', 'input', 'error', 'submit', 'live']) {
      expect(wrapper.find(`[data-cts-part="${part}"]`).exists(), part).toBe(true)
    }
    expect(wrapper.findAll('[aria-live], [role="status"], [role="alert"]').map(e => e.attributes('aria-live'))).toEqual(['polite'])

    await vi.waitFor(() => expect(harness.emulator.outbox()).toHaveLength(1))
    await enterCode('000000')
    await vi.waitFor(() => expect(wrapper.find('[data-cts-part="field"]').attributes('data-invalid')).toBe(''))
    await enterCode('424242')
    await vi.waitFor(() => expect(wrapper.find('#my-complete').exists()).toBe(true))
  })
})
