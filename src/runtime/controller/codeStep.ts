/**
 * The code steps' actions (new device, MFA, the reset code): send a code or an email link once,
 * resend it after its countdown, check a code. Picking another offered factor comes on demand
 * (`offPathActions.ts`).
 */
import type { SignInFutureResource } from '@clerk/shared/types'
import { factorKey, isResetStrategy, isSendable, normalizeBackupCode } from '../core/factors'
import { normalizeCode } from '../core/flow'
import { isRateLimited, retryAfterSeconds } from '../core/errors'
import type { ClientTrustActionResult } from '../core/results'
import type { EmailLinkRunner } from './emailLink'
import { recall, remember } from './memory'
import { fail, ok } from './requests'
import type { Requests } from './requests'
import type { ResendCooldown } from './resendCooldown'
import type { Derived } from './snapshot'

/** What {@link createCodeStep} reads, and what it drives. */
export interface CodeStepDeps {
  /** The current sign-in, as clerk-js' signal has it. */
  signIn: () => SignInFutureResource | null
  /** The derived view: the sign-in and its current factor. */
  view: () => Pick<Derived, 'signIn' | 'factor'>
  requests: Pick<Requests, 'run' | 'localError' | 'clearMessages'>
  cooldown: ResendCooldown
  emailLink: EmailLinkRunner
  /** Seconds before a code may be sent again (the `resendCooldown` setting). */
  resendCooldown: () => number
}

export interface CodeStep {
  sendCode: () => Promise<ClientTrustActionResult>
  /** {@link sendCode} once the countdown is over; nothing before. */
  resendCode: () => Promise<ClientTrustActionResult>
  verifyCode: (code: string) => Promise<ClientTrustActionResult>
  /**
   * Sends the current factor's code or link unless it went out before: the memory covers
   * remounts, Clerk's `secondFactorVerification` a reload after it was sent. A link sent
   * before is polled again. Also shows that factor's resend countdown.
   */
  ensureSent: () => void
}

export function createCodeStep(deps: CodeStepDeps): CodeStep {
  const { requests, cooldown, emailLink } = deps

  function sendCode(): Promise<ClientTrustActionResult> {
    const id = deps.signIn()?.id
    const factor = deps.view().factor
    if (!id || !factor) return fail('No code to send at this step')
    const key = factorKey(factor)
    const started = () => cooldown.start(id, key, deps.resendCooldown())
    if (factor.strategy === 'email_link') {
      if (!factor.emailAddressId) return fail('The email link factor has no email address')
      remember(id, { sent: key })
      requests.clearMessages()
      emailLink.start(id, factor.emailAddressId)
      started()
      return ok()
    }
    if (!isSendable(factor.strategy)) return fail('Nothing is sent for this method')
    const strategy = factor.strategy
    return requests.run(`send:${key}`, (si) => {
      remember(id, { sent: key })
      switch (strategy) {
        case 'reset_password_email_code': return si.resetPasswordEmailCode.sendCode()
        case 'reset_password_phone_code': return si.resetPasswordPhoneCode.sendCode()
        case 'phone_code': return si.mfa.sendPhoneCode()
        default: return si.mfa.sendEmailCode()
      }
    }, started, (code, error) => {
      // Throttled (either of Clerk's rate-limit codes): "Resend" waits as long as the server asks, not our own guess.
      const wait = isRateLimited(code) ? retryAfterSeconds(error) : null
      if (wait !== null) cooldown.start(id, key, wait)
    })
  }

  function verifyCode(input: string): Promise<ClientTrustActionResult> {
    const factor = deps.view().factor
    const id = deps.signIn()?.id
    if (!factor || !id || factor.strategy === 'email_link') return fail('No code is expected at this step')
    const backup = factor.strategy === 'backup_code'
    const check = backup ? normalizeBackupCode(input) : normalizeCode(input)
    if (!check.ok) return requests.localError('code', check.reason === 'required' ? 'codeRequired' : backup ? 'backupCodeInvalid' : 'codeInvalid')
    const code = check.code
    const key = factorKey(factor)
    return requests.run(`verify:${key}:${code}`, (si) => {
      switch (factor.strategy) {
        case 'totp': return si.mfa.verifyTOTP({ code })
        case 'backup_code': return si.mfa.verifyBackupCode({ code })
        case 'phone_code': return si.mfa.verifyPhoneCode({ code })
        case 'reset_password_email_code': return si.resetPasswordEmailCode.verifyCode({ code })
        case 'reset_password_phone_code': return si.resetPasswordPhoneCode.verifyCode({ code })
        default: return si.mfa.verifyEmailCode({ code })
      }
    }, undefined, (errorCode) => {
      // This code is dead: "Resend code" works at once.
      if (errorCode === 'verification_expired') cooldown.start(id, key, 0)
    })
  }

  function ensureSent() {
    const { signIn, factor } = deps.view()
    const id = signIn?.id
    // A sign-in left by "Start over" and brought back by a late answer: nothing more for it.
    if (!id || !factor || recall(id).abandoned) return
    const key = factorKey(factor)
    cooldown.follow(id, key)
    if (!isSendable(factor.strategy) && factor.strategy !== 'email_link') return
    const v = isResetStrategy(factor.strategy) ? signIn.firstFactorVerification : signIn.secondFactorVerification
    const sentBefore = recall(id).sent === key || (v?.strategy === factor.strategy && !!v.status)
    if (!sentBefore) {
      void sendCode()
      return
    }
    remember(id, { sent: key })
    if (factor.strategy === 'email_link' && !emailLink.isRunning(id) && v?.status !== 'expired') emailLink.resume(id)
  }

  return {
    sendCode,
    resendCode: () => cooldown.secondsLeft > 0 ? ok() : sendCode(),
    verifyCode,
    ensureSent,
  }
}
