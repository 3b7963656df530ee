/**
 * Clerk's `LocalizationResource` (what an app passes to Clerk as `localization`, e.g. `deDE`
 * from `@clerk/localizations`) → our {@link Messages}. The one file that knows Clerk's keys.
 *
 * Every reader below is typed against Clerk's own type, so a key renamed upstream fails
 * `vue-tsc`; test/unit/clerkLocalization.test.ts runs them over every locale Clerk ships.
 * Only types are imported: an app pays for the one locale it imports itself, not for ours.
 */
import type { LocalizationResource } from '@clerk/shared/types'
import { defaultMessages } from './defaultMessages'
import { isGivenText, mergeMessages } from './messages'
import type { Messages } from './messages'

// Where it was first written; the composable reads it without loading this adapter.
export { directionOf } from './language'

/**
 * Reads one Clerk string (`undefined` when the resource leaves it out). `unknown`, because
 * Clerk types a string with placeholders as a branded object; only strings are used.
 */
export type ClerkReader = (resource: LocalizationResource) => unknown

/**
 * Where each of our messages comes from in Clerk's resource, first match wins. A key with
 * an empty list has no Clerk equivalent: it stays English unless the app overrides it
 * (see the README's "Languages"). Clerk's `{{identifier}}` becomes our `{identifier}`.
 */
