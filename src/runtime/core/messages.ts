/** Every text the sign-in shows; override any subset through the `messages` option/prop. */
export interface Messages {
  /** Heading of the credentials step. */
  signInTitle: string
  /** Heading of the verify step (code or link by email). */
  verifyTitle: string
  /** Heading of the verify step when the code went by SMS. */
  verifyTitlePhone: string
  /** Why a code is asked for on this device. */
  newDeviceNotice: string
  /** `{identifier}` is the masked address the code went to. */
  codeSentTo: string
  /** Used when Clerk gave no masked address. */
  codeSentToUnknown: string
  identifierLabelEmail: string
  identifierLabelPhone: string
  identifierLabelUsername: string
  identifierLabelAuto: string
  passwordLabel: string
  codeLabel: string
  continue: string
  verify: string
  resend: string
  /** `{seconds}` counts down to the next allowed resend. */
  resendIn: string
  startOver: string
  /** @deprecated The credentials step keeps its own label while Clerk loads (most of Clerk's languages have no "Loading…"); no longer shown. */
  loading: string
  /** Shown on the `complete` step while the session is activated. */
  signingIn: string
  /** No offered second factor is one this form can finish (e.g. passkey only). */
  secondFactorUnsupported: string
  /** @deprecated Email links are supported now; no longer shown. */
  emailLinkUnsupported: string
  /** Heading of the `second-factor` step (MFA). */
  secondFactorTitle: string
  /** Hint of the TOTP factor. */
  hintTotp: string
  /** Hint of the backup-code factor. */
  hintBackupCode: string
  /** Heading while an email link is pending. */
  emailLinkTitle: string
  /** `{identifier}`: the masked address the link went to. */
  emailLinkSentTo: string
  emailLinkSentToUnknown: string
  /** The link opened was too old (or the sign-in behind it). */
  emailLinkExpired: string
  /** This tab opened a link that signed in the tab or device where the sign-in started. */
  emailLinkVerifiedElsewhere: string
  resendLink: string
  /** `{seconds}` counts down to the next allowed resend. */
  resendLinkIn: string
  /** Opens the list of the other offered factors. */
  useAnotherMethod: string
  /** Heading of that list. */
  chooseMethodTitle: string
  back: string
  methodTotp: string
  /** `{identifier}`: masked phone number. */
  methodPhoneCode: string
  /** `{identifier}`: masked email address. */
  methodEmailCode: string
  methodBackupCode: string
  /** `{identifier}`: masked email address. */
  methodEmailLink: string
  backupCodeLabel: string
  backupCodeInvalid: string
  /** @deprecated Clerk sends no such error (wrong codes are rate limited instead, see `tooManyRequests`); no longer shown. */
  codeTooManyAttempts: string
  /** The sign-in was abandoned or expired; the form went back to the first step. */
  signInExpired: string
  /**
   * `user_locked`. Left at its English default, Clerk's own text is shown instead, which says
   * how many minutes are left (as Clerk's prebuilt sign-in does); a translation wins over it.
   */
  accountLocked: string
  /** @deprecated clerk-js does not pass the lockout duration on (it keeps it in Clerk's text only); no longer shown. */
  accountLockedFor: string
  /** Heading of the `new-password` step. */
  newPasswordTitle: string
  /** Why the `new-password` step stops here. */
  newPasswordNeeded: string
  /** Link to the app's reset-password page (`resetPasswordUrl`). */
  resetPassword: string
  /** `needs_identifier`: Clerk needs the identifier again. */
  identifierNeeded: string
  /** Heading of the `protect-check` step (Clerk Protect's challenge, `needs_protect_check`). */
  protectCheckTitle: string
  /** What the `protect-check` step asks for. */
  protectCheckHint: string
  /** While the challenge is being loaded. */
  protectCheckLoading: string
  /** Runs the challenge again after it failed. */
  protectCheckRetry: string
  /** The challenge did not complete, or its proof was refused: "Try again" runs it again. */
  protectCheckFailed: string
  /** The challenge expired: back to the credentials step, identifier kept. */
  protectCheckExpired: string
  /** The challenge cannot be loaded here (its script failed to load, or its URL is not one the form loads). */
  protectCheckUnavailable: string
  identifierRequired: string
  passwordRequired: string
  codeRequired: string
  codeInvalid: string
  codeIncorrect: string
  codeExpired: string
  passwordIncorrect: string
  identifierNotFound: string
  tooManyRequests: string
  networkError: string
  genericError: string
  /** Clerk did not load within `loadTimeout` (script blocked, CDN or proxy unreachable). */
  clerkUnavailable: string
  /** The credentials step's link into the password reset. */
  forgotPassword: string
  /** Heading of the `reset-code` step. */
  resetCodeTitle: string
  /** `{identifier}`: the masked address the reset code went to (email). */
  resetCodeSentToEmail: string
  /** `{identifier}`: the masked number the reset code went to (SMS). */
  resetCodeSentToPhone: string
  /** Label of the reset code field. */
  resetCodeLabel: string
  /** The account has no email or phone to send a reset code to (a username-only account). */
  resetUnavailable: string
  newPasswordLabel: string
  confirmPasswordLabel: string
  /** The two new passwords differ (checked before any request). */
  passwordsDoNotMatch: string
  /** "Sign out of all other devices" (Clerk's default: checked). */
  signOutOfOtherSessions: string
  /** The new-password step's button. */
  resetPasswordSubmit: string
  /** Starts the sentence listing the instance's password rules: `{rules}`. */
  passwordRules: string
  /** `{length}`: the minimum length. */
  passwordRuleMinLength: string
  /** `{length}`: one more than the maximum length. */
  passwordRuleMaxLength: string
  passwordRuleLowercase: string
  passwordRuleUppercase: string
  passwordRuleNumber: string
  passwordRuleSpecial: string
  /** `form_password_length_too_short`; `{length}`: the instance's minimum. */
  passwordTooShort: string
  /** `form_password_length_too_long`, `form_password_size_in_bytes_exceeded`. */
  passwordTooLong: string
  /** `form_password_not_strong_enough`. */
  passwordNotStrongEnough: string
  /** `form_password_pwned`: found in a breach. */
  passwordPwned: string
  /** `form_password_matches_identifier`. */
  passwordMatchesIdentifier: string
  /** `form_new_password_matches_current`. */
  passwordMatchesCurrent: string
}

