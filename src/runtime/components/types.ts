import type { Ref } from 'vue'
import type { ClientTrustSettings, LanguageSettings } from '../settings'
import type { Step } from '../core/flow'
import type { Messages } from '../core/messages'
import type { ClientTrustActionResult, ClientTrustErrorEvent, ClientTrustTask, UseClientTrustSignInReturn } from '../composables/types'

/**
 * Props of `<ClientTrustSignIn>`: every setting ({@link ClientTrustSettings}; unset ones come
 * from the app config, then the default), its language ({@link LanguageSettings}), plus how
 * this form looks.
 */
export interface ClientTrustSignInProps extends Partial<ClientTrustSettings>, Partial<LanguageSettings> {
  /** Render without the built-in styles (classes and data attributes stay). */
  unstyled?: boolean
  /** Look of the code input: one field, or six boxes drawn over that same single field. @default 'single' */
  variant?: 'single' | 'segmented'
  /** Verify as soon as six digits are typed, pasted or autofilled (one request). @default true */
  autoSubmit?: boolean
}

/** Events of `<ClientTrustSignIn>`. */
export interface ClientTrustSignInEmits {
  /** The session is being activated; navigation follows. */
  'complete': [result: { sessionId: string | null }]
  /** Clerk reported an error (already shown in the form). */
  'error': [error: ClientTrustErrorEvent]
  /** The step changed. */
  'step-change': [step: Step]
  /** The new session has a pending task (e.g. `choose-organization`); navigation to its page follows. */
  'task': [task: ClientTrustTask]
}

/** Element ids, so custom markup can keep labels and errors linked. */
export interface ClientTrustIds {
  identifier: string
  password: string
  code: string
  identifierError: string
  passwordError: string
  codeError: string
  newPassword: string
  newPasswordError: string
  confirmPassword: string
  confirmPasswordError: string
  passwordRules: string
  global: string
}

/** `T` with each ref replaced by its value (one level, as `reactive()` reads them): functions and plain values stay. */
export type UnwrapRefs<T> = { [K in keyof T]: T[K] extends Ref<infer V> ? V : T[K] }

/** What the form adds to the composable: the values typed in its fields, and actions on them. */
export interface ClientTrustFormHelpers {
  /** The password typed (only in this value and its input, never in an attribute). */
  password: string
  /** The code typed, as typed (`verifyCode` cleans it). */
  code: string
  setIdentifier: (value: string) => void
  setPassword: (value: string) => void
  setCode: (value: string) => void
  /** The new password typed on the `new-password` step (only here and in its input). */
  newPassword: string
  /** Its confirmation, as typed. */
  confirmPassword: string
  setNewPassword: (value: string) => void
  setConfirmPassword: (value: string) => void
  setSignOutOfOtherSessions: (value: boolean) => void
  /** Submits the new password typed (`submitNewPassword()`): the rules and the confirmation are checked first. */
  submitPasswordReset: () => Promise<ClientTrustActionResult>
  /** Submits the identifier and password typed. */
  submitCredentials: () => Promise<ClientTrustActionResult>
  /** Verifies the code typed; clears it when refused. */
  submitCode: () => Promise<ClientTrustActionResult>
  /** Opens or closes the "Use another method" list. */
  showAlternatives: (open: boolean) => void
  /** Clears the code and goes back to `credentials` (`reset()`), identifier kept. */
  startOver: () => Promise<ClientTrustActionResult>
  ids: ClientTrustIds
  /** A message with `{placeholders}` filled. */
  t: (key: keyof Messages, vars?: Record<string, string | number>) => string
}

/**
 * What every slot receives: all of {@link UseClientTrustSignInReturn} with its refs unwrapped
 * (`step`, `errors`, `verifyCode`, `resendCode`, …), plus {@link ClientTrustFormHelpers}.
 * Derived, not listed: whatever the composable returns, a slot gets.
 */
export interface ClientTrustSlotProps extends UnwrapRefs<UseClientTrustSignInReturn>, ClientTrustFormHelpers {}

/** A slot of `<ClientTrustSignIn>`: called with {@link ClientTrustSlotProps}. */
export type ClientTrustSlot = (props: ClientTrustSlotProps) => unknown

/** The slots that replace one step (the view the form is in); each has a step part as its default. */
export type ClientTrustStepSlot = 'credentials' | 'protect-check' | 'verify' | 'second-factor' | 'reset-code' | 'email-link' | 'methods' | 'new-password' | 'complete'

/** Slots of `<ClientTrustSignIn>`, all with the same props. */
export interface ClientTrustSignInSlots {
  /** Replaces everything inside the root: a headless form. */
  'default'?: ClientTrustSlot
  /** Above every step. */
  'header'?: ClientTrustSlot
  /** Replaces the text of the form-wide error (inside the focusable error summary). */
  'errors'?: ClientTrustSlot
  /** Replaces the "new device" notice of the `verify` step. */
  'notice'?: ClientTrustSlot
  /** Replaces the row of secondary actions (resend, other method, start over) of the code and email-link steps. */
  'actions'?: ClientTrustSlot
  /** Replaces the identifier + password form, also while Clerk loads (`step === 'loading'`, `isLoaded` false: show your own skeleton). */
  'credentials'?: ClientTrustSlot
  /** Replaces Clerk Protect's challenge (`protect-check` step): call `attachProtectCheck(element)` to run it there. */
  'protect-check'?: ClientTrustSlot
  /** Replaces the new-device code form (`verify` step with an email or SMS code). */
  'verify'?: ClientTrustSlot
  /** Replaces the MFA code form (`second-factor` step: TOTP, SMS, email or backup code). */
  'second-factor'?: ClientTrustSlot
  /** Replaces "check your email" while an email link is pending. */
  'email-link'?: ClientTrustSlot
  /** Replaces the "Use another method" list. */
  'methods'?: ClientTrustSlot
  /** Replaces the password reset code form (`reset-code` step, after "Forgot password?"). */
  'reset-code'?: ClientTrustSlot
  /** Replaces the new password form (`new-password` step). */
  'new-password'?: ClientTrustSlot
  /** Replaces "Signing you in…" (`complete` step). */
  'complete'?: ClientTrustSlot
  /** Below every step. */
  'footer'?: ClientTrustSlot
}

/** What `<ClientTrustSignIn>` provides to its parts ({@link injectClientTrustSignInContext}). */
export interface ClientTrustSignInContext {
  /** The slot props, live: the state and actions every part reads. */
  form: ClientTrustSlotProps
  /** The root's props that shape its parts. */
  options: { readonly variant: 'single' | 'segmented', readonly autoSubmit: boolean }
  /** The root's slots: a part renders the app's `notice` or `actions` in its place. */
  slots: ClientTrustSignInSlots
}
