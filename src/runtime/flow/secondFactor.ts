import { computed } from 'vue'
import type { ComputedRef, MaybeRefOrGetter, ShallowRef } from 'vue'
import type { Clerk, SignInFutureResource } from '@clerk/shared/types'
import { factorKey, isSendable, normalizeBackupCode } from '../core/factors'
import type { FactorStrategy, SecondFactor } from '../core/factors'
import { normalizeCode } from '../core/flow'
import type { Step } from '../core/flow'
import { displayableError, isRateLimited, mapClerkError, retryAfterSeconds } from '../core/errors'
import type { Messages } from '../core/messages'
import type { ClientTrustActionResult, ClientTrustErrorEvent, EmailLinkStatus } from '../composables/types'
import { useEmailLinkFlow } from './emailLinkFlow'
import { useFactorSelection } from './factorSelection'
import { recall, remember } from './memory'
import type { Requests } from './requests'
import { useResendCooldown } from './resendCooldown'

const fail = (message: string): Promise<ClientTrustActionResult> => Promise.resolve({ error: new Error(message) })

/**
 * The `verify` (client trust) and `second-factor` (MFA) steps: which factor is
 * used, sending its code or link once, resending, verifying, switching.
 */
export function useSecondFactor(deps: {
  clerk: MaybeRefOrGetter<Clerk | null | undefined>
  signIn: ShallowRef<SignInFutureResource | null>
  step: ComputedRef<Step>
  requests: Requests
  messages: ComputedRef<Messages>
  cooldownSeconds: () => number
  onError?: (error: ClientTrustErrorEvent) => void
}) {
  const { signIn, step, requests, messages } = deps
  const cooldown = useResendCooldown()
  const selection = useFactorSelection({ signIn, step })
  const { current } = selection
  const currentKey = computed(() => current.value ? factorKey(current.value) : null)
  const channel = computed(() => {
    const strategy = current.value?.strategy
    return isSendable(strategy) ? strategy : null
  })

  const emailLink = useEmailLinkFlow({
    clerk: deps.clerk,
    onEnd: (outcome, error) => {
      const id = signIn.value?.id
      // An expired link may be replaced at once.
      if (outcome === 'expired' && id && currentKey.value) cooldown.start(id, currentKey.value, 0)
      if (outcome !== 'failed' || !error) return
      const mapped = mapClerkError(displayableError(error), messages.value)
      requests.say(mapped.message)
      deps.onError?.({ step: step.value, code: mapped.code, message: mapped.message })
    },
  })

  const emailLinkStatus = computed<EmailLinkStatus>(() => {
    if (current.value?.strategy === 'email_link') {
      const v = signIn.value?.secondFactorVerification
      return v?.strategy === 'email_link' && v.status === 'expired' ? 'expired' : 'pending'
    }
    if (step.value !== 'credentials') return null
    const landing = emailLink.landing.value
    return landing === 'verified' ? 'verified-elsewhere' : landing === 'expired' ? 'expired' : null
  })

  function sendCode(): Promise<ClientTrustActionResult> {
    const id = signIn.value?.id
    const factor = current.value
    if (!id || !factor) return fail('No code to send at this step')
    const key = factorKey(factor)
    const started = () => cooldown.start(id, key, deps.cooldownSeconds())
    if (factor.strategy === 'email_link') {
      if (!factor.emailAddressId) return fail('The email link factor has no email address')
      remember(id, { sent: key })
      requests.clearMessages()
      emailLink.start(id, factor.emailAddressId)
      started()
      return Promise.resolve({ error: null })
    }
    if (!isSendable(factor.strategy)) return fail('Nothing is sent for this method')
    const strategy = factor.strategy
    return requests.run(`send:${key}`, (si) => {
      remember(id, { sent: key })
      return strategy === 'phone_code' ? si.mfa.sendPhoneCode() : si.mfa.sendEmailCode()
    }, started, (code, error) => {
      // Throttled (either of Clerk's rate-limit codes): "Resend" waits as long as the server asks, not our own guess.
      const wait = isRateLimited(code) ? retryAfterSeconds(error) : null
      if (wait !== null) cooldown.start(id, key, wait)
    })
  }

  function resendCode(): Promise<ClientTrustActionResult> {
    if (cooldown.secondsLeft.value > 0) return Promise.resolve({ error: null })
    return sendCode()
  }

  function verifyCode(input: string): Promise<ClientTrustActionResult> {
    const factor = current.value
    const id = signIn.value?.id
    if (!factor || !id || factor.strategy === 'email_link') return fail('No code is expected at this step')
    const backup = factor.strategy === 'backup_code'
    const check = backup ? normalizeBackupCode(input) : normalizeCode(input)
    if (!check.ok) {
      const invalid = backup ? messages.value.backupCodeInvalid : messages.value.codeInvalid
      return requests.localError('code', check.reason === 'required' ? messages.value.codeRequired : invalid)
    }
    const code = check.code
    const key = factorKey(factor)
    return requests.run(`verify:${key}:${code}`, (si) => {
      switch (factor.strategy) {
        case 'totp': return si.mfa.verifyTOTP({ code })
        case 'backup_code': return si.mfa.verifyBackupCode({ code })
        case 'phone_code': return si.mfa.verifyPhoneCode({ code })
        default: return si.mfa.verifyEmailCode({ code })
      }
    }, undefined, (errorCode) => {
      // This code is dead: "Resend code" works at once.
      if (errorCode === 'verification_expired') cooldown.start(id, key, 0)
    })
  }

  /** Switches to another offered factor; a code or link for it is sent once (by the flow's auto-send effect). */
  function selectFactor(target: SecondFactor | FactorStrategy): Promise<ClientTrustActionResult> {
    if (requests.phase.value === 'running') return Promise.resolve({ error: null })
    const wanted = typeof target === 'string' ? target : factorKey(target)
    const factor = selection.offered.value.find(f => f.strategy === wanted || factorKey(f) === wanted)
    if (!factor) return fail(`'${wanted}' is not offered at this step`)
    if (current.value?.strategy === 'email_link' && factorKey(factor) !== currentKey.value) emailLink.cancel()
    requests.clearMessages()
    selection.pick(factor)
    return Promise.resolve({ error: null })
  }

  /**
   * Sends the current factor's code or link unless it went out before: our memory covers
   * remounts, Clerk's `secondFactorVerification` a reload after it was sent. A link sent
   * before is polled again. Also shows that factor's resend countdown.
   */
  function ensureSent() {
    const id = signIn.value?.id
    const factor = current.value
    // A sign-in left by "Start over" and brought back by a late answer: nothing more for it.
    if (!id || !factor || recall(id).abandoned) return
    const key = factorKey(factor)
    cooldown.follow(id, key)
    if (!isSendable(factor.strategy) && factor.strategy !== 'email_link') return
    const v = signIn.value?.secondFactorVerification
    const sentBefore = recall(id).sent === key || (v?.strategy === factor.strategy && !!v.status)
    if (!sentBefore) {
      void sendCode()
      return
    }
    remember(id, { sent: key })
    if (factor.strategy === 'email_link' && !emailLink.isRunning(id) && v?.status !== 'expired') emailLink.resume(id)
  }

  return {
    factor: current,
    factors: selection.offered,
    alternatives: selection.alternatives,
    showingAlternatives: selection.showingAlternatives,
    channel,
    safeIdentifier: computed(() => current.value?.safeIdentifier ?? null),
    emailLinkStatus,
    resendIn: cooldown.secondsLeft,
    /** The key of the current factor (it changes when another method is picked). */
    factorKey: currentKey,
    ensureSent,
    /** Stops polling an email link (another method, Start over, completion). */
    stopEmailLink: emailLink.cancel,
    sendCode,
    resendCode,
    verifyCode,
    selectFactor,
  }
}
