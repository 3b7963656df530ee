import type { StartClerkEmulatorOptions } from '../types'
import { DEFAULT_PASSWORD_SETTINGS } from './instance'

// One validator for every way options arrive: `createClerkEmulator` / `startClerkEmulator`,
// the CLI's flags and config file, and the Nuxt module. A config file is JSON, so nothing
// typed it: `{"port":"abc"}` used to listen on a Unix socket named `abc`. Only types and
// config/ defaults are imported here, so the Nuxt module can call this without bundling the emulator.

/** Where options came from, and how an option is spelled there. */
export interface OptionsSource {
  /** Starts every message: `startClerkEmulator`, `config file ./emulator.json`, `[nuxt-clerk-client-trust]`. */
  source: string
  /** An option as the user wrote it (`port`, `--port`, `clientTrust.emulator.codes`). @default the key itself */
  name?: (key: string) => string
  /** `start` also accepts `port` and `host`. @default 'create' */
  kind?: 'create' | 'start'
}

/** Thrown for options of the wrong type or value; `problems` has one line per option. */
export class EmulatorOptionsError extends TypeError {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'))
    this.name = 'EmulatorOptionsError'
  }
}

/** Checks one value at `path` (e.g. `users[2].mfa`) and reports what was expected. */
type Rule = (value: unknown, path: string, report: (path: string, expected: string, value?: unknown) => void) => void

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
const isInteger = (v: unknown, min: number, max: number): v is number => typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max

function rule(expected: string, ok: (v: unknown) => boolean): Rule {
  return (value, path, report) => {
    if (!ok(value)) report(path, expected, value)
  }
}

const boolean = rule('true or false', v => typeof v === 'boolean')
const text = rule('a non-empty string', v => typeof v === 'string' && v.trim() !== '')
const fn = rule('a function', v => typeof v === 'function')
const integer = (min: number, max: number) => rule(`an integer from ${min} to ${max}`, v => isInteger(v, min, max))
const oneOf = (values: readonly string[]) => rule(values.map(v => `"${v}"`).join(' or '), v => typeof v === 'string' && values.includes(v))

function listOf(item: Rule, expected: string): Rule {
  return (value, path, report) => {
    if (!Array.isArray(value)) return report(path, expected, value)
    value.forEach((entry, i) => item(entry, `${path}[${i}]`, report))
  }
}

/** An object with exactly these keys (each optional); `orFalse` also accepts `false`. */
function shape(rules: Record<string, Rule>, expected: string, required: string[] = [], orFalse = false): Rule {
  return (value, path, report) => {
    if (orFalse && value === false) return
    if (!isObject(value)) return report(path, expected, value)
    for (const [key, entry] of Object.entries(value)) {
      const check = Object.prototype.hasOwnProperty.call(rules, key) ? rules[key] : undefined
      if (!check) report(`${path}.${key}`, `one of ${Object.keys(rules).join(', ')} (unknown key)`, entry)
      else if (entry !== undefined) check(entry, `${path}.${key}`, report)
    }
    for (const key of required) {
      if (value[key] === undefined) report(`${path}.${key}`, 'set', undefined)
    }
  }
}

function isOrigin(v: unknown): boolean {
  if (typeof v !== 'string') return false
  try {
    const url = new URL(v)
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === v
  }
  catch {
    return false
  }
}

const origin = rule('an origin such as "http://localhost:5173" (scheme, host and port, no path), or an array of them', v =>
  isOrigin(v) || (Array.isArray(v) && v.every(isOrigin)))

// Segments of letters, digits and `._~-`, none of them `.` or `..`.
const basePath = rule('a path such as "/__clerk" (or "" for none)', v =>
  typeof v === 'string' && /^\/?(?:[\w.~-]+\/)*[\w.~-]*$/.test(v) && !v.split('/').some(s => s === '.' || s === '..'))

