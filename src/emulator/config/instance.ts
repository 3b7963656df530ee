import type { EmulatorInstance, EmulatorLockout, EmulatorPasswordSettings, EmulatorRateLimits } from '../types'

// Clerk's documented limits, as instance settings (clerk/clerk-docs):
// - `docs/guides/how-clerk-works/system-limits.mdx`: create sign-in 5 per 10 s, attempt
//   first/second factor 3 per 10 s, answered 429 with a `Retry-After` header (seconds);
// - the "Rate limit errors" index (clerk.com/docs/errors/rate-limits): `too_many_requests`, and
//   `verification_code_too_many_requests` for asking for codes too often;
// - `docs/guides/secure/user-lockout.mdx`: new instances lock an account after 10 failed
//   attempts (password, codes, TOTP, backup codes) for one hour, 403 `user_locked`.

/** Clerk's documented rate limits; `codes` (resends per sign-in) is the emulator's own guess. */
export const DEFAULT_RATE_LIMITS: Readonly<EmulatorRateLimits> = Object.freeze({
  signIns: { requests: 5, windowSeconds: 10 },
  attempts: { requests: 3, windowSeconds: 10 },
  codes: { requests: 3, windowSeconds: 60 },
})

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

export function resolveInstance(given: Partial<EmulatorInstance> = {}): ResolvedInstance {
  const { rateLimits, lockout, passwordSettings, ...rest } = given
  return {
    emailCode: true,
    phoneCode: true,
    clientTrust: true,
    clientTrustStatus: 'needs_client_trust',
    applicationName: 'Clerk Emulator',
    ...rest,
    rateLimits: rateLimits === false
      ? { signIns: false, attempts: false, codes: false }
      : { ...DEFAULT_RATE_LIMITS, ...rateLimits },
    lockout: lockout === false ? false : { ...DEFAULT_LOCKOUT, ...lockout },
    passwordSettings: { ...DEFAULT_PASSWORD_SETTINGS, ...passwordSettings },
  }
}
