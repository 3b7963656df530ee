/**
 * Every setting of the sign-in, declared once. The module options, the runtime config, the
 * `clientTrustPlugin` options, the composable's options (each a ref or getter too) and the
 * component's props are all derived from {@link ClientTrustSettings}; the defaults live in
 * {@link SETTING_DEFAULTS} only.
 */
import type { LocalizationResource } from '@clerk/shared/types'
import type { IdentifierOption } from './core/flow'
import type { Messages } from './core/messages'
import { isOrigin } from './core/redirect'

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
   * Your own reset-password page: "Forgot password?" and a sign-in that needs a new password
   * (`needs_new_password`) link there instead of resetting the password inside the form.
   * Empty: the form resets it itself.
   * @default ''
   */
  resetPasswordUrl: string
  /**
   * "Sign out of all other devices" starts checked on the new-password step (Clerk's default).
   * @default true
   */
  signOutOfOtherSessions: boolean
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

/**
 * The form's language, beside the other settings: given app-wide (module options,
 * `clientTrustPlugin`) and per form (the composable's options, the component's props), a form's
 * own on top of the app's. Resolved in one place, `core/language.ts`.
 */
export interface LanguageSettings {
  /**
   * Overrides of the messages (any subset of `Messages`), e.g. `{ signInTitle: 'Log in' }`: they
   * win over the Clerk localization and English; a form's own apply on top of the app-wide ones.
   * For the texts Clerk has none for, e.g. `fr` from `nuxt-clerk-client-trust/vue` beside Clerk's `frFR`.
   * @default {}
   */
  messages: Partial<Messages>
  /**
   * The form's language as a Clerk localization (e.g. `deDE` from `@clerk/localizations`), when it
   * should differ from Clerk's own; `null` for English. Unset: the app-wide one, else the
   * `localization` Clerk was loaded with (`clerk.localization` with @clerk/nuxt). Sets `lang` and
   * `dir` on the form; `messages` apply on top.
   * @default undefined
   */
  localization: LocalizationResource | null
}

/** Every setting's default: what applies when neither the component, the composable nor the app sets it. */
export const SETTING_DEFAULTS: Readonly<ClientTrustSettings> = Object.freeze({
  afterSignInUrl: '/',
  tasksUrl: '/sign-in/tasks',
  taskUrls: {},
  resendCooldown: 30,
  identifier: 'auto',
  redirectIfSignedIn: true,
  resetPasswordUrl: '',
  signOutOfOtherSessions: true,
  allowedRedirectOrigins: [],
  loadTimeout: 15,
})

/** The values `identifier` accepts. */
export const IDENTIFIER_OPTIONS: readonly IdentifierOption[] = ['email', 'phone', 'username', 'auto']

const isUrl = (v: unknown) => typeof v === 'string' && (v.startsWith('/') || /^https?:\/\//.test(v))
const isSeconds = (v: unknown) => typeof v === 'number' && Number.isFinite(v) && v >= 0
const URL_RULE = 'must be a path starting with "/" or an http(s) URL'

/**
 * What each setting accepts: `null` when `value` is fine, else what is wrong (after the
 * setting's name). The module fails the build with it.
 */
export const SETTING_RULES: { readonly [K in SettingKey]: (value: unknown) => string | null } = {
  afterSignInUrl: v => isUrl(v) ? null : URL_RULE,
  tasksUrl: v => isUrl(v) ? null : URL_RULE,
  taskUrls: (v) => {
    if (!v || typeof v !== 'object' || Array.isArray(v)) return 'must be an object of task key → page, e.g. { \'choose-organization\': \'/org/select\' }'
    const bad = Object.entries(v).find(([, url]) => !isUrl(url))
    return bad ? `.${bad[0]} ${URL_RULE}` : null
  },
  resendCooldown: v => isSeconds(v) ? null : 'must be a number of seconds ≥ 0',
  identifier: v => IDENTIFIER_OPTIONS.includes(v as IdentifierOption) ? null : `must be one of ${IDENTIFIER_OPTIONS.join(', ')}`,
  redirectIfSignedIn: v => typeof v === 'boolean' ? null : 'must be true or false',
  resetPasswordUrl: v => v === '' || isUrl(v) ? null : `${URL_RULE}, or '' to reset passwords in the form`,
  signOutOfOtherSessions: v => typeof v === 'boolean' ? null : 'must be true or false',
  allowedRedirectOrigins: (v) => {
    const example = 'e.g. "https://docs.example.com"'
    if (!Array.isArray(v)) return `must be an array of origins, ${example}`
    const bad = v.find(origin => !isOrigin(origin))
    return bad === undefined ? null : `: ${JSON.stringify(bad)} is not an origin. Use scheme://host[:port] only, ${example} (no path, no wildcard)`
  },
  loadTimeout: v => isSeconds(v) ? null : 'must be a number of seconds ≥ 0, 0 to wait forever',
}

/** The settings' names, in declaration order. */
export const SETTING_KEYS = Object.keys(SETTING_DEFAULTS) as SettingKey[]

/** The settings of `source` (e.g. the module options), without its other keys. */
export function pickSettings(source: ClientTrustSettings): ClientTrustSettings {
  return Object.fromEntries(SETTING_KEYS.map(key => [key, source[key]])) as unknown as ClientTrustSettings
}
