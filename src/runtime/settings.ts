/**
 * Every setting of the sign-in, declared once. The module options, the runtime config, the
 * `clientTrustPlugin` options, the composable's options (each a ref or getter too) and the
 * component's props are all derived from {@link ClientTrustSettings}; the defaults live in
 * {@link SETTING_DEFAULTS} only.
 */
import type { IdentifierOption } from './core/flow'

export interface ClientTrustSettings {
  /**
   * Where to go once the session is active: a same-origin path, or a full URL (whose origin
   * then becomes an allowed redirect target). A safe `redirect_url` query parameter wins.
   * @default '/'
   */
  afterSignInUrl: string
  /**
   * Where a session with a pending task (for example `choose-organization`) goes when
   * `taskUrls` has no entry for the task.
   * @default '/sign-in/tasks'
   */
  tasksUrl: string
  /**
   * One page per session task key, e.g. `{ 'choose-organization': '/org/select' }`.
   * @default {}
   */
  taskUrls: Record<string, string>
  /**
   * Seconds before "Resend code" can be used again (Clerk's prebuilt UI uses 30).
   * @default 30
   */
  resendCooldown: number
  /**
   * What the identifier field accepts (it sets the input type): `auto` takes an email,
   * an E.164 phone number or a username.
   * @default 'auto'
   */
  identifier: IdentifierOption
  /**
   * Opening the sign-in page while signed in goes to `afterSignInUrl` (or the pending task's page).
   * @default true
   */
  redirectIfSignedIn: boolean
  /**
   * Your reset-password page, linked when Clerk asks for a new password (`needs_new_password`);
   * empty: no link.
   * @default ''
   */
  resetPasswordUrl: string
  /**
   * Origins other than the app's own that the page to go to after sign-in (the `redirect_url`
   * query parameter, or the composable's `redirectUrl`) may point to, e.g.
   * `['https://docs.example.com']`. Same-origin paths are always allowed; anything else falls
   * back to `afterSignInUrl`. Bare origins only: scheme, host and port, no path.
   * @default []
   */
  allowedRedirectOrigins: string[]
  /**
   * Seconds to wait for Clerk to load before the form says "Sign-in is unavailable right now"
   * instead of a skeleton forever (clerk-js blocked, CDN or proxy down). The form recovers by
   * itself if Clerk loads later. `0` waits forever.
   * @default 15
   */
  loadTimeout: number
}

/** The name of one setting. */
export type SettingKey = keyof ClientTrustSettings

/** Every setting's default: what applies when neither the component, the composable nor the app sets it. */
export const SETTING_DEFAULTS: Readonly<ClientTrustSettings> = Object.freeze({
  afterSignInUrl: '/',
  tasksUrl: '/sign-in/tasks',
  taskUrls: {},
  resendCooldown: 30,
  identifier: 'auto',
  redirectIfSignedIn: true,
  resetPasswordUrl: '',
  allowedRedirectOrigins: [],
  loadTimeout: 15,
})

/** The settings' names, in declaration order. */
export const SETTING_KEYS = Object.keys(SETTING_DEFAULTS) as SettingKey[]

/** Every setting explicitly unset: the component's prop defaults, so an absent boolean is not `false`. */
export const UNSET_SETTINGS = Object.freeze(Object.fromEntries(SETTING_KEYS.map(key => [key, undefined]))) as { readonly [K in SettingKey]: undefined }

/** The values `identifier` accepts. */
export const IDENTIFIER_OPTIONS: readonly IdentifierOption[] = ['email', 'phone', 'username', 'auto']

/** The settings of `source` (e.g. the module options), without its other keys. */
export function pickSettings(source: ClientTrustSettings): ClientTrustSettings {
  return Object.fromEntries(SETTING_KEYS.map(key => [key, source[key]])) as unknown as ClientTrustSettings
}