const BASE32 = /^[A-Z2-7]+=*$/i
const user = shape({
  id: text,
  emailAddress: rule('an email address', v => typeof v === 'string' && /^[^\s@]+@[^\s@]+$/.test(v)),
  phoneNumber: rule('an E.164 phone number such as "+15555550100"', v => typeof v === 'string' && /^\+\d{6,15}$/.test(v.replace(/[\s\-().]/g, ''))),
  username: text,
  password: text,
  firstName: rule('a string', v => typeof v === 'string'),
  lastName: rule('a string', v => typeof v === 'string'),
  mfa: listOf(oneOf(['totp', 'phone_code', 'email_code', 'backup_code']), 'an array of "totp", "phone_code", "email_code", "backup_code"'),
  totpSecret: rule('a base32 secret such as "JBSWY3DPEHPK3PXP"', v => typeof v === 'string' && BASE32.test(v.replace(/[\s-]/g, ''))),
  backupCodes: listOf(text, 'an array of strings'),
  clientTrust: listOf(oneOf(['email_code', 'phone_code', 'email_link']), 'an array of "email_code", "phone_code", "email_link"'),
  tasks: listOf(text, 'an array of task keys such as "choose-organization"'),
  locked: boolean,
  needsNewPassword: boolean,
}, 'a user object such as { emailAddress: "jane@example.com", password: "…" }', ['password'])

/** A user must be findable, and MFA factors need their secrets. */
const users: Rule = (value, path, report) => {
  listOf(user, 'an array of user objects')(value, path, report)
  if (!Array.isArray(value)) return
  value.forEach((entry: unknown, i) => {
    if (!isObject(entry)) return
    if (!entry.emailAddress && !entry.phoneNumber && !entry.username) report(`${path}[${i}]`, 'a user with an emailAddress, phoneNumber or username', entry)
    const mfa = Array.isArray(entry.mfa) ? entry.mfa : []
    if (mfa.includes('totp') && entry.totpSecret === undefined) report(`${path}[${i}].totpSecret`, 'set when mfa has "totp"', undefined)
    if (mfa.includes('backup_code') && !(Array.isArray(entry.backupCodes) && entry.backupCodes.length)) report(`${path}[${i}].backupCodes`, 'a non-empty array when mfa has "backup_code"', entry.backupCodes)
  })
}

const limit = shape({ requests: integer(1, 1_000_000), windowSeconds: integer(1, 86_400) }, '{ requests, windowSeconds } or false', ['requests', 'windowSeconds'], true)

// 8 and 72 are where clerk-js clamps what the environment says (`UserSettings.fromJSON` in
// clerk/javascript `packages/clerk-js/src/core/resources/UserSettings.ts`): outside them the emulator
// and the clerk-js reading it would disagree. clerk-js wants a password shorter than max_length.
const passwordLength = integer(8, 72)
const passwordSettingsShape = shape({
  minLength: passwordLength,
  maxLength: passwordLength,
  requireSpecialChar: boolean,
  requireNumbers: boolean,
  requireUppercase: boolean,
  requireLowercase: boolean,
  showZxcvbn: boolean,
  minZxcvbnStrength: integer(0, 4),
  disableHibp: boolean,
  enforceHibpOnSignIn: boolean,
  disablePasswordReverification: boolean,
  allowedSpecialCharacters: text,
}, 'an object such as { minLength: 12, requireNumbers: true }')

/** The rules must leave some password possible: shorter than maxLength, at least minLength. */
const passwordSettings: Rule = (value, path, report) => {
  passwordSettingsShape(value, path, report)
  if (!isObject(value)) return
  const min = isInteger(value.minLength, 8, 72) ? value.minLength : DEFAULT_PASSWORD_SETTINGS.minLength
  const max = isInteger(value.maxLength, 8, 72) ? value.maxLength : DEFAULT_PASSWORD_SETTINGS.maxLength
  if (min >= max) report(`${path}.maxLength`, `more than minLength (${min}): a password must be shorter than maxLength`, max)
}

