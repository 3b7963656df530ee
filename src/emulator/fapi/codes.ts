import type { EmulatorRequest } from '../http/request'
import { isStandIn } from './enumeration'
import { countFailure, spend } from './limits'
import type { StoredSignIn, StoredVerification } from '../state/store'
import type { UserRecord } from '../state/users'
import type { OutboxPurpose } from '../types'
import { formError } from '../http/wire'

// The one-time codes of a sign-in, whatever they are for: the new-device check and MFA
// (second factor), and a forgotten password (first factor). Same lifetime, resend throttle,
// expiry and single use for all, as Clerk's verification errors are the same for all.

/** Codes live as long as Clerk's: ten minutes. */
export const CODE_LIFETIME_MS = 600_000

/** Asking for codes too often: Clerk's `verification_code_too_many_requests` (see limits.ts). */
export function throttle(req: EmulatorRequest, signIn: StoredSignIn): void {
  spend(signIn.prepares, req.emulator.instance.rateLimits.codes, req.emulator.now(), 'verification_code_too_many_requests')
}

/** Sends a new code by email or SMS (throttled per sign-in) and returns its verification, unverified. */
export function sendCode(req: EmulatorRequest, signIn: StoredSignIn, user: UserRecord, strategy: string, purpose: OutboxPurpose): StoredVerification {
  throttle(req, signIn)
  const verification = (code: string): StoredVerification => ({ strategy, status: 'unverified', attempts: 0, wrongAttempts: 0, expireAt: req.emulator.now() + CODE_LIFETIME_MS, code, linkToken: null })
  // An identifier with no account (strict enumeration protection): answered as sent, nothing
  // sent, and no code of digits can match.
  if (isStandIn(req.emulator, user)) return verification('never')
  const code = req.emulator.newCode()
  const sms = strategy === 'phone_code' || strategy === 'reset_password_phone_code'
  const to = (sms ? user.source.phoneNumber : user.source.emailAddress) ?? ''
  req.emulator.send({ channel: sms ? 'sms' : 'email', kind: 'code', purpose, to, code, signInId: signIn.id, userId: user.id })
  return verification(code)
}

/** Refuses an `email_address_id` / `phone_number_id` that is not the offered factor's (another user's). */
export function checkFactorIds(body: Record<string, string>, factor: Record<string, unknown>): void {
  for (const key of ['email_address_id', 'phone_number_id'] as const) {
    const given = body[key]
    if (given && given !== factor[key]) throw formError('form_param_value_invalid', `${key} does not belong to this user.`, key)
  }
}

/** A verification Clerk answered `expired` stays expired: only a new prepare brings a new code. */
export function expire(v: StoredVerification): never {
  v.status = 'expired'
  v.code = null
  throw formError('verification_expired', 'This verification has expired. Request a new code.', 'code')
}

/**
 * Checks `code` against the sent verification `v`: refuses a missing, expired or wrong one (a
 * wrong one counts toward lockout), else marks it verified and spends it.
 */
export function verifyCode(req: EmulatorRequest, v: StoredVerification | null, strategy: string, code: string, user: UserRecord): void {
  if (!v || v.strategy !== strategy) throw formError('verification_missing', 'Request a code before entering one.', 'code')
  // Checked before the code: an expired verification never verifies again, even after
  // `expireCodes` is lifted or with the right code.
  if (v.status === 'expired') expire(v)
  if (!v.code) throw formError('verification_missing', 'Request a code before entering one.', 'code')
  if (req.emulator.scenario.expireCodes || (v.expireAt !== null && req.emulator.now() >= v.expireAt)) expire(v)
  v.attempts += 1
  if (code.trim() !== v.code) {
    // No `verification_failed` after N wrong codes: wrong codes are `form_code_incorrect`,
    // limited by the attempts rate limit and counted toward lockout ("Email & Phone codes" and
    // "Password resets", clerk/clerk-docs `docs/guides/secure/user-lockout.mdx`).
    v.wrongAttempts += 1
    countFailure(req.emulator, user)
    throw formError('form_code_incorrect', 'Incorrect code', 'code')
  }
  v.status = 'verified'
  // Single use: the same code cannot complete a second sign-in.
  v.code = null
}
