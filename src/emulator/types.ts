import type { App, EventHandler } from 'h3'

/** A second factor that can prove a user owns a new device (Clerk "Client Trust"). */
export type ClientTrustFactor = 'email_code' | 'phone_code' | 'email_link'

/** A factor of real multi-factor authentication (`needs_second_factor`). */
export type MfaFactor = 'totp' | 'phone_code' | 'email_code' | 'backup_code'

/** A user the emulator knows. Identifiers are optional but at least one is needed to sign in. */
export interface EmulatorUser {
  /** Clerk user id; derived from the first identifier (`user_<name>`) when absent. */
  id?: string
  emailAddress?: string
  /** E.164, e.g. `+15555550100`. */
  phoneNumber?: string
  username?: string
  /** Only compared, never logged or returned. */
  password: string
  firstName?: string
  lastName?: string
  /** Factors of real MFA; a non-empty list makes a correct password answer `needs_second_factor`. */
  mfa?: MfaFactor[]
  /** Base32 TOTP secret (RFC 6238, SHA-1, 6 digits, 30 s), needed when `mfa` has `totp`. */
  totpSecret?: string
  /** Single-use backup codes, needed when `mfa` has `backup_code`. */
  backupCodes?: string[]
  /** Factors offered for client trust; default: `email_code` / `phone_code` for the identifiers the instance enables. */
  clientTrust?: ClientTrustFactor[]
  /** Session tasks (e.g. `choose-organization`): a completed sign-in then creates a `pending` session carrying them. */
  tasks?: string[]
  /** A locked account: any password answers 403 `user_locked` (with `lockout_expires_in_seconds`). */
  locked?: boolean
  /** The password must be reset: a correct password leaves the sign-in in `needs_new_password`. */
  needsNewPassword?: boolean
}

/** A request budget: at most `requests` within any `windowSeconds`. */
export interface EmulatorRateLimit {
  requests: number
  windowSeconds: number
}

/**
 * Clerk's Frontend API rate limits (docs: "Rate limits", clerk/clerk-docs
 * `docs/guides/how-clerk-works/system-limits.mdx`): counted per IP address, as Clerk does, so
 * every browser and test on one machine shares them. `false` turns one limit off; `per: 'client'`
 * is the switch for suites that sign in many times (see {@link EmulatorRateLimits.per}).
 */
export interface EmulatorRateLimits {
  /** `POST /v1/client/sign_ins` (429 `too_many_requests`): Clerk's "Create SignIn". @default { requests: 5, windowSeconds: 10 } */
  signIns: EmulatorRateLimit | false
  /** `attempt_first_factor` and `attempt_second_factor` (429 `too_many_requests`): Clerk's "Attempt SignIn". @default { requests: 3, windowSeconds: 10 } */
  attempts: EmulatorRateLimit | false
  /** Codes and links sent for one sign-in (429 `verification_code_too_many_requests`); the emulator's guess, Clerk publishes none. @default { requests: 3, windowSeconds: 60 } */
  codes: EmulatorRateLimit | false
  /**
   * Under `enumerationProtection: 'bulk'` only: sign-ins for identifiers that match no account
   * (429 `too_many_requests`). Clerk documents the protection, not its numbers: the emulator's guess.
   * @default { requests: 10, windowSeconds: 600 }
   */
  unknownIdentifiers: EmulatorRateLimit | false
  /**
   * Who a budget belongs to: `'ip'`, Clerk's way (every caller on this machine shares it), or
   * `'client'`, one budget per browser (`__client` cookie): the relaxed setting for test suites
   * that sign in many times, each in a new browser context. The connection's address is the IP:
   * `X-Forwarded-For` and the like are never read, so no caller can pick its own budget.
   * @default 'ip'
   */
  per: 'ip' | 'client'
}