const instance = shape({
  emailCode: boolean,
  phoneCode: boolean,
  clientTrust: boolean,
  clientTrustStatus: oneOf(['needs_client_trust', 'needs_second_factor']),
  applicationName: text,
  rateLimits: shape({ signIns: limit, attempts: limit, codes: limit, unknownIdentifiers: limit, per: oneOf(['ip', 'client']) }, '{ signIns, attempts, codes, unknownIdentifiers, per } or false', [], true),
  enumerationProtection: oneOf(['off', 'bulk', 'strict']),
  lockout: shape({ maxAttempts: integer(1, 10_000), durationMinutes: integer(1, 525_600) }, '{ maxAttempts, durationMinutes } or false', [], true),
  passwordSettings,
}, 'an object such as { clientTrust: true, lockout: false }')

/** One rule per option of `createClerkEmulator`; the `Record` type makes a new option without a rule a type error. */
const createRules: Record<keyof Omit<StartClerkEmulatorOptions, 'port' | 'host'>, Rule> = {
  basePath,
  users,
  instance,
  codes: oneOf(['fixed', 'random']),
  fixedCode: rule('6 digits such as "424242"', v => typeof v === 'string' && /^\d{6}$/.test(v)),
  origin,
  clerkJsDir: text,
  privateKeyPem: rule('an RS256 private key in PKCS#8 PEM ("-----BEGIN PRIVATE KEY-----…")', v => typeof v === 'string' && v.includes('-----BEGIN PRIVATE KEY-----')),
  logger: fn,
  frontendApiHost: rule('a host name with a dot, such as "clerk.emulator.invalid"', v => typeof v === 'string' && /^(?=.{1,253}$)[a-z0-9-]+(?:\.[a-z0-9-]+)+$/i.test(v)),
  country: rule('a two-letter country code such as "FR"', v => typeof v === 'string' && /^[a-z]{2}$/i.test(v)),
  maxBodyBytes: integer(1, 64 * 1024 * 1024),
  now: fn,
  maxClients: integer(1, 10_000_000),
}

const startRules: Record<keyof StartClerkEmulatorOptions, Rule> = {
  ...createRules,
  port: integer(0, 65_535),
  // Never beyond this machine: the emulator signs anyone in with known passwords.
  host: oneOf(['127.0.0.1', 'localhost', '::1']),
}

function describe(value: unknown): string {
  if (value === undefined) return 'missing'
  if (typeof value === 'function') return 'a function'
  let json: string
  try {
    json = JSON.stringify(value) ?? String(value)
  }
  catch {
    json = String(value)
  }
  return json.length > 60 ? `${json.slice(0, 57)}…` : json
}

/**
 * Checks emulator options however they arrived and throws one {@link EmulatorOptionsError}
 * naming every bad option, what it must be, and what it was. Absent (`undefined`) options are
 * fine: they take their defaults.
 */
export function validateEmulatorOptions<T extends object>(options: T, from: OptionsSource): T {
  const problems: string[] = []
  const name = from.name ?? ((key: string) => key)
  // `users[0].mfa` → the top-level key renamed for the source, the rest kept.
  const spell = (path: string) => path.replace(/^[^.[]+/, key => name(key))
  const report = (path: string, expected: string, value?: unknown) => {
    problems.push(`${from.source}: ${spell(path)} must be ${expected}, not ${describe(value)}.`)
  }
  const rules: Record<string, Rule> = from.kind === 'start' ? startRules : createRules
  if (!isObject(options)) throw new EmulatorOptionsError([`${from.source}: options must be an object, not ${describe(options)}.`])
  for (const [key, value] of Object.entries(options)) {
    const check = Object.prototype.hasOwnProperty.call(rules, key) ? rules[key] : undefined
    if (!check) problems.push(`${from.source}: unknown option ${name(key)} (known: ${Object.keys(rules).map(name).join(', ')}).`)
    else if (value !== undefined) check(value, key, report)
  }
  if (problems.length) throw new EmulatorOptionsError(problems)
  return options
}

/** Parses and checks the CLI's `--config` file (JSON); errors name the file and the option. */
export function parseConfigFile(text: string, file: string): StartClerkEmulatorOptions {
  const source = `config file ${file}`
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  }
  catch (error) {
    throw new EmulatorOptionsError([`${source}: not valid JSON (${error instanceof Error ? error.message : String(error)}).`])
  }
  return validateEmulatorOptions(parsed as StartClerkEmulatorOptions, { source, kind: 'start' })
}
