import type { Page } from 'playwright-core'
import { totpCode } from '../emulator/tokens/totp'
import { TestingError, rateLimitError } from './errors'
import { pageClerk, waitForActiveSession } from './pageClerk'
import { codeSourceFor } from './codeSource'
import type { CodeSource, SignInOptions, SignInResult } from './codeSource'

// `via: 'ui'`: the same sign-in, typed into `<ClientTrustSignIn>` the way a user would, for
// tests that want to see the form work. It relies on the component's documented markup:
// `data-step`, `data-factor`, and the inputs' `autocomplete` values.

const FORM = '.cts[data-step]'

/** The form's step once it is one of `steps`, or its error text if it shows one first. */
async function nextStep(page: Page, from: string, timeout: number): Promise<{ step: string, factor: string | null, error: string }> {
  const deadline = Date.now() + timeout
  for (;;) {
    try {
      return await readNextStep(page, from, Math.max(1, deadline - Date.now()))
    }
    catch (error) {
      // The form navigates once signed in: a wait cut short by a new document starts again.
      if (Date.now() >= deadline || !/context was destroyed|navigat/i.test((error as Error).message)) throw error
    }
  }
}

async function readNextStep(page: Page, from: string, timeout: number): Promise<{ step: string, factor: string | null, error: string }> {
  const handle = await page.waitForFunction((from: string) => {
    const root = document.querySelector('.cts[data-step]')
    const step = root?.getAttribute('data-step')
    const error = root?.querySelector('[data-cts-part="summary"]')?.textContent?.trim()
      || root?.querySelector('.cts-field-error:not(:empty)')?.textContent?.trim() || ''
    const busy = root?.getAttribute('data-state') === 'busy' || root?.getAttribute('data-loading') === 'true'
    // A navigation away from the form (after finalizing) counts as done.
    if (!root) return { step: 'gone', factor: null, error: '' }
    if (step && step !== from && step !== 'loading') return { step, factor: root.getAttribute('data-factor'), error: '' }
    if (!busy && error) return { step: step ?? '', factor: root.getAttribute('data-factor'), error }
    return false
  }, from, { timeout, polling: 50 })
  return handle.jsonValue() as Promise<{ step: string, factor: string | null, error: string }>
}

async function typeCode(page: Page, code: string, step: string, timeout: number) {
  const field = page.locator(`${FORM} input[autocomplete="one-time-code"]`)
  await field.fill(code)
  // Six digits verify by themselves (autoSubmit); anything else, or autoSubmit off, needs Enter.
  const moved = /^\d{6}$/.test(code)
    && await page.waitForFunction(
      (step: string) => document.querySelector('.cts[data-step]')?.getAttribute('data-step') !== step
        || document.querySelector('.cts[data-step]')?.getAttribute('data-state') === 'busy',
      step, { timeout: 2_000, polling: 50 },
    ).then(() => true, () => false)
  if (!moved) await field.press('Enter', { timeout })
}

/** A message the form shows, or, when the emulator refused a request with 429, the kit's word on that limit. */
async function formError(source: CodeSource, since: number, who: string, said: string): Promise<TestingError> {
  const refused = await source.lastRefusal?.(since - 1)
  if (refused) return rateLimitError(`${who} (${said})`, refused.limit, refused, source.backend)
  return new TestingError(`${who}: ${said}.`, 'form_error')
}

/** {@link signIn} with `via: 'ui'`: fills in the sign-in form at `signInUrl`. */
export async function signInThroughForm(page: Page, options: SignInOptions): Promise<SignInResult> {
  const timeout = options.timeout ?? 15_000
  const who = `signIn('${options.identifier}', via: 'ui')`
  // Relative to the page already open, so contexts without a baseURL work too.
  const signInUrl = options.signInUrl ?? '/sign-in'
  await page.goto(page.url().startsWith('http') ? new URL(signInUrl, page.url()).href : signInUrl)
  const clerk = await pageClerk(page, timeout, who)
  const source = await codeSourceFor(page, options, clerk)
  try {
    await page.locator(`${FORM.replace('[data-step]', '[data-step="credentials"]')}`).waitFor({ timeout })
  }
  catch {
    throw new TestingError(`${who}: no <ClientTrustSignIn> form at its credentials step on ${page.url()} within ${timeout} ms. Is \`signInUrl\` the page with the form, and is nobody signed in yet?`, 'no_form')
  }
  const statuses: string[] = []
  let factor: string | null = null
  await page.locator(`${FORM} input[autocomplete="username"]`).fill(options.identifier)
  const password = page.locator(`${FORM} input[autocomplete="current-password"]`)
  await password.fill(options.password)
  let since = Date.now()
  await password.press('Enter')
  let state = await nextStep(page, 'credentials', timeout)
  if (state.error) throw await formError(source, since, who, `the form says "${state.error}"`)
  for (let round = 0; state.step === 'verify' || state.step === 'second-factor'; round++) {
    if (round > 3) throw new TestingError(`${who}: the form keeps asking for codes.`, 'form_loop')
    // Clerk's own status: an older application's new device is `needs_second_factor` on the `verify` step.
    const status = await page.evaluate(() => (window as unknown as { Clerk?: { client?: { signIn?: { status?: string | null } } } }).Clerk?.client?.signIn?.status)
    statuses.push(status ?? (state.step === 'verify' ? 'needs_client_trust' : 'needs_second_factor'))
    let strategy = state.factor ?? ''
    if (state.step === 'second-factor' && strategy === 'totp' && !options.totpSecret && options.backupCode) {
      await page.locator(`${FORM} [data-cts-action="backup-code"]`).click()
      await page.waitForFunction(() => document.querySelector('.cts[data-step]')?.getAttribute('data-factor') === 'backup_code', undefined, { timeout })
      strategy = 'backup_code'
    }
    factor = strategy
    let code: string
    if (strategy === 'totp') {
      if (!options.totpSecret) throw new TestingError(`${who}: the form asks for an authenticator code: pass \`totpSecret\` (or \`backupCode\`).`, 'no_usable_factor')
      code = totpCode(options.totpSecret, Date.now())
    }
    else if (strategy === 'backup_code') {
      if (!options.backupCode) throw new TestingError(`${who}: the form asks for a backup code: pass \`backupCode\`.`, 'no_usable_factor')
      code = options.backupCode
    }
    else if (strategy === 'email_code' || strategy === 'phone_code') {
      const signInId = await page.evaluate(() => (window as unknown as { Clerk: { client: { signIn: { id: string | null } } } }).Clerk.client.signIn.id)
      code = await source.code(signInId ?? '', strategy === 'phone_code' ? 'sms' : 'email', since - 1)
    }
    else {
      throw new TestingError(`${who}: the form asks for ${strategy || 'an unknown factor'}, which the kit cannot answer (codes by email or SMS, TOTP and backup codes only).`, 'no_usable_factor')
    }
    since = Date.now()
    const from = state.step
    await typeCode(page, code, from, timeout)
    state = await nextStep(page, from, timeout)
    if (state.error) throw await formError(source, since, who, `the form says "${state.error}" after the ${strategy}`)
  }
  if (state.step !== 'complete' && state.step !== 'gone') {
    throw new TestingError(`${who}: the form stopped at its ${state.step} step, which the kit does not get past.`, 'unsupported_status')
  }
  statuses.push('complete')
  const active = await waitForActiveSession(page, timeout, null)
  return { ...active, backend: source.backend, statuses, factor }
}
