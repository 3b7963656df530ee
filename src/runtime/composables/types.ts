import type { ComputedRef, MaybeRefOrGetter, Ref, ShallowRef, WritableComputedRef } from 'vue'
import type { SignInFutureResource } from '@clerk/shared/types'
import type { FactorStrategy, SecondFactor } from '../core/factors'
import type { IdentifierOption, VIEW_KEYS } from '../core/flow'
import type { ClientTrustActionResult, ClientTrustErrorEvent, ClientTrustTask } from '../core/results'
import type { ClientTrustSettings, LanguageSettings } from '../settings'
import type { Messages } from '../core/messages'
import type { SignInSnapshot } from '../controller/signInController'
import type { BOOKKEEPING_KEYS } from '../controller/snapshot'

export type { FactorStrategy, SecondFactor } from '../core/factors'

export type { ClientTrustActionResult, ClientTrustErrorEvent, ClientTrustErrors, ClientTrustTask, EmailLinkStatus } from '../core/results'

/** Every setting ({@link ClientTrustSettings}), each also a ref or getter; unset ones come from the app config, then the default. */
export type SettingOptions = { [K in keyof ClientTrustSettings]?: MaybeRefOrGetter<ClientTrustSettings[K] | undefined> }

/** The form's language ({@link LanguageSettings}), each also a ref or getter; on top of the app-wide one. */
export type LanguageOptions = { [K in keyof LanguageSettings]?: MaybeRefOrGetter<LanguageSettings[K] | undefined> }

/** What the form is about to show, as {@link UseClientTrustSignInOptions.beforeShow} is told it. */
export type ClientTrustNextView = Pick<SignInSnapshot, (typeof VIEW_KEYS)[number]>

/** Options of {@link useClientTrustSignIn}: the settings and the language, plus what only this use of the composable decides. */
export interface UseClientTrustSignInOptions extends SettingOptions, LanguageOptions {
  /**
   * Where to go once signed in, when the page asks for it (e.g. a `returnTo` of your own);
   * followed only when it is a same-origin path or on `allowedRedirectOrigins`, else
   * `afterSignInUrl`. Unset, the `redirect_url` query parameter (Clerk's convention) is read instead.
   */
  redirectUrl?: MaybeRefOrGetter<string | null | undefined>
  /** Activate the session and navigate as soon as the sign-in is complete. @default true */
  autoFinalize?: boolean
  /** Called once the session is being activated, before navigating. */
  onComplete?: (result: { sessionId: string | null }) => void
  /** Called when the new session has a pending task, before navigating to its page. */
  onTask?: (task: ClientTrustTask) => void
  /** Called for every error Clerk reports (not for local validation). */
  onError?: (error: ClientTrustErrorEvent) => void
  /**
   * Called when the step, the factor or the methods list is about to change, with what is about
   * to show: return a promise (your step's component loading, say) and every ref keeps the state
   * before until it settles (`isFetching` true meanwhile), so the step shows whole, in one update;
   * a rejected one shows it anyway. `<ClientTrustSignIn>` downloads its steps off the email/SMS path so.
   */
  beforeShow?: (next: ClientTrustNextView) => Promise<unknown> | null | undefined
}

/** The fields of the controller's snapshot the composable returns: all but its bookkeeping. */
export type ShownKey = Exclude<keyof SignInSnapshot, (typeof BOOKKEEPING_KEYS)[number]>

/** A field of the controller's snapshot, as a read-only ref (it changes only when the value does). */
export type SnapshotRef<K extends ShownKey> = Readonly<ShallowRef<SignInSnapshot[K]>>

