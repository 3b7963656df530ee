// @vitest-environment happy-dom
// Forgot password → reset code → new password, with the real clerk-js against the emulator.
import { describe, expect, it, vi } from 'vitest'
import { useMountedForm } from './setup'

const form = useMountedForm()
const { step, alertText, enterCode } = form
const requests = (suffix: string) => form.harness.requestsTo(suffix)
const input = (selector: string) => form.wrapper.find<HTMLInputElement>(selector)
const field = (name: string) => input(`input[name="${name}"]`)
const errorOf = (name: string) => {
  const describedBy = field(name).attributes('aria-describedby')?.split(' ') ?? []
  return describedBy.map(id => form.wrapper.find(`[id="${id}"]`)).filter(el => el.classes('cts-field-error')).map(el => el.text()).join('')
}
const NEW_PASSWORD = 'new-battery-staple-9'

/** Types the identifier and chooses "Forgot password?"; resolves on the reset code step with the code sent. */
async function forgotPassword(identifier: string) {
  const w = form.wrapper
  await vi.waitFor(() => expect(w.find('[data-cts-action="forgot-password"]').exists()).toBe(true))
  await input('input[autocomplete="username"]').setValue(identifier)
  await w.find('[data-cts-action="forgot-password"]').trigger('click')
  await vi.waitFor(() => expect(step()).toBe('reset-code'))
  await vi.waitFor(() => expect(requests('/prepare_first_factor')).toBe(1))
}

/** Fills both new-password fields and submits. */
async function setNewPassword(password: string, confirm = password) {
  await vi.waitFor(() => expect(field('new-password').exists()).toBe(true))
  await field('new-password').setValue(password)
  await field('confirm-password').setValue(confirm)
  await form.wrapper.find('form').trigger('submit')
}

describe('given Jane, who forgot her password', () => {
  it('resets it by an emailed code inside the form and is signed in, the rules checked before any request', async () => {
    const { harness, wrapper } = await form.mount()
    await forgotPassword('jane@example.com')
    const sent = harness.emulator.outbox()
    expect(sent).toHaveLength(1)
    expect(sent[0]).toMatchObject({ to: 'jane@example.com', channel: 'email' })
    expect(wrapper.text()).toContain('Reset password')
    expect(wrapper.text()).toMatch(/First, enter the code sent to your email address · j\S*@example\.com/)
    expect(wrapper.find('label').text()).toBe('Reset password code')

    // A wrong code stays on the step, cleared, with Clerk's message.
    await enterCode('000000')
    await vi.waitFor(() => expect(errorOf('code')).toBe('Incorrect, try again'))
    expect(step()).toBe('reset-code')
    await enterCode('424242')
    await vi.waitFor(() => expect(step()).toBe('new-password'))
    await vi.waitFor(() => expect(wrapper.find('[data-cts-part="password-rules"]').text()).toContain('Your password must contain 8 or more characters'))

    // Broken rules and a mismatch are refused on their field, with nothing sent.
    const before = harness.emulator.requests().length
    await setNewPassword('short')
    await vi.waitFor(() => expect(errorOf('new-password')).toContain('8 or more characters'))
    await setNewPassword(NEW_PASSWORD, `${NEW_PASSWORD}x`)
    await vi.waitFor(() => expect(errorOf('confirm-password')).toBe('Passwords don\'t match.'))
    expect(harness.emulator.requests()).toHaveLength(before)
    // Secrets never reach an attribute.
    expect(wrapper.html()).not.toContain(NEW_PASSWORD)

    await setNewPassword(NEW_PASSWORD)
    await vi.waitFor(() => expect(harness.navigations).toEqual(['/']))
    expect(requests('/reset_password')).toBe(1)
    expect(alertText()).toBe('')
  })

  it('asks for the identifier first, with no request, when none was typed', async () => {
    const { harness, wrapper } = await form.mount()
    await vi.waitFor(() => expect(wrapper.find('[data-cts-action="forgot-password"]').exists()).toBe(true))
    const before = harness.emulator.requests().length
    await wrapper.find('[data-cts-action="forgot-password"]').trigger('click')
    await vi.waitFor(() => expect(errorOf('identifier')).toBe('Enter your email address, phone number or username'))
    expect(step()).toBe('credentials')
    expect(harness.emulator.requests()).toHaveLength(before)
  })

  it('puts Clerk\'s refusal of a breached password on the new password field', async () => {
    const { harness } = await form.mount()
    await forgotPassword('jane@example.com')
    await enterCode('424242')
    await vi.waitFor(() => expect(step()).toBe('new-password'))
    await setNewPassword('password123')
    await vi.waitFor(() => expect(errorOf('new-password')).toMatch(/breach/))
    expect(step()).toBe('new-password')
    expect(requests('/reset_password')).toBe(1)
    expect(harness.navigations).toEqual([])
  })
})

