import type { InjectionKey, MaybeRefOrGetter } from 'vue'
import type { LocalizationResource } from '@clerk/shared/types'
import type { IdentifierOption } from './core/flow'
import type { Messages } from './core/messages'

/** Navigates inside the app; the Nuxt plugin passes `navigateTo`. */
export type ClientTrustNavigate = (to: string, options?: { replace?: boolean }) => unknown

/** App-wide settings, provided by the Nuxt plugin or `app.use(clientTrustPlugin, config)`. */
export interface ClientTrustConfig {
  /** Where to go once signed in: a path, or an absolute URL (whose origin then becomes an allowed redirect target). @default '/' */
  afterSignInUrl?: string
  /** Where to go when the new session has a pending task and `taskUrls` has no entry for it. @default '/sign-in/tasks' */
  tasksUrl?: string
  /** Page per session task key, e.g. `{ 'choose-organization': '/onboarding/org' }`. */
  taskUrls?: Record<string, string>
  /** Seconds before "Resend code" is enabled again. @default 30 */
  resendCooldown?: number
  /** What the identifier field accepts; sets the input type. @default 'auto' */
  identifier?: IdentifierOption
  /** Opening the sign-in while signed in goes to `afterSignInUrl` (or the pending task's page). @default true */
  redirectIfSignedIn?: boolean
  /** The app's reset-password page, linked from the `new-password` step. */
  resetPasswordUrl?: string
  /** Origins other than the app's that a `redirect_url` query parameter (or `redirectUrl` option) may point to, e.g. `['https://docs.example.com']`. @default [] */
  allowedRedirectOrigins?: string[]
  /** Seconds to wait for Clerk to load before the form says sign-in is unavailable (0 = wait forever). @default 15 */
  loadTimeout?: number
  /** In-app navigation; default: the app's vue-router, else `window.location.assign`. */
  navigate?: ClientTrustNavigate
}

/** App-wide message overrides (`clientTrust.messages` in Nuxt, `clientTrustPlugin` options in Vue); a registered symbol, so duplicated copies of this package still match. */
export const CLIENT_TRUST_MESSAGES_KEY: InjectionKey<Partial<Messages>> = Symbol.for('nuxt-clerk-client-trust:messages')

/**
 * App-wide Clerk localization of the form (a `LocalizationResource` such as `deDE`, or a ref /
 * getter of one that changes with the app's locale). Provided by the Nuxt plugin from
 * `clientTrust.localization` or `clerk.localization`, by `clientTrustPlugin`'s `localization`,
 * or by {@link provideClerkLocalization}; without it the form follows the Clerk instance's own.
 */
export const CLIENT_TRUST_LOCALIZATION_KEY: InjectionKey<MaybeRefOrGetter<LocalizationResource | null | undefined>> = Symbol.for('nuxt-clerk-client-trust:localization')

/** Injection key of the app-wide {@link ClientTrustConfig}; a registered symbol, so duplicated copies of this package still match. */
export const CLIENT_TRUST_CONFIG_KEY: InjectionKey<ClientTrustConfig> = Symbol.for('nuxt-clerk-client-trust:config')

/** Defaults applied after explicit options and the injected config. */
export const CONFIG_DEFAULTS = {
  afterSignInUrl: '/',
  tasksUrl: '/sign-in/tasks',
  resendCooldown: 30,
  identifier: 'auto',
  redirectIfSignedIn: true,
  loadTimeout: 15,
} as const satisfies ClientTrustConfig