/**
 * User enumeration protection (clerk/clerk-docs `docs/guides/secure/user-enumeration-protection.mdx`):
 * `'off'` says "Couldn't find your account"; `'bulk'` says so too but rate-limits lookups of
 * unknown identifiers ({@link EmulatorRateLimits.unknownIdentifiers}); `'strict'` refuses a password
 * sign-in for an unknown identifier exactly as a wrong password.
 */
export type EnumerationProtection = 'off' | 'bulk' | 'strict'

/**
 * Account lockout (docs: "Brute force attacks and locking user accounts", clerk/clerk-docs
 * `docs/guides/secure/user-lockout.mdx`): failed password, code, TOTP and backup-code attempts
 * count per user; the last allowed one locks the account (403 `user_locked`).
 */
export interface EmulatorLockout {
  /** Failed attempts that lock the account; Clerk's default for new instances. @default 10 */
  maxAttempts: number
  /** How long a lockout lasts. @default 60 */
  durationMinutes: number
}

/**
 * The instance's password rules, served to clerk-js as `user_settings.password_settings` and
 * checked when a password is set (`reset_password`). Each field is Clerk's, in camelCase; the
 * defaults are a new Clerk instance's (clerk/javascript `packages/expo/src/cache/dummy-data/environment-resource.ts`,
 * a cached real environment), except `enforceHibpOnSignIn`, which Clerk's guide calls a
 * setting you enable (clerk/clerk-docs `docs/guides/development/custom-flows/authentication/forgot-password.mdx`).
 */
export interface EmulatorPasswordSettings {
  /** Fewest characters, 8 to 72 (clerk-js raises anything lower to 8). @default 8 */
  minLength: number
  /** A password must be shorter than this, up to 72 (bcrypt's limit; clerk-js lowers anything higher to 72). @default 72 */
  maxLength: number
  /** At least one character of `allowedSpecialCharacters`. @default false */
  requireSpecialChar: boolean
  /** At least one digit. @default false */
  requireNumbers: boolean
  /** At least one uppercase letter (A–Z). @default false */
  requireUppercase: boolean
  /** At least one lowercase letter (a–z). @default false */
  requireLowercase: boolean
  /** Clerk's UI shows a strength meter (served only: the emulator has no UI). @default false */
  showZxcvbn: boolean
  /** Weakest strength accepted, 0 (any) to 4, on zxcvbn's scale; the emulator estimates it (see README). @default 0 */
  minZxcvbnStrength: number
  /** Accept breached passwords: turns off Clerk's "Reject compromised passwords" (`form_password_pwned` when a password is set). @default false */
  disableHibp: boolean
  /** Also refuse a correct but breached password at sign-in (`form_password_pwned`). @default false */
  enforceHibpOnSignIn: boolean
  /** Sensitive actions may skip asking for the password again (served only). @default false */
  disablePasswordReverification: boolean
  /** What counts as a special character. @default Clerk's: the ASCII punctuation */
  allowedSpecialCharacters: string
}

/** Instance settings, mirrored into the environment's `user_settings`. */
/** The two generations of Clerk's Device Trust answer: see {@link EmulatorInstance.clientTrustStatus}. */
export type ClientTrustStatus = 'needs_client_trust' | 'needs_second_factor'

export interface EmulatorInstance {
  /** Email codes may be used as second factor / client-trust factor. @default true */
  emailCode: boolean
  /** SMS codes may be used as second factor / client-trust factor. @default true */
  phoneCode: boolean
  /** New devices must verify a code after a correct password. @default true */
  clientTrust: boolean
  /**
   * The status a new device's sign-in answers: `needs_client_trust` (applications created from
   * 2025-11-14, or opted in to Clerk's "Device Trust Status" update), or `needs_second_factor`
   * (older applications: the same email or SMS code or link, under MFA's status).
   * @default 'needs_client_trust'
   */
  clientTrustStatus: ClientTrustStatus
  /** Shown by Clerk's UI components. @default 'Clerk Emulator' */
  applicationName: string
  /** Request limits; any subset overrides the defaults, `false` turns them all off. @default Clerk's documented limits, per IP */
  rateLimits: Partial<EmulatorRateLimits> | false
  /** User enumeration protection, advertised in the environment's `attack_protection.enumeration_protection` (`enabled` under strict). @default 'off' */
  enumerationProtection: EnumerationProtection
  /** Account lockout, advertised in the environment's `attack_protection.user_lockout`; `false` turns it off. @default { maxAttempts: 10, durationMinutes: 60 } */
  lockout: Partial<EmulatorLockout> | false
  /** Password rules; any subset overrides Clerk's defaults for a new instance. */
  passwordSettings: Partial<EmulatorPasswordSettings>
}