describe('given other accounts', () => {
  it('resets a phone-only account by SMS', async () => {
    const { harness, wrapper } = await form.mount()
    await forgotPassword('+15555550100')
    expect(harness.emulator.outbox()).toMatchObject([{ channel: 'sms' }])
    expect(wrapper.text()).toMatch(/First, enter the code sent to your phone/)
    await enterCode('424242')
    await vi.waitFor(() => expect(step()).toBe('new-password'))
    await setNewPassword(NEW_PASSWORD)
    await vi.waitFor(() => expect(harness.navigations).toEqual(['/']))
  })

  it('asks an MFA account for its second factor after the reset', async () => {
    const { harness } = await form.mount()
    await forgotPassword('mia@example.com')
    await enterCode('424242')
    await vi.waitFor(() => expect(step()).toBe('new-password'))
    await setNewPassword(NEW_PASSWORD)
    await vi.waitFor(() => expect(step()).toBe('second-factor'))
    expect(harness.navigations).toEqual([])
  })

  it('lets Nina, whom Clerk asks for a new password after a correct one, set it in the form', async () => {
    const { harness } = await form.mount()
    await form.signInWith('nina@example.com')
    await vi.waitFor(() => expect(step()).toBe('new-password'))
    await setNewPassword(NEW_PASSWORD)
    await vi.waitFor(() => expect(harness.navigations).toEqual(['/']))
  })

  it('states an instance\'s stricter rules, ticks each off as typed, and refuses what breaks one without a request', async () => {
    const { harness, wrapper } = await form.mount({}, {}, { emulator: { instance: { passwordSettings: { minLength: 10, requireNumbers: true, requireUppercase: true } } } })
    await forgotPassword('jane@example.com')
    await enterCode('424242')
    await vi.waitFor(() => expect(step()).toBe('new-password'))
    const rules = () => wrapper.findAll('[data-cts-part="password-rules"] li').map(li => `${li.attributes('data-state')} ${li.text()}`)
    await vi.waitFor(() => expect(rules()).toEqual(['unmet 10 or more characters', 'unmet an uppercase letter', 'unmet a number']))
    expect(wrapper.find('[data-cts-part="password-rules"] p').text()).toBe('Your password must contain 10 or more characters, an uppercase letter, and a number.')
    await field('new-password').setValue('Short1')
    expect(rules()).toEqual(['unmet 10 or more characters', 'met an uppercase letter', 'met a number'])
    const before = harness.emulator.requests().length
    await setNewPassword('longer-but-no-digit')
    await vi.waitFor(() => expect(errorOf('new-password')).toBe('Your password must contain an uppercase letter and a number.'))
    expect(harness.emulator.requests()).toHaveLength(before)
    await setNewPassword('Longer-with-digit-1')
    await vi.waitFor(() => expect(harness.navigations).toEqual(['/']))
  })

  it('switches between the email and the SMS reset code under "Use another method", one code each', async () => {
    const { harness, wrapper } = await form.mount()
    await forgotPassword('sam@example.com')
    expect(harness.emulator.outbox().map(m => m.channel)).toEqual(['email'])
    // As a person would: once the send has answered (the buttons are disabled meanwhile).
    await vi.waitFor(() => expect(wrapper.attributes('data-state')).toBe('idle'))
    await wrapper.find('[data-cts-action="another-method"]').trigger('click')
    await vi.waitFor(() => expect(wrapper.find('[data-cts-strategy="reset_password_phone_code"]').exists()).toBe(true))
    await wrapper.find('[data-cts-strategy="reset_password_phone_code"]').trigger('click')
    await vi.waitFor(() => expect(harness.emulator.outbox().map(m => m.channel)).toEqual(['email', 'sms']))
    await vi.waitFor(() => expect(wrapper.text()).toMatch(/First, enter the code sent to your phone/))
    await enterCode('424242')
    await vi.waitFor(() => expect(step()).toBe('new-password'))
  })

  it('says the code has expired, and a resend works at once', async () => {
    const { harness, wrapper } = await form.mount()
    await forgotPassword('jane@example.com')
    harness.emulator.setScenario({ expireCodes: true })
    await enterCode('424242')
    await vi.waitFor(() => expect(errorOf('code')).toBe('The code has expired'))
    expect(step()).toBe('reset-code')
    harness.emulator.setScenario({ expireCodes: false })
    await vi.waitFor(() => expect(wrapper.find('[data-cts-action="resend"]').attributes('disabled')).toBeUndefined())
    await wrapper.find('[data-cts-action="resend"]').trigger('click')
    await vi.waitFor(() => expect(requests('/prepare_first_factor')).toBe(2))
    await enterCode('424242')
    await vi.waitFor(() => expect(step()).toBe('new-password'))
  })

  it('tells a username-only account it has nowhere to send a code, with Start over', async () => {
    const { harness, wrapper } = await form.mount({}, {}, { emulator: { users: [{ username: 'uma', password: 'correct-horse' }, { emailAddress: 'ann@example.com', password: 'correct-horse' }] } })
    await vi.waitFor(() => expect(wrapper.find('[data-cts-action="forgot-password"]').exists()).toBe(true))
    await input('input[autocomplete="username"]').setValue('uma')
    await wrapper.find('[data-cts-action="forgot-password"]').trigger('click')
    await vi.waitFor(() => expect(step()).toBe('reset-code'))
    await vi.waitFor(() => expect(alertText()).toBe('This account has no email address or phone number to send a reset code to. Contact support to reset your password.'))
    expect(harness.emulator.outbox()).toEqual([])
    await wrapper.find('[data-cts-action="start-over"]').trigger('click')
    await vi.waitFor(() => expect(step()).toBe('credentials'))
  })

  it('links to the app\'s own reset page instead when it has one', async () => {
    const { wrapper } = await form.mount({ props: { resetPasswordUrl: '/account/reset' } })
    expect(wrapper.find('a[data-cts-action="forgot-password"]').attributes('href')).toBe('/account/reset')
  })
})
