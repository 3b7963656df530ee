import { computed, watch } from 'vue'
import type { ComputedRef, MaybeRefOrGetter, ShallowRef } from 'vue'
import type { Clerk, SignInFutureResource } from '@clerk/shared/types'
import { factorKey, isSendable, normalizeBackupCode } from '../core/factors'
import type { FactorStrategy, SecondFactor } from '../core/factors'
import { normalizeCode } from '../core/flow'
import type { Step } from '../core/flow'
import { isRateLimited, mapClerkError } from '../core/messages'
import type { Messages } from '../core/messages'
import type { Actions } from './actions'
import { displayableError, retryAfterSeconds } from './actions'
import { useFactorSelection } from './alternatives'
import { useEmailLinkFlow } from './emailLink'
import { useResendCooldown } from './resendCooldown'
import type { ClientTrustActionResult, ClientTrustErrorEvent, EmailLinkStatus } from './types'

// The factor a code or link was last sent to, per sign-in. Module level: a
// remount or a second instance must not send a second one.
const lastSent = new Map<string, string>()
const remember = (id: string, key: string) => {
  if (lastSent.size >= 100 && !lastSent.has(id)) lastSent.delete(lastSent.keys().next().value as string)
  lastSent.set(id, key)
}

const fail = (message: string): Promise<ClientTrustActionResult> => Promise.resolve({ error: new Error(message) })

/**
 * The `verify` (client trust) and `second-factor` (MFA) steps: which factor is
 * used, sending its code or link once, resending, verifying, switching.
 */
export function useSecondFactor(deps: {
  clerk: MaybeRefOrGetter<Clerk | null | undefined>
  signIn: ShallowRef<SignInFutureResource | null>
  step: ComputedRef<Step>
  actions: Actions
  messages: ComputedRef<Messages>
  cooldownSeconds: () => number
  onError?: (error: ClientTrustErrorEvent) => void
}) {
  const { signIn, step, actions, messages } = deps
  const cooldown = useResendCooldown()
  const selection = useFactorSelection({ signIn, step })
  const { current } = selection
  const currentKey = computed(() => current.value ? factorKey(current.value) : null)
  const channel = computed(() => {
    const strategy = current.value?.strategy
    return isSendable(strategy) ? strategy : null
  })
  const cooldownKey = (id: string, key: string) => `${id}:${key}`

  const emailLink = useEmailLinkFlow({
    clerk: deps.clerk,
    onEnd: (outcome, error) => {
      const id = signIn.value?.id
      // An expired link may be replaced at once.
      if (outcome === 'expired' && id && currentKey.value) cooldown.start(cooldownKey(id, currentKey.value), 0)
      if (outcome !== 'failed' || !error) return
      const mapped = mapClerkError(displayableError(error), messages.value)
      actions.notice.value = mapped.message
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
    const started = () => cooldown.start(cooldownKey(id, key), deps.cooldownSeconds())
    if (factor.strategy === 'email_link') {
      if (!factor.emailAddressId) return fail('The email link factor has no email address')
      remember(id, key)
      actions.clearMessages()
      emailLink.start(id, factor.emailAddressId)
      started()
      return Promise.resolve({ error: null })
    }
    if (!isSendable(factor.strategy)) return fail('Nothing is sent for this method')
    const strategy = factor.strategy
    return actions.run((si) => {
      remember(id, key)
      return strategy === 'phone_code' ? si.mfa.sendPhoneCode() : si.mfa.sendEmailCode()
    }, started, (code, error) => {
      // Throttled (either of Clerk's rate-limit codes): "Resend" waits as long as the server asks, not our own guess.
      const wait = isRateLimited(code) ? retryAfterSeconds(error) : null
      if (wait !== null) cooldown.start(cooldownKey(id, key), wait)
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
      return actions.localError('code', check.reason === 'required' ? messages.value.codeRequired : invalid)
    }
    const code = check.code
    const key = factorKey(factor)
    return actions.run((si) => {
      switch (factor.strategy) {
        case 'totp': return si.mfa.verifyTOTP({ code })
        case 'backup_code': return si.mfa.verifyBackupCode({ code })
        case 'phone_code': return si.mfa.verifyPhoneCode({ code })
        default: return si.mfa.verifyEmailCode({ code })
      }
    }, undefined, (errorCode) => {
      // This code is dead: "Resend code" works at once.
      if (errorCode === 'verification_expired') cooldown.start(cooldownKey(id, key), 0)
    })
  }

  /** Switches to another offered factor; a code or link for it is sent once (by the watcher below). */
  function selectFactor(target: SecondFactor | FactorStrategy): Promise<ClientTrustActionResult> {
    if (actions.busy.value) return Promise.resolve({ error: null })
    const wanted = typeof target === 'string' ? target : factorKey(target)
    const factor = selection.offered.value.find(f => f.strategy === wanted || factorKey(f) === wanted)
    if (!factor) return fail(`'${wanted}' is not offered at this step`)
    if (current.value?.strategy === 'email_link' && factorKey(factor) !== currentKey.value) emailLink.cancel()
    actions.clearMessages()
    selection.pick(factor)
    return Promise.resolve({ error: null })
  }

  // Send once per sign-in and factor: our marker covers remounts, Clerk's
  // `secondFactorVerification` covers a reload after the code or link went out.
  watch([step, () => signIn.value?.id, currentKey, actions.busy, actions.settling], ([now, id, key, running, settling]) => {
    if ((now !== 'verify' && now !== 'second-factor') || !id || !key || running || settling) return
    const factor = current.value
    if (!factor) return
    cooldown.follow(cooldownKey(id, key))
    if (!isSendable(factor.strategy) && factor.strategy !== 'email_link') return
    const v = signIn.value?.secondFactorVerification
    const sentBefore = lastSent.get(id) === key || (v?.strategy === factor.strategy && !!v.status)
    if (!sentBefore) {
      void sendCode()
      return
    }
    remember(id, key)
    if (factor.strategy === 'email_link' && !emailLink.isRunning(id) && v?.status !== 'expired') emailLink.resume(id)
  }, { immediate: true })

  // Leaving the step (Start over, completion) ends any polling.
  watch(() => current.value?.strategy === 'email_link', (isLink) => {
    if (!isLink) emailLink.cancel()
  })

  return {
    factor: current,
    factors: selection.offered,
    alternatives: selection.alternatives,
    showingAlternatives: selection.showingAlternatives,
    channel,
    safeIdentifier: computed(() => current.value?.safeIdentifier ?? null),
    emailLinkStatus,
    resendIn: cooldown.secondsLeft,
    sendCode,
    resendCode,
    verifyCode,
    selectFactor,
  }
}
