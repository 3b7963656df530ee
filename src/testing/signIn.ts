import type { Page } from 'playwright-core'
import { totpCode } from '../emulator/totp'
import type { EmulatorClient, EmulatorRef } from './emulatorClient'
import { describeOutbox, emulatorAt, waitForCode } from './emulatorClient'
import { TestingError } from './errors'
import type { FactorInfo, StepResult } from './pageClerk'
import { activate, pageClerk, runStep, waitForActiveSession } from './pageClerk'
import type { Backend } from './testMode'
import { CLERK_TEST_CODE, assertClerkTestIdentifier, detectBackend } from './testMode'
import { signInThroughForm } from './ui'

/** Options of {@link signIn}. */
export interface SignInOptions {
  /** Email address, phone number (E.164) or username. */
  identifier: string
  /** The user's password (sent to Clerk only, never logged). */
  password: string
  /** Base32 secret of the user's authenticator app: answers a TOTP second factor. */
  totpSecret?: string
  /** A backup code: answers a backup-code second factor when no TOTP secret is given. */
  backupCode?: string
  /** The code factor to use when the user is offered both. @default 'email_code', else 'phone_code' */
  strategy?: 'email_code' | 'phone_code'
  /**
   * Where codes come from: `'emulator'` reads its outbox, `'clerk'` is a real development
   * instance in test mode (test addresses only, code 424242).
   * @default from the page's publishable key: a `*.accounts.dev` instance is `'clerk'`, anything else `'emulator'`
   */
  backend?: Backend
  /** The emulator to read codes from. @default the page's Clerk `proxyUrl` (`<origin>/__clerk` in a Nuxt app) */
  emulator?: EmulatorRef
  /**
   * `'api'` drives the page's clerk-js directly; `'ui'` fills in the `<ClientTrustSignIn>` form.
   * Unset: `'api'`, unless the page shows the form (it would answer the sign-in itself): then
   * that form, on this page.
   */
  via?: 'api' | 'ui'
  /** `via: 'ui'`: the page with the form. @default '/sign-in' */
  signInUrl?: string
  /** Milliseconds each wait may take (Clerk loading, a code arriving, the session activating). @default 15000 */
  timeout?: number
}

/** What {@link signIn} went through. */
export interface SignInResult {
  userId: string
  sessionId: string
  backend: Backend
  /** The sign-in statuses passed on the way, e.g. `['needs_client_trust', 'complete']`. */
  statuses: string[]
  /** The second factor used (`email_code`, `phone_code`, `totp`, `backup_code`), or null when the device was known. */
  factor: string | null
}

/** Where the codes of one sign-in come from. */
export interface CodeSource {
  backend: Backend
  /** The code sent for `signInId` by `channel` at or after `since`. */
  code(signInId: string, channel: 'email' | 'sms', since: number): Promise<string>
}

/** Resolves the back end and the emulator a page's Clerk uses. */
export async function codeSourceFor(page: Page, options: Pick<SignInOptions, 'backend' | 'emulator' | 'identifier' | 'timeout'>, clerk: { publishableKey: string, proxyUrl: string | null }): Promise<CodeSource> {
  const backend = options.backend ?? detectBackend(clerk.publishableKey)
  const timeout = options.timeout ?? 15_000
  if (backend === 'clerk') {
    assertClerkTestIdentifier(options.identifier)
    return { backend, code: async () => CLERK_TEST_CODE }
  }
  const emulator = emulatorFor(page, options.emulator, clerk.proxyUrl)
  return {
    backend,
    code: (signInId, channel, since) => waitForCode(emulator, { signInId, channel, since, timeout }, found =>
      `signIn('${options.identifier}'): no ${channel === 'sms' ? 'SMS' : 'email'} code for sign-in ${signInId} arrived in the emulator's outbox at ${emulator.url}/_outbox.json within ${timeout} ms. `
      + 'Is `emulator` the one this page talks to (its Clerk proxyUrl)? '
      + `The outbox holds:\n${describeOutbox(found)}`),
  }
}

function emulatorFor(page: Page, ref: EmulatorRef | undefined, proxyUrl: string | null): EmulatorClient {
  if (ref) return emulatorAt(ref)
  if (!proxyUrl) {
    throw new TestingError('The page\'s Clerk has no proxyUrl, so the kit cannot find the emulator: pass `emulator` (its URL), or `backend: \'clerk\'` for a real instance in test mode.', 'no_emulator')
  }
  return emulatorAt(new URL(proxyUrl, page.url()).toString())
}

/** A message for Clerk's answer to the password, naming what to change. */
function passwordError(identifier: string, result: Extract<StepResult, { ok: false }>, backend: Backend): TestingError {
  const where = backend === 'emulator'
    ? 'The emulator\'s seeded users (README, "The Clerk emulator") use the password correct-horse; your own come from `clientTrust.emulator.users` or `startClerkEmulator({ users })`.'
    : 'Check the user in the Clerk dashboard of this development instance.'
  switch (result.code) {
    case 'form_password_incorrect':
      return new TestingError(`signIn('${identifier}'): wrong password (Clerk: ${result.code}). ${where}`, result.code)
    case 'form_identifier_not_found':
      return new TestingError(`signIn('${identifier}'): no such user (Clerk: ${result.code}). ${where}`, result.code)
    case 'user_locked':
      return new TestingError(`signIn('${identifier}'): the account is locked (Clerk: ${result.code}).`, result.code)
    default:
      return new TestingError(`signIn('${identifier}'): Clerk refused the password step: ${result.message} (${result.code ?? `HTTP ${result.status ?? '?'}`}).`, result.code)
  }
}

