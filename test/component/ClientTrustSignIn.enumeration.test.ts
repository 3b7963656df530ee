// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest'
import type { EnumerationProtection } from '../../src/emulator'
import { defaultMessages as enMessages } from '../../src/runtime/core/defaultMessages'
import { useMountedForm } from './setup'

// The form's messages in each mode of Clerk's user enumeration protection
// (clerk/clerk-docs `docs/guides/secure/user-enumeration-protection.mdx`), with the real clerk-js.

const form = useMountedForm()
const { step, alertText, signInWith, enterCode } = form

const mountWith = (mode: EnumerationProtection) => form.mount({}, undefined, { emulator: { instance: { enumerationProtection: mode } } })

/** Everything the form shows and announces once an answer has landed, with the per-mount ids made alike. */
async function screenAfter(identifier: string, password: string) {
  const w = form.wrapper
  const answered = form.harness.emulator.requests().length + 1
  await signInWith(identifier, password)
  await vi.waitFor(() => expect(form.harness.emulator.requests().length).toBeGreaterThanOrEqual(answered))
  await vi.waitFor(() => expect(w.find('button[type="submit"]').attributes('disabled')).toBeUndefined())
  const ids = new Map<string, string>()
  // The live region appends a no-break space to repeat an announcement already in it: the same words.
  const html = w.html().replace(/&nbsp;(?=<\/p>)/g, '').replace(/\b(id|for|aria-describedby|aria-labelledby|aria-controls)="([^"]*)"/g, (_m, name: string, value: string) =>
    `${name}="${value.split(' ').map(id => ids.get(id) ?? ids.set(id, `id${ids.size}`).get(id)).join(' ')}"`)
  return { html, text: w.text(), alert: alertText(), step: step(), identifierKept: (w.find('input[autocomplete="username"]').element as HTMLInputElement).value }
}

function passwordError(): string {
  const input = form.wrapper.find('input[autocomplete="current-password"]')
  expect(input.attributes('aria-invalid')).toBe('true')
  return form.wrapper.find(`[id="${input.attributes('aria-describedby')?.split(' ')[0]}"]`).text()
}

describe('given strict enumeration protection', () => {
  it('shows an unknown account exactly as a wrong password: nothing on screen tells them apart', async () => {
    await mountWith('strict')
    const wrong = await screenAfter('jane@example.com', 'not-her-password')
    expect(passwordError()).toBe(enMessages.passwordIncorrect)
    form.unmount()
    await mountWith('strict')
    const unknown = await screenAfter('nobody@example.com', 'not-her-password')
    expect(passwordError()).toBe(enMessages.passwordIncorrect)
    expect(unknown).toEqual({ ...wrong, identifierKept: 'nobody@example.com' })
    expect(wrong.identifierKept).toBe('jane@example.com')
    expect(unknown.text).not.toContain(enMessages.identifierNotFound)
    // Neither the password nor the emulator's wording reaches the page.
    expect(unknown.html).not.toContain('not-her-password')
  })
})

/**
 * The form's markup with the per-mount ids made alike, the masked address written as `masked` and
 * the resend countdown's seconds as `N` (it ticks between two screens, whoever the account is).
 */
function screenWith(masked: string): string {
  const ids = new Map<string, string>()
  return form.wrapper.html().replace(/&nbsp;(?=<\/p>)/g, '').replace(/\((\d+)s\)/g, '(Ns)').replaceAll(masked, '<masked>').replace(/\b(id|for|aria-describedby|aria-labelledby|aria-controls)="([^"]*)"/g, (_m, name: string, value: string) =>
    `${name}="${value.split(' ').map(id => ids.get(id) ?? ids.set(id, `id${ids.size}`).get(id)).join(' ')}"`)
}

/** "Forgot password?" for `identifier`, then `code`: the screen on the reset-code step before and after the code. */
async function resetScreens(identifier: string, masked: string, code: string) {
  await mountWith('strict')
  const w = form.wrapper
  await vi.waitFor(() => expect(w.find('[data-cts-action="forgot-password"]').exists()).toBe(true))
  await w.find<HTMLInputElement>('input[autocomplete="username"]').setValue(identifier)
  await w.find('[data-cts-action="forgot-password"]').trigger('click')
  await vi.waitFor(() => expect(step()).toBe('reset-code'))
  await vi.waitFor(() => expect(form.harness.requestsTo('/prepare_first_factor')).toBe(1))
  await vi.waitFor(() => expect(w.text()).toContain(masked))
  // Both screens taken at rest: the send answered (not busy), for either account.
  await vi.waitFor(() => expect(w.find('form[data-cts-part="step"]').attributes('data-state')).toBe('idle'))
  const asked = screenWith(masked)
  await enterCode(code)
  await vi.waitFor(() => expect(w.find('input[autocomplete="one-time-code"]').attributes('aria-invalid')).toBe('true'))
  await vi.waitFor(() => expect(w.find('button[type="submit"]').attributes('disabled')).toBeUndefined())
  await vi.waitFor(() => expect(w.find('form[data-cts-part="step"]').attributes('data-state')).toBe('idle'))
  const refused = screenWith(masked)
  const result = { asked, refused, step: step(), outbox: form.harness.emulator.outbox().map(m => m.to) }
  form.unmount()
  return result
}

describe('given strict enumeration protection, "Forgot password?"', () => {
  it('shows an unknown account the same reset-code step as a known one, sends it nothing, and refuses every code as wrong', async () => {
    const known = await resetScreens('jane@example.com', 'j***@example.com', '000000')
    // The emulator's fixed code, which a real account would take: nothing was sent, so nothing fits.
    const unknown = await resetScreens('nobody@example.com', 'n***@example.com', '424242')
    expect(known.outbox).toEqual(['jane@example.com'])
    expect(unknown.outbox).toEqual([])
    expect([known.step, unknown.step]).toEqual(['reset-code', 'reset-code'])
    expect(unknown.asked).toEqual(known.asked)
    expect(unknown.refused).toEqual(known.refused)
    expect(known.refused).toContain('Incorrect, try again')
    expect(unknown.refused).not.toContain('424242')
    expect(unknown.refused).not.toContain(enMessages.identifierNotFound)
  })
})

describe.each(['off', 'bulk'] as const)('given enumeration protection %s', (mode) => {
  it('says the identifier matches no account, under the identifier, and a wrong password under the password', async () => {
    await mountWith(mode)
    await screenAfter('nobody@example.com', 'not-her-password')
    const identifier = form.wrapper.find('input[autocomplete="username"]')
    expect(identifier.attributes('aria-invalid')).toBe('true')
    expect(form.wrapper.find(`[id="${identifier.attributes('aria-describedby')?.split(' ')[0]}"]`).text()).toBe(enMessages.identifierNotFound)
    await screenAfter('jane@example.com', 'not-her-password')
    expect(passwordError()).toBe(enMessages.passwordIncorrect)
  })
})

describe('given bulk enumeration protection', () => {
  it('shows the rate-limit message once a browser has asked about too many unknown identifiers, the identifier kept', async () => {
    await mountWith('bulk')
    for (let i = 0; i < 10; i++) await screenAfter(`nobody${i}@example.com`, 'not-her-password')
    const refused = await screenAfter('nobody10@example.com', 'not-her-password')
    expect(refused.alert).toBe(enMessages.tooManyRequests)
    expect(refused.step).toBe('credentials')
    expect(refused.identifierKept).toBe('nobody10@example.com')
  })
})