export const CLERK_SOURCES: { [K in keyof Messages]: readonly ClerkReader[] } = {
  // Clerk's prebuilt start card; "Sign in" alone (the sign-up card's link) while the
  // application name is unknown (server render, before clerk-js has its environment).
  signInTitle: [r => r.signIn?.start?.title, r => r.signUp?.start?.actionLink],
  // Client trust is shown by Clerk as the second-factor code card plus the new-device notice.
  verifyTitle: [r => r.signIn?.emailCodeMfa?.title],
  verifyTitlePhone: [r => r.signIn?.phoneCodeMfa?.title],
  newDeviceNotice: [r => r.signIn?.newDeviceVerificationNotice],
  // Clerk shows the masked address in a chip under the subtitle: one sentence here.
  codeSentTo: [r => join(r.signIn?.emailCodeMfa?.subtitle, '{identifier}')],
  codeSentToUnknown: [r => r.signIn?.emailCodeMfa?.subtitle],
  identifierLabelEmail: [r => r.formFieldLabel__emailAddress],
  identifierLabelPhone: [r => r.formFieldLabel__phoneNumber],
  identifierLabelUsername: [r => r.formFieldLabel__username],
  identifierLabelAuto: [r => r.formFieldLabel__emailAddress_username],
  passwordLabel: [r => r.formFieldLabel__password],
  codeLabel: [r => r.signIn?.emailCode?.formTitle, r => r.signIn?.totpMfa?.formTitle],
  continue: [r => r.formButtonPrimary],
  verify: [r => r.formButtonPrimary__verify],
  resend: [r => r.signIn?.emailCodeMfa?.resendButton, r => r.signIn?.emailCode?.resendButton],
  // Clerk's resend link counts down as "<resend text> (<seconds>)".
  resendIn: [r => countdown(r.signIn?.emailCodeMfa?.resendButton ?? r.signIn?.emailCode?.resendButton)],
  // Clerk leaves a sign-in with a "Cancel"-like reset; the identity chip's "Edit" is rarely translated.
  startOver: [r => r.userProfile?.formButtonReset],
  loading: [r => r.signIn?.protectCheck?.loading],
  signingIn: [r => r.signIn?.emailLink?.loading?.title],
  secondFactorUnsupported: [],
  emailLinkUnsupported: [],
  secondFactorTitle: [r => r.signIn?.totpMfa?.title],
  hintTotp: [r => r.signIn?.totpMfa?.subtitle],
  hintBackupCode: [r => r.signIn?.backupCodeMfa?.subtitle],
  emailLinkTitle: [r => r.signIn?.emailLinkMfa?.title, r => r.signIn?.emailLink?.title],
  emailLinkSentTo: [r => join(r.signIn?.emailLinkMfa?.formSubtitle, '{identifier}')],
  emailLinkSentToUnknown: [r => r.signIn?.emailLinkMfa?.formSubtitle],
  emailLinkExpired: [r => r.formFieldError__verificationLinkExpired],
  emailLinkVerifiedElsewhere: [r => r.signIn?.emailLink?.verifiedSwitchTab?.subtitle],
  resendLink: [r => r.signIn?.emailLinkMfa?.resendButton, r => r.signIn?.emailLink?.resendButton],
  resendLinkIn: [r => countdown(r.signIn?.emailLinkMfa?.resendButton ?? r.signIn?.emailLink?.resendButton)],
  useAnotherMethod: [r => r.footerActionLink__useAnotherMethod, r => r.signIn?.alternativeMethods?.title],
  chooseMethodTitle: [r => r.signIn?.alternativeMethods?.title],
  back: [r => r.backButton],
  methodTotp: [r => r.signIn?.alternativeMethods?.blockButton__totp],
  methodPhoneCode: [r => r.signIn?.alternativeMethods?.blockButton__phoneCode],
  methodEmailCode: [r => r.signIn?.alternativeMethods?.blockButton__emailCode],
  methodBackupCode: [r => r.signIn?.alternativeMethods?.blockButton__backupCode],
  methodEmailLink: [r => r.signIn?.alternativeMethods?.blockButton__emailLink],
  backupCodeLabel: [r => r.formFieldLabel__backupCode],
  backupCodeInvalid: [r => r.unstable__errors?.form_param_format_invalid],
  codeTooManyAttempts: [],
  signInExpired: [],
  accountLocked: [],
  accountLockedFor: [],
  newPasswordTitle: [r => r.signIn?.resetPassword?.title],
  newPasswordNeeded: [r => r.signIn?.resetPassword?.requiredMessage],
  resetPassword: [r => r.signIn?.forgotPasswordAlternativeMethods?.blockButton__resetPassword],
  identifierNeeded: [],
  // Clerk's protect-check card and its errors (clerk/javascript `packages/localizations/src/en-US.ts`).
  protectCheckTitle: [r => r.signIn?.protectCheck?.title],
  protectCheckHint: [],
  protectCheckLoading: [r => r.signIn?.protectCheck?.loading],
  protectCheckRetry: [r => r.signIn?.protectCheck?.retryButton],
  protectCheckFailed: [r => r.unstable__errors?.protect_check_execution_failed],
  protectCheckExpired: [r => r.unstable__errors?.protect_check_timed_out],
  protectCheckUnavailable: [r => r.unstable__errors?.protect_check_script_load_failed],
  identifierRequired: [r => r.unstable__errors?.form_param_nil],
  passwordRequired: [r => r.unstable__errors?.form_param_nil],
  codeRequired: [r => r.unstable__errors?.form_param_nil],
  codeInvalid: [r => r.unstable__errors?.form_param_format_invalid],
  codeIncorrect: [r => r.unstable__errors?.form_code_incorrect],
  codeExpired: [],
  passwordIncorrect: [r => r.unstable__errors?.form_password_incorrect, r => r.unstable__errors?.form_password_or_identifier_incorrect],
  identifierNotFound: [r => r.unstable__errors?.form_identifier_not_found],
  tooManyRequests: [],
  networkError: [],
  genericError: [],
  clerkUnavailable: [],
  forgotPassword: [r => r.formFieldAction__forgotPassword],
  resetCodeTitle: [r => r.signIn?.forgotPassword?.title],
  resetCodeSentToEmail: [r => join(r.signIn?.forgotPassword?.subtitle_email, '{identifier}')],
  resetCodeSentToPhone: [r => join(r.signIn?.forgotPassword?.subtitle_phone, '{identifier}')],
  resetCodeLabel: [r => r.signIn?.forgotPassword?.formTitle],
  resetUnavailable: [],
  newPasswordLabel: [r => r.formFieldLabel__newPassword],
  confirmPasswordLabel: [r => r.formFieldLabel__confirmPassword],
  passwordsDoNotMatch: [r => r.formFieldError__notMatchingPasswords],
  signOutOfOtherSessions: [r => r.formFieldLabel__signOutOfOtherSessions],
  resetPasswordSubmit: [r => r.signIn?.resetPassword?.formButtonPrimary],
  // Clerk's sentence: "<prefix> <rule>, <rule> and <rule>."; the rules are joined by the form.
  passwordRules: [r => text(r.unstable__errors?.passwordComplexity?.sentencePrefix) && `${text(r.unstable__errors?.passwordComplexity?.sentencePrefix)} {rules}.`],
  passwordRuleMinLength: [r => r.unstable__errors?.passwordComplexity?.minimumLength],
  passwordRuleMaxLength: [r => r.unstable__errors?.passwordComplexity?.maximumLength],
  passwordRuleLowercase: [r => r.unstable__errors?.passwordComplexity?.requireLowercase],
  passwordRuleUppercase: [r => r.unstable__errors?.passwordComplexity?.requireUppercase],
  passwordRuleNumber: [r => r.unstable__errors?.passwordComplexity?.requireNumbers],
  passwordRuleSpecial: [r => r.unstable__errors?.passwordComplexity?.requireSpecialCharacter],
  passwordTooShort: [r => r.unstable__errors?.form_password_length_too_short],
  passwordTooLong: [],
  passwordNotStrongEnough: [r => r.unstable__errors?.form_password_not_strong_enough, r => r.unstable__errors?.zxcvbn?.notEnough],
  passwordPwned: [r => r.unstable__errors?.form_password_pwned],
  passwordMatchesIdentifier: [r => r.unstable__errors?.form_password_matches_identifier],
  passwordMatchesCurrent: [r => r.unstable__errors?.form_new_password_matches_current],
}

