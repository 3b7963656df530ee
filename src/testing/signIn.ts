import type { Page } from 'playwright-core'
import { totpCode } from '../emulator/tokens/totp'
import { codeSourceFor } from './codeSource'
import type { CodeSource, SignInOptions, SignInResult } from './codeSource'
import { TestingError, rateLimitError } from './errors'
import type { FactorInfo, PageClerkState, StepResult } from './pageClerk'
import { activate, pageClerk, runStep, waitForActiveSession } from './pageClerk'
import type { Backend } from './testMode'
import { signInThroughForm } from './ui'

export type { SignInOptions, SignInResult } from './codeSource'

/** A message for Clerk's answer to the first step (`who` names the call), naming what to change. */
export function firstStepError(who: string, result: Extract<StepResult, { ok: false }>, backend: Backend): TestingError {
  const where = backend === 'emulator'
    ? 'Use a user your app declares (`clientTrust.emulator.users` or `startClerkEmulator({ users })`) with its password; without any, the emulator\'s seeded users (README, "The Clerk emulator") use the password correct-horse.'
    : 'Check the user in the Clerk dashboard of this development instance.'
  switch (result.code) {
    case 'form_password_incorrect':
      return new TestingError(`${who}: wrong password (Clerk: ${result.code}). ${where}`, result.code)
    case 'form_identifier_not_found':
      return new TestingError(`${who}: no such user (Clerk: ${result.code}). ${where}`, result.code)
    case 'user_locked':
      return new TestingError(`${who}: the account is locked (Clerk: ${result.code}).`, result.code)
    case 'too_many_requests':
      return rateLimitError(who, 'signIns', result, backend)
    default:
      return new TestingError(`${who}: Clerk refused the sign-in: ${result.message} (${result.code ?? `HTTP ${result.status ?? '?'}`}).`, result.code)
  }
}

/** Picks the second factor to answer, or explains which option is missing. */
export function chooseFactor(status: string, factors: FactorInfo[], options: Pick<SignInOptions, 'totpSecret' | 'backupCode' | 'strategy' | 'identifier'>, who = `signIn('${options.identifier}')`): FactorInfo {
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
  throw new TestingError(`${who}: the sign-in is ${status} and offers ${list}, none of which the kit can answer with these options${hints.length ? `: ${hints.join('; ')}` : ''}.`, 'no_usable_factor')
}

/** What the second-factor rounds went through, ending `complete`. */
interface Rounds {
  step: Extract<StepResult, { ok: true }>
  statuses: string[]
  factor: string | null
}

/**
 * From a sign-in that may still need second factors (client trust, then, rarely, MFA) to
 * `complete`: each round answers one, with a TOTP, a backup code, or a code read from `source`.
 */
export async function answerSecondFactors(page: Page, first: Extract<StepResult, { ok: true }>, options: Pick<SignInOptions, 'identifier' | 'totpSecret' | 'backupCode' | 'strategy'>, source: CodeSource, who: string): Promise<Rounds> {
  const statuses: string[] = []
  let factor: string | null = null
  let step: StepResult = first
  for (let round = 0; step.status !== 'complete'; round++) {
    const status = step.status ?? 'no status'
    statuses.push(status)
    if (status === 'needs_protect_check') {
      throw new TestingError(`${who}: Clerk Protect asked for a challenge (needs_protect_check), which the kit does not solve. On the emulator, turn the \`protectCheck\` scenario off for this sign-in, pass the challenge in your UI (the stand-in's "I am a person" button), or submit \`await emulatorAt(url).solveProtectCheck(signIn.protectCheck.token)\` with \`signIn.submitProtectCheck({ proofToken })\`.`, 'unsupported_status')
    }
    if ((status !== 'needs_client_trust' && status !== 'needs_second_factor') || round > 2) {
      throw new TestingError(`${who}: the sign-in stopped at ${status}, which the kit does not get past (it answers needs_client_trust and needs_second_factor). Sign this user in through your UI instead.`, 'unsupported_status')
    }
    const chosen = chooseFactor(status, step.factors, options, who)
    factor = chosen.strategy
    const signInId = step.id ?? ''
    let code: string
    if (chosen.strategy === 'totp') code = totpCode(options.totpSecret!, Date.now())
    else if (chosen.strategy === 'backup_code') code = options.backupCode!
    else {
      const since = Date.now()
      const prepared = await runStep(page, { kind: 'prepare', factor: chosen })
      if (!prepared.ok && prepared.status === 429) throw rateLimitError(who, 'codes', prepared, source.backend)
      if (!prepared.ok) throw new TestingError(`${who}: sending the ${chosen.strategy} failed: ${prepared.message} (${prepared.code ?? prepared.status}).`, prepared.code)
      code = await source.code(signInId, chosen.strategy === 'phone_code' ? 'sms' : 'email', since - 1)
    }
    const next = await runStep(page, { kind: 'attempt', strategy: chosen.strategy, code })
    if (!next.ok && next.status === 429) throw rateLimitError(who, 'attempts', next, source.backend)
    if (!next.ok) {
      throw new TestingError(`${who}: the ${chosen.strategy} was refused: ${next.message} (${next.code ?? next.status}).${chosen.strategy === 'totp' ? ' Is `totpSecret` the user\'s secret?' : ''}`, next.code)
    }
    step = next
  }
  statuses.push('complete')
  return { step, statuses, factor }
}

/** Activates the session a completed sign-in created and waits until the page is signed in with it. */
export async function activateCreatedSession(page: Page, step: Extract<StepResult, { ok: true }>, timeout: number, who: string): Promise<{ userId: string, sessionId: string }> {
  if (!step.createdSessionId) throw new TestingError(`${who}: the sign-in completed without a session.`, 'no_session')
  const activated = await activate(page, step.createdSessionId)
  if (activated.status === 'pending') {
    throw new TestingError(`${who}: the new session is pending, with the task ${activated.tasks.join(', ') || '(unknown)'}: the kit resolves for active sessions only. Finish the task in your app's UI, or use a user without tasks.`, 'session_pending')
  }
  return waitForActiveSession(page, timeout, step.createdSessionId)
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
  const who = `signIn('${options.identifier}')`
  if (options.via === 'ui') return signInThroughForm(page, options)
  const clerk = await pageClerk(page, timeout, who)
  // A page that shows <ClientTrustSignIn> would answer this sign-in itself (send its own code,
  // finalize and navigate) under the kit's feet: go through that form instead, as a user would.
  if (options.via !== 'api' && !clerk.userId && await page.locator('.cts[data-step]').count() > 0) {
    return signInThroughForm(page, { ...options, signInUrl: options.signInUrl ?? page.url() })
  }
  assertSignedOut(clerk, who)
  const source = await codeSourceFor(page, options, clerk)
  const step = await runStep(page, { kind: 'create', identifier: options.identifier, password: options.password })
  if (!step.ok) throw firstStepError(who, step, source.backend)
  const { step: done, statuses, factor } = await answerSecondFactors(page, step, options, source, who)
  const active = await activateCreatedSession(page, done, timeout, who)
  return { ...active, backend: source.backend, statuses, factor }
}

/** The kit signs a browser context in from signed out only. */
export function assertSignedOut(clerk: PageClerkState, who: string): void {
  if (clerk.userId) {
    throw new TestingError(`${who}: the page is already signed in (${clerk.userId}). Call \`signOut(page)\` first, or use a new browser context.`, 'already_signed_in')
  }
}
