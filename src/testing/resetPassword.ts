import type { Page } from 'playwright-core'
import { codeSourceFor } from './codeSource'
import type { SignInOptions, SignInResult } from './codeSource'
import { TestingError } from './errors'
import type { FactorInfo } from './pageClerk'
import { pageClerk, runStep } from './pageClerk'
import { activateCreatedSession, answerSecondFactors, assertSignedOut, firstStepError } from './signIn'

/** The first factors that reset a password: a code by email, or by SMS. */
export type ResetPasswordStrategy = 'reset_password_email_code' | 'reset_password_phone_code'

/** Options of {@link resetPassword}. */
export interface ResetPasswordOptions extends Pick<SignInOptions, 'totpSecret' | 'backupCode' | 'backend' | 'emulator' | 'timeout'> {
  /** Email address, phone number (E.164) or username of the user who forgot the password. */
  identifier: string
  /** The password to set (sent to Clerk only, never logged); the instance's password rules apply. */
  newPassword: string
  /** End the user's sessions in every other browser, as Clerk's reset page does by default. @default true */
  signOutOfOtherSessions?: boolean
  /** Where the reset code goes when the user has both. @default 'email' */
  channel?: 'email' | 'sms'
}

/** What {@link resetPassword} went through: a sign-in's result, and the reset code used. */
export interface ResetPasswordResult extends SignInResult {
  /** How the code came: `reset_password_email_code` or `reset_password_phone_code`. */
  strategy: ResetPasswordStrategy
}

/** The reset code to ask for: `channel`'s if offered, else the other. */
export function chooseResetFactor(factors: FactorInfo[], options: ResetPasswordOptions, who: string): FactorInfo {
  const email = factors.find(f => f.strategy === 'reset_password_email_code')
  const sms = factors.find(f => f.strategy === 'reset_password_phone_code')
  const chosen = options.channel === 'sms' ? sms ?? email : email ?? sms
  if (chosen) return chosen
  throw new TestingError(`${who}: the sign-in offers no reset code (first factors: ${factors.map(f => f.strategy).join(', ') || 'none'}). A password is reset through a code to the user's email or phone: give the user one, and enable passwords.`, 'no_reset_factor')
}

/**
 * Resets a user's forgotten password through the page's own clerk-js, as Clerk's
 * forgot-password flow does: a code by email (or SMS) to the user, the new password, then the
 * user's second factor if MFA asks for one (`totpSecret`, `backupCode` or a code). Resolves
 * once the new session is active, like {@link signIn}. The code is read from the emulator's
 * outbox, or on a development instance in test mode is `424242` (test addresses only).
 *
 * @example
 * await page.goto('/')
 * await resetPassword(page, { identifier: 'jane@example.com', newPassword: 'a-new-stable-42' })
 */
export async function resetPassword(page: Page, options: ResetPasswordOptions): Promise<ResetPasswordResult> {
  const timeout = options.timeout ?? 15_000
  const who = `resetPassword('${options.identifier}')`
  const clerk = await pageClerk(page, timeout, who)
  assertSignedOut(clerk, who)
  const source = await codeSourceFor(page, options, clerk, who)
  const created = await runStep(page, { kind: 'create', identifier: options.identifier })
  if (!created.ok) throw firstStepError(who, created, source.backend)
  const factor = chooseResetFactor(created.firstFactors, options, who)
  const strategy = factor.strategy as ResetPasswordStrategy
  const since = Date.now()
  const prepared = await runStep(page, { kind: 'prepareFirst', factor })
  if (!prepared.ok) throw new TestingError(`${who}: sending the ${strategy} failed: ${prepared.message} (${prepared.code ?? prepared.status}).`, prepared.code)
  const code = await source.code(created.id ?? '', strategy === 'reset_password_phone_code' ? 'sms' : 'email', since - 1, 'reset_password')
  const verified = await runStep(page, { kind: 'attemptFirst', strategy, code })
  if (!verified.ok) throw new TestingError(`${who}: the ${strategy} was refused: ${verified.message} (${verified.code ?? verified.status}).`, verified.code)
  const reset = await runStep(page, { kind: 'resetPassword', password: options.newPassword, signOutOfOtherSessions: options.signOutOfOtherSessions ?? true })
  if (!reset.ok) {
    throw new TestingError(`${who}: Clerk refused the new password: ${reset.message} (${reset.code ?? reset.status}). The instance's password rules apply (the emulator's: \`instance.passwordSettings\`).`, reset.code)
  }
  const { step, statuses, factor: secondFactor } = await answerSecondFactors(page, reset, options, source, who)
  const active = await activateCreatedSession(page, step, timeout, who)
  return { ...active, backend: source.backend, statuses: [created.status ?? 'needs_first_factor', verified.status ?? 'needs_new_password', ...statuses], factor: secondFactor, strategy }
}
