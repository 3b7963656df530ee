// @vitest-environment happy-dom
import { flushPromises } from '@vue/test-utils'
import { describe, expect, it, vi } from 'vitest'
import { useMountedForm } from './setup'

const form = useMountedForm()

const { step, signInWith, enterCode, toCodeStep } = form

describe('given the real clerk-js against the emulator', () => {
  it('signs jane in with an email code on a new device', async () => {
    const { harness, wrapper } = await form.mount({ props: { afterSignInUrl: '/dashboard' } })
    expect(wrapper.find('input[autocomplete="username"]').attributes('type')).toBe('text')

    expect(await toCodeStep('jane@example.com')).toMatchObject({ channel: 'email', to: 'jane@example.com' })
    expect(wrapper.text()).toContain('You\'re signing in from a new device.')
    await vi.waitFor(() => expect(wrapper.text()).toMatch(/Enter the code sent to j\S*@example\.com/))
    const codeInput = wrapper.find('input[autocomplete="one-time-code"]')
    expect(codeInput.attributes('inputmode')).toBe('numeric')
    expect(document.activeElement).toBe(codeInput.element)

    await enterCode('424 242')
    await vi.waitFor(() => expect(harness.navigations).toEqual(['/dashboard']))
    expect(harness.clerk.user?.id).toBe('user_jane')
    expect(wrapper.emitted('complete')).toEqual([[{ sessionId: harness.clerk.session?.id }]])
    expect(wrapper.emitted('step-change')?.map(([s]) => s)).toEqual(['credentials', 'verify', 'complete'])
    expect(harness.requestsTo('/prepare_second_factor')).toBe(1)
    expect(harness.requestsTo('/attempt_second_factor')).toBe(1)
  })

  it('signs phil in with an SMS code, typing a formatted phone number', async () => {
    const { harness, wrapper } = await form.mount({ props: { identifier: 'phone' } })
    expect(wrapper.find('input[autocomplete="username"]').attributes('type')).toBe('tel')

    expect(await toCodeStep('+1 555 555 0100')).toMatchObject({ channel: 'sms', to: '+15555550100' })
    expect(harness.emulator.requests().find(r => r.path.endsWith('/prepare_second_factor'))?.body.strategy).toBe('phone_code')
    expect(wrapper.text()).toMatch(/Enter the code sent to \+\S*0100/)

    await enterCode('424242')
    await vi.waitFor(() => expect(harness.navigations).toEqual(['/']))
    expect(harness.clerk.user?.id).toBe('user_phil')
  })

  it('shows a wrong password under the password field', async () => {
    const { harness, wrapper } = await form.mount()
    await signInWith('jane@example.com', 'wrong-horse')
    const password = wrapper.find('input[autocomplete="current-password"]')
    await vi.waitFor(() => expect(password.attributes('aria-invalid')).toBe('true'))
    const errorId = password.attributes('aria-describedby')!
    expect(wrapper.find(`[id="${errorId}"]`).text()).toBe('Password is incorrect. Try again.')
    // Announced by the form's one polite live region, not by the field.
    expect(wrapper.find('[data-cts-part="live"]').text()).toBe('Password is incorrect. Try again.')
    expect(step()).toBe('credentials')
    expect((wrapper.find('input[autocomplete="username"]').element as HTMLInputElement).value).toBe('jane@example.com')
    expect(wrapper.emitted('error')?.[0]?.[0]).toMatchObject({ step: 'credentials', code: 'form_password_incorrect' })
    expect(wrapper.html()).not.toContain('wrong-horse')
    expect(harness.emulator.outbox()).toHaveLength(0)
  })

  it('keeps the verify step, shows the error and clears the input after a wrong code', async () => {
    const { harness, wrapper } = await form.mount()
    await signInWith('jane@example.com')
    await vi.waitFor(() => expect(harness.emulator.outbox()).toHaveLength(1))

    await enterCode('111111')
    const input = wrapper.find('input[autocomplete="one-time-code"]')
    await vi.waitFor(() => expect(input.attributes('aria-invalid')).toBe('true'))
    expect(wrapper.find(`[id="${input.attributes('aria-describedby')}"]`).text()).toBe('Incorrect, try again')
    expect((input.element as HTMLInputElement).value).toBe('')
    expect(step()).toBe('verify')
    expect(wrapper.html()).not.toContain('111111')
    expect(harness.requestsTo('/attempt_second_factor')).toBe(1)

    await enterCode('424242')
    await vi.waitFor(() => expect(harness.navigations).toEqual(['/']))
  })

  it('refuses an empty or malformed code locally, without a request', async () => {
    const { harness, wrapper } = await form.mount()
    await signInWith('jane@example.com')
    await vi.waitFor(() => expect(harness.emulator.outbox()).toHaveLength(1))
    await enterCode('')
    await flushPromises()
    expect(wrapper.text()).toContain('Enter the code')
    await enterCode('12ab')
    await flushPromises()
    expect(wrapper.text()).toContain('The code is 6 digits')
    expect(harness.requestsTo('/attempt_second_factor')).toBe(0)
  })

  it('starts over without a request and keeps the identifier', async () => {
    const { harness, wrapper } = await form.mount()
    await signInWith('jane@example.com')
    await vi.waitFor(() => expect(harness.emulator.outbox()).toHaveLength(1))
    const before = harness.emulator.requests().length

    await wrapper.find('[data-cts-action="start-over"]').trigger('click')
    await vi.waitFor(() => expect(step()).toBe('credentials'))
    await flushPromises()
    expect(harness.emulator.requests()).toHaveLength(before)
    const identifier = wrapper.find('input[autocomplete="username"]')
    expect((identifier.element as HTMLInputElement).value).toBe('jane@example.com')
    expect((wrapper.find('input[autocomplete="current-password"]').element as HTMLInputElement).value).toBe('')
    expect(document.activeElement).toBe(identifier.element)
  })

  it('completes without a code step on a device that is already trusted', async () => {
    const { harness, wrapper } = await form.mount()
    await signInWith('jane@example.com')
    await vi.waitFor(() => expect(harness.emulator.outbox()).toHaveLength(1))
    await enterCode('424242')
    await vi.waitFor(() => expect(harness.navigations).toHaveLength(1))
    await harness.clerk.signOut(() => {})
    await vi.waitFor(() => expect(step()).toBe('credentials'))
    const stepsBefore = wrapper.emitted('step-change')!.length

    await signInWith('jane@example.com')
    await vi.waitFor(() => expect(harness.navigations).toHaveLength(2))
    expect(harness.clerk.user?.id).toBe('user_jane')
    expect(wrapper.emitted('step-change')!.slice(stepsBefore).map(([s]) => s)).toEqual(['complete'])
    expect(harness.emulator.outbox()).toHaveLength(1)
    expect(harness.requestsTo('/prepare_second_factor')).toBe(1)
  })

  it('sends one request when the form is submitted twice quickly', async () => {
    const { harness, wrapper } = await form.mount()
    await wrapper.find('input[autocomplete="username"]').setValue('jane@example.com')
    await wrapper.find('input[autocomplete="current-password"]').setValue('correct-horse')
    const formElement = wrapper.find('form')
    void formElement.trigger('submit')
    void wrapper.find('button[type="submit"]').trigger('click')
    void formElement.trigger('submit')
    await vi.waitFor(() => expect(step()).toBe('verify'))
    await vi.waitFor(() => expect(harness.emulator.outbox()).toHaveLength(1))
    await flushPromises()
    expect(harness.emulator.requests().filter(r => r.method === 'POST' && r.path === '/v1/client/sign_ins')).toHaveLength(1)
    expect(harness.requestsTo('/prepare_second_factor')).toBe(1)
  })
})
