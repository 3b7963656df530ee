import { randomBytes } from 'node:crypto'
import type { EmulatorStats, OutboxEntry, RecordedRequest } from '../types'
import type { UserRecord } from './users'

/** A Map that forgets its least recently used entry beyond `max`, so no caller can grow memory without bound. */
export class LruMap<K, V> {
  private readonly map = new Map<K, V>()
  constructor(readonly max: number) {}

  get(key: K): V | undefined {
    const value = this.map.get(key)
    if (value !== undefined) {
      this.map.delete(key)
      this.map.set(key, value)
    }
    return value
  }

  set(key: K, value: V): void {
    this.map.delete(key)
    this.map.set(key, value)
    while (this.map.size > this.max) {
      const oldest = this.map.keys().next()
      if (oldest.done) break
      this.map.delete(oldest.value)
    }
  }

  delete(key: K): void {
    this.map.delete(key)
  }

  clear(): void {
    this.map.clear()
  }

  get size(): number {
    return this.map.size
  }

  /** Every value, least recently used first, without touching their order. */
  values(): IterableIterator<V> {
    return this.map.values()
  }
}

/** Appends and drops the oldest beyond `max`. */
export function pushBounded<T>(list: T[], item: T, max: number): void {
  list.push(item)
  if (list.length > max) list.splice(0, list.length - max)
}

export function newId(prefix: string): string {
  return `${prefix}_${randomBytes(12).toString('hex')}`
}

export type VerificationStatus = 'unverified' | 'verified' | 'failed' | 'expired'

/** A pending or finished verification of one sign-in: a second factor, or a reset-password code (first factor). */
export interface StoredVerification {
  strategy: string
  status: VerificationStatus
  attempts: number
  wrongAttempts: number
  expireAt: number | null
  code: string | null
  /** `email_link` only: the token in the link. */
  linkToken: string | null
  /** `email_link` only: where the opened link goes, when it is a local or allowed origin. */
  redirectUrl?: string | null
  /** `email_link` only: the client (browser) that opened the link; clerk-js compares it with its own. */
  verifiedAtClient?: string | null
}

export type SignInStatus = 'needs_identifier' | 'needs_first_factor' | 'needs_second_factor' | 'needs_client_trust' | 'needs_new_password' | 'needs_protect_check' | 'complete'

/** A Clerk Protect challenge and the one proof its stand-in SDK handed out for it (protect/challenge.ts). */
export interface ProtectChallenge {
  token: string
  /** Where the stand-in SDK is served, absolute (as the challenge was issued: the emulator's own origin). */
  sdkUrl: string
  expiresAt: number
  /** The proof not redeemed yet, or null: single-use, bound to this challenge, expiring. */
  proof: { token: string, expiresAt: number } | null
}

/** A sign-in as FAPI keeps it; clerk-js sees it through `signInJson` (fapi/resources.ts). */
export interface StoredSignIn {
  id: string
  clientId: string
  /** Empty while `needs_identifier`. */
  userId: string
  identifier: string
  status: SignInStatus
  passwordVerified: boolean
  firstFactorAttempts: number
  /** A reset-password code sent for this sign-in (`reset_password_email_code` / `reset_password_phone_code`), or null. */
  firstFactor: StoredVerification | null
  secondFactor: StoredVerification | null
  createdSessionId: string | null
  /** `pending` until the identifier is known. */
  clientTrustState: 'pending' | 'new' | 'known'
  abandonAt: number
  /** Times of recent prepares, for the resend throttle. */
  prepares: number[]
  /** The browser's IANA time zone, as clerk-js sends it on create. */
  timezone: string | null
  /** A pending Clerk Protect challenge (`needs_protect_check`), or null (protect/challenge.ts). */
  protectCheck: ProtectChallenge | null
  /** How many Protect challenges of this sign-in were cleared (the scenario may chain several). */
  protectPassed: number
}

/** A session as FAPI keeps it; clerk-js sees it through `sessionJson`. */
export interface StoredSession {
  id: string
  clientId: string
  userId: string
  /**
   * `pending` while `tasks` is not empty (Clerk's session tasks); `revoked` when a password reset
   * elsewhere signed it out (`sign_out_of_other_sessions`), unlike `ended` / `removed` by its own client.
   */
  status: 'active' | 'pending' | 'ended' | 'removed' | 'revoked'
  /** Task keys still to do, first one current. */
  tasks: string[]
  createdAt: number
  updatedAt: number
  lastActiveAt: number
  expireAt: number
  abandonAt: number
  /** When the password (first factor) of the sign-in behind this session was verified. */
  firstFactorVerifiedAt: number
  /** When a second factor (MFA) was verified, or null: the `fva` claim's second item. */
  secondFactorVerifiedAt: number | null
}

