import type { EmulatorPasswordSettings } from '../types'
import type { ClerkErrorItem } from '../http/wire'
import { ClerkHttpError } from '../http/wire'

// The instance's password rules, checked where a password is set (`reset_password`) and, for
// breached passwords, at sign-in when the instance asks for it. Error codes, status 422 and
// `meta.param_name` are Clerk's, from its error catalogue (clerk/clerk-docs `data/api_errors.json`,
// `forms.go`); the complexity codes are the ones Clerk's UI turns into "Your password must
// contain…" (clerk/javascript `packages/ui/src/utils/passwordUtils.ts`, `mapComplexityErrors`).

/**
 * A stand-in for HaveIBeenPwned, which Clerk asks (clerk/clerk-docs
 * `docs/guides/secure/password-protection-and-rules.mdx`): a few passwords every breach list has.
 */
export const BREACHED_PASSWORDS: ReadonlySet<string> = new Set([
  'password', 'password1', 'password123', 'Password1', 'Password123', 'Password123!', 'passw0rd', 'P@ssw0rd',
  '12345678', '123456789', '1234567890', '11111111', '87654321', 'qwerty123', 'qwertyuiop', 'abc12345',
  'iloveyou', 'sunshine', 'princess', 'football', 'baseball', 'welcome1', 'letmein1', 'trustno1',
  'correcthorsebatterystaple',
])

/** Words that make a password easy to guess however long it is. */
const COMMON_WORDS = ['password', 'passw0rd', 'qwerty', 'letmein', 'welcome', 'admin', 'login', 'iloveyou', 'monkey', 'dragon', 'sunshine', 'princess', 'football', 'baseball']

export function isBreached(password: string): boolean {
  return BREACHED_PASSWORDS.has(password)
}

/** bcrypt, which Clerk hashes with, reads 72 bytes (the `form_password_size_in_bytes_exceeded` entry of the catalogue). */
const MAX_PASSWORD_BYTES = 72

/** A Clerk form error on the password field, ready for {@link ClerkHttpError}. */
function passwordError(code: string, message: string, meta: Record<string, unknown> = {}): ClerkErrorItem {
  return { code, message, long_message: message, meta: { param_name: 'password', ...meta } }
}

/** `form_password_pwned` (Clerk's error for a breached password, on sign-up, sign-in and reset alike). */
export function pwnedPassword(): ClerkHttpError {
  return new ClerkHttpError(422, passwordError('form_password_pwned', 'This password has appeared in a data breach. Choose a different one.'))
}

interface Strength {
  /** 0 (guessed at once) to 4 (very hard), on zxcvbn's scale. */
  score: number
  /** zxcvbn suggestion codes, as Clerk's UI localizes them (`unstable__errors.zxcvbn.suggestions.<code>`). */
  suggestions: string[]
}

/**
 * A rough stand-in for zxcvbn (which Clerk uses): guesses from the character set and the
 * length left once repeats, runs like `abc` / `321`, common words and the user's own
 * identifiers are discounted, mapped to zxcvbn's thresholds (10^3, 10^6, 10^8, 10^10 guesses).
 * It is lenient with dictionary words zxcvbn knows and this does not.
 */
export function estimateStrength(password: string, userInputs: string[] = []): Strength {
  if (isBreached(password)) return { score: 0, suggestions: ['pwned'] }
  let rest = password.toLowerCase()
  let words = 0
  for (const word of [...COMMON_WORDS, ...userInputs.map(input => input.toLowerCase()).filter(input => input.length >= 3)]) {
    while (rest.includes(word)) {
      rest = rest.replace(word, '')
      words++
    }
  }
  let effective = 0
  let patterned = false
  for (let i = 0; i < rest.length; i++) {
    const step = i > 0 ? rest.charCodeAt(i) - rest.charCodeAt(i - 1) : Number.NaN
    if (Math.abs(step) <= 1) patterned = true
    else effective++
  }
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^a-z\d]/i]
  const alphabet = [26, 26, 10, 33].reduce((sum, size, i) => sum + (classes[i]!.test(password) ? size : 0), 0) || 10
  // A common word or an identifier costs an attacker about a hundred guesses: a short list's worth.
  const digits = effective * Math.log10(alphabet) + words * 2
  const score = digits < 3 ? 0 : digits < 6 ? 1 : digits < 8 ? 2 : digits < 10 ? 3 : 4
  const suggestions = words > 0 ? ['anotherWord'] : patterned ? ['repeated', 'sequences'] : ['useWords']
  return { score, suggestions }
}

