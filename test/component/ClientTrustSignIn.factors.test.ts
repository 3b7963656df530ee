// @vitest-environment happy-dom
import { flushPromises, mount } from '@vue/test-utils'
import { describe, expect, it, vi } from 'vitest'
import ClientTrustSignIn from '../../src/runtime/components/ClientTrustSignIn.vue'
import { SEEDED_TOTP_SECRET, totpCode } from '../../src/emulator'
import { useMountedForm } from './setup'

const form = useMountedForm()

const { step, signInWith, enterCode } = form
const factor = () => form.wrapper.attributes('data-factor')
const codeError = () => {
  const input = form.wrapper.find('input[autocomplete="one-time-code"]')
  return form.wrapper.find(`[id="${input.attributes('aria-describedby')}"]`).text()
}
const attempts = () => form.harness.emulator.requests().filter(r => r.path.endsWith('/attempt_second_factor'))
const prepares = () => form.harness.emulator.requests().filter(r => r.path.endsWith('/prepare_second_factor')).map(r => r.body.strategy)
async function click(action: string, strategy?: string) {
  const selector = strategy ? `[data-cts-action="${action}"][data-cts-strategy="${strategy}"]` : `[data-cts-action="${action}"]`
  // Present and enabled: while a code is still being sent the buttons are disabled, and a
  // click then does nothing (the emulator may have answered before clerk-js read the answer).
  await vi.waitFor(() => expect(form.wrapper.find(selector).attributes('disabled')).toBeUndefined())
  await form.wrapper.find(selector).trigger('click')
  await flushPromises()
}

describe('given an MFA account (needs_second_factor)', () => {
  it('starts with the authenticator app, sends nothing, and signs in with a TOTP', async () => {
    const { harness, wrapper } = await form.mount()
    await signInWith('mia@example.com')
    await vi.waitFor(() => expect(step()).toBe('second-factor'))
    expect(factor()).toBe('totp')
    expect(wrapper.text()).toContain('Enter the code from your authenticator app')
    expect(wrapper.text()).not.toContain('new device')
    await enterCode('000000')
    await vi.waitFor(() => expect(codeError()).toBe('Incorrect, try again'))
    await enterCode(totpCode(SEEDED_TOTP_SECRET, Date.now()))
    await vi.waitFor(() => expect(harness.navigations).toEqual(['/']))
    expect(harness.clerk.user?.id).toBe('user_mia')
    expect(attempts().map(r => r.body.strategy)).toEqual(['totp', 'totp'])
    expect(prepares()).toEqual([])
    expect(harness.emulator.outbox()).toEqual([])
  })

  it('switches to a backup code and signs in with it', async () => {
    const { harness, wrapper } = await form.mount()
    await signInWith('mia@example.com')
    await vi.waitFor(() => expect(factor()).toBe('totp'))
    await click('backup-code')
    expect(factor()).toBe('backup_code')
    expect(wrapper.text()).toContain('Enter one of your backup codes')
    expect(wrapper.find('input[autocomplete="one-time-code"]').attributes('inputmode')).toBe('text')
    await enterCode('  backup-0002 ')
    await vi.waitFor(() => expect(harness.clerk.user?.id).toBe('user_mia'))
    expect(attempts().map(r => r.body.strategy)).toEqual(['backup_code'])
    expect(prepares()).toEqual([])
  })

  it('lists the other methods with masked numbers; picking SMS sends exactly one code', async () => {
    const { harness, wrapper } = await form.mount()
    await signInWith('mia@example.com')
    await vi.waitFor(() => expect(factor()).toBe('totp'))
    await click('another-method')
    const labels = wrapper.findAll('[data-cts-action="select-method"]').map(b => b.text())
    expect(labels).toEqual(['Send an SMS code to +1******0111', 'Use a backup code'])
    await click('select-method', 'phone_code')
    await vi.waitFor(() => expect(harness.emulator.outbox()).toHaveLength(1))
    expect(harness.emulator.outbox()[0]).toMatchObject({ channel: 'sms', to: '+15555550111' })
    expect(factor()).toBe('phone_code')
    expect(wrapper.text()).toContain('Enter the code sent to +1******0111')
    expect(document.activeElement).toBe(wrapper.find('input[autocomplete="one-time-code"]').element)
    await enterCode('424242')
    await vi.waitFor(() => expect(harness.clerk.user?.id).toBe('user_mia'))
    expect(prepares()).toEqual(['phone_code'])
  })

  it('sends one email code for an email-code MFA account, even across a remount', async () => {
    const { harness } = await form.mount()
    await signInWith('ella@example.com')
    await vi.waitFor(() => expect(factor()).toBe('email_code'))
    await vi.waitFor(() => expect(prepares()).toEqual(['email_code']))
    form.track(mount(ClientTrustSignIn, { attachTo: document.body, global: { plugins: harness.plugins } }))
    await vi.waitFor(() => expect(factor()).toBe('email_code'))
    await flushPromises()
    expect(prepares()).toEqual(['email_code'])
    await enterCode('424242')
    await vi.waitFor(() => expect(harness.clerk.user?.id).toBe('user_ella'))
    expect(attempts().map(r => r.body.strategy)).toEqual(['email_code'])
  })
})