/** Picks the second factor to answer, or explains which option is missing. */
export function chooseFactor(status: string, factors: FactorInfo[], options: Pick<SignInOptions, 'totpSecret' | 'backupCode' | 'strategy' | 'identifier'>): FactorInfo {
  const offered = (strategy: string) => factors.find(f => f.strategy === strategy)
  if (status === 'needs_second_factor') {
    const totp = options.totpSecret ? offered('totp') : undefined
    if (totp) return totp
    const backup = options.backupCode ? offered('backup_code') : undefined
    if (backup) return backup
  }
  const code = (options.strategy && offered(options.strategy)) ?? offered('email_code') ?? offered('phone_code')
  if (code) return code
  const list = factors.map(f => f.strategy).join(', ') || 'none'
  const hints = [
    factors.some(f => f.strategy === 'totp') && 'pass `totpSecret` (the base32 secret of the user\'s authenticator app)',
    factors.some(f => f.strategy === 'backup_code') && 'pass `backupCode`',
    factors.some(f => f.strategy === 'email_link') && 'email links are not supported by the kit: give the user an email or SMS code factor',
  ].filter(Boolean)
  return failNoFactor(options.identifier, status, list, hints as string[])
}

function failNoFactor(identifier: string, status: string, list: string, hints: string[]): never {
  throw new TestingError(`signIn('${identifier}'): the sign-in is ${status} and offers ${list}, none of which the kit can answer with these options${hints.length ? `: ${hints.join('; ')}` : ''}.`, 'no_usable_factor')
}

/**
 * Signs the page's browser context in as a user, through a new-device check
 * (`needs_client_trust`, email or SMS code) and MFA (`needs_second_factor`: TOTP from
 * `totpSecret`, `backupCode`, or an email/SMS code), with the page's own clerk-js. Resolves
 * once the session is active and its cookie written: the next request to your server is
 * signed in. Open a page of your app first (`await page.goto('/')`).
 *
 * @example
 * await page.goto('/')
 * await signIn(page, { identifier: 'jane@example.com', password: 'correct-horse' })
 * await page.goto('/dashboard')
 */
export async function signIn(page: Page, options: SignInOptions): Promise<SignInResult> {
  const timeout = options.timeout ?? 15_000
  if (options.via === 'ui') return signInThroughForm(page, options)
  const clerk = await pageClerk(page, timeout, `signIn('${options.identifier}')`)
  // A page that shows <ClientTrustSignIn> would answer this sign-in itself (send its own code,
  // finalize and navigate) under the kit's feet: go through that form instead, as a user would.
  if (options.via !== 'api' && !clerk.userId && await page.locator('.cts[data-step]').count() > 0) {
    return signInThroughForm(page, { ...options, signInUrl: options.signInUrl ?? page.url() })
  }
  if (clerk.userId) {
    throw new TestingError(`signIn('${options.identifier}'): the page is already signed in (${clerk.userId}). Call \`signOut(page)\` first, or use a new browser context.`, 'already_signed_in')
  }
  const source = await codeSourceFor(page, options, clerk)
  const statuses: string[] = []
  let factor: string | null = null
  let step = await runStep(page, { kind: 'create', identifier: options.identifier, password: options.password })
  if (!step.ok) throw passwordError(options.identifier, step, source.backend)
  // Client trust, then (rarely) MFA: each round answers one second factor.
  for (let round = 0; step.ok && step.status !== 'complete'; round++) {
    const status = step.status ?? 'no status'
    statuses.push(status)
    if ((status !== 'needs_client_trust' && status !== 'needs_second_factor') || round > 2) {
      throw new TestingError(`signIn('${options.identifier}'): the sign-in stopped at ${status}, which the kit does not get past (it answers needs_client_trust and needs_second_factor). Sign this user in through your UI instead.`, 'unsupported_status')
    }
    const chosen = chooseFactor(status, step.factors, options)
    factor = chosen.strategy
    const signInId = step.id ?? ''
    let code: string
    if (chosen.strategy === 'totp') code = totpCode(options.totpSecret!, Date.now())
    else if (chosen.strategy === 'backup_code') code = options.backupCode!
    else {
      const since = Date.now()
      const prepared = await runStep(page, { kind: 'prepare', factor: chosen })
      if (!prepared.ok) throw new TestingError(`signIn('${options.identifier}'): sending the ${chosen.strategy} failed: ${prepared.message} (${prepared.code ?? prepared.status}).`, prepared.code)
      code = await source.code(signInId, chosen.strategy === 'phone_code' ? 'sms' : 'email', since - 1)
    }
    step = await runStep(page, { kind: 'attempt', strategy: chosen.strategy, code })
    if (!step.ok) {
      throw new TestingError(`signIn('${options.identifier}'): the ${chosen.strategy} was refused: ${step.message} (${step.code ?? step.status}).${chosen.strategy === 'totp' ? ' Is `totpSecret` the user\'s secret?' : ''}`, step.code)
    }
  }
  statuses.push('complete')
  if (!step.ok || !step.createdSessionId) throw new TestingError(`signIn('${options.identifier}'): the sign-in completed without a session.`, 'no_session')
  const activated = await activate(page, step.createdSessionId)
  if (activated.status === 'pending') {
    throw new TestingError(`signIn('${options.identifier}'): the new session is pending, with the task ${activated.tasks.join(', ') || '(unknown)'}: signIn resolves for active sessions only. Finish the task in your app's UI, or sign in a user without tasks.`, 'session_pending')
  }
  const active = await waitForActiveSession(page, timeout, step.createdSessionId)
  return { ...active, backend: source.backend, statuses, factor }
}