/** What a new password is checked against besides the rules. */
export interface PasswordContext {
  /** The user's password now: a new one must differ. */
  current: string
  /** The user's email, phone and username: they make a password weaker. */
  identifiers: string[]
}

/**
 * Every rule `password` breaks, as one 422 with Clerk's errors, or nothing. The complexity rules
 * (length and the required characters, measured as clerk-js measures them: `validate` in
 * clerk/javascript `packages/shared/src/internal/clerk-js/passwords/complexity.ts`) are reported
 * together, as Clerk's UI expects several; the others one at a time.
 */
export function checkNewPassword(password: string, rules: EmulatorPasswordSettings, context: PasswordContext): void {
  const broken: ClerkErrorItem[] = []
  const special = new RegExp(`[${rules.allowedSpecialCharacters.replace(/[\\\]^-]/g, ch => `\\${ch}`)}]`)
  if (password.length < rules.minLength) broken.push(passwordError('form_password_length_too_short', `Passwords must be ${rules.minLength} characters or more.`))
  // clerk-js accepts a password shorter than max_length ("less than {{length}} characters").
  if (password.length >= rules.maxLength) broken.push(passwordError('form_password_length_too_long', `Passwords must be shorter than ${rules.maxLength} characters.`))
  if (rules.requireLowercase && !/[a-z]/.test(password)) broken.push(passwordError('form_password_no_lowercase', 'Passwords must contain a lowercase letter.'))
  if (rules.requireUppercase && !/[A-Z]/.test(password)) broken.push(passwordError('form_password_no_uppercase', 'Passwords must contain an uppercase letter.'))
  if (rules.requireNumbers && !/\d/.test(password)) broken.push(passwordError('form_password_no_number', 'Passwords must contain a number.'))
  if (rules.requireSpecialChar && !special.test(password)) broken.push(passwordError('form_password_no_special_char', `Passwords must contain one of ${rules.allowedSpecialCharacters}`))
  const [first, ...more] = broken
  if (first) throw new ClerkHttpError(422, first, {}, more)
  if (Buffer.byteLength(password, 'utf8') > MAX_PASSWORD_BYTES) {
    throw new ClerkHttpError(422, passwordError('form_password_size_in_bytes_exceeded', `Your password takes more than ${MAX_PASSWORD_BYTES} bytes: use fewer or plainer characters.`))
  }
  if (password === context.current) {
    throw new ClerkHttpError(422, passwordError('form_new_password_matches_current', 'Your new password must differ from the current one.'))
  }
  if (!rules.disableHibp && isBreached(password)) throw pwnedPassword()
  if (rules.minZxcvbnStrength > 0) {
    const { score, suggestions } = estimateStrength(password, context.identifiers)
    if (score < rules.minZxcvbnStrength) {
      throw new ClerkHttpError(422, passwordError('form_password_not_strong_enough', 'This password is too easy to guess. Choose a stronger one.', {
        zxcvbn: { suggestions: suggestions.map(code => ({ code, message: SUGGESTIONS[code] ?? '' })) },
      }))
    }
  }
}

/** The suggestions {@link estimateStrength} gives, in words. */
const SUGGESTIONS: Record<string, string> = {
  pwned: 'This password is known from a data breach.',
  anotherWord: 'Add a few less common words.',
  repeated: 'Avoid repeating characters.',
  sequences: 'Avoid runs such as abc or 123.',
  useWords: 'Use a few words together: length helps more than symbols.',
}
