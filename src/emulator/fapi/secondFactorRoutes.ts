import type { EmulatorRequest } from '../http/request'
import { safeRedirect } from '../http/request'
import { completeSignIn, isAbandoned, loadSignIn, signInExpired } from './signInMachine'
import { assertNotLocked, countFailure, spend } from './limits'
import { secondFactors, signInJson } from './resources'
import type { StoredSignIn, StoredVerification } from '../state/store'
import { newId } from '../state/store'
import { verifyTotp } from '../tokens/totp'
import type { UserRecord } from '../state/users'
import { clerkError, formError } from '../http/wire'
import type { Route } from '../http/route'

/** Codes live as long as Clerk's: ten minutes. */
export const CODE_LIFETIME_MS = 600_000

/** A verification Clerk answered `expired` stays expired: only a new prepare brings a new code. */
function expire(v: StoredVerification): never {
  v.status = 'expired'
  v.code = null
  throw formError('verification_expired', 'This verification has expired. Request a new code.', 'code')
}

function requireSecondFactorStatus(signIn: StoredSignIn): void {
  if (signIn.status !== 'needs_second_factor' && signIn.status !== 'needs_client_trust') {
    if (signIn.status === 'complete') throw clerkError(422, 'verification_already_verified', 'This verification has already been verified.')
    throw clerkError(422, 'sign_in_invalid_status', `The sign-in is in status '${signIn.status}', which needs no second factor.`)
  }
}

/** Asking for codes too often: Clerk's `verification_code_too_many_requests` (see limits.ts). */
function throttle(req: EmulatorRequest, signIn: StoredSignIn): void {
  spend(signIn.prepares, req.emulator.instance.rateLimits.codes, req.emulator.now(), 'verification_code_too_many_requests')
}

async function prepareSecondFactor(req: EmulatorRequest) {
  const { signIn, user } = loadSignIn(req)
  if (isAbandoned(req, signIn)) throw signInExpired()
  requireSecondFactorStatus(signIn)
  const strategy = req.body.strategy ?? ''
  const factor = secondFactors(signIn, user, req.emulator).find(f => f.strategy === strategy)
  if (!factor) throw formError('strategy_for_user_invalid', `'${strategy}' is not a second factor of this sign-in.`, 'strategy')
  for (const key of ['email_address_id', 'phone_number_id'] as const) {
    const given = req.body[key]
    if (given && given !== factor[key]) throw formError('form_param_value_invalid', `${key} does not belong to this user.`, key)
  }
  const now = req.emulator.now()
  if (strategy === 'totp' || strategy === 'backup_code') {
    signIn.secondFactor = { strategy, status: 'unverified', attempts: 0, wrongAttempts: 0, expireAt: null, code: null, linkToken: null }
    return req.envelope(signInJson(signIn, req.emulator))
  }
  throttle(req, signIn)
  if (strategy === 'email_link') {
    const redirect = req.body.redirect_url
    if (!redirect) throw formError('form_param_missing', 'redirect_url is required for email_link.', 'redirect_url')
    const token = newId('elt')
    const link = `${req.selfOrigin}${req.emulator.basePath}/v1/verify?token=${token}`
    signIn.secondFactor = { strategy, status: 'unverified', attempts: 0, wrongAttempts: 0, expireAt: now + CODE_LIFETIME_MS, code: null, linkToken: token, redirectUrl: safeRedirect(req, redirect) }
    req.emulator.store.linkTokens.set(token, signIn.id)
    req.emulator.send({ channel: 'email', kind: 'link', to: user.source.emailAddress ?? '', link, signInId: signIn.id, userId: user.id })
    return req.envelope(signInJson(signIn, req.emulator))
  }
  const code = req.emulator.newCode()
  signIn.secondFactor = { strategy, status: 'unverified', attempts: 0, wrongAttempts: 0, expireAt: now + CODE_LIFETIME_MS, code, linkToken: null }
  const sms = strategy === 'phone_code'
  req.emulator.send({ channel: sms ? 'sms' : 'email', kind: 'code', to: (sms ? user.source.phoneNumber : user.source.emailAddress) ?? '', code, signInId: signIn.id, userId: user.id })
  return req.envelope(signInJson(signIn, req.emulator))
}

