/**
 * Entry for plain Vue 3 apps (no Nuxt):
 *
 *   app.use(clerkPlugin, { publishableKey })
 *   app.use(clientTrustPlugin, { afterSignInUrl: '/dashboard' })
 */
import type { App, Plugin } from 'vue'
import { CLIENT_TRUST_CONFIG_KEY } from './runtime/config'
import type { ClientTrustConfig } from './runtime/config'

export { useClientTrustSignIn } from './runtime/composables/useClientTrustSignIn'
export { ClientTrustSignIn } from './runtime/components/index'
export { CLIENT_TRUST_CONFIG_KEY } from './runtime/config'
export { defaultMessages, formatMessage, mapClerkError } from './runtime/core/messages'
export { safeRedirect } from './runtime/core/redirect'
export { HeadlessClerkUI, withHeadlessUi } from './runtime/headlessClerkUi'
export type { ClientTrustConfig, ClientTrustNavigate } from './runtime/config'
export type * from './runtime/composables/types'
export type * from './runtime/components/types'
export type { IdentifierOption, Step } from './runtime/core/flow'
export type { Messages, MappedError } from './runtime/core/messages'
export type { SafeRedirectOptions } from './runtime/core/redirect'

/** Provides the app-wide {@link ClientTrustConfig}. Install after @clerk/vue's `clerkPlugin`. */
export const clientTrustPlugin: Plugin<[ClientTrustConfig?]> = {
  install(app: App, config: ClientTrustConfig = {}) {
    app.provide(CLIENT_TRUST_CONFIG_KEY, config)
  },
}