/** Return value of {@link useClientTrustSignIn}: refs plus actions, safe to destructure. */
export interface UseClientTrustSignInReturn {
  /** Clerk loaded and the component mounted (always `false` on the server). */
  isLoaded: SnapshotRef<'isLoaded'>
  /** Clerk has not loaded within `loadTimeout` seconds: `errors.global` says so; back to `false` if it loads later. */
  unavailable: SnapshotRef<'unavailable'>
  /** clerk-js' `SignInFuture` (signal API). */
  signIn: Readonly<ShallowRef<SignInFutureResource | null>>
  /** Errors to show, already translated. */
  errors: SnapshotRef<'errors'>
  /** Clerk's raw parsed errors of the last request. */
  clerkErrors: SnapshotRef<'clerkErrors'>
  /** Clerk's own `fetchStatus` of the sign-in signal. */
  fetchStatus: SnapshotRef<'fetchStatus'>
  /** A request of ours or Clerk's is running, or what the next step needs is downloading: disable buttons. */
  isFetching: SnapshotRef<'isFetching'>
  /** Derived from `signIn.status` only (see {@link Step} for every status); `loading` until mounted and loaded. */
  step: SnapshotRef<'step'>
  /** The factor the `verify` / `second-factor` step uses now; `null` on other steps or when none is usable. */
  factor: SnapshotRef<'factor'>
  /** Every usable factor offered at this step, in Clerk's order. */
  factors: SnapshotRef<'factors'>
  /** The offered factors other than `factor` ("Use another method"), backup codes last. */
  alternatives: SnapshotRef<'alternatives'>
  /** The component's "Use another method" list is open (UI state, safe to toggle). */
  showingAlternatives: WritableComputedRef<boolean>
  /** Where the code of `factor` goes (`email_code` / `phone_code`), `null` for TOTP, backup codes and links. */
  channel: SnapshotRef<'channel'>
  /** Masked email or phone of `factor` (`j***@example.com`). */
  safeIdentifier: SnapshotRef<'safeIdentifier'>
  /** State of an email link (client trust by link, or a landing from one). */
  emailLinkStatus: SnapshotRef<'emailLinkStatus'>
  /** Seconds until `resendCode()` is allowed (per sign-in and factor). */
  resendIn: SnapshotRef<'resendIn'>
  /** The identifier typed, kept across errors and "Start over". */
  identifier: Ref<string>
  /** Effective identifier option (input type). */
  identifierOption: ComputedRef<IdentifierOption>
  /** Effective messages: your overrides → the Clerk localization → English. */
  messages: ComputedRef<Messages>
  /** Locale of the Clerk localization in use (`'de-DE'`), `null` without one. */
  locale: ComputedRef<string | null>
  /** Writing direction of `locale` (`'rtl'` for `ar-SA`, `he-IL`, `fa-IR`…), `null` without one. */
  dir: ComputedRef<'ltr' | 'rtl' | null>
  /** Effective `resetPasswordUrl`, for the `new-password` step. */
  resetPasswordUrl: ComputedRef<string | null>
  /** "Sign out of all other devices" on the new-password step; starts as the setting of that name. */
  signOutOfOtherSessions: Ref<boolean>
  /** The instance offers a password reset: "Forgot password?" may be shown. */
  canResetPassword: SnapshotRef<'canResetPassword'>
  /** The instance's rules for a new password (from Clerk's environment); empty until the flow first leaves the email/SMS path (they come with its steps). */
  passwordRules: SnapshotRef<'passwordRules'>
  /** {@link passwordRules} as one sentence in the form's language ("Your password must contain 8 or more characters."). */
  passwordRulesText: SnapshotRef<'passwordRulesText'>
  /** The Clerk Protect challenge of the `protect-check` step: its token and `status` (`loading`, `shown`, `submitting`, `failed`), `null` before it runs. */
  protectCheck: SnapshotRef<'protectCheck'>
  /** Signs in with a password (`signIn.password()`): email, E.164 phone or username. */
  submitPassword: (params: { identifier: string, password: string }) => Promise<ClientTrustActionResult>
  /**
   * "Forgot password?": a sign-in for the identifier (default: the one typed), then its reset code
   * by email (or SMS), sent once: the step becomes `reset-code`. Refused without a request when empty.
   */
  forgotPassword: (identifier?: string) => Promise<ClientTrustActionResult>
  /**
   * Sets a new password on the `new-password` step (`resetPasswordEmailCode.submitPassword()`); refused
   * without a request when it breaks the instance's rules or differs from `confirmPassword`.
   * `signOutOfOtherSessions` defaults to the ref of that name.
   */
  submitNewPassword: (params: { password: string, confirmPassword: string, signOutOfOtherSessions?: boolean }) => Promise<ClientTrustActionResult>
  /** Sends the code (`mfa.sendEmailCode()` / `sendPhoneCode()`) or the email link of `factor`; done for you once per sign-in and factor. */
  sendCode: () => Promise<ClientTrustActionResult>
  /** `sendCode()` once the cooldown is over; a no-op before. */
  resendCode: () => Promise<ClientTrustActionResult>
  /** Verifies a code for `factor`: `mfa.verifyTOTP`, `verifyBackupCode`, `verifyPhoneCode` or `verifyEmailCode`. Refuses malformed codes without a request. */
  verifyCode: (code: string) => Promise<ClientTrustActionResult>
  /** Switches to another offered factor (a strategy or one of `factors`); its code or link is sent once. */
  selectFactor: (factor: SecondFactor | FactorStrategy) => Promise<ClientTrustActionResult>
  /** Start over: back to `credentials`, identifier kept, no request. */
  reset: () => Promise<ClientTrustActionResult>
  /** Activates the session and navigates (called for you on `complete`); a pending task routes to its page. */
  finalize: () => Promise<ClientTrustActionResult>
  /**
   * The element to run Clerk Protect's challenge in on the `protect-check` step (`null` when it
   * unmounts). Once attached, the challenge's SDK is loaded (from `sdk_url`: https, or the Frontend
   * API's own origin), shown there, and its proof submitted; a chained challenge runs next.
   */
  attachProtectCheck: (container: HTMLElement | null) => void
  /** Runs the challenge again after it failed (`protectCheck.status === 'failed'`). */
  retryProtectCheck: () => Promise<ClientTrustActionResult>
}
