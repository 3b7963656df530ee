import type { Ctx } from '../http/request'
import { safeRedirect } from '../http/request'
import { completeSignIn, isAbandoned, loadSignIn, signInExpired } from './signInMachine'
import { assertNotLocked, countFailure, spend } from './limits'
import { secondFactors, signInJson } from './resources'
import type { SignInRecord, VerificationRecord } from '../state/store'
import { newId } from '../state/store'
import { verifyTotp } from '../tokens/totp'
import type { UserRecord } from '../state/users'
import { clerkError, formError } from '../http/wire'
import type { Route } from '../http/route'

/** Codes live as long as Clerk's: ten minutes. */
export const CODE_LIFETIME_MS = 600_000

/** A verification Clerk answered `expired` stays expired: only a new prepare brings a new code. */
function expire(v: VerificationRecord): never {
  v.status = 'expired'
  v.code = null
  throw formError('verification_expired', 'This verification has expired. Request a new code.', 'code')
}

function requireSecondFactorStatus(signIn: SignInRecord): void {
  if (signIn.status !== 'needs_second_factor' && signIn.status !== 'needs_client_trust') {
    if (signIn.status === 'complete') throw clerkError(422, 'verification_already_verified', 'This verification has already been verified.')
    throw clerkError(422, 'sign_in_invalid_status', `The sign-in is in status '${signIn.status}', which needs no second factor.`)
  }
}

/** Asking for codes too often: Clerk's `verification_code_too_many_requests` (see limits.ts). */
function throttle(ctx: Ctx, signIn: SignInRecord): void {
  spend(signIn.prepares, ctx.core.instance.rateLimits.codes, ctx.core.now(), 'verification_code_too_many_requests')
}

async function prepareSecondFactor(ctx: Ctx) {
  const { signIn, user } = loadSignIn(ctx)
  if (isAbandoned(ctx, signIn)) throw signInExpired()
  requireSecondFactorStatus(signIn)
  const strategy = ctx.body.strategy ?? ''
  const factor = secondFactors(signIn, user, ctx.core).find(f => f.strategy === strategy)
  if (!factor) throw formError('strategy_for_user_invalid', `'${strategy}' is not a second factor of this sign-in.`, 'strategy')
  for (const key of ['email_address_id', 'phone_number_id'] as const) {
    const given = ctx.body[key]
    if (given && given !== factor[key]) throw formError('form_param_value_invalid', `${key} does not belong to this user.`, key)
  }
  const now = ctx.core.now()
  if (strategy === 'totp' || strategy === 'backup_code') {
    signIn.secondFactor = { strategy, status: 'unverified', attempts: 0, wrongAttempts: 0, expireAt: null, code: null, linkToken: null }
    return ctx.envelope(signInJson(signIn, ctx.core))
  }
  throttle(ctx, signIn)
  if (strategy === 'email_link') {
    const redirect = ctx.body.redirect_url
    if (!redirect) throw formError('form_param_missing', 'redirect_url is required for email_link.', 'redirect_url')
    const token = newId('elt')
    const link = `${ctx.selfOrigin}${ctx.core.basePath}/v1/verify?token=${token}`
    signIn.secondFactor = { strategy, status: 'unverified', attempts: 0, wrongAttempts: 0, expireAt: now + CODE_LIFETIME_MS, code: null, linkToken: token, redirectUrl: safeRedirect(ctx, redirect) }
    ctx.core.store.linkTokens.set(token, signIn.id)
    ctx.core.send({ channel: 'email', kind: 'link', to: user.source.emailAddress ?? '', link, signInId: signIn.id, userId: user.id })
    return ctx.envelope(signInJson(signIn, ctx.core))
  }
  const code = ctx.core.newCode()
  signIn.secondFactor = { strategy, status: 'unverified', attempts: 0, wrongAttempts: 0, expireAt: now + CODE_LIFETIME_MS, code, linkToken: null }
  const sms = strategy === 'phone_code'
  ctx.core.send({ channel: sms ? 'sms' : 'email', kind: 'code', to: (sms ? user.source.phoneNumber : user.source.emailAddress) ?? '', code, signInId: signIn.id, userId: user.id })
  return ctx.envelope(signInJson(signIn, ctx.core))
}