function checkStaticFactor(req: EmulatorRequest, user: UserRecord, strategy: string, code: string): boolean {
  if (strategy === 'totp') return !!user.source.totpSecret && verifyTotp(user.source.totpSecret, code, req.emulator.now())
  const used = req.emulator.store.usedBackupCodes
  const key = `${user.id}:${code.trim()}`
  if (!(user.source.backupCodes ?? []).includes(code.trim()) || used.has(key)) return false
  used.add(key)
  return true
}

async function attemptSecondFactor(req: EmulatorRequest) {
  const { signIn, user, client } = loadSignIn(req)
  const strategy = req.body.strategy ?? ''
  const code = req.body.code ?? ''
  if (isAbandoned(req, signIn)) throw signInExpired()
  requireSecondFactorStatus(signIn)
  if (!secondFactors(signIn, user, req.emulator).some(f => f.strategy === strategy)) {
    throw formError('strategy_for_user_invalid', `'${strategy}' is not a second factor of this sign-in.`, 'strategy')
  }
  spend(client.hits.attempts, req.emulator.instance.rateLimits.attempts, req.emulator.now())
  assertNotLocked(req.emulator, user)
  const mfa = signIn.status === 'needs_second_factor'
  if (strategy === 'totp' || strategy === 'backup_code') {
    const v = signIn.secondFactor?.strategy === strategy ? signIn.secondFactor : { strategy, status: 'unverified' as const, attempts: 0, wrongAttempts: 0, expireAt: null, code: null, linkToken: null }
    signIn.secondFactor = v
    v.attempts += 1
    if (!checkStaticFactor(req, user, strategy, code)) {
      countFailure(req.emulator, user)
      throw formError('form_code_incorrect', 'Incorrect code', 'code')
    }
    v.status = 'verified'
    completeSignIn(req, signIn, client, mfa)
    return req.envelope(signInJson(signIn, req.emulator))
  }
  const v = signIn.secondFactor
  if (!v || v.strategy !== strategy) throw formError('verification_missing', 'Request a code before entering one.', 'code')
  // Checked before the code: an expired verification never verifies again, even after
  // `expireCodes` is lifted or with the right code.
  if (v.status === 'expired') expire(v)
  if (!v.code) throw formError('verification_missing', 'Request a code before entering one.', 'code')
  if (req.emulator.scenario.expireCodes || (v.expireAt !== null && req.emulator.now() >= v.expireAt)) expire(v)
  v.attempts += 1
  if (code.trim() !== v.code) {
    // No `verification_failed` after N wrong codes: no Clerk source names it. Wrong codes are
    // `form_code_incorrect`, limited by the attempts rate limit and counted toward lockout
    // ("Email & Phone codes", clerk/clerk-docs `docs/guides/secure/user-lockout.mdx`).
    v.wrongAttempts += 1
    countFailure(req.emulator, user)
    throw formError('form_code_incorrect', 'Incorrect code', 'code')
  }
  v.status = 'verified'
  // Single use: the same code cannot complete a second sign-in.
  v.code = null
  completeSignIn(req, signIn, client, mfa)
  return req.envelope(signInJson(signIn, req.emulator))
}

export const secondFactorRoutes: Route[] = [
  { method: 'POST', pattern: /^\/v1\/client\/sign_ins\/([^/]+)\/prepare_second_factor$/, handler: prepareSecondFactor, limited: true },
  { method: 'POST', pattern: /^\/v1\/client\/sign_ins\/([^/]+)\/attempt_second_factor$/, handler: attemptSecondFactor, limited: true },
]
