/**
 * Entry for plain Vue 3 apps (no Nuxt):
 *
 *   app.use(clerkPlugin, { publishableKey })
 *   app.use(clientTrustPlugin, { afterSignInUrl: '/dashboard', messages: fr })
 */
import type { App, Plugin } from 'vue'
import { CLIENT_TRUST_CONFIG_KEY } from './runtime/config'
import type { ClientTrustConfig } from './runtime/config'
import { CLIENT_TRUST_MESSAGES_KEY } from './runtime/components/context'
import type { Messages } from './runtime/core/messages'
import { dropUnparseableRedirectUrl } from './runtime/redirectUrlGuard'

export { useClientTrustSignIn } from './runtime/composables/useClientTrustSignIn'
export { ClientTrustSignIn } from './runtime/components/index'
export { CLIENT_TRUST_CONFIG_KEY } from './runtime/config'
export { defaultMessages, formatMessage, mapClerkError } from './runtime/core/messages'
export { CLIENT_TRUST_MESSAGES_KEY } from './runtime/components/context'
// Locales are modules of their own: unused ones are dropped from the app's bundle.
export { fr } from './runtime/locales/fr'
export { safeRedirect } from './runtime/core/redirect'
export { HeadlessClerkUI, withHeadlessUi } from './runtime/headlessClerkUi'
export type { ClientTrustConfig, ClientTrustNavigate } from './runtime/config'
export type * from './runtime/composables/types'
export type * from './runtime/components/types'
export type { IdentifierOption, Step } from './runtime/core/flow'
export type { Messages, MappedError } from './runtime/core/messages'
export type { SafeRedirectOptions } from './runtime/core/redirect'

/** Options of {@link clientTrustPlugin}: the app-wide config, plus message overrides for every `<ClientTrustSignIn>`. */
export interface ClientTrustPluginOptions extends ClientTrustConfig {
  /** App-wide messages (a subset, or a whole language such as `fr`); a component's `messages` prop applies on top. */
  messages?: Partial<Messages>
}

/**
 * Provides the app-wide {@link ClientTrustConfig} and messages. Install after @clerk/vue's
 * `clerkPlugin`, in the same tick: it also takes an unparseable `redirect_url` out of the
 * address bar before clerk-js (still downloading) reads it.
 */
export const clientTrustPlugin: Plugin<[ClientTrustPluginOptions?]> = {
  install(app: App, { messages, ...config }: ClientTrustPluginOptions = {}) {
    dropUnparseableRedirectUrl()
    app.provide(CLIENT_TRUST_CONFIG_KEY, config)
    app.provide(CLIENT_TRUST_MESSAGES_KEY, messages ?? {})
  },
}