/** Failure modes for tests and demos; change them at run time with `setScenario` or `POST _scenario`. */
export interface EmulatorScenario {
  /** Every FAPI route answers 503 with a Clerk-shaped error. */
  outage: boolean
  /** Every FAPI answer is delayed by this many milliseconds. */
  delayMs: number
  /** Sign-in routes answer 429 `too_many_requests` with `retry_after`. */
  rateLimit: boolean
  /** Sign-ins count as abandoned: prepare and attempt answer `sign_in_expired`, reading one answers 404. */
  expireSignIns: boolean
  /** Codes and email links sent count as expired: attempts answer `verification_expired`, links land on `__clerk_status=expired`. */
  expireCodes: boolean
  /** `retry_after` (and `Retry-After`) of the `rateLimit` answers, in seconds. @default 30 */
  retryAfterSeconds: number
  /**
   * Sign-in routes answer 200 with a broken body: `'json'` (or `true`) cuts the JSON off,
   * `'shape'` sends valid JSON of the wrong shape. @default false
   */
  malformed: false | 'json' | 'shape'
  /** Sign-in routes answer 422 with this text as Clerk's `message` and `long_message` (an unknown error code, so UIs show it). @default null */
  errorMessage: string | null
  /** The clerk-js bundle route answers 404, like a CDN or proxy failing: Clerk never loads. @default false */
  clerkJsUnavailable: boolean
  /**
   * Clerk Protect gates sign-ins: a correct password answers `needs_protect_check` with a
   * `protect_check` challenge whose `sdk_url` is the emulator's stand-in SDK (one button); its
   * proof, submitted with `signIn.submitProtectCheck({ proofToken })`, clears it. Proofs are
   * single-use and expire; tests get one without a browser from the testing kit's
   * `solveProtectCheck` (`POST <emulator>/protect/proofs`, `token`). @default false
   */
  protectCheck: boolean
  /** How many challenges in a row a gated sign-in meets: each proof answers the next one until this many were cleared (1 to 10). @default 1 */
  protectCheckChain: number
  /** Protect challenges count as expired: `expires_at` in the past, proofs and submissions answer `protect_check_timed_out`. @default false */
  expireProtectChecks: boolean
}

/** Sizes of the emulator's stores and their caps: none grows without bound. */
export interface EmulatorStats {
  clients: number
  signIns: number
  sessions: number
  linkTokens: number
  usedBackupCodes: number
  outbox: number
  requests: number
  caps: { clients: number, signIns: number, sessions: number, linkTokens: number, outbox: number, requests: number }
}

