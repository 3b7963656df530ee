import { computed, getCurrentInstance, getCurrentScope, inject, onMounted, onScopeDispose, onServerPrefetch, shallowRef, toValue, triggerRef, watch } from 'vue'
import type { MaybeRefOrGetter, ShallowRef } from 'vue'
import { useClerk } from '@clerk/vue'
import { CLIENT_TRUST_CONFIG_KEY, CLIENT_TRUST_INSPECTOR_KEY, CLIENT_TRUST_LOCALIZATION_KEY, CLIENT_TRUST_MESSAGES_KEY } from '../config'
import { SETTING_DEFAULTS } from '../settings'
import type { ClientTrustSettings, SettingKey } from '../settings'
import { directionOf, resolveLanguage, sameLanguage } from '../core/language'
import type { FormLanguage } from '../core/language'
import { mergeMessages, pathMessages } from '../core/messages'
import type { Messages } from '../core/messages'
import { configuredOrigins, safeRedirect } from '../core/redirect'
import { clerkLanguage } from '../controller/clerkSignal'
import { createSignInController } from '../controller/signInController'
import type { SignInSnapshot } from '../controller/signInController'
import { languageAdapter, loadLanguageAdapter, offPathEnglish, showWhole } from './onDemand'
import { useNavigator } from './navigator'
import type { UseClientTrustSignInOptions, UseClientTrustSignInReturn } from './types'

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

/**
 * Headless state and actions of the Clerk sign-in with Device Trust, MFA, email links and session
 * tasks: the Vue adapter of the flow's controller (`controller/signInController.ts`). It hands the
 * controller the settings, the language and clerk-js, and mirrors its snapshot into refs.
 */
