import { computed, getCurrentInstance, inject, onMounted, shallowRef, toValue, watch } from 'vue'
import type { MaybeRefOrGetter } from 'vue'
import { useAuth, useClerk } from '@clerk/vue'
import type { SignInFutureResource } from '@clerk/shared/types'
import { CLIENT_TRUST_CONFIG_KEY, CONFIG_DEFAULTS } from '../config'
import type { ClientTrustConfig } from '../config'
import { chooseTrustFactor, destinationFor, normalizeCode, passwordParams, safeIdentifierOf, stepFromStatus } from '../core/flow'
import type { Step } from '../core/flow'
import { defaultMessages, mapClerkError } from '../core/messages'
import type { Messages } from '../core/messages'
import { safeRedirect } from '../core/redirect'
import { bridgeSignIn } from './clerkSignal'
import { useNavigator } from './navigation'
import { useResendCooldown } from './resendCooldown'
import type { ClientTrustActionResult, ClientTrustErrors, UseClientTrustSignInOptions, UseClientTrustSignInReturn } from './types'

export type * from './types'

type SettingKey = 'afterSignInUrl' | 'tasksUrl' | 'taskUrls' | 'resendCooldown' | 'identifier'
type LocalErrors = Partial<Record<'identifier' | 'password' | 'code', string>>

// Sign-ins we prepared or finalized in this page: a remount or a second
// instance must not send a second code or activate twice.
const preparedIds = new Set<string>()
const finalizedIds = new Set<string>()
const remember = (set: Set<string>, id: string) => {
  if (set.size >= 100) set.delete(set.values().next().value as string)
  set.add(id)
}

function useClerkOrThrow() {
  try {
    return useClerk()
  }
  catch {
    throw new Error('useClientTrustSignIn() could not find Clerk. In Nuxt, add the @clerk/nuxt module; '
      + 'in a Vue app, call app.use(clerkPlugin, { publishableKey }) from @clerk/vue before mounting.')
  }
}

