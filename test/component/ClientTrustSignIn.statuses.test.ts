// @vitest-environment happy-dom
import { flushPromises, mount } from '@vue/test-utils'
import { describe, expect, it, vi } from 'vitest'
import ClientTrustSignIn from '../../src/runtime/components/ClientTrustSignIn.vue'
import { useMountedForm } from './setup'

const form = useMountedForm()
const { step, alertText, signInWith, enterCode } = form
const identifierInput = () => form.wrapper.find<HTMLInputElement>('input[autocomplete="username"]')
const requests = (suffix: string) => form.harness.requestsTo(suffix)

describe('given expiry and lock-out', () => {
  it('goes back to the credentials with a message and the identifier kept when the sign-in expired', async () => {
    const errors: unknown[] = []
    const { harness } = await form.mount({ props: { onError: (e: unknown) => errors.push(e) } })
    await signInWith('jane@example.com')
    await vi.waitFor(() => expect(requests('/prepare_second_factor')).toBe(1))
    harness.emulator.setScenario({ expireSignIns: true })
    await enterCode('424242')
    await vi.waitFor(() => expect(step()).toBe('credentials'))
    expect(alertText()).toBe('Your sign-in expired. Please sign in again.')
    expect(identifierInput().element.value).toBe('jane@example.com')
    expect(errors).toMatchObject([{ step: 'verify', code: 'sign_in_expired' }])
    harness.emulator.setScenario({ expireSignIns: false })
    await signInWith('jane@example.com')
    await vi.waitFor(() => expect(step()).toBe('verify'))
    expect(alertText()).toBe('')
  })

  it('answers a fourth code within 10 s with Clerk\'s rate limit, sends nothing by itself, and takes the right code once the window passed', async () => {
    let now = Date.now()
    const { harness, wrapper } = await form.mount({}, {}, { emulator: { now: () => now } })
    await signInWith('jane@example.com')
    await vi.waitFor(() => expect(requests('/prepare_second_factor')).toBe(1))
    const input = wrapper.find('input[autocomplete="one-time-code"]')
    const codeError = () => wrapper.find(`[id="${input.attributes('aria-describedby')}"]`).text()
    for (const code of ['111111', '222222', '333333']) {
      await enterCode(code)
      await vi.waitFor(() => expect(codeError()).toBe('Incorrect, try again'))
    }
    await enterCode('424242')
    await vi.waitFor(() => expect(alertText()).toBe('Too many attempts. Wait a moment and try again.'))
    expect(step()).toBe('verify')
    await flushPromises()
    expect(requests('/prepare_second_factor')).toBe(1)
    now += 10_000
    await enterCode('424242')
    await vi.waitFor(() => expect(harness.clerk.user?.id).toBe('user_jane'))
  })

  it('waits as long as Retry-After says when Clerk refuses a resend (verification_code_too_many_requests)', async () => {
    const { harness, wrapper } = await form.mount({}, { resendCooldown: 0 }, { emulator: { now: () => 1_000_000 } })
    await signInWith('jane@example.com')
    await vi.waitFor(() => expect(requests('/prepare_second_factor')).toBe(1))
    const resend = () => wrapper.find('[data-cts-action="resend"]')
    for (let sent = 2; sent <= 4; sent++) {
      await vi.waitFor(() => expect(resend().attributes('disabled')).toBeUndefined())
      await resend().trigger('click')
      await vi.waitFor(() => expect(requests('/prepare_second_factor')).toBe(sent))
    }
    await vi.waitFor(() => expect(alertText()).toBe('Too many attempts. Wait a moment and try again.'))
    expect(harness.emulator.outbox()).toHaveLength(3)
    // The emulator's clock stands still: its Retry-After is the whole 60 s window.
    await vi.waitFor(() => expect(resend().text()).toMatch(/^Resend code \((59|60)s\)$/))
    expect(resend().attributes('disabled')).toBeDefined()
  })

  it('shows Clerk\'s lock-out text, minutes included, as real clerk-js delivers it, once and without retrying', async () => {
    await form.mount()
    await signInWith('rex@example.com')
    await vi.waitFor(() => expect(alertText()).toBe('Your account is locked. You will be able to try again in 60 minutes. For more information, contact support.'))
    await flushPromises()
    expect(step()).toBe('credentials')
    expect(requests('/v1/client/sign_ins')).toBe(1)
    expect(identifierInput().element.value).toBe('rex@example.com')
  })

  it('keeps a translated lock-out message over Clerk\'s English text', async () => {
    await form.mount({ props: { messages: { accountLocked: 'Compte verrouillé.' } } })
    await signInWith('rex@example.com')
    await vi.waitFor(() => expect(alertText()).toBe('Compte verrouillé.'))
  })
})

