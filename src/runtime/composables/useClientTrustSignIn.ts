import { computed, getCurrentInstance, getCurrentScope, inject, onMounted, onScopeDispose, shallowRef, toValue } from 'vue'
import type { MaybeRefOrGetter } from 'vue'
import { useClerk } from '@clerk/vue'
import { CLIENT_TRUST_CONFIG_KEY, CLIENT_TRUST_LOCALIZATION_KEY, CLIENT_TRUST_MESSAGES_KEY } from '../config'
import type { ClientTrustConfig } from '../config'
import { SETTING_DEFAULTS } from '../settings'
import type { ClientTrustSettings, SettingKey } from '../settings'
import { destinationFor, passwordParams, stepFromStatus } from '../core/flow'
import type { Step } from '../core/flow'
import { directionOf, messagesFromClerk } from '../core/clerkLocalization'
import { displayableError, mapClerkError } from '../core/errors'
import type { Messages } from '../core/messages'
import { afterSignInTarget, redirectUrlFromSearch, safeRedirect } from '../core/redirect'
import { bridgeSignIn, clerkLanguage } from '../flow/clerkSignal'
import { useFlowEffects } from '../flow/effects'
import { loadMemory } from '../flow/memory'
import { useNavigator } from '../flow/navigator'
import { useRequests } from '../flow/requests'
import { useSecondFactor } from '../flow/secondFactor'
import { stableComputed } from '../flow/stable'
import type { ClientTrustActionResult, ClientTrustErrors, ClientTrustTask, UseClientTrustSignInOptions, UseClientTrustSignInReturn } from './types'

export type * from './types'

function useClerkOrThrow() {
  try {
    return useClerk()
  }
  catch {
    throw new Error('useClientTrustSignIn() could not find Clerk. In Nuxt, add the @clerk/nuxt module; '
      + 'in a Vue app, call app.use(clerkPlugin, { publishableKey }) from @clerk/vue before mounting.')
  }
}