const text = (value: unknown) => typeof value === 'string' && value.trim() ? value.trim() : undefined

function join(value: unknown, tail: string): string | undefined {
  return text(value) && `${text(value)} · ${tail}`
}

function countdown(value: unknown): string | undefined {
  return text(value) && `${text(value)} ({seconds})`
}

/** What Clerk fills in its strings at render time; our own placeholders are filled later. */
export interface ClerkPlaceholders {
  /** `{{applicationName}}`: the Clerk application's name (clerk-js' environment `displayConfig`). */
  applicationName?: string
}

/** Clerk's placeholders the form fills itself, when it shows the text: `{{identifier}}` → `{identifier}`. */
const FILLED_BY_THE_FORM = new Set(['identifier', 'length'])

const CLERK_PLACEHOLDER = /\{\{\s*(\w+)\s*(?:\|[^}]*)?\}\}/g

/**
 * Fills Clerk's `{{name}}` placeholders: `{{identifier}}` and `{{length}}` become ours (`{identifier}`,
 * `{length}`: the form fills them), the others come from `values`. `undefined` when one stays unknown:
 * a half-filled sentence is worse than the next source in the chain.
 */
export function fillClerkPlaceholders(text: string, values: ClerkPlaceholders = {}): string | undefined {
  let unknown = false
  const filled = text.replace(CLERK_PLACEHOLDER, (_whole, name: string) => {
    if (FILLED_BY_THE_FORM.has(name)) return `{${name}}`
    const value = name === 'applicationName' ? values.applicationName?.trim() : undefined
    if (!value) unknown = true
    return value ?? ''
  })
  return unknown ? undefined : filled
}

/** Options of {@link messagesFromClerk}. */
export interface MessagesFromClerkOptions extends ClerkPlaceholders {
  /** The app's own texts: they win over Clerk's (e.g. the keys Clerk has no text for). */
  overrides?: Partial<Messages>
}

/**
 * Our messages in the language of Clerk's `resource`. Per key: `overrides` → the Clerk
 * resource (first usable source of {@link CLERK_SOURCES}) → English.
 *
 * @example messagesFromClerk(deDE, { applicationName: 'Acme', overrides: { genericError: 'Etwas ist schiefgelaufen.' } })
 */
export function messagesFromClerk(resource: LocalizationResource | null | undefined, options: MessagesFromClerkOptions = {}): Messages {
  const out = mergeMessages(defaultMessages, options.overrides)
  if (!resource) return out
  for (const key of Object.keys(out) as Array<keyof Messages>) {
    if (isGivenText(options.overrides?.[key])) continue
    for (const read of CLERK_SOURCES[key]) {
      const raw = text(read(resource))
      const filled = raw && fillClerkPlaceholders(raw, options)
      if (filled) {
        out[key] = filled
        break
      }
    }
  }
  return out
}
