import type { EmulatorRequest } from '../http/request'
import { safeRedirect } from '../http/request'
import { completeSignIn, hasMfa, isAbandoned, loadSignIn, signInExpired } from './signInMachine'
import { CODE_LIFETIME_MS, checkFactorIds, sendCode, throttle, verifyCode } from './codes'
import { assertNotLocked, countFailure, spendLimit } from './limits'
import { secondFactors, signInJson } from './resources'
import type { StoredSignIn } from '../state/store'
import { newId } from '../state/store'
import { verifyTotp } from '../tokens/totp'
import type { UserRecord } from '../state/users'
import { clerkError, formError } from '../http/wire'
import type { Route } from '../http/route'

function requireSecondFactorStatus(signIn: StoredSignIn): void {
  if (signIn.status !== 'needs_second_factor' && signIn.status !== 'needs_client_trust') {
    if (signIn.status === 'complete') throw clerkError(422, 'verification_already_verified', 'This verification has already been verified.')
    throw clerkError(422, 'sign_in_invalid_status', `The sign-in is in status '${signIn.status}', which needs no second factor.`)
  }
}

async function prepareSecondFactor(req: EmulatorRequest) {
  const { signIn, user } = loadSignIn(req)
  if (isAbandoned(req, signIn)) throw signInExpired()
  requireSecondFactorStatus(signIn)
  const strategy = req.body.strategy ?? ''
  const factor = secondFactors(signIn, user, req.emulator).find(f => f.strategy === strategy)
  if (!factor) throw formError('strategy_for_user_invalid', `'${strategy}' is not a second factor of this sign-in.`, 'strategy')
  checkFactorIds(req.body, factor)
  if (strategy === 'totp' || strategy === 'backup_code') {
    signIn.secondFactor = { strategy, status: 'unverified', attempts: 0, wrongAttempts: 0, expireAt: null, code: null, linkToken: null }
    return req.envelope(signInJson(signIn, req.emulator))
  }
  // Older applications ask a new device under `needs_second_factor` too: what the code is for is the user's.
  const purpose = hasMfa(user) ? 'mfa' : 'client_trust'
  if (strategy === 'email_link') {
    throttle(req, signIn)
    const redirect = req.body.redirect_url
    if (!redirect) throw formError('form_param_missing', 'redirect_url is required for email_link.', 'redirect_url')
    const token = newId('elt')
    const link = `${req.selfOrigin}${req.emulator.basePath}/v1/verify?token=${token}`
    signIn.secondFactor = { strategy, status: 'unverified', attempts: 0, wrongAttempts: 0, expireAt: req.emulator.now() + CODE_LIFETIME_MS, code: null, linkToken: token, redirectUrl: safeRedirect(req, redirect) }
    req.emulator.store.linkTokens.set(token, signIn.id)
    req.emulator.send({ channel: 'email', kind: 'link', purpose, to: user.source.emailAddress ?? '', link, signInId: signIn.id, userId: user.id })
    return req.envelope(signInJson(signIn, req.emulator))
  }
  signIn.secondFactor = sendCode(req, signIn, user, strategy, purpose)
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
  spendLimit(req, 'attempts', client)
  assertNotLocked(req.emulator, user)
  const mfa = hasMfa(user)
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
  verifyCode(req, signIn.secondFactor, strategy, code, user)
  completeSignIn(req, signIn, client, mfa)
  return req.envelope(signInJson(signIn, req.emulator))
}

export const secondFactorRoutes: Route[] = [
  { method: 'POST', pattern: /^\/v1\/client\/sign_ins\/([^/]+)\/prepare_second_factor$/, handler: prepareSecondFactor, limited: true },
  { method: 'POST', pattern: /^\/v1\/client\/sign_ins\/([^/]+)\/attempt_second_factor$/, handler: attemptSecondFactor, limited: true },
]