/** Headless state and actions of the Clerk sign-in with client trust, MFA, email links and session tasks. */
export function useClientTrustSignIn(options: UseClientTrustSignInOptions = {}): UseClientTrustSignInReturn {
  const clerk = useClerkOrThrow()
  const config: ClientTrustConfig = inject(CLIENT_TRUST_CONFIG_KEY, null) ?? {}
  // Each setting: this call's option, else the app-wide config, else its default.
  const setting = <K extends SettingKey>(key: K): ClientTrustSettings[K] =>
    toValue(options[key] as MaybeRefOrGetter<ClientTrustSettings[K] | undefined>) ?? (config as Partial<ClientTrustSettings>)[key] ?? SETTING_DEFAULTS[key]
  const navigate = useNavigator(() => config.navigate)
  const bridge = bridgeSignIn(clerk)
  const { signIn, fetchStatus } = bridge

  const mounted = shallowRef(false)
  // Clerk failing to load (script blocked, CDN or proxy down) is never reported to us:
  // @clerk/vue only logs it. After `loadTimeout` seconds the form says so instead of
  // showing a skeleton forever; it recovers by itself if Clerk loads after all.
  const loadTimedOut = shallowRef(false)
  let loadTimer: ReturnType<typeof setTimeout> | undefined
  const startLoadTimer = () => {
    const seconds = setting('loadTimeout')
    if (bridge.isLoaded.value || !(seconds > 0) || !Number.isFinite(seconds)) return
    loadTimer = setTimeout(() => (loadTimedOut.value = !bridge.isLoaded.value), seconds * 1000)
  }
  if (getCurrentScope()) onScopeDispose(() => clearTimeout(loadTimer))
  const start = () => {
    mounted.value = true
    loadMemory()
    startLoadTimer()
  }
  if (getCurrentInstance()) onMounted(start)
  else if (typeof window !== 'undefined') start()

  // App-wide overrides (module option / clientTrustPlugin) apply to headless use too.
  const appMessages = inject(CLIENT_TRUST_MESSAGES_KEY, undefined)
  // The form's language: the option, else the app-wide one (module / plugin / i18n), else
  // the `localization` the app gave Clerk itself. `null` anywhere means English on purpose.
  const appLocalization = inject(CLIENT_TRUST_LOCALIZATION_KEY, undefined)
  const language = stableComputed(() => {
    const fromClerk = bridge.isLoaded.value ? clerkLanguage(toValue(clerk)) : undefined
    const chosen = toValue(options.localization)
    const provided = toValue(appLocalization)
    const localization = chosen !== undefined ? chosen : provided !== undefined ? provided : fromClerk?.localization
    return { localization: localization ?? null, applicationName: fromClerk?.applicationName }
  }, (a, b) => a.localization === b.localization && a.applicationName === b.applicationName)
  const messages = computed<Messages>(() => messagesFromClerk(language.value.localization, {
    applicationName: language.value.applicationName,
    overrides: { ...appMessages, ...toValue(options.messages) },
  }))
  const locale = computed(() => language.value.localization?.locale ?? null)
  const dir = computed(() => locale.value ? directionOf(locale.value) : null)
  const identifierOption = computed(() => setting('identifier'))
  const identifier = shallowRef('')
  const isLoaded = computed(() => mounted.value && bridge.isLoaded.value)
  const step = computed<Step>(() => isLoaded.value ? stepFromStatus(signIn.value?.status) : 'loading')
  const requests = useRequests({
    signIn,
    isLoaded,
    step,
    messages,
    reloadClient: async () => toValue(clerk)?.client?.reload(),
    onError: options.onError,
  })
  const factors = useSecondFactor({
    clerk,
    signIn,
    step,
    requests,
    messages,
    cooldownSeconds: () => setting('resendCooldown'),
    onError: options.onError,
  })
  // A request left by "Start over" may never answer (clerk-js sets no timeout on FAPI calls):
  // Clerk's `fetching` for it must not keep the form disabled.
  const isFetching = computed(() => requests.phase.value === 'running' || (fetchStatus.value === 'fetching' && requests.phase.value !== 'abandoning'))
  const unavailable = computed(() => loadTimedOut.value && !bridge.isLoaded.value)
  // Absolute URLs are allowed only towards origins the app names (`allowedRedirectOrigins`)
  // or configures itself: a `?redirect_url=` is chosen by whoever wrote the link.
  const allowedOrigins = () => {
    const urls = [setting('afterSignInUrl'), setting('tasksUrl'), setting('resetPasswordUrl'), ...Object.values(setting('taskUrls'))]
    return [...setting('allowedRedirectOrigins'), ...urls.filter(url => /^https?:\/\//i.test(url))]
  }
  const safeTarget = (url: string) => safeRedirect(url, { origin: window.location.origin, allowedOrigins: allowedOrigins() })
  const resetPasswordUrl = computed(() => {
    const url = setting('resetPasswordUrl')
    if (!url) return null
    return typeof window !== 'undefined' ? safeTarget(url) : url
  })

  const errors = stableComputed<ClientTrustErrors>(() => {
    const out: ClientTrustErrors = { fields: { identifier: null, password: null, code: null }, global: requests.notice.value }
    const raw = requests.hideClerkErrors.value ? [] : bridge.errors.value?.raw ?? []
    if (unavailable.value) out.global = messages.value.clerkUnavailable
    // Clerk Protect stopped the sign-in with a challenge only Clerk's prebuilt UI can run (when
    // it is loaded, clerk-js opens it by itself). Say so before any error of that attempt; the
    // form stays usable, so trying again (a new sign-in) is always possible.
    if (step.value === 'credentials' && signIn.value?.status === 'needs_protect_check') out.global ??= messages.value.protectCheckNeeded
    for (const item of raw) {
      const mapped = mapClerkError(displayableError(item), messages.value)
      if (mapped.field) out.fields[mapped.field] ??= mapped.message
      else out.global ??= mapped.message
    }
    Object.assign(out.fields, requests.localErrors.value)
    // An empty SignInFuture also reports `needs_identifier`: only a created sign-in asks again.
    if (step.value === 'credentials' && signIn.value?.id && signIn.value.status === 'needs_identifier') out.global ??= messages.value.identifierNeeded
    if ((step.value === 'verify' || step.value === 'second-factor') && !factors.factor.value) out.global ??= messages.value.secondFactorUnsupported
    return out
  })

  function submitPassword(params: { identifier: string, password: string }) {
    identifier.value = params.identifier
    if (!params.identifier.trim()) return requests.localError('identifier', messages.value.identifierRequired)
    if (!params.password) return requests.localError('password', messages.value.passwordRequired)
    return requests.run('password', si => si.password(passwordParams(params.identifier, params.password, identifierOption.value)), () => {
      // "Success" without a sign-in: the answer was not one (a broken proxy, a captive portal).
      if (!signIn.value?.id) requests.say(messages.value.genericError)
    })
  }

  // Read when leaving (browser only): `redirectUrl`, else Clerk's `?redirect_url=`; refused → afterSignInUrl.
  const destination = (session: { currentTask?: ClientTrustTask | null } | null | undefined) => {
    const afterSignInUrl = afterSignInTarget({
      requested: toValue(options.redirectUrl) ?? redirectUrlFromSearch(window.location.search),
      afterSignInUrl: setting('afterSignInUrl'),
      origin: window.location.origin,
      allowedOrigins: allowedOrigins(),
    })
    return safeTarget(destinationFor(session, { afterSignInUrl, tasksUrl: setting('tasksUrl'), taskUrls: setting('taskUrls') }))
  }

  let completedFor: string | null = null
  let finishing = false
  function finalize() {
    const reportComplete = (sessionId: string | null) => {
      if (completedFor === sessionId) return
      completedFor = sessionId
      options.onComplete?.({ sessionId })
    }
    finishing = true
    return requests.run('finalize', si => si.finalize({
      navigate: async ({ session, decorateUrl }) => {
        const target = destination(session)
        reportComplete(session.id)
        const task = session.currentTask
        if (task) options.onTask?.({ key: task.key })
        await navigate(decorateUrl(target))
      },
    }), () => reportComplete(signIn.value?.createdSessionId ?? null))
  }

  function reset(): Promise<ClientTrustActionResult> {
    factors.showingAlternatives.value = false
    return requests.abandon()
  }

  useFlowEffects({
    signIn,
    step,
    isLoaded,
    phase: requests.phase,
    factorKey: factors.factorKey,
    onEmailLink: () => factors.factor.value?.strategy === 'email_link',
    sessionId: bridge.sessionId,
    autoFinalize: options.autoFinalize !== false,
    redirectIfSignedIn: () => setting('redirectIfSignedIn'),
    ensureSent: factors.ensureSent,
    stopEmailLink: factors.stopEmailLink,
    finalize,
    isFinishing: () => finishing,
    reset,
    dropIfAbandoned: requests.dropIfAbandoned,
    leave: () => navigate(destination(toValue(clerk)?.session)),
  })

  return {
    isLoaded,
    unavailable,
    signIn,
    errors,
    clerkErrors: bridge.errors,
    fetchStatus,
    isFetching,
    step,
    factor: factors.factor,
    factors: factors.factors,
    alternatives: factors.alternatives,
    showingAlternatives: factors.showingAlternatives,
    channel: factors.channel,
    safeIdentifier: factors.safeIdentifier,
    emailLinkStatus: factors.emailLinkStatus,
    resendIn: factors.resendIn,
    identifier,
    identifierOption,
    messages,
    locale,
    dir,
    resetPasswordUrl,
    submitPassword,
    sendCode: factors.sendCode,
    resendCode: factors.resendCode,
    verifyCode: factors.verifyCode,
    selectFactor: factors.selectFactor,
    reset,
    finalize,
  }
}
