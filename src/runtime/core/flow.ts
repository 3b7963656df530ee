/**
 * The client-trust sign-in flow as plain data: no Vue, no Clerk objects, so
 * every rule here can be unit tested with literals.
 */
import { isDeviceTrustSecondFactor } from './factors'
import type { SecondFactorEvidence } from './factors'

/**
 * The screens of the flow, derived from Clerk's `signIn.status` alone:
 *
 * | step | `signIn.status` | what the form does |
 * |---|---|---|
 * | `loading` | – | Clerk is not loaded yet (always on the server) |
 * | `credentials` | none, `needs_identifier`, `needs_first_factor` | identifier + password; a sign-in that expired (or its Protect check) comes back here with a message and the identifier kept |
 * | `protect-check` | `needs_protect_check` | Clerk Protect's challenge: its SDK (from `sdk_url`) runs in the form, its proof is submitted, a chained challenge runs next |
 * | `verify` | `needs_client_trust`, or an older application's `needs_second_factor` for a new device | new device: a code by email or SMS (sent once), or an email link ("check your email"); other offered channels under "Use another method" |
 * | `second-factor` | `needs_second_factor` | MFA: TOTP, SMS code, email code or backup code, starting with TOTP, then SMS, then the first offered (Clerk's order); MFA wins over Device Trust |
 * | `reset-code` | `needs_first_factor`, after "Forgot password?" | the reset code sent by email (or SMS: "Use another method" between them), as on the other code steps |
 * | `new-password` | `needs_new_password` | a new password and its confirmation, checked against the instance's rules; then signed in (or MFA first) |
 * | `complete` | `complete` | the session is activated, then navigation to `afterSignInUrl`, or to the page of the session's pending task |
 */
export type Step = 'loading' | 'credentials' | 'protect-check' | 'verify' | 'second-factor' | 'reset-code' | 'new-password' | 'complete'

/** What a form shows of the flow: the step, its factor (the same object while equal), the list of other methods open or not. */
export const VIEW_KEYS = ['step', 'factor', 'showingAlternatives'] as const

/** A step that asks for a code: the new device's, MFA's or the password reset's. */
export const isCodeStep = (step: Step): boolean => step === 'verify' || step === 'second-factor' || step === 'reset-code'

/** What {@link leavesEmailSmsPath} reads: the snapshot's fields, or the effects' view. */
export interface PathPosition {
  step: Step
  showingAlternatives: boolean
  emailLinkStatus: string | null
  factor: { strategy: string } | null
}

/**
 * The flow shows something off the email/SMS path, whose English and actions are not shipped
 * with the form: a step other than the credentials, the new-device code and signing in (MFA, the
 * password reset, Protect), the list of other methods, an email link, or a factor other than an
 * email or SMS code.
 */
export function leavesEmailSmsPath(at: PathPosition): boolean {
  const { step, factor } = at
  return (step !== 'loading' && step !== 'credentials' && step !== 'verify' && step !== 'complete')
    || at.showingAlternatives
    || at.emailLinkStatus !== null
    || (!!factor && factor.strategy !== 'email_code' && factor.strategy !== 'phone_code')
}

/** What `useClientTrustSignIn({ identifier })` expects the user to type. */
export type IdentifierOption = 'email' | 'phone' | 'username' | 'auto'

/** What an identifier turned out to be. */
export type IdentifierKind = 'email' | 'phone' | 'username'

/**
 * Maps Clerk's `signIn.status` to a step (see {@link Step}). Statuses the
 * password form answers itself (identifier, first factor, none)
 * are `credentials`, unless the user asked to reset the password (`resetting`).
 * `needs_second_factor` is the new-device step when `secondFactor` shows Device Trust
 * as older applications ask it ({@link isDeviceTrustSecondFactor}), else MFA.
 */
export function stepFromStatus(status: string | null | undefined, resetting = false, secondFactor?: SecondFactorEvidence): Exclude<Step, 'loading'> {
  switch (status) {
    case 'needs_first_factor': return resetting ? 'reset-code' : 'credentials'
    case 'needs_protect_check': return 'protect-check'
    case 'needs_client_trust': return 'verify'
    case 'needs_second_factor': return isDeviceTrustSecondFactor(secondFactor) ? 'verify' : 'second-factor'
    case 'needs_new_password': return 'new-password'
    case 'complete': return 'complete'
    default: return 'credentials'
  }
}