describe('given a new device with two trust channels', () => {
  it('starts with email, switches to SMS with one code, and back again with one more', async () => {
    const { harness, wrapper } = await form.mount()
    await signInWith('sam@example.com')
    await vi.waitFor(() => expect(prepares()).toEqual(['email_code']))
    expect(step()).toBe('verify')
    await click('another-method')
    expect(wrapper.findAll('[data-cts-action="select-method"]').map(b => b.text())).toEqual(['Send an SMS code to +1******0122'])
    await click('select-method', 'phone_code')
    await vi.waitFor(() => expect(prepares()).toEqual(['email_code', 'phone_code']))
    expect(wrapper.text()).toContain('You\'re signing in from a new device')
    await click('another-method')
    await click('select-method', 'email_code')
    await vi.waitFor(() => expect(prepares()).toEqual(['email_code', 'phone_code', 'email_code']))
    await flushPromises()
    expect(harness.emulator.outbox().map(m => m.channel)).toEqual(['email', 'sms', 'email'])
    await enterCode('424242')
    await vi.waitFor(() => expect(harness.clerk.user?.id).toBe('user_sam'))
  })
})

describe('given an email-link account', () => {
  it('finishes the sign-in once the link is opened elsewhere', async () => {
    const { harness, wrapper } = await form.mount({ props: { afterSignInUrl: '/home' } })
    await signInWith('lee@example.com')
    await vi.waitFor(() => expect(harness.emulator.outbox()).toHaveLength(1))
    expect(wrapper.text()).toContain('Open the link sent to l***@example.com to continue.')
    const prepare = harness.emulator.requests().find(r => r.path.endsWith('/prepare_second_factor'))!
    expect(prepare.body).toMatchObject({ strategy: 'email_link', redirect_url: `${harness.emulator.url}/` })
    // Another browser opens it: no cookies of ours.
    const opened = await fetch(harness.emulator.outbox()[0]!.link!, { redirect: 'manual' })
    expect(opened.status).toBe(303)
    await vi.waitFor(() => expect(harness.navigations).toEqual(['/home']), { timeout: 5_000 })
    expect(harness.clerk.user?.id).toBe('user_lee')
    expect(prepares()).toEqual(['email_link'])
  })

  it('says the link expired and sends a new one on request', async () => {
    const { harness, wrapper } = await form.mount({ props: { resendCooldown: 0 } })
    await signInWith('lee@example.com')
    await vi.waitFor(() => expect(harness.emulator.outbox()).toHaveLength(1))
    harness.emulator.setScenario({ expireCodes: true })
    await fetch(harness.emulator.outbox()[0]!.link!, { redirect: 'manual' })
    await vi.waitFor(() => expect(wrapper.text()).toContain('This link has expired. Send a new one.'), { timeout: 5_000 })
    harness.emulator.setScenario({ expireCodes: false })
    await click('resend')
    await vi.waitFor(() => expect(harness.emulator.outbox()).toHaveLength(2))
    await fetch(harness.emulator.outbox()[1]!.link!, { redirect: 'manual' })
    await vi.waitFor(() => expect(harness.clerk.user?.id).toBe('user_lee'), { timeout: 5_000 })
  })

  it('stays on the credentials when Start over beats the link being sent, and stops polling', async () => {
    const { harness, wrapper } = await form.mount()
    harness.emulator.setScenario({ delayMs: 300 })
    await signInWith('lee@example.com')
    await vi.waitFor(() => expect(factor()).toBe('email_link'))
    // The send request is on its way (delayed): start over before it answers.
    expect(harness.emulator.outbox()).toHaveLength(0)
    await wrapper.find('[data-cts-action="start-over"]').trigger('click')
    await vi.waitFor(() => expect(step()).toBe('credentials'))
    await vi.waitFor(() => expect(harness.emulator.outbox()).toHaveLength(1))
    harness.emulator.setScenario({ delayMs: 0 })
    await new Promise(resolve => setTimeout(resolve, 1_500))
    expect(step()).toBe('credentials')
    const reads = () => harness.emulator.requests().filter(r => r.method === 'GET' && /sign_ins\/sia_/.test(r.path)).length
    const before = reads()
    await new Promise(resolve => setTimeout(resolve, 1_500))
    expect(reads()).toBe(before)
  })

  it('keeps the new sign-in when the link left by Start over answers after it', async () => {
    const { harness, wrapper } = await form.mount()
    harness.emulator.setScenario({ delayMs: 300 })
    await signInWith('lee@example.com')
    await vi.waitFor(() => expect(factor()).toBe('email_link'))
    // The link is on its way (delayed): start over, and sign in as someone else meanwhile.
    await wrapper.find('[data-cts-action="start-over"]').trigger('click')
    await signInWith('nina@example.com')
    await vi.waitFor(() => expect(step()).toBe('new-password'), { timeout: 5_000 })
    // The link's send answers, then clerk-js' first poll of lee's sign-in, after nina's: the
    // poll brings lee's sign-in back into clerk-js, and the form fetches the client again.
    const lee = harness.emulator.requests().find(r => r.path.endsWith('/prepare_second_factor'))!.path.split('/')[4]!
    const clientReads = () => harness.emulator.requests().filter(r => r.method === 'GET' && r.path === '/v1/client').length
    await vi.waitFor(() => expect(harness.emulator.requests().some(r => r.method === 'GET' && r.path.endsWith(`/sign_ins/${lee}`))).toBe(true), { timeout: 5_000 })
    await vi.waitFor(() => expect(clientReads()).toBe(2), { timeout: 5_000 })
    await vi.waitFor(() => expect(harness.signIn().status).toBe('needs_new_password'))
    expect(step()).toBe('new-password')
    expect(harness.signIn().id).not.toBe(lee)
  })
})
