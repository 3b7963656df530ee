/**
 * Entry for plain Vue 3 apps (no Nuxt):
 *
 *   app.use(clerkPlugin, { publishableKey, localization: deDE }) // the form speaks German too
 *   app.use(clientTrustPlugin, { afterSignInUrl: '/dashboard' })
 */
import type { App, Plugin } from 'vue'
import { CLIENT_TRUST_CONFIG_KEY, CLIENT_TRUST_LOCALIZATION_KEY, CLIENT_TRUST_MESSAGES_KEY } from './runtime/config'
import type { ClientTrustConfig } from './runtime/config'
import type { LanguageSettings } from './runtime/settings'
import { dropUnparseableRedirectUrl } from './runtime/redirectUrlGuard'
import { loadLanguageAdapter } from './runtime/composables/onDemand'

export { useClientTrustSignIn } from './runtime/composables/useClientTrustSignIn'
// The component and its parts (the list in runtime/components/names.ts), with their Props and Emits types.
export * from './runtime/components/index'
export { useClerkLocalization, provideClerkLocalization } from './runtime/composables/useClerkLocalization'
export { matchLocale } from './runtime/core/locale'
export { CLIENT_TRUST_CONFIG_KEY, CLIENT_TRUST_LOCALIZATION_KEY, CLIENT_TRUST_MESSAGES_KEY } from './runtime/config'
export { formatMessage } from './runtime/core/messages'
export { defaultMessages } from './runtime/core/defaultMessages'
export { mapClerkError } from './runtime/core/errors'
export { CLERK_SOURCES, fillClerkPlaceholders, messagesFromClerk } from './runtime/core/clerkLocalization'
export { directionOf } from './runtime/core/language'
// Only what Clerk's frFR lacks; a module of its own, dropped from bundles that do not import it.
export { fr } from './runtime/locales/fr'
export { safeRedirect } from './runtime/core/redirect'
export { HeadlessClerkUI, withEmulator, withHeadlessUi } from './runtime/headlessClerkUi'
export type { ClientTrustConfig, ClientTrustNavigate } from './runtime/config'
export type * from './runtime/composables/types'
export type * from './runtime/components/types'
export type { IdentifierOption, Step } from './runtime/core/flow'
export type { Messages } from './runtime/core/messages'
export type { ClientTrustSettings, LanguageSettings } from './runtime/settings'
export type { ErrorMessages, MappedError } from './runtime/core/errors'
export type { ClerkPlaceholders, ClerkReader, MessagesFromClerkOptions } from './runtime/core/clerkLocalization'
export type { ClerkLocalizationLoader, ClerkLocalizationLoaders, UseClerkLocalizationOptions, UseClerkLocalizationReturn } from './runtime/composables/useClerkLocalization'
export type { SafeRedirectOptions } from './runtime/core/redirect'
export type { PasswordRule } from './runtime/core/passwordRules'

/** Options of {@link clientTrustPlugin}: the app-wide config, plus the language of every `<ClientTrustSignIn>` ({@link LanguageSettings}). */
export interface ClientTrustPluginOptions extends ClientTrustConfig, Partial<LanguageSettings> {}

/**
 * Provides the app-wide {@link ClientTrustConfig}, messages and localization. Install after
 * @clerk/vue's `clerkPlugin`, in the same tick: it also takes an unparseable `redirect_url` out
 * of the address bar before clerk-js (still downloading) reads it.
 */
export const clientTrustPlugin: Plugin<[ClientTrustPluginOptions?]> = {
  install(app: App, { messages, localization, ...config }: ClientTrustPluginOptions = {}) {
    dropUnparseableRedirectUrl()
    app.provide(CLIENT_TRUST_CONFIG_KEY, config)
    app.provide(CLIENT_TRUST_MESSAGES_KEY, messages ?? {})
    if (localization !== undefined) app.provide(CLIENT_TRUST_LOCALIZATION_KEY, localization)
    // A localized form: its adapter starts downloading now, with the app, not when the form mounts.
    if (localization) loadLanguageAdapter().catch(() => {})
  },
}
