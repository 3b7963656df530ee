import type { ComputedRef, MaybeRefOrGetter, Ref, ShallowRef } from 'vue'
import type { SignInErrors, SignInFutureResource } from '@clerk/shared/types'
import type { IdentifierOption, Step } from '../core/flow'
import type { Messages } from '../core/messages'

/** Options of {@link useClientTrustSignIn}; unset values come from the app config, then defaults. */
export interface UseClientTrustSignInOptions {
  /** Where to go once signed in; a same-origin path (or an origin named in the app config). @default '/' */
  afterSignInUrl?: MaybeRefOrGetter<string | undefined>
  /** Fallback page for a session task missing from `taskUrls`. @default '/sign-in/tasks' */
  tasksUrl?: MaybeRefOrGetter<string | undefined>
  /** Page per session task key. */
  taskUrls?: MaybeRefOrGetter<Record<string, string> | undefined>
  /** Seconds before a code can be resent. @default 30 */
  resendCooldown?: MaybeRefOrGetter<number | undefined>
  /** What the identifier field accepts. @default 'auto' */
  identifier?: MaybeRefOrGetter<IdentifierOption | undefined>
  /** Overrides of the English messages. */
  messages?: MaybeRefOrGetter<Partial<Messages> | undefined>
  /** Activate the session and navigate as soon as the sign-in is complete. @default true */
  autoFinalize?: boolean
  /** Called once the session is being activated, before navigating. */
  onComplete?: (result: { sessionId: string | null }) => void
  /** Called for every error Clerk reports (not for local validation). */
  onError?: (error: ClientTrustErrorEvent) => void
}

/** Payload of `onError` / the component's `error` event. */
export interface ClientTrustErrorEvent { step: Step, code?: string, message: string }

/** What every action resolves to; API errors never throw. */
export interface ClientTrustActionResult { error: Error | null }

/** Our messages per field, plus one for the whole form. */
export interface ClientTrustErrors {
  fields: { identifier: string | null, password: string | null, code: string | null }
  global: string | null
}

/** Return value of {@link useClientTrustSignIn}: refs plus actions, safe to destructure. */
export interface UseClientTrustSignInReturn {
  /** Clerk loaded and the component mounted (always `false` on the server). */
  isLoaded: ComputedRef<boolean>
  /** clerk-js' `SignInFuture` (signal API). */
  signIn: ShallowRef<SignInFutureResource | null>
  /** Errors to show, already translated. */
  errors: ComputedRef<ClientTrustErrors>
  /** Clerk's raw parsed errors of the last request. */
  clerkErrors: ShallowRef<SignInErrors | null>
  fetchStatus: ShallowRef<'idle' | 'fetching'>
  /** A request of ours or Clerk's is running: disable buttons. */
  isFetching: ComputedRef<boolean>
  /** Derived from `signIn.status` only; `loading` until mounted and loaded. */
  step: ComputedRef<Step>
  /** Where the device-verification code goes. */
  channel: ComputedRef<'email_code' | 'phone_code' | null>
  /** Masked email or phone the code was sent to. */
  safeIdentifier: ComputedRef<string | null>
  /** Seconds until `resendCode()` is allowed. */
  resendIn: Readonly<ShallowRef<number>>
  /** The identifier typed, kept across errors and "Start over". */
  identifier: Ref<string>
  /** Effective identifier option (input type). */
  identifierOption: ComputedRef<IdentifierOption>
  /** Effective messages. */
  messages: ComputedRef<Messages>
  submitPassword: (params: { identifier: string, password: string }) => Promise<ClientTrustActionResult>
  sendCode: () => Promise<ClientTrustActionResult>
  resendCode: () => Promise<ClientTrustActionResult>
  verifyCode: (code: string) => Promise<ClientTrustActionResult>
  reset: () => Promise<ClientTrustActionResult>
  finalize: () => Promise<ClientTrustActionResult>
}
