import { computed, getCurrentInstance, getCurrentScope, inject, onMounted, onScopeDispose, shallowRef, toValue, watch } from 'vue'
import type { MaybeRefOrGetter } from 'vue'
import { useClerk } from '@clerk/vue'
import { CLIENT_TRUST_CONFIG_KEY, CLIENT_TRUST_INSPECTOR_KEY } from '../config'
import { SETTING_DEFAULTS } from '../settings'
import type { ClientTrustSettings, SettingKey } from '../settings'
import { configuredOrigins, safeRedirect } from '../core/redirect'
import { createSignInController } from '../controller/signInController'
import { useFormLanguage } from './formLanguage'
import { useNavigator } from './navigator'
import { useSnapshotRefs } from './snapshotRefs'
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
  // The language: this call's, else the app-wide one, else Clerk's own (formLanguage.ts).
  const { messages, locale, dir, waitsForAdapter } = useFormLanguage(options, () => loadedClerk.value)

  const controller = createSignInController({
    setting,
    messages: () => messages.value,
    locale: () => locale.value,
    redirectUrl: () => toValue(options.redirectUrl),
    autoFinalize: options.autoFinalize,
    navigate: useNavigator(() => config.navigate),
    onComplete: options.onComplete,
    onTask: options.onTask,
    onError: options.onError,
  })
  // The snapshot as one ref per field, each set only when its value changed (snapshotRefs.ts).
  const refs = useSnapshotRefs(controller, options.beforeShow)
  // A localized form shows no step before its messages are: clerk-js is followed once the adapter is in.
  watch(() => waitsForAdapter() ? null : loadedClerk.value, instance => controller.connect(instance), { immediate: true, flush: 'sync' })
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

  const identifierOption = computed(() => setting('identifier'))
  const identifier = shallowRef('')
  const signOutOfOtherSessions = shallowRef(setting('signOutOfOtherSessions'))

  return {
    // Every field of the snapshot but its bookkeeping, read-only (snapshotRefs.ts); the list of
    // other methods may also be opened and closed through its ref.
    ...refs,
    showingAlternatives: computed({ get: () => refs.showingAlternatives.value, set: controller.showAlternatives }),
    identifier,
    identifierOption,
    messages,
    locale,
    dir,
    resetPasswordUrl: computed(() => {
      const url = setting('resetPasswordUrl')
      if (!url || typeof window === 'undefined') return url || null
      const allowedOrigins = configuredOrigins({ ...SETTING_DEFAULTS, resetPasswordUrl: url, allowedRedirectOrigins: setting('allowedRedirectOrigins') })
      return safeRedirect(url, { origin: window.location.origin, allowedOrigins })
    }),
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