// Absolute URLs are allowed only towards origins the app config names: options
// and props may carry a `?redirect_url=` an attacker chose.
function configuredOrigins(config: ClientTrustConfig): string[] {
  const urls = [config.afterSignInUrl, config.tasksUrl, ...Object.values(config.taskUrls ?? {})]
  return urls.filter((url): url is string => !!url && /^https?:\/\//i.test(url))
}

const toError = (error: unknown): Error | null =>
  error == null ? null : error instanceof Error ? error : new Error(String(error))

/** Headless state and actions of the Clerk client-trust sign-in. */
export function useClientTrustSignIn(options: UseClientTrustSignInOptions = {}): UseClientTrustSignInReturn {
  const clerk = useClerkOrThrow()
  const config: ClientTrustConfig = inject(CLIENT_TRUST_CONFIG_KEY, null) ?? {}
  const setting = <K extends SettingKey>(key: K): ClientTrustConfig[K] =>
    (toValue(options[key] as MaybeRefOrGetter<ClientTrustConfig[K]>)) ?? config[key]
  const navigate = useNavigator(() => config.navigate)
  const bridge = bridgeSignIn(clerk)
  const { signIn, fetchStatus } = bridge
  const cooldown = useResendCooldown()
  const auth = useAuth({ treatPendingAsSignedOut: false })

  const mounted = shallowRef(false)
  if (getCurrentInstance()) onMounted(() => (mounted.value = true))
  else mounted.value = typeof window !== 'undefined'

  const messages = computed<Messages>(() => ({ ...defaultMessages, ...toValue(options.messages) }))
  const identifierOption = computed(() => setting('identifier') ?? CONFIG_DEFAULTS.identifier)
  const identifier = shallowRef('')
  const isLoaded = computed(() => mounted.value && bridge.isLoaded.value)
  const step = computed<Step>(() => isLoaded.value ? stepFromStatus(signIn.value?.status) : 'loading')
  const factor = computed(() => step.value === 'verify' ? chooseTrustFactor(signIn.value?.supportedSecondFactors) : null)
  const channel = computed(() => factor.value?.strategy === 'email_link' ? null : factor.value?.strategy ?? null)
  const safeIdentifier = computed(() => safeIdentifierOf(factor.value))

  const busy = shallowRef(false)
  const isFetching = computed(() => busy.value || fetchStatus.value === 'fetching')
  const localErrors = shallowRef<LocalErrors>({})
  // clerk-js keeps the last errors after `reset()`; hide them until the next request.
  const hideClerkErrors = shallowRef(false)

  const errors = computed<ClientTrustErrors>(() => {
    const out: ClientTrustErrors = { fields: { identifier: null, password: null, code: null }, global: null }
    const raw = hideClerkErrors.value ? [] : bridge.errors.value?.raw ?? []
    for (const item of raw) {
      const mapped = mapClerkError(item, messages.value)
      if (mapped.field) out.fields[mapped.field] ??= mapped.message
      else out.global ??= mapped.message
    }
    Object.assign(out.fields, localErrors.value)
    if (step.value === 'verify' && factor.value && !channel.value) out.global ??= messages.value.emailLinkUnsupported
    return out
  })

  let inFlight: Promise<ClientTrustActionResult> | null = null
  let generation = 0

  // One request at a time: a second call while one runs gets the same promise
  // (double click, Enter + click). `reset()` bumps `generation`, so the late
  // result of an abandoned request is ignored.
  function run(action: (si: SignInFutureResource) => Promise<{ error: unknown }>, onSuccess?: () => void) {
    if (inFlight) return inFlight
    const si = signIn.value
    if (!si || !isLoaded.value) return Promise.resolve({ error: new Error('Clerk is not loaded yet') })
    const gen = ++generation
    localErrors.value = {}
    hideClerkErrors.value = false
    busy.value = true
    const stepAtStart = step.value
    const execute = async (): Promise<ClientTrustActionResult> => {
      let error: unknown = null
      try {
        ({ error } = await action(si))
      }
      catch (thrown) {
        error = thrown
      }
      // Abandoned by reset(): its response may have revived the sign-in in
      // clerk-js, so reset again before anything (auto-send) reacts to it.
      if (gen !== generation) {
        await resetClerk()
        return { error: null }
      }
      if (error) {
        const mapped = mapClerkError(error, messages.value)
        options.onError?.({ step: stepAtStart, code: mapped.code, message: mapped.message })
      }
      else onSuccess?.()
      return { error: toError(error) }
    }
    const promise: Promise<ClientTrustActionResult> = execute().finally(() => {
      if (inFlight !== promise) return
      inFlight = null
      busy.value = false
    })
    inFlight = promise
    return promise
  }

  function localError(field: keyof LocalErrors, message: string): Promise<ClientTrustActionResult> {
    localErrors.value = { ...localErrors.value, [field]: message }
    return Promise.resolve({ error: new Error(message) })
  }

  function submitPassword(params: { identifier: string, password: string }) {
    identifier.value = params.identifier
    if (!params.identifier.trim()) return localError('identifier', messages.value.identifierRequired)
    if (!params.password) return localError('password', messages.value.passwordRequired)
    return run(si => si.password(passwordParams(params.identifier, params.password, identifierOption.value)))
  }

  function sendCode() {
    const id = signIn.value?.id
    const strategy = channel.value
    if (!id || !strategy) return Promise.resolve({ error: new Error('No code to send at this step') })
    return run((si) => {
      remember(preparedIds, id)
      return strategy === 'phone_code' ? si.mfa.sendPhoneCode() : si.mfa.sendEmailCode()
    }, () => cooldown.start(id, setting('resendCooldown') ?? CONFIG_DEFAULTS.resendCooldown))
  }

  function resendCode() {
    if (cooldown.secondsLeft.value > 0) return Promise.resolve({ error: null })
    return sendCode()
  }

  function verifyCode(input: string) {
    const check = normalizeCode(input)
    if (!check.ok) return localError('code', check.reason === 'required' ? messages.value.codeRequired : messages.value.codeInvalid)
    const strategy = channel.value
    if (!strategy) return Promise.resolve({ error: new Error('No code was sent at this step') })
    return run(si => strategy === 'phone_code'
      ? si.mfa.verifyPhoneCode({ code: check.code })
      : si.mfa.verifyEmailCode({ code: check.code }))
  }

  let completedFor: string | null = null
  function finalize() {
    const reportComplete = (sessionId: string | null) => {
      if (completedFor === sessionId) return
      completedFor = sessionId
      options.onComplete?.({ sessionId })
    }
    return run(si => si.finalize({
      navigate: async ({ session, decorateUrl }) => {
        const destination = destinationFor(session, {
          afterSignInUrl: setting('afterSignInUrl') ?? CONFIG_DEFAULTS.afterSignInUrl,
          tasksUrl: setting('tasksUrl') ?? CONFIG_DEFAULTS.tasksUrl,
          taskUrls: setting('taskUrls'),
        })
        const target = safeRedirect(destination, { origin: window.location.origin, allowedOrigins: configuredOrigins(config) })
        reportComplete(session.id)
        await navigate(decorateUrl(target))
      },
    }), () => reportComplete(signIn.value?.createdSessionId ?? null))
  }

  async function resetClerk(): Promise<ClientTrustActionResult> {
    try {
      return { error: toError((await signIn.value?.reset())?.error) }
    }
    catch (thrown) {
      return { error: toError(thrown) }
    }
  }

  // No request. A request still in flight keeps `busy` until it lands, then is
  // discarded by `run()` (see `generation`).
  function reset(): Promise<ClientTrustActionResult> {
    generation++
    localErrors.value = {}
    hideClerkErrors.value = true
    return resetClerk()
  }

  // Send the code once per sign-in: our own marker covers remounts, Clerk's
  // `secondFactorVerification` covers a reload after the code was sent.
  watch([step, () => signIn.value?.id, channel, busy], ([current, id, strategy, running]) => {
    if (current !== 'verify' || !id || !strategy || running) return
    const verification = signIn.value?.secondFactorVerification
    const sentBefore = verification?.strategy === strategy && verification.status === 'unverified'
    if (preparedIds.has(id) || sentBefore) cooldown.follow(id)
    else void sendCode()
  }, { immediate: true })

  watch([step, () => signIn.value?.createdSessionId, busy], ([current, sessionId, running]) => {
    if (current !== 'complete' || !sessionId || running || options.autoFinalize === false) return
    if (finalizedIds.has(sessionId)) return
    remember(finalizedIds, sessionId)
    void finalize()
  }, { immediate: true })

  // clerk-js keeps a completed sign-in in its signal after sign-out: without
  // this, a form still mounted (SPA) would stay on `complete` for good.
  watch(() => auth.sessionId.value, (now, before) => {
    const current = signIn.value
    if (before && now !== before && current?.status === 'complete' && current.createdSessionId === before) void reset()
  })

  return {
    isLoaded,
    signIn,
    errors,
    clerkErrors: bridge.errors,
    fetchStatus,
    isFetching,
    step,
    channel,
    safeIdentifier,
    resendIn: cooldown.secondsLeft,
    identifier,
    identifierOption,
    messages,
    submitPassword,
    sendCode,
    resendCode,
    verifyCode,
    reset,
    finalize,
  }
}