export function useClientTrustSignIn(options: UseClientTrustSignInOptions = {}): UseClientTrustSignInReturn {
  const clerk = useClerkOrThrow()
  const config = inject(CLIENT_TRUST_CONFIG_KEY, null) ?? {}
  // Each setting: this call's option, else the app-wide config, else its default.
  const setting = <K extends SettingKey>(key: K): ClientTrustSettings[K] =>
    toValue(options[key] as MaybeRefOrGetter<ClientTrustSettings[K] | undefined>) ?? (config as Partial<ClientTrustSettings>)[key] ?? SETTING_DEFAULTS[key]

  // clerk-js once loaded: `loaded` is a plain field, but @clerk/vue triggers its ref after load.
  const loadedClerk = computed(() => {
    const instance = toValue(clerk)
    return instance?.loaded && instance.__internal_state ? instance : null
  })
  // The language: this call's, else the app-wide one, else Clerk's own; app messages merged here, once.
  const appMessages = inject(CLIENT_TRUST_MESSAGES_KEY, undefined)
  const appLocalization = inject(CLIENT_TRUST_LOCALIZATION_KEY, undefined)
  const language = computed<FormLanguage>((previous) => {
    const next = resolveLanguage(toValue(options.localization), toValue(appLocalization), loadedClerk.value ? clerkLanguage(loadedClerk.value) : undefined)
    return previous && sameLanguage(previous, next) ? previous : next
  })
  // English needs no adapter; a Clerk localization waits for it (loaded on demand, see below).
  // English alone is the email/SMS path's until a sign-in leaves it: the snapshot that does is
  // held back until the rest is in (see below), so no step shows a text that is not there yet.
  const messages = computed<Messages>(() => {
    const { localization, applicationName } = language.value
    const overrides = { ...appMessages, ...toValue(options.messages) }
    const adapter = languageAdapter.value
    if (localization && adapter) return adapter.messagesFromClerk(localization, { applicationName, overrides })
    return mergeMessages(offPathEnglish.value?.defaultMessages ?? pathMessages as Messages, overrides)
  })
  // Its chunk did not load (offline, a new deploy): the form goes on in English rather than not at all.
  const adapterFailed = shallowRef(false)
  const waitsForAdapter = () => !!language.value.localization && !languageAdapter.value && !adapterFailed.value

  const controller = createSignInController({
    setting,
    messages: () => messages.value,
    locale: () => language.value.localization?.locale,
    redirectUrl: () => toValue(options.redirectUrl),
    autoFinalize: options.autoFinalize,
    navigate: useNavigator(() => config.navigate),
    onComplete: options.onComplete,
    onTask: options.onTask,
    onError: options.onError,
  })
  // One ref per field of the snapshot, set only when that field changed: a new snapshot wakes
  // only what reads a value that changed (the controller keeps equal values identical).
  let current = controller.getSnapshot()
  const keys = Object.keys(current) as Array<keyof SignInSnapshot>
  const refs = Object.fromEntries(keys.map(key => [key, shallowRef(current[key])])) as { [K in keyof SignInSnapshot]: ShallowRef<SignInSnapshot[K]> }
  const show = (next: SignInSnapshot) => {
    for (const key of keys) {
      if (!Object.is(next[key], current[key])) (refs[key] as ShallowRef<unknown>).value = next[key]
    }
    // clerk-js changes its SignInFuture in place too: the ref announces what it says, not only new objects.
    if (next.signIn === current.signIn && next.signInVersion !== current.signInVersion) triggerRef(refs.signIn)
    current = next
  }
  // The first snapshot off the email/SMS path waits for the English it needs (onDemand.ts).
  showWhole(controller, show)
  // A localized form shows no step before its messages are: clerk-js is followed once the adapter is in.
  watch(() => waitsForAdapter() ? null : loadedClerk.value, instance => controller.connect(instance), { immediate: true, flush: 'sync' })
  watch(waitsForAdapter, (waits) => {
    if (waits) loadLanguageAdapter().catch(() => void (adapterFailed.value = true))
  }, { immediate: true })
  // The server renders the form in its language: the adapter first (only then: a prefetch delays the render).
  if (getCurrentInstance() && waitsForAdapter()) onServerPrefetch(() => loadLanguageAdapter().then(() => {}))
  watch(messages, controller.refresh)
  if (getCurrentInstance()) onMounted(controller.start)
  else if (typeof window !== 'undefined') controller.start()
  // `nuxi dev` with DevTools: the module's dev-only plugin shows this form in the DevTools tab.
  // It gets the snapshots to read, none of the actions.
  const { getSnapshot, subscribe } = controller
  const stopInspecting = typeof window === 'undefined' ? undefined : inject(CLIENT_TRUST_INSPECTOR_KEY, null)?.({ controller: { getSnapshot, subscribe }, clerk: () => loadedClerk.value })
  if (getCurrentScope()) {
    onScopeDispose(() => {
      controller.dispose()
      stopInspecting?.()
    })
  }

  /** One field of the snapshot, read-only. */
  const field = <K extends keyof SignInSnapshot>(key: K): Readonly<ShallowRef<SignInSnapshot[K]>> => refs[key]
  const identifierOption = computed(() => setting('identifier'))
  const identifier = shallowRef('')
  const signOutOfOtherSessions = shallowRef(setting('signOutOfOtherSessions'))
  const locale = computed(() => language.value.localization?.locale ?? null)

  return {
    isLoaded: field('isLoaded'),
    unavailable: field('unavailable'),
    signIn: field('signIn'),
    errors: field('errors'),
    clerkErrors: field('clerkErrors'),
    fetchStatus: field('fetchStatus'),
    isFetching: field('isFetching'),
    step: field('step'),
    factor: field('factor'),
    factors: field('factors'),
    alternatives: field('alternatives'),
    showingAlternatives: computed({ get: () => refs.showingAlternatives.value, set: controller.showAlternatives }),
    channel: field('channel'),
    safeIdentifier: field('safeIdentifier'),
    emailLinkStatus: field('emailLinkStatus'),
    resendIn: field('resendIn'),
    identifier,
    identifierOption,
    messages,
    locale,
    dir: computed(() => locale.value ? directionOf(locale.value) : null),
    resetPasswordUrl: computed(() => {
      const url = setting('resetPasswordUrl')
      if (!url || typeof window === 'undefined') return url || null
      const allowedOrigins = configuredOrigins({ ...SETTING_DEFAULTS, resetPasswordUrl: url, allowedRedirectOrigins: setting('allowedRedirectOrigins') })
      return safeRedirect(url, { origin: window.location.origin, allowedOrigins })
    }),
    canResetPassword: field('canResetPassword'),
    passwordRules: field('passwordRules'),
    passwordRulesText: field('passwordRulesText'),
    protectCheck: field('protectCheck'),
    submitPassword: (params) => {
      identifier.value = params.identifier
      return controller.submitPassword(params, identifierOption.value)
    },
    forgotPassword: (typed = identifier.value) => {
      identifier.value = typed
      return controller.forgotPassword(typed, identifierOption.value)
    },
    signOutOfOtherSessions,
    submitNewPassword: params => controller.submitNewPassword({ signOutOfOtherSessions: signOutOfOtherSessions.value, ...params }),
    sendCode: controller.sendCode,
    resendCode: controller.resendCode,
    verifyCode: controller.verifyCode,
    selectFactor: controller.selectFactor,
    reset: controller.reset,
    finalize: controller.finalize,
    attachProtectCheck: controller.attachProtectCheck,
    retryProtectCheck: controller.retryProtectCheck,
  }
}
