/**
 * Errors as plain data: what of an error may be shown, which field it belongs to, and the
 * message for it. No Vue, no Clerk objects; the texts come from the message table.
 */
import { formatMessage, pathMessages } from './messages'
import type { Messages } from './messages'

/** The form field an error belongs to, or `null` for the whole form. */
export type ErrorField = 'identifier' | 'password' | 'confirmPassword' | 'code' | null

/** An error ready to show as text. */
export interface MappedError {
  field: ErrorField
  message: string
  /** Clerk's error code, when there is one. */
  code?: string
}

const FIELDS_BY_PARAM: Record<string, ErrorField> = {
  identifier: 'identifier',
  email_address: 'identifier',
  phone_number: 'identifier',
  username: 'identifier',
  password: 'password',
  code: 'code',
}

// Codes Clerk sends. Rate limits: `too_many_requests` and `verification_code_too_many_requests`
// (Clerk's "Rate limit errors" index, clerk.com/docs/errors/rate-limits), both 429.
const KNOWN = {
  form_code_incorrect: { field: 'code', key: 'codeIncorrect' },
  verification_expired: { field: 'code', key: 'codeExpired' },
  sign_in_expired: { field: null, key: 'signInExpired' },
  user_locked: { field: null, key: 'accountLocked' },
  form_password_incorrect: { field: 'password', key: 'passwordIncorrect' },
  form_identifier_not_found: { field: 'identifier', key: 'identifierNotFound' },
  too_many_requests: { field: null, key: 'tooManyRequests' },
  verification_code_too_many_requests: { field: null, key: 'tooManyRequests' },
  network_error: { field: null, key: 'networkError' },
  // Clerk Protect (clerk/javascript `packages/shared/src/internal/clerk-js/constants.ts` and
  // `packages/localizations/src/en-US.ts`): a proof refused, a challenge past its time.
  protect_check_execution_failed: { field: null, key: 'protectCheckFailed' },
  protect_check_timed_out: { field: null, key: 'protectCheckExpired' },
  // A new password refused (clerk/javascript `packages/localizations/src/en-US.ts`, `unstable__errors`):
  // on the password field, where Clerk's `meta.param_name` puts it too.
  form_password_length_too_short: { field: 'password', key: 'passwordTooShort' },
  form_password_length_too_long: { field: 'password', key: 'passwordTooLong' },
  form_password_size_in_bytes_exceeded: { field: 'password', key: 'passwordTooLong' },
  form_password_not_strong_enough: { field: 'password', key: 'passwordNotStrongEnough' },
  form_password_pwned: { field: 'password', key: 'passwordPwned' },
  form_password_matches_identifier: { field: 'password', key: 'passwordMatchesIdentifier' },
  form_new_password_matches_current: { field: 'password', key: 'passwordMatchesCurrent' },
} as const satisfies Record<string, { field: ErrorField, key: keyof Messages }>

type KnownKey = (typeof KNOWN)[keyof typeof KNOWN]['key']
const KNOWN_BY_CODE: Readonly<Record<string, { field: ErrorField, key: KnownKey }>> = KNOWN

/**
 * The messages {@link mapClerkError} may say. The English of those a sign-in meets on the
 * email/SMS path ships with the form ({@link pathMessages}); a new password's errors come with
 * the English of its step (`defaultMessages.ts`), and until then Clerk's own text shows.
 */
export type ErrorMessages = Pick<Messages, KnownKey | 'accountLocked' | 'genericError' | 'networkError' | 'tooManyRequests'>

/** {@link ErrorMessages} as a form may hold them: those of the email/SMS path at least ({@link pathMessages}). */
type HeldErrorMessages = Pick<ErrorMessages, Extract<keyof ErrorMessages, keyof typeof pathMessages>> & Partial<ErrorMessages>

/** Clerk's rate-limit codes (429); the wait is in clerk-js's `retryAfter` (the `Retry-After` header). */
export function isRateLimited(code: string | undefined): boolean {
  return code === 'too_many_requests' || code === 'verification_code_too_many_requests'
}

interface ErrorLike {
  code?: unknown
  message?: unknown
  longMessage?: unknown
  long_message?: unknown
  name?: unknown
  status?: unknown
  meta?: { paramName?: unknown, param_name?: unknown }
  errors?: unknown
}

const asString = (v: unknown): string | undefined => typeof v === 'string' && v.trim() ? v : undefined

/** A request that never got an answer: `fetch` threw (offline, DNS, CORS, connection reset). */
export function isNetworkError(error: unknown): boolean {
  const e = (error ?? {}) as ErrorLike
  return e.name === 'TypeError' || /network|failed to fetch|load failed/i.test(asString(e.message) ?? '')
}

/**
 * clerk-js drops `meta.lockout_expires_in_seconds` (it maps known meta keys only): Clerk's
 * `longMessage` is where the minutes survive. Clerk's docs say to render it (clerk/clerk-docs
 * `docs/guides/development/custom-flows/error-handling.mdx`), and the prebuilt sign-in shows it
 * unless a translation exists (`translateError`, clerk/javascript `packages/ui/src/localization/makeLocalizable.tsx`).
 */
function lockedMessage(e: ErrorLike, messages: HeldErrorMessages): string {
  if (messages.accountLocked !== pathMessages.accountLocked) return messages.accountLocked
  return asString(e.longMessage) ?? asString(e.long_message) ?? messages.accountLocked
}

/** Clerk errors after which the sign-in is gone: the form starts again from the first step. */
export function isSignInGone(code: string | undefined): boolean {
  return goneNotice(code) !== null
}

