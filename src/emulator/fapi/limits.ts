import type { EmulatorRateLimit } from '../types'
import type { RateLimitName, ResolvedInstance } from '../config/instance'
import { DEFAULT_LOCKOUT } from '../config/instance'
import type { Hits, LruMap, StoredClient, StoredFailures } from '../state/store'
import { newHits } from '../state/store'
import type { UserRecord } from '../state/users'
import { clerkError, tooManyRequests } from '../http/wire'
import type { ClerkHttpError } from '../http/wire'

// Clerk's rate limits and account lockout as FAPI applies them; their documented values, each
// with its citation, are the instance defaults (`RATE_LIMITS` in config/instance.ts):
// - sign-ins created per IP, 5 per 10 s, and attempts per IP, 3 per 10 s: clerk/clerk-docs
//   `docs/guides/how-clerk-works/system-limits.mdx` ("Frontend API requests are rate-limited per
//   user and identified by their IP address"), 429 + `Retry-After`;
// - codes sent per sign-in: the error code from Clerk's rate-limit errors index, the numbers a guess;
// - unknown identifiers per IP under bulk enumeration protection:
//   `docs/guides/secure/user-enumeration-protection.mdx`, the numbers a guess;
// - lockout, 10 attempts for one hour: `docs/guides/secure/user-lockout.mdx`.

/**
 * Counts one request in `times` (kept in place) against `limit`; over it, throws 429 with
 * `Retry-After` = seconds until the oldest counted request leaves the window. A refused
 * request is not counted, so waiting `Retry-After` seconds is always enough.
 */
export function spend(times: number[], limit: EmulatorRateLimit | false, now: number, code?: 'too_many_requests' | 'verification_code_too_many_requests'): void {
  if (!limit) return
  const windowMs = limit.windowSeconds * 1000
  let expired = 0
  while (expired < times.length && now - (times[expired] ?? now) >= windowMs) expired++
  times.splice(0, expired)
  const oldest = times[0]
  if (times.length >= limit.requests && oldest !== undefined) throw tooManyRequests((windowMs - (now - oldest)) / 1000, code)
  times.push(now)
}

/**
 * Spends one request of the caller's `name` budget: the IP's (Clerk's way), or with
 * `rateLimits.per: 'client'` the browser's. Throws 429 over the limit.
 */
/** What the rate limits read of a request (an `EmulatorRequest`, without importing it). */
export interface LimitedRequest {
  ip: string
  emulator: { instance: Pick<ResolvedInstance, 'rateLimits'>, store: { callers: LruMap<string, Hits> }, now: () => number }
}

export function spendLimit(req: LimitedRequest, name: Exclude<RateLimitName, 'codes'>, client: StoredClient): void {
  const { rateLimits } = req.emulator.instance
  const limit = rateLimits[name]
  if (!limit) return
  let hits: Hits
  if (rateLimits.per === 'client') {
    hits = client.hits
  }
  else {
    hits = req.emulator.store.callers.get(req.ip) ?? newHits()
    req.emulator.store.callers.set(req.ip, hits)
  }
  spend(hits[name], limit, req.emulator.now())
}

/** What the lock-out rules read and write of the emulator (its `EmulatorState`, without importing it). */
export interface LockoutState {
  instance: Pick<ResolvedInstance, 'lockout'>
  store: { failures: Map<string, StoredFailures> }
  now: () => number
}

/** 403, never 401 (clerk-js treats any 401 as "signed out"); the minutes travel in the text, as Clerk's do. */
export function userLocked(seconds: number | null): ClerkHttpError {
  // The error-handling guide (clerk/clerk-docs `docs/guides/development/custom-flows/error-handling.mdx`)
  // shows `long_message` carrying the minutes: clerk-js drops `meta.lockout_expires_in_seconds`.
  const minutes = seconds === null ? null : Math.max(1, Math.floor(seconds / 60))
  const long = minutes === null
    ? 'Your account is locked. For more information, contact support.'
    : `Your account is locked. You will be able to try again in ${minutes} minute${minutes === 1 ? '' : 's'}. For more information, contact support.`
  return clerkError(403, 'user_locked', 'Account locked', { lockout_expires_in_seconds: seconds }, {}, long)
}

/** Seconds left of a lockout of `user` (null when the lock never ends), or `undefined` when not locked. */
export function lockoutLeft(emulator: LockoutState, user: UserRecord): number | null | undefined {
  const { lockout } = emulator.instance
  // A user seeded as `locked` stands for a lock set by an admin: it lasts the whole duration.
  if (user.source.locked) return (lockout ? lockout.durationMinutes : DEFAULT_LOCKOUT.durationMinutes) * 60
  const until = emulator.store.failures.get(user.id)?.lockedUntil
  if (until == null) return undefined
  const left = Math.ceil((until - emulator.now()) / 1000)
  if (left > 0) return left
  emulator.store.failures.delete(user.id)
  return undefined
}

/** Refuses any attempt on a locked account, right or wrong. */
export function assertNotLocked(emulator: LockoutState, user: UserRecord): void {
  const left = lockoutLeft(emulator, user)
  if (left !== undefined) throw userLocked(left)
}

/** Counts a failed password, code, TOTP or backup-code attempt; the one that reaches the limit locks the account. */
export function countFailure(emulator: LockoutState, user: UserRecord): void {
  const { lockout } = emulator.instance
  if (!lockout) return
  const record = emulator.store.failures.get(user.id) ?? { count: 0, lockedUntil: null }
  record.count += 1
  emulator.store.failures.set(user.id, record)
  if (record.count >= lockout.maxAttempts) {
    record.lockedUntil = emulator.now() + lockout.durationMinutes * 60_000
    throw userLocked(lockout.durationMinutes * 60)
  }
}

/** A completed sign-in starts the count again (the emulator's choice: Clerk's docs do not say). */
export function clearFailures(emulator: LockoutState, user: UserRecord): void {
  emulator.store.failures.delete(user.id)
}

/** `verification_attempts_remaining` of the user: null when lockout is off, as the OpenAPI says. */
export function attemptsRemaining(emulator: LockoutState, user: UserRecord): number | null {
  const { lockout } = emulator.instance
  if (!lockout) return null
  return Math.max(0, lockout.maxAttempts - (emulator.store.failures.get(user.id)?.count ?? 0))
}
