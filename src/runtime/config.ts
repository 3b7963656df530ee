import type { InjectionKey, MaybeRefOrGetter } from 'vue'
import type { ClientTrustSettings, LanguageSettings } from './settings'
import type { InspectedForm } from './controller/inspector'

/** Navigates inside the app; the Nuxt plugin passes `navigateTo`. */
export type ClientTrustNavigate = (to: string, options?: { replace?: boolean }) => unknown

/**
 * App-wide settings, provided by the Nuxt plugin (from the module options) or
 * `app.use(clientTrustPlugin, config)`: any subset of {@link ClientTrustSettings}, plus navigation.
 */
export interface ClientTrustConfig extends Partial<ClientTrustSettings> {
  /** In-app navigation; default: the app's vue-router, else `window.location.assign`. */
  navigate?: ClientTrustNavigate
}

/** `runtimeConfig.public.clientTrust`: every setting, plus the form's texts and language. */
export interface ClientTrustRuntimeConfig extends ClientTrustSettings {
  messages: LanguageSettings['messages']
  /** A Clerk localization, or `{}` for none chosen (runtime config has no `undefined`). */
  localization: NonNullable<LanguageSettings['localization']> | Record<string, never>
  /** `clientTrust.i18n` is on: the i18n plugin provides the language. */
  i18n: boolean
}

/** App-wide message overrides (`clientTrust.messages` in Nuxt, `clientTrustPlugin` options in Vue); a registered symbol, so duplicated copies of this package still match. */
export const CLIENT_TRUST_MESSAGES_KEY: InjectionKey<LanguageSettings['messages']> = Symbol.for('nuxt-clerk-client-trust:messages')

/**
 * App-wide Clerk localization of the form (a `LocalizationResource` such as `deDE`, or a ref /
 * getter of one that changes with the app's locale). Provided by the Nuxt plugin from
 * `clientTrust.localization` or `clerk.localization`, by `clientTrustPlugin`'s `localization`,
 * or by {@link provideClerkLocalization}; without it the form follows the Clerk instance's own.
 */
export const CLIENT_TRUST_LOCALIZATION_KEY: InjectionKey<MaybeRefOrGetter<LanguageSettings['localization'] | undefined>> = Symbol.for('nuxt-clerk-client-trust:localization')

/** Injection key of the app-wide {@link ClientTrustConfig}; a registered symbol, so duplicated copies of this package still match. */
export const CLIENT_TRUST_CONFIG_KEY: InjectionKey<ClientTrustConfig> = Symbol.for('nuxt-clerk-client-trust:config')

/**
 * Provided only by the module's dev-only plugin (`nuxi dev` with Nuxt DevTools and the emulator
 * on): each form hands it its snapshots, read-only, for the DevTools tab. Nobody provides it
 * elsewhere, so a form in a production build publishes nothing.
 */
export const CLIENT_TRUST_INSPECTOR_KEY: InjectionKey<(form: InspectedForm) => () => void> = Symbol.for('nuxt-clerk-client-trust:inspector')