function checkStaticFactor(ctx: Ctx, user: UserRecord, strategy: string, code: string): boolean {
  if (strategy === 'totp') return !!user.source.totpSecret && verifyTotp(user.source.totpSecret, code, ctx.core.now())
  const used = ctx.core.store.usedBackupCodes
  const key = `${user.id}:${code.trim()}`
  if (!(user.source.backupCodes ?? []).includes(code.trim()) || used.has(key)) return false
  used.add(key)
  return true
}

async function attemptSecondFactor(ctx: Ctx) {
  const { signIn, user, client } = loadSignIn(ctx)
  const strategy = ctx.body.strategy ?? ''
  const code = ctx.body.code ?? ''
  if (isAbandoned(ctx, signIn)) throw signInExpired()
  requireSecondFactorStatus(signIn)
  if (!secondFactors(signIn, user, ctx.core).some(f => f.strategy === strategy)) {
    throw formError('strategy_for_user_invalid', `'${strategy}' is not a second factor of this sign-in.`, 'strategy')
  }
  spend(client.hits.attempts, ctx.core.instance.rateLimits.attempts, ctx.core.now())
  assertNotLocked(ctx.core, user)
  const mfa = signIn.status === 'needs_second_factor'
  if (strategy === 'totp' || strategy === 'backup_code') {
    const v = signIn.secondFactor?.strategy === strategy ? signIn.secondFactor : { strategy, status: 'unverified' as const, attempts: 0, wrongAttempts: 0, expireAt: null, code: null, linkToken: null }
    signIn.secondFactor = v
    v.attempts += 1
    if (!checkStaticFactor(ctx, user, strategy, code)) {
      countFailure(ctx.core, user)
      throw formError('form_code_incorrect', 'Incorrect code', 'code')
    }
    v.status = 'verified'
    completeSignIn(ctx, signIn, client, mfa)
    return ctx.envelope(signInJson(signIn, ctx.core))
  }
  const v = signIn.secondFactor
  if (!v || v.strategy !== strategy) throw formError('verification_missing', 'Request a code before entering one.', 'code')
  // Checked before the code: an expired verification never verifies again, even after
  // `expireCodes` is lifted or with the right code.
  if (v.status === 'expired') expire(v)
  if (!v.code) throw formError('verification_missing', 'Request a code before entering one.', 'code')
  if (ctx.core.scenario.expireCodes || (v.expireAt !== null && ctx.core.now() >= v.expireAt)) expire(v)
  v.attempts += 1
  if (code.trim() !== v.code) {
    // No `verification_failed` after N wrong codes: no Clerk source names it. Wrong codes are
    // `form_code_incorrect`, limited by the attempts rate limit and counted toward lockout
    // ("Email & Phone codes", clerk/clerk-docs `docs/guides/secure/user-lockout.mdx`).
    v.wrongAttempts += 1
    countFailure(ctx.core, user)
    throw formError('form_code_incorrect', 'Incorrect code', 'code')
  }
  v.status = 'verified'
  // Single use: the same code cannot complete a second sign-in.
  v.code = null
  completeSignIn(ctx, signIn, client, mfa)
  return ctx.envelope(signInJson(signIn, ctx.core))
}

export const secondFactorRoutes: Route[] = [
  { method: 'POST', pattern: /^\/v1\/client\/sign_ins\/([^/]+)\/prepare_second_factor$/, handler: prepareSecondFactor, limited: true },
  { method: 'POST', pattern: /^\/v1\/client\/sign_ins\/([^/]+)\/attempt_second_factor$/, handler: attemptSecondFactor, limited: true },
]
