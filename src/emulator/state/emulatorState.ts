import { hkdfSync, randomBytes, randomInt } from 'node:crypto'
import { resolveClerkJsDir } from '../config/clerkJs'
import type { ResolvedInstance } from '../config/instance'
import { resolveInstance } from '../config/instance'
import { DEFAULT_FRONTEND_API_HOST, publishableKeyFor } from '../config/publishableKey'
import { EMULATOR_FIXED_CODE, seededUsers } from '../config/seededUsers'
import { TokenSigner } from '../tokens/sessionTokens'
import type { ClerkEmulatorOptions, EmulatorScenario, EmulatorUser, OutboxEntry } from '../types'
import { DEFAULT_SCENARIO } from './scenario'
import { EmulatorStore, MAX_OUTBOX, newId, pushBounded } from './store'
import type { UserRecord } from './users'
import { buildUserRecords, safeIdentifier } from './users'

function normalizeBasePath(value: string | undefined): string {
  if (!value || value === '/') return ''
  return `/${value.replace(/^\/+|\/+$/g, '')}`
}

/** State and settings shared by all routes of one emulator. */
export class EmulatorState {
  readonly basePath: string
  readonly instance: ResolvedInstance
  readonly store: EmulatorStore
  readonly signer: TokenSigner
  readonly now: () => number
  readonly log: (line: string) => void
  readonly allowedOrigins: string[]
  readonly maxBodyBytes: number
  readonly frontendApiHost: string
  /** `X-Country` of every FAPI answer (ISO 3166-1 alpha-2; clerk-js lowers its case). */
  readonly country: string
  readonly publishableKey: string
  readonly clerkJsDir: string | undefined
  readonly userSources: EmulatorUser[]
  readonly users: UserRecord[]
  /** The app gave its own users: their passwords are its secrets, never shown (banner, CLI, dashboard). */
  readonly ownUsers: boolean
  /** HMAC key of the `__client` cookie, derived from the instance's signing key when one is given. */
  readonly cookieKey: Buffer
  scenario: EmulatorScenario = { ...DEFAULT_SCENARIO }
  private readonly codes: 'fixed' | 'random'
  private readonly fixedCode: string

  constructor(options: ClerkEmulatorOptions) {
    this.basePath = normalizeBasePath(options.basePath)
    this.instance = resolveInstance(options.instance)
    this.store = new EmulatorStore(Math.max(1, options.maxClients ?? 10_000))
    this.signer = new TokenSigner(options.privateKeyPem)
    // Signed with the instance key, like Clerk's own `__client`: a cookie from a dev server
    // restarted with the same key still opens; without a key, one per process.
    this.cookieKey = options.privateKeyPem
      ? Buffer.from(hkdfSync('sha256', options.privateKeyPem, 'clerk-emulator', '__client cookie', 32))
      : randomBytes(32)
    this.now = options.now ?? Date.now
    const logger = options.logger ?? ((line: string) => console.log(line))
    this.log = line => logger(`[clerk-emulator] ${line}`)
    this.allowedOrigins = options.origin === undefined ? [] : Array.isArray(options.origin) ? options.origin : [options.origin]
    this.maxBodyBytes = options.maxBodyBytes ?? 65_536
    this.frontendApiHost = options.frontendApiHost ?? DEFAULT_FRONTEND_API_HOST
    this.country = (options.country ?? 'US').toUpperCase()
    this.publishableKey = publishableKeyFor(this.frontendApiHost)
    // clerk-js is a dependency of this package: serve its bundle without being told where it is.
    this.clerkJsDir = options.clerkJsDir || resolveClerkJsDir()
    this.codes = options.codes ?? 'fixed'
    this.fixedCode = options.fixedCode ?? EMULATOR_FIXED_CODE
    // Copies, so callers mutating their array later cannot change who can sign in.
    this.ownUsers = options.users !== undefined
    this.userSources = (options.users ?? seededUsers).map(user => ({ ...user }))
    this.users = buildUserRecords(this.userSources, this.now())
  }

  /** Forgets everything browsers did; users, keys and settings stay. */
  reset(): void {
    this.store.clear()
    this.scenario = { ...DEFAULT_SCENARIO }
  }

  userById(id: string): UserRecord | undefined {
    // A stand-in (strict enumeration protection) answers like an account, and is one only to its sign-ins.
    return this.users.find(user => user.id === id) ?? this.store.standIns.get(id)
  }

  /** The user's password now: the one a reset set, else the configured one. */
  passwordOf(user: UserRecord): string {
    return this.store.passwords.get(user.id) ?? user.source.password
  }

  /** A user configured with `needsNewPassword` who has not reset the password since. */
  mustResetPassword(user: UserRecord): boolean {
    return !!user.source.needsNewPassword && !this.store.passwords.has(user.id)
  }

  newCode(): string {
    return this.codes === 'fixed' ? this.fixedCode : String(randomInt(0, 1_000_000)).padStart(6, '0')
  }

  /** Records a message in the outbox and logs it, the way a developer would read a mailbox. */
  send(entry: Omit<OutboxEntry, 'id' | 'at'>): OutboxEntry {
    const full: OutboxEntry = { id: newId('msg'), at: this.now(), ...entry }
    pushBounded(this.store.outbox, full, MAX_OUTBOX)
    const what = `${entry.channel}${entry.purpose === 'reset_password' ? ' password-reset' : ''} ${entry.kind}`
    this.log(`${what} for ${safeIdentifier(entry.to)}: ${entry.kind === 'link' ? entry.link : entry.code}`)
    return full
  }
}