/**
 * English of what any sign-in may show: the email/SMS path (credentials, the new-device code,
 * signing in) and every error a sign-in meets there. Shipped with the form; the rest of the
 * English table (`defaultMessages.ts`: the steps off that path, the new password's rules and the
 * errors only a new password meets) is downloaded when a sign-in first leaves that path.
 */
export const pathMessages = {
  signInTitle: 'Sign in',
  verifyTitle: 'Verify it\'s you',
  verifyTitlePhone: 'Verify it\'s you',
  newDeviceNotice: 'You\'re signing in from a new device. We\'re asking for verification to keep your account secure.',
  codeSentTo: 'Enter the code sent to {identifier}',
  codeSentToUnknown: 'Enter the code we sent you',
  identifierLabelEmail: 'Email address',
  identifierLabelPhone: 'Phone number',
  identifierLabelUsername: 'Username',
  identifierLabelAuto: 'Email address, phone number or username',
  passwordLabel: 'Password',
  codeLabel: 'Verification code',
  continue: 'Continue',
  verify: 'Verify',
  resend: 'Resend code',
  resendIn: 'Resend code ({seconds}s)',
  startOver: 'Start over',
  signingIn: 'Signing you in…',
  secondFactorUnsupported: 'This account needs a verification method this form does not support.',
  useAnotherMethod: 'Use another method',
  signInExpired: 'Your sign-in expired. Please sign in again.',
  accountLocked: 'Your account is locked. Try again later.',
  resetPassword: 'Reset your password',
  identifierNeeded: 'Enter your email address, phone number or username to continue.',
  protectCheckFailed: 'The security check did not complete. Try again.',
  protectCheckExpired: 'The security check expired. Please sign in again.',
  identifierRequired: 'Enter your email address, phone number or username',
  passwordRequired: 'Enter your password',
  codeRequired: 'Enter the code',
  codeInvalid: 'The code is 6 digits',
  codeIncorrect: 'Incorrect, try again',
  codeExpired: 'The code has expired',
  passwordIncorrect: 'Password is incorrect. Try again.',
  identifierNotFound: 'No account found with this identifier',
  tooManyRequests: 'Too many attempts. Wait a moment and try again.',
  networkError: 'Could not reach the server. Check your connection and try again.',
  genericError: 'Something went wrong. Please try again.',
  clerkUnavailable: 'Sign-in is unavailable right now. Check your connection, then reload the page to try again.',
  forgotPassword: 'Forgot password?',
} satisfies Partial<Messages>

/** The keys whose English comes on demand (MFA, email links, other methods, the password reset): `defaultMessages.ts`. */
export type OffPathMessageKey = Exclude<keyof Messages, keyof typeof pathMessages>

/** An app's own text that replaces ours: a non-empty string (an empty one keeps ours). */
export const isGivenText = (value: unknown): value is string => typeof value === 'string' && value !== ''

/** `english` with the app's own texts over it: the form's messages when no Clerk localization is given. */
export function mergeMessages(english: Messages, overrides?: Partial<Messages>): Messages {
  const out = { ...english }
  if (!overrides) return out
  for (const key of Object.keys(out) as Array<keyof Messages>) {
    const text = overrides[key]
    if (isGivenText(text)) out[key] = text
  }
  return out
}

/** Replaces `{name}` placeholders (`name` of ASCII letters, digits, `_`); unknown placeholders are left as they are. */
export function formatMessage(template: string, vars: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(vars, name) ? String(vars[name]) : whole)
}
