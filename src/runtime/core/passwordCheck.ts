/**
 * Checks a new password against the instance's rules as the user types and before it is sent:
 * only the password reset needs it, so it is a module of its own, downloaded with that step
 * (`CtsNewPasswordStep.vue`) or when a new password is first submitted (`controller/passwordSteps.ts`).
 */
import type { PasswordRule } from './passwordRules'

const DEFAULT_SPECIAL = '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~'

/** The rules `password` breaks (none: it may be sent). Length counts characters, as people do. */
export function brokenRules(password: string, rules: readonly PasswordRule[]): PasswordRule[] {
  const length = [...password].length
  return rules.filter((rule) => {
    switch (rule.kind) {
      case 'minLength': return length < rule.length
      case 'maxLength': return length > rule.length
      case 'lowercase': return !/\p{Ll}/u.test(password)
      case 'uppercase': return !/\p{Lu}/u.test(password)
      case 'number': return !/\d/.test(password)
      case 'special': return ![...password].some(char => (rule.characters ?? DEFAULT_SPECIAL).includes(char))
    }
    return false
  })
}
