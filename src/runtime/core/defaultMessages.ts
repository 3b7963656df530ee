/**
 * The whole English table: {@link pathMessages} (shipped with the form) and the English of what
 * only MFA, email links, other methods and the password reset show, in this module of its own so
 * that a sign-in on the email/SMS path never downloads it (`composables/onDemand.ts`).
 */
import { pathMessages } from './messages'
import type { Messages, OffPathMessageKey } from './messages'

/** English of the steps off the email/SMS path. */
export const offPathMessages: Pick<Messages, OffPathMessageKey> = {
  loading: 'Loading…',
  emailLinkUnsupported: 'This account can only be verified by an email link, which this form does not support yet.',
  secondFactorTitle: 'Two-step verification',
  hintTotp: 'Enter the code from your authenticator app',
  hintBackupCode: 'Enter one of your backup codes',
  emailLinkTitle: 'Check your email',
  emailLinkSentTo: 'Open the link sent to {identifier} to continue.',
  emailLinkSentToUnknown: 'Open the link we emailed you to continue.',
  emailLinkExpired: 'This link has expired. Send a new one.',
  emailLinkVerifiedElsewhere: 'You\'re verified. Go back to the tab or device where you started signing in.',
  resendLink: 'Resend link',
  resendLinkIn: 'Resend link ({seconds}s)',
  chooseMethodTitle: 'Use another method',
  back: 'Back',
  methodTotp: 'Use your authenticator app',
  methodPhoneCode: 'Send an SMS code to {identifier}',
  methodEmailCode: 'Email a code to {identifier}',
  methodBackupCode: 'Use a backup code',
  methodEmailLink: 'Email a link to {identifier}',
  backupCodeLabel: 'Backup code',
  backupCodeInvalid: 'Enter one backup code, without spaces',
  codeTooManyAttempts: 'Too many attempts. Request a new code.',
  accountLockedFor: 'Your account is locked. Try again in {minutes} minutes.',
  newPasswordTitle: 'Set a new password',
  newPasswordNeeded: 'You need to reset your password before you can sign in.',
  resetCodeTitle: 'Reset password',
  resetCodeSentToEmail: 'First, enter the code sent to your email address · {identifier}',
  resetCodeSentToPhone: 'First, enter the code sent to your phone · {identifier}',
  resetCodeLabel: 'Reset password code',
  resetUnavailable: 'This account has no email address or phone number to send a reset code to. Contact support to reset your password.',
  newPasswordLabel: 'New password',
  confirmPasswordLabel: 'Confirm password',
  passwordsDoNotMatch: 'Passwords don\'t match.',
  signOutOfOtherSessions: 'Sign out of all other devices',
  resetPasswordSubmit: 'Reset password',
  protectCheckTitle: 'Security check',
  protectCheckHint: 'Complete the check below to continue signing in.',
  protectCheckLoading: 'Loading the security check…',
  protectCheckRetry: 'Try again',
  protectCheckUnavailable: 'The security check could not load. Try again, or contact support if this keeps happening.',
  passwordRules: 'Your password must contain {rules}.',
  passwordRuleMinLength: '{length} or more characters',
  passwordRuleMaxLength: 'less than {length} characters',
  passwordRuleLowercase: 'a lowercase letter',
  passwordRuleUppercase: 'an uppercase letter',
  passwordRuleNumber: 'a number',
  passwordRuleSpecial: 'a special character',
  passwordTooShort: 'Your password is too short. It must be at least {length} characters long.',
  passwordTooLong: 'Your password is too long.',
  passwordNotStrongEnough: 'Your password is not strong enough.',
  passwordPwned: 'This password has been found as part of a breach and can not be used, please try another password instead.',
  passwordMatchesIdentifier: 'Password cannot match your email address, phone number or username.',
  passwordMatchesCurrent: 'New password cannot be the same as the current password.',
}

/** English defaults: every message. */
export const defaultMessages: Messages = { ...pathMessages, ...offPathMessages }