/**
 * What the credentials step says after such an error: the sign-in expired, or its Protect
 * challenge did (Clerk does not issue a new one on read, so only a new sign-in goes on), else `null`.
 */
export function goneNotice(code: string | undefined): 'signInExpired' | 'protectCheckExpired' | null {
  if (code === 'sign_in_expired' || code === 'resource_not_found') return 'signInExpired'
  return code === 'protect_check_timed_out' ? 'protectCheckExpired' : null
}

/**
 * Turns anything Clerk returns or throws (a `ClerkAPIResponseError`, one of
 * its `errors[]`, a signal field error, a network failure) into our message.
 * Unknown Clerk codes keep Clerk's own `longMessage`/`message`. The result is
 * meant to be rendered as text, never as HTML.
 */
export function mapClerkError(error: unknown, messages: HeldErrorMessages = pathMessages): MappedError {
  if (!error || typeof error !== 'object') return { field: null, message: messages.genericError }
  const outer = error as ErrorLike
  const inner = Array.isArray(outer.errors) && outer.errors[0] && typeof outer.errors[0] === 'object'
    ? outer.errors[0] as ErrorLike
    : outer
  const code = asString(inner.code) ?? asString(outer.code)
  // Own keys only: a code like `constructor` or `valueOf` must not find Object.prototype.
  const known = code && Object.prototype.hasOwnProperty.call(KNOWN_BY_CODE, code) ? KNOWN_BY_CODE[code] : undefined
  const param = asString(inner.meta?.paramName) ?? asString(inner.meta?.param_name)
  const paramField = param && Object.prototype.hasOwnProperty.call(FIELDS_BY_PARAM, param) ? FIELDS_BY_PARAM[param] ?? null : null
  if (code === 'user_locked') return { field: null, message: lockedMessage(inner, messages), code }
  if (code === undefined && isNetworkError(outer)) return { field: null, message: messages.networkError }
  if (outer.status === 429 && !known) return { field: null, message: messages.tooManyRequests, code }
  const message = asString(inner.longMessage) ?? asString(inner.long_message) ?? asString(inner.message)
  // Ours when we have its words (a table missing one, as before the rest of the English is in: Clerk's).
  const ours = known && asString(messages[known.key])
  return { field: paramField ?? (known ? known.field : null), message: ours || message || messages.genericError, code }
}

/**
 * What of an error may be shown: Clerk's API and runtime errors (they carry a `code`)
 * and network failures. Anything else (a `SyntaxError` from a broken response, a bug)
 * becomes `null`, i.e. the generic message: its text was never meant for users.
 */
export function displayableError(error: unknown): unknown {
  if (!error || typeof error !== 'object') return null
  const e = error as ErrorLike
  if (typeof e.code === 'string' || Array.isArray(e.errors)) return error
  return isNetworkError(error) ? error : null
}

/**
 * Seconds a 429 asks to wait: clerk-js reads the `Retry-After` header into
 * `ClerkAPIResponseError.retryAfter` (clerk/javascript `packages/clerk-js/src/core/resources/Base.ts`).
 * Nothing else: Clerk documents no wait in the body, and clerk-js would drop it.
 */
export function retryAfterSeconds(error: unknown): number | null {
  const value = Number((error as { retryAfter?: unknown } | null)?.retryAfter)
  return Number.isFinite(value) && value > 0 ? Math.min(Math.ceil(value), 3600) : null
}

/** A field of the form an error can stand on. */
export type FormField = NonNullable<ErrorField>

/** What {@link formErrors} reads: the form's state, Clerk's errors and ours. */
export interface FormErrorInput {
  step: string
  /** The sign-in's id and status (`undefined` before one exists). */
  signInId: string | undefined
  status: string | undefined
  /** Clerk's errors of the last request (`[]` while hidden). */
  clerkErrors: readonly unknown[]
  /** A form-wide message of ours (sign-in expired, link failed). */
  notice: string | null
  /** Our own validation, per field. */
  localErrors: Readonly<Partial<Record<FormField, string>>>
  /** Clerk did not load in time. */
  unavailable: boolean
  /** A code step has a factor this form can finish. */
  hasFactor: boolean
}

/**
 * The errors the form shows: each of Clerk's on its field (the first per field), else form-wide;
 * ours win on their field; the form-wide one is, first, Clerk being unavailable, then ours.
 * `vars` fill the placeholders of the field messages (`{length}`).
 */
export function formErrors(input: FormErrorInput, messages: Messages, vars: Record<string, string | number> = {}): { fields: Record<FormField, string | null>, global: string | null } {
  const fields: Record<FormField, string | null> = { identifier: null, password: null, confirmPassword: null, code: null }
  const out = { fields, global: input.notice }
  if (input.unavailable) out.global = messages.clerkUnavailable
  for (const item of input.clerkErrors) {
    const mapped = mapClerkError(displayableError(item), messages)
    if (mapped.field) out.fields[mapped.field] ??= mapped.message
    else out.global ??= mapped.message
  }
  Object.assign(out.fields, input.localErrors)
  // An empty SignInFuture also reports `needs_identifier`: only a created sign-in asks again.
  if (input.step === 'credentials' && input.signInId && input.status === 'needs_identifier') out.global ??= messages.identifierNeeded
  if ((input.step === 'verify' || input.step === 'second-factor') && !input.hasFactor) out.global ??= messages.secondFactorUnsupported
  if (input.step === 'reset-code' && !input.hasFactor) out.global ??= messages.resetUnavailable
  // The placeholders of our own messages (a password's `{length}`), filled once for every field.
  for (const field of Object.keys(fields) as FormField[]) fields[field] = fields[field] && formatMessage(fields[field], vars)
  return out
}
