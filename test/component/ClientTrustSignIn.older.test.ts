// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest'
import { SEEDED_TOTP_SECRET, totpCode } from '../../src/emulator'
import type { RealClerkOptions } from '../helpers/realClerk'
import { useMountedForm } from './setup'

// An older Clerk application (created before 2025-11-14, no "Device Trust Status" update) asks a new
// device for its code under `needs_second_factor`: the real clerk-js against the emulator set so.

const form = useMountedForm()
const { step, signInWith, enterCode } = form
const OLDER: RealClerkOptions = { emulator: { instance: { clientTrustStatus: 'needs_second_factor' } } }
const CODE_INPUT = 'input[autocomplete="one-time-code"]'

const factor = () => form.wrapper.attributes('data-factor')
const statuses = () => form.harness.emulator.requests().filter(r => r.path.endsWith('/sign_ins') && r.status === 200).length
const button = (action: string) => form.wrapper.find(`[data-cts-action="${action}"]`)

describe('given an older application (needs_second_factor for a new device)', () => {
  it('shows a new device the new-device step: notice, masked address, one code, a resend countdown, then signed in', async () => {
    const { harness, wrapper } = await form.mount({ props: { afterSignInUrl: '/dashboard' } }, {}, OLDER)
    await signInWith('jane@example.com')
    await vi.waitFor(() => expect(step()).toBe('verify'))
    // The wire said MFA's status; the form read Device Trust from it.
    expect(harness.clerk.client?.signIn.status).toBe('needs_second_factor')
    expect(harness.clerk.client?.signIn.clientTrustState).toBe('new')
    expect(wrapper.text()).toContain('You\'re signing in from a new device.')
    await vi.waitFor(() => expect(harness.emulator.outbox()).toHaveLength(1))
    expect(harness.emulator.outbox()[0]).toMatchObject({ channel: 'email', purpose: 'client_trust', to: 'jane@example.com' })
    await vi.waitFor(() => expect(wrapper.text()).toMatch(/Enter the code sent to j\*\*\*@example\.com/))
    expect(factor()).toBe('email_code')
    await vi.waitFor(() => expect(button('resend').text()).toMatch(/^Resend code \(\d+s\)$/))
    expect(button('resend').attributes('disabled')).toBeDefined()
    expect(wrapper.find(CODE_INPUT).attributes('inputmode')).toBe('numeric')

    await enterCode('000000')
    await vi.waitFor(() => expect(wrapper.text()).toContain('Incorrect, try again'))
    expect((wrapper.find(CODE_INPUT).element as HTMLInputElement).value).toBe('')
    await enterCode('424242')
    await vi.waitFor(() => expect(harness.navigations).toEqual(['/dashboard']))
    expect(harness.clerk.user?.id).toBe('user_jane')
    expect(wrapper.emitted('step-change')?.map(([s]) => s)).toEqual(['credentials', 'verify', 'complete'])
    // One code sent, whatever re-rendered in between.
    expect(harness.requestsTo('/prepare_second_factor')).toBe(1)
    expect(statuses()).toBe(1)
    expect(wrapper.html()).not.toContain('424242')
  })

  it('offers a new device\'s other channel under "Use another method", and switching sends one code there', async () => {
    const { harness, wrapper } = await form.mount({}, {}, OLDER)
    await signInWith('sam@example.com')
    await vi.waitFor(() => expect(step()).toBe('verify'))
    await vi.waitFor(() => expect(harness.emulator.outbox()).toHaveLength(1))
    expect(factor()).toBe('email_code')
    await vi.waitFor(() => expect(button('another-method').attributes('disabled')).toBeUndefined())
    await button('another-method').trigger('click')
    // The list and what it needs off the email/SMS path (its English, the action) come on demand.
    await vi.waitFor(() => expect(wrapper.findAll('[data-cts-action="select-method"]').map(b => b.text())).toEqual(['Send an SMS code to +1******0122']))
    const methods = wrapper.findAll('[data-cts-action="select-method"]')
    await methods[0]!.trigger('click')
    await vi.waitFor(() => expect(harness.emulator.outbox()).toHaveLength(2))
    expect(harness.emulator.outbox()[1]).toMatchObject({ channel: 'sms', purpose: 'client_trust', to: '+15555550122' })
    await vi.waitFor(() => expect(factor()).toBe('phone_code'))
    expect(wrapper.text()).toContain('You\'re signing in from a new device.')
    await enterCode('424242')
    await vi.waitFor(() => expect(harness.clerk.user?.id).toBe('user_sam'))
  })

  it('waits for an email link opened elsewhere when a link is a new device\'s only way, then signs in', async () => {
    const { harness, wrapper } = await form.mount({ props: { afterSignInUrl: '/home' } }, {}, OLDER)
    await signInWith('lee@example.com')
    await vi.waitFor(() => expect(harness.emulator.outbox()).toHaveLength(1))
    expect(step()).toBe('verify')
    expect(factor()).toBe('email_link')
    expect(harness.emulator.outbox()[0]).toMatchObject({ kind: 'link', purpose: 'client_trust', to: 'lee@example.com' })
    expect(wrapper.text()).toContain('Open the link sent to l***@example.com to continue.')
    // Another browser opens it: no cookies of ours.
    expect((await fetch(harness.emulator.outbox()[0]!.link!, { redirect: 'manual' })).status).toBe(303)
    await vi.waitFor(() => expect(harness.navigations).toEqual(['/home']), { timeout: 5_000 })
    expect(harness.clerk.user?.id).toBe('user_lee')
    expect(harness.requestsTo('/prepare_second_factor')).toBe(1)
  })

  it('shows a user with real MFA the two-step verification step, not the new-device notice', async () => {
    const { harness, wrapper } = await form.mount({}, {}, OLDER)
    await signInWith('mia@example.com')
    await vi.waitFor(() => expect(step()).toBe('second-factor'))
    // Also a device Clerk does not know: the factors offered tell MFA.
    expect(harness.clerk.client?.signIn.clientTrustState).toBe('new')
    expect(factor()).toBe('totp')
    expect(wrapper.text()).toContain('Enter the code from your authenticator app')
    expect(wrapper.text()).not.toContain('new device')
    expect(button('backup-code').exists()).toBe(true)
    await enterCode(totpCode(SEEDED_TOTP_SECRET, Date.now()))
    await vi.waitFor(() => expect(harness.clerk.user?.id).toBe('user_mia'))
    expect(harness.emulator.outbox()).toEqual([])
    expect(harness.requestsTo('/prepare_second_factor')).toBe(0)
  })

  it('shows an email-code MFA user (with backup codes) the MFA step too', async () => {
    const { harness, wrapper } = await form.mount({}, {}, OLDER)
    await signInWith('ella@example.com')
    await vi.waitFor(() => expect(step()).toBe('second-factor'))
    await vi.waitFor(() => expect(harness.emulator.outbox()).toHaveLength(1))
    expect(harness.emulator.outbox()[0]).toMatchObject({ channel: 'email', purpose: 'mfa' })
    expect(wrapper.text()).not.toContain('new device')
    expect(button('backup-code').exists()).toBe(true)
  })
})