/** A session clerk-js counts as signed in: `active`, or `pending` with tasks left. */
export function isLive(session: StoredSession | undefined): session is StoredSession {
  return session?.status === 'active' || session?.status === 'pending'
}

/** A browser as FAPI keeps it, named by its `__client` cookie; clerk-js sees it through `clientJson`. */
export interface StoredClient {
  id: string
  createdAt: number
  updatedAt: number
  signInId: string | null
  sessionIds: string[]
  lastActiveSessionId: string | null
  /** Users that completed a sign-in on this client: their next password sign-in needs no new-device code. */
  trustedUserIds: Set<string>
  /** Secret half of the `__client` cookie: the id alone (shown in every answer) is no credential. */
  rotatingToken: string
  /** Times of recent requests per rate limit, when limits count per client (`rateLimits.per: 'client'`). */
  hits: Hits
}

/** Times of recent requests of one caller (an IP, or a client), per rate limit that counts callers. */
export interface Hits {
  signIns: number[]
  attempts: number[]
  unknownIdentifiers: number[]
}

export function newHits(): Hits {
  return { signIns: [], attempts: [], unknownIdentifiers: [] }
}

/** Failed attempts of one user, for account lockout. */
export interface StoredFailures {
  count: number
  /** Epoch ms the lockout ends, or null while not locked. */
  lockedUntil: number | null
}

/** Everything `reset()` forgets. */
export class EmulatorStore {
  readonly clients: LruMap<string, StoredClient>
  readonly signIns: LruMap<string, StoredSignIn>
  readonly sessions: LruMap<string, StoredSession>
  /** email-link token → sign-in id */
  readonly linkTokens: LruMap<string, string>
  /** IP address → its budgets (`rateLimits.per: 'ip'`, Clerk's way); bounded like the clients. */
  readonly callers: LruMap<string, Hits>
  /** `userId:code` of spent backup codes */
  readonly usedBackupCodes = new Set<string>()
  /** user id → failed attempts; bounded by the number of users. */
  readonly failures = new Map<string, StoredFailures>()
  /**
   * user id → the password set by a reset, which replaces the user's own (and ends a
   * `needsNewPassword`); bounded by the number of users. Forgotten by `reset()`, like
   * everything browsers did, so every test starts from the configured passwords.
   */
  readonly passwords = new Map<string, string>()
  /**
   * user id → the stand-in account of an identifier with no account, under strict enumeration
   * protection (fapi/enumeration.ts); bounded there, forgotten by `reset()`.
   */
  readonly standIns = new Map<string, UserRecord>()
  outbox: OutboxEntry[] = []
  requests: RecordedRequest[] = []

  constructor(readonly maxClients: number) {
    this.clients = new LruMap(maxClients)
    this.signIns = new LruMap(maxClients * 2)
    this.sessions = new LruMap(maxClients * 2)
    this.linkTokens = new LruMap(maxClients)
    this.callers = new LruMap(maxClients)
  }

  stats(): EmulatorStats {
    return {
      clients: this.clients.size,
      signIns: this.signIns.size,
      sessions: this.sessions.size,
      linkTokens: this.linkTokens.size,
      // Bounded by the users' own backup codes: only valid codes are recorded.
      usedBackupCodes: this.usedBackupCodes.size,
      outbox: this.outbox.length,
      requests: this.requests.length,
      caps: { clients: this.clients.max, signIns: this.signIns.max, sessions: this.sessions.max, linkTokens: this.linkTokens.max, outbox: MAX_OUTBOX, requests: MAX_REQUESTS },
    }
  }

  clear(): void {
    this.clients.clear()
    this.signIns.clear()
    this.sessions.clear()
    this.linkTokens.clear()
    this.callers.clear()
    this.usedBackupCodes.clear()
    this.failures.clear()
    this.passwords.clear()
    this.standIns.clear()
    this.outbox = []
    this.requests = []
  }
}

export const MAX_OUTBOX = 500
export const MAX_REQUESTS = 1000