/** Result of {@link normalizeCode}. */
export type CodeCheck
  = | { ok: true, code: string }
    | { ok: false, reason: 'required' | 'invalid' }

const CODE_SEPARATORS = /[\s\-\u2010-\u2015\u2212]/g
const FULLWIDTH_DIGITS = /[\uFF10-\uFF19]/g

/**
 * Cleans what people paste ("424 242", "424-242", full-width digits) and
 * refuses anything that cannot be a code, so no request is wasted on it.
 */
export function normalizeCode(input: string | null | undefined, length = 6): CodeCheck {
  const code = (input ?? '')
    .replace(FULLWIDTH_DIGITS, d => String.fromCharCode(d.charCodeAt(0) - 0xFEE0))
    .replace(CODE_SEPARATORS, '')
  if (!code) return { ok: false, reason: 'required' }
  if (code.length !== length || !/^\d+$/.test(code)) return { ok: false, reason: 'invalid' }
  return { ok: true, code }
}

const PHONE_CHARS = /^\+[\d\s().-]+$/

/** `+1 (555) 555-0100` → `+15555550100`; `null` when it is not E.164-like. */
export function normalizePhone(input: string): string | null {
  const trimmed = input.trim()
  if (!PHONE_CHARS.test(trimmed)) return null
  const digits = trimmed.replace(/\D/g, '')
  return digits.length >= 7 && digits.length <= 15 ? `+${digits}` : null
}

/**
 * Guesses what an identifier is. With `auto`, a phone number must start with
 * `+` (E.164): bare digits stay a username, as Clerk usernames may be numeric.
 */
export function detectIdentifierKind(value: string, option: IdentifierOption = 'auto'): IdentifierKind {
  if (option !== 'auto') return option
  const trimmed = value.trim()
  if (/^[^\s@]+@[^\s@]+$/.test(trimmed)) return 'email'
  if (normalizePhone(trimmed)) return 'phone'
  return 'username'
}

/** The argument of `signIn.password()`, one identifier key per kind. */
export type PasswordParams
  = | { emailAddress: string, password: string }
    | { phoneNumber: string, password: string }
    | { identifier: string, password: string }

/** Builds `signIn.password()` params from what the user typed. */
export function passwordParams(identifier: string, password: string, option: IdentifierOption = 'auto'): PasswordParams {
  const { kind, value } = readIdentifier(identifier, option)
  switch (kind) {
    case 'email': return { emailAddress: value, password }
    case 'phone': return { phoneNumber: value, password }
    default: return { identifier: value, password }
  }
}

/** What was typed, trimmed, and what it is; a phone number in E.164 (`+15555550100`) when it reads as one. */
export function readIdentifier(identifier: string, option: IdentifierOption = 'auto'): { kind: IdentifierKind, value: string } {
  const trimmed = identifier.trim()
  const kind = detectIdentifierKind(trimmed, option)
  return { kind, value: kind === 'phone' ? normalizePhone(trimmed) ?? trimmed : trimmed }
}

/** The `<input type>` that brings up the right keyboard for an identifier option. */
export function identifierInputType(option: IdentifierOption): 'email' | 'tel' | 'text' {
  return option === 'email' ? 'email' : option === 'phone' ? 'tel' : 'text'
}

/** Where to go once a session exists. */
export interface DestinationConfig {
  afterSignInUrl: string
  tasksUrl?: string
  taskUrls?: Record<string, string>
}

/**
 * A session with a pending task (e.g. choose an organization) must go to that
 * task's page first; otherwise to `afterSignInUrl`.
 */
export function destinationFor(
  session: { currentTask?: { key: string } | null } | null | undefined,
  config: DestinationConfig,
): string {
  const task = session?.currentTask
  if (!task) return config.afterSignInUrl
  return config.taskUrls?.[task.key] ?? config.tasksUrl ?? config.afterSignInUrl
}

/**
 * `decorateUrl` may turn a path into an absolute Clerk URL (Safari ITP cookie
 * refresh): those need a full page load, paths go through the router.
 */
export function navigationKind(url: string): 'document' | 'router' {
  return /^https?:/i.test(url) ? 'document' : 'router'
}
