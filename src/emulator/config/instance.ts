import type { EmulatorInstance, EmulatorLockout, EmulatorPasswordSettings, EmulatorRateLimit, EmulatorRateLimits } from '../types'

// Clerk's documented limits, as instance settings (clerk/clerk-docs):
// - `docs/guides/how-clerk-works/system-limits.mdx` ("Rate limits"): Frontend API requests are
//   limited "per user and identified by their IP address": Create SignIn 5 per 10 s, Attempt
//   SignIn (first/second factor) 3 per 10 s, answered 429 with a `Retry-After` header (seconds);
// - the "Rate limit errors" index (clerk.com/docs/errors/rate-limits): `too_many_requests`, and
//   `verification_code_too_many_requests` for asking for codes too often;
// - `docs/guides/secure/user-enumeration-protection.mdx`: "bulk" protection rate-limits lookups
//   of identifiers, with no published numbers;
// - `docs/guides/secure/user-lockout.mdx`: new instances lock an account after 10 failed
//   attempts (password, codes, TOTP, backup codes) for one hour, 403 `user_locked`.

/** The budgets of {@link EmulatorRateLimits}, without the `per` switch. */
export type RateLimitName = Exclude<keyof EmulatorRateLimits, 'per'>

/** What each limit counts and where its number comes from: the kit's and the README's words for it. */
export const RATE_LIMITS: Readonly<Record<RateLimitName, { counts: string, source: string, default: Readonly<EmulatorRateLimit> }>> = Object.freeze({
  signIns: { counts: 'sign-ins created (POST /v1/client/sign_ins)', source: 'Clerk\'s "Create SignIn" limit', default: { requests: 5, windowSeconds: 10 } },
  attempts: { counts: 'password and code attempts (attempt_first_factor, attempt_second_factor)', source: 'Clerk\'s "Attempt SignIn" limit', default: { requests: 3, windowSeconds: 10 } },
  codes: { counts: 'codes and links sent for one sign-in', source: 'the emulator\'s guess at Clerk\'s resend limit', default: { requests: 3, windowSeconds: 60 } },
  unknownIdentifiers: { counts: 'sign-ins for identifiers that match no account (bulk enumeration protection)', source: 'the emulator\'s guess at Clerk\'s bulk enumeration protection', default: { requests: 10, windowSeconds: 600 } },
})

/** Clerk's documented rate limits, counted per IP as Clerk does; see {@link RATE_LIMITS}. */
export const DEFAULT_RATE_LIMITS: Readonly<EmulatorRateLimits> = Object.freeze({
  signIns: RATE_LIMITS.signIns.default,
  attempts: RATE_LIMITS.attempts.default,
  codes: RATE_LIMITS.codes.default,
  unknownIdentifiers: RATE_LIMITS.unknownIdentifiers.default,
  per: 'ip',
})

/**
 * The suite-wide way to set `rateLimits.per` without touching any config: set in a test runner's
 * environment (vitest's `test.env`), it reaches every emulator the suite starts, standalone, from
 * the CLI, or inside a Nuxt app it builds. An emulator given `rateLimits.per` keeps its own.
 */
export const RATE_LIMITS_PER_ENV = 'CLERK_EMULATOR_RATE_LIMITS_PER'

function perFromEnv(env: Record<string, string | undefined>): EmulatorRateLimits['per'] | undefined {
  const value = env[RATE_LIMITS_PER_ENV]?.trim()
  return value === 'client' || value === 'ip' ? value : undefined
}

/** Clerk's lockout defaults for new instances. */
export const DEFAULT_LOCKOUT: Readonly<EmulatorLockout> = Object.freeze({ maxAttempts: 10, durationMinutes: 60 })

/**
 * A new Clerk instance's password rules, as its environment serves them (a cached real
 * environment: clerk/javascript `packages/expo/src/cache/dummy-data/environment-resource.ts`).
 * Breached passwords are refused when set, not at sign-in: Clerk's forgot-password guide calls
 * the sign-in check something "you have enabled".
 */
export const DEFAULT_PASSWORD_SETTINGS: Readonly<EmulatorPasswordSettings> = Object.freeze({
  minLength: 8,
  maxLength: 72,
  requireSpecialChar: false,
  requireNumbers: false,
  requireUppercase: false,
  requireLowercase: false,
  showZxcvbn: false,
  minZxcvbnStrength: 0,
  disableHibp: false,
  enforceHibpOnSignIn: false,
  disablePasswordReverification: false,
  allowedSpecialCharacters: '!"#$%&\'()*+,-./:;<=>?@[]^_`{|}~',
})

/** Instance settings with every default filled in. */
export interface ResolvedInstance extends Omit<EmulatorInstance, 'rateLimits' | 'lockout' | 'passwordSettings'> {
  rateLimits: EmulatorRateLimits
  lockout: EmulatorLockout | false
  passwordSettings: EmulatorPasswordSettings
}

export function resolveInstance(given: Partial<EmulatorInstance> = {}, env: Record<string, string | undefined> = process.env): ResolvedInstance {
  const { rateLimits, lockout, passwordSettings, ...rest } = given
  const per = (rateLimits && rateLimits.per) || perFromEnv(env) || DEFAULT_RATE_LIMITS.per
  return {
    emailCode: true,
    phoneCode: true,
    clientTrust: true,
    clientTrustStatus: 'needs_client_trust',
    applicationName: 'Clerk Emulator',
    enumerationProtection: 'off',
    ...rest,
    rateLimits: rateLimits === false
      ? { signIns: false, attempts: false, codes: false, unknownIdentifiers: false, per }
      : { ...DEFAULT_RATE_LIMITS, ...rateLimits, per },
    lockout: lockout === false ? false : { ...DEFAULT_LOCKOUT, ...lockout },
    passwordSettings: { ...DEFAULT_PASSWORD_SETTINGS, ...passwordSettings },
  }
}
