import type { Page } from 'playwright-core'
import { totpCode } from '../emulator/tokens/totp'
import { codeSourceFor } from './codeSource'
import type { SignInOptions, SignInResult } from './codeSource'
import { TestingError } from './errors'
import type { FactorInfo, StepResult } from './pageClerk'
import { activate, pageClerk, runStep, waitForActiveSession } from './pageClerk'
import type { Backend } from './testMode'
import { signInThroughForm } from './ui'

export type { SignInOptions, SignInResult } from './codeSource'

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