/** Options of {@link createClerkEmulator}. */
export interface ClerkEmulatorOptions {
  /** Path prefix the handler strips: `''` standalone, `'/__clerk'` inside Nuxt. @default '' */
  basePath?: string
  /** Users that can sign in. @default seededUsers */
  users?: EmulatorUser[]
  /** Instance settings. */
  instance?: Partial<EmulatorInstance>
  /** `fixed` always sends {@link ClerkEmulatorOptions.fixedCode}; `random` sends 6 random digits. @default 'fixed' */
  codes?: 'fixed' | 'random'
  /** @default '424242' */
  fixedCode?: string
  /** CORS origin(s) allowed to call with credentials. Same-origin callers need none. */
  origin?: string | string[]
  /** Absolute path of `node_modules/@clerk/clerk-js/dist`, served at `<base>/npm/@clerk/clerk-js@<any>/dist/<file>`. */
  clerkJsDir?: string
  /** RS256 private key (PKCS#8 PEM) that signs session tokens; generated at first use when absent. */
  privateKeyPem?: string
  /** Receives every log line. @default console.log with a '[clerk-emulator] ' prefix */
  logger?: (line: string) => void
  /** Host encoded in the publishable key; session tokens are issued by `https://<host>`, as @clerk/backend expects. @default 'clerk.emulator.invalid' */
  frontendApiHost?: string
  /**
   * The caller's country, sent as Clerk's `X-Country` response header, which clerk-js reads as
   * the default country of phone inputs; Clerk geolocates the IP, the emulator cannot. @default 'US'
   */
  country?: string
  /** Larger request bodies answer 413. @default 65536 */
  maxBodyBytes?: number
  /** Clock in epoch milliseconds, injectable so tests can expire codes without waiting. @default Date.now */
  now?: () => number
  /** Most browser clients kept at once; the least recently used is forgotten. @default 10000 */
  maxClients?: number
}

/**
 * What a message is for: the new-device check (`needs_client_trust`), a second factor of MFA
 * (`needs_second_factor`), or a forgotten password (`reset_password_email_code` /
 * `reset_password_phone_code`).
 */
export type OutboxPurpose = 'client_trust' | 'mfa' | 'reset_password'

/** A message the emulator "sent": read it instead of a mailbox or phone. */
export interface OutboxEntry {
  id: string
  at: number
  channel: 'email' | 'sms'
  kind: 'code' | 'link'
  purpose: OutboxPurpose
  to: string
  code?: string
  link?: string
  signInId: string
  userId: string
}

/** One answered FAPI request, without secrets. */
export interface RecordedRequest {
  at: number
  /** Effective method, after `_method`. */
  method: string
  /** Without basePath and query. */
  path: string
  status: number
  /** Form fields, with secrets (`password`, `code`, `token`, `ticket`, `signature`…, also nested) replaced by `'[redacted]'`. */
  body: Record<string, string>
  /** The sign-in the request was about (`…/sign_ins/:id…`, or the one `POST …/sign_ins` created), when any. */
  signInId?: string
  /** Clerk's error code of a failed answer (`errors[0].code`). */
  errorCode?: string
}

/** A running emulator: mount `handler` in h3/Nitro or use `startClerkEmulator`. */
export interface ClerkEmulator {
  handler: EventHandler
  app: App
  /** Synthetic `pk_test_` key whose host has no Clerk dev suffix, so clerk-js skips the dev-browser handshake. */
  publishableKey: string
  outbox(): OutboxEntry[]
  requests(): RecordedRequest[]
  clearRequests(): void
  setScenario(s: Partial<EmulatorScenario>): EmulatorScenario
  scenario(): EmulatorScenario
  /** Store sizes and caps (also `GET <base>/_stats.json`). */
  stats(): EmulatorStats
  /** Forgets clients, sign-ins, sessions, codes, trust, outbox and requests; keeps users and keys. */
  reset(): void
  jwks(): Promise<{ keys: unknown[] }>
  publicKeyPem(): Promise<string>
  users(): EmulatorUser[]
}

/** Options of {@link startClerkEmulator}. */
export interface StartClerkEmulatorOptions extends ClerkEmulatorOptions {
  /** 0 picks a free port. @default 0 */
  port?: number
  /**
   * Loopback only: '127.0.0.1', 'localhost' or '::1'. Unset: the host of the first loopback
   * `origin` (so the page and the emulator are one site and its cookie survives), else '127.0.0.1'.
   */
  host?: string
}

/** An emulator listening on a loopback port. */
export interface RunningClerkEmulator extends ClerkEmulator {
  url: string
  /** `url + basePath`: pass it to clerk-js as `proxyUrl`. */
  proxyUrl: string
  /** The origins allowed to call it with credentials (the `origin` option). */
  origins: string[]
  close(): Promise<void>
}