describe('given statuses the form does not finish itself', () => {
  it('offers the reset-password page and Start over on needs_new_password', async () => {
    const { wrapper } = await form.mount({ props: { resetPasswordUrl: '/account/reset' } })
    await signInWith('nina@example.com')
    await vi.waitFor(() => expect(step()).toBe('new-password'))
    expect(wrapper.text()).toContain('You need to reset your password before you can sign in.')
    expect(wrapper.find('a[data-cts-action="reset-password"]').attributes('href')).toBe('/account/reset')
    expect(document.activeElement?.textContent?.trim()).toBe('Set a new password')
    await wrapper.find('[data-cts-action="start-over"]').trigger('click')
    await vi.waitFor(() => expect(step()).toBe('credentials'))
    expect(identifierInput().element.value).toBe('nina@example.com')
  })

  it('asks for the identifier on needs_identifier, and goes on from there', async () => {
    const { harness } = await form.mount()
    // clerk-js' empty sign-in also says `needs_identifier`: no message for it.
    expect(harness.signIn().status).toBe('needs_identifier')
    expect(alertText()).toBe('')
    await harness.signIn().create({})
    await vi.waitFor(() => expect(alertText()).toBe('Enter your email address, phone number or username to continue.'))
    expect(step()).toBe('credentials')
    await signInWith('jane@example.com')
    await vi.waitFor(() => expect(step()).toBe('verify'))
    expect(alertText()).toBe('')
  })
})

describe('given session tasks and existing sessions', () => {
  it('routes a pending session to its task page and emits the task', async () => {
    const { harness, wrapper } = await form.mount({}, { taskUrls: { 'choose-organization': '/onboarding/organization' } })
    await signInWith('otto@example.com')
    await enterCode('424242')
    await vi.waitFor(() => expect(harness.navigations).toEqual(['/onboarding/organization']))
    expect(wrapper.emitted('task')).toEqual([[{ key: 'choose-organization' }]])
    expect(harness.clerk.session?.status).toBe('pending')
    expect(wrapper.emitted('complete')).toHaveLength(1)
  })

  it('uses tasksUrl for a task without its own page', async () => {
    const { harness } = await form.mount()
    await signInWith('otto@example.com')
    await enterCode('424242')
    await vi.waitFor(() => expect(harness.navigations).toEqual(['/sign-in/tasks']))
  })

  it('counts a pending session as signed in: a form opened again leaves for its task', async () => {
    const { harness } = await form.mount({}, { taskUrls: { 'choose-organization': '/onboarding/organization' } })
    await signInWith('otto@example.com')
    await enterCode('424242')
    await vi.waitFor(() => expect(harness.navigations).toEqual(['/onboarding/organization']))
    expect(harness.clerk.session?.status).toBe('pending')

    form.track(mount(ClientTrustSignIn, { attachTo: document.body, global: { plugins: harness.plugins } }))
    await vi.waitFor(() => expect(harness.navigations).toEqual(['/onboarding/organization', '/onboarding/organization']))
    expect(harness.requestsTo('/v1/client/sign_ins')).toBe(1)
  })

  it('leaves the sign-in for afterSignInUrl when already signed in, unless turned off', async () => {
    const { harness } = await form.mount({ props: { afterSignInUrl: '/dashboard' } })
    await signInWith('jane@example.com')
    await enterCode('424242')
    await vi.waitFor(() => expect(harness.navigations).toEqual(['/dashboard']))

    form.track(mount(ClientTrustSignIn, { attachTo: document.body, props: { redirectIfSignedIn: false }, global: { plugins: harness.plugins } }))
    await vi.waitFor(() => expect(step()).toBe('credentials'))
    await flushPromises()
    expect(harness.navigations).toEqual(['/dashboard'])

    form.track(mount(ClientTrustSignIn, { attachTo: document.body, props: { afterSignInUrl: '/dashboard' }, global: { plugins: harness.plugins } }))
    await vi.waitFor(() => expect(harness.navigations).toEqual(['/dashboard', '/dashboard']))
    expect(harness.requestsTo('/v1/client/sign_ins')).toBe(1)
  })
})
