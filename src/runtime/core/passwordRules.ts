/**
 * The instance's password rules as plain data: read from Clerk's environment
 * (`user_settings.password_settings`), stated before submitting and checked as the user types.
 * Clerk checks them again on the server; these spare a request that would be refused. The check
 * itself (`brokenRules`) is in `passwordCheck.ts`, loaded with the password reset.
 */
import { formatMessage } from './messages'
import type { Messages } from './messages'

/** `user_settings.password_settings` as clerk-js keeps it (snake_case, as FAPI sends it). */
export interface PasswordSettingsLike {
  min_length?: number | null
  max_length?: number | null
  require_lowercase?: boolean | null
  require_uppercase?: boolean | null
  require_numbers?: boolean | null
  require_special_char?: boolean | null
  allowed_special_characters?: string | null
}

/** One rule a new password must follow. */
export type PasswordRule
  = | { kind: 'minLength', length: number }
    | { kind: 'maxLength', length: number }
    | { kind: 'lowercase' | 'uppercase' | 'number' }
    | { kind: 'special', characters?: string }

/** Clerk's own floor and ceiling (clerk-js clamps the settings the same way: 8 ≤ min, max ≤ 72). */
const MIN = 8
const MAX = 72

/** The rules of an instance; Clerk's 8-character minimum when it says nothing. */
export function passwordRules(settings: PasswordSettingsLike | null | undefined): PasswordRule[] {
  const s = settings ?? {}
  const rules: PasswordRule[] = [{ kind: 'minLength', length: Math.max(s.min_length ?? MIN, MIN) }]
  const max = s.max_length ? Math.min(s.max_length, MAX) : MAX
  if (max < MAX) rules.push({ kind: 'maxLength', length: max })
  if (s.require_lowercase) rules.push({ kind: 'lowercase' })
  if (s.require_uppercase) rules.push({ kind: 'uppercase' })
  if (s.require_numbers) rules.push({ kind: 'number' })
  if (s.require_special_char) rules.push(s.allowed_special_characters ? { kind: 'special', characters: s.allowed_special_characters } : { kind: 'special' })
  return rules
}

/** The shortest password the rules allow. */
export const minLength = (rules: readonly PasswordRule[]): number =>
  rules.reduce((min, rule) => rule.kind === 'minLength' ? Math.max(min, rule.length) : min, MIN)

const RULE_KEYS = {
  minLength: 'passwordRuleMinLength',
  maxLength: 'passwordRuleMaxLength',
  lowercase: 'passwordRuleLowercase',
  uppercase: 'passwordRuleUppercase',
  number: 'passwordRuleNumber',
  special: 'passwordRuleSpecial',
} as const satisfies Record<PasswordRule['kind'], keyof Messages>

/** One rule in the messages' language ("8 or more characters"); Clerk's `maximumLength` reads "less than {length}", so it gets one more. */
export function ruleText(rule: PasswordRule, messages: Messages): string {
  return formatMessage(messages[RULE_KEYS[rule.kind]], 'length' in rule ? { length: rule.kind === 'maxLength' ? rule.length + 1 : rule.length } : {})
}

/**
 * "Your password must contain 8 or more characters, a number and a special character." in the
 * messages' language, the list joined as `locale` joins one (`Intl.ListFormat`).
 */
export function describeRules(rules: readonly PasswordRule[], messages: Messages, locale?: string | null): string {
  const parts = rules.map(rule => ruleText(rule, messages))
  let list: string
  try {
    list = new Intl.ListFormat(locale ?? 'en', { style: 'long', type: 'conjunction' }).format(parts)
  }
  catch {
    // A locale the runtime does not know.
    list = parts.join(', ')
  }
  return formatMessage(messages.passwordRules, { rules: list })
}
