import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto'
import type { EmulatorRequest } from '../http/request'
import { assertNotLocked, clearFailures, countFailure } from './limits'
import type { StoredClient, StoredSession, StoredSignIn } from '../state/store'
import { isLive, newId } from '../state/store'
import type { UserRecord } from '../state/users'
import { clientTrustFactors } from '../state/users'
import { clerkError, formError, notFound } from '../http/wire'
import { isBreached, pwnedPassword } from './passwordRules'
import { issueChallenge } from '../protect/challenge'

const DAY = 86_400_000

/** The sign-in of the URL, only if it belongs to the calling client (as real FAPI). */
export function loadSignIn(req: EmulatorRequest): { signIn: StoredSignIn, user: UserRecord, client: StoredClient } {
  const id = req.params[0] ?? ''
  const signIn = req.emulator.store.signIns.get(id)
  const client = req.client
  const user = signIn ? req.emulator.userById(signIn.userId) : undefined
  if (!signIn || !client || signIn.clientId !== client.id || !user) throw notFound('sign in')
  return { signIn, user, client }
}

export function isAbandoned(req: EmulatorRequest, signIn: StoredSignIn): boolean {
  return req.emulator.scenario.expireSignIns || req.emulator.now() >= signIn.abandonAt
}

export function signInExpired(): Error {
  return clerkError(422, 'sign_in_expired', 'This sign-in has expired. Please start again.')
}

/**
 * Ends the sign-in with a fresh session; the client is now known for this user.
 * `mfa`: a second factor was verified (real MFA, not the new-device check), which the session's
 * factor verification age reports (`fva`, clerk/clerk-docs `docs/guides/sessions/session-tokens.mdx`).
 */
export function completeSignIn(req: EmulatorRequest, signIn: StoredSignIn, client: StoredClient, mfa = false): StoredSession {
  const now = req.emulator.now()
  const user = req.emulator.userById(signIn.userId)
  if (user) clearFailures(req.emulator, user)
  const tasks = [...(req.emulator.userById(signIn.userId)?.source.tasks ?? [])]
  const session: StoredSession = {
    id: newId('sess'),
    clientId: client.id,
    userId: signIn.userId,
    status: tasks.length > 0 ? 'pending' : 'active',
    tasks,
    createdAt: now,
    updatedAt: now,
    lastActiveAt: now,
    expireAt: now + 7 * DAY,
    abandonAt: now + 30 * DAY,
    firstFactorVerifiedAt: now,
    secondFactorVerifiedAt: mfa ? now : null,
  }
  req.emulator.store.sessions.set(session.id, session)
  // single_session_mode: a new sign-in replaces the client's other sessions.
  for (const id of client.sessionIds) {
    const old = req.emulator.store.sessions.get(id)
    if (isLive(old)) old.status = 'ended'
  }
  client.sessionIds = [session.id]
  client.lastActiveSessionId = session.id
  client.trustedUserIds.add(signIn.userId)
  client.updatedAt = now
  signIn.status = 'complete'
  signIn.createdSessionId = session.id
  return session
}

/** The user has real MFA: a second factor is asked on every sign-in, and Device Trust never is. */
export function hasMfa(user: UserRecord): boolean {
  return (user.source.mfa ?? []).length > 0
}

/** What follows a correct password: a Protect check, MFA, a new-device check, or a session. */
export function afterPassword(req: EmulatorRequest, signIn: StoredSignIn, user: UserRecord, client: StoredClient): void {
  signIn.passwordVerified = true
  const known = client.trustedUserIds.has(user.id)
  signIn.clientTrustState = known ? 'known' : 'new'
  // Clerk Protect gates a sign-in mid-flow with `needs_protect_check` (protect/challenge.ts).
  if (needsProtectCheck(req, signIn)) {
    issueChallenge(req, signIn)
    return
  }
  continueAfterPassword(req, signIn, user, client, known)
}

/** The scenario gates sign-ins, and this one has cleared fewer challenges than it chains. */
export function needsProtectCheck(req: EmulatorRequest, signIn: StoredSignIn): boolean {
  const { scenario } = req.emulator
  return scenario.protectCheck && signIn.protectPassed < scenario.protectCheckChain
}

/** The rest of {@link afterPassword}, also run once a Protect check is cleared. */
export function continueAfterPassword(req: EmulatorRequest, signIn: StoredSignIn, user: UserRecord, client: StoredClient, known = client.trustedUserIds.has(user.id)): void {
  if (req.emulator.mustResetPassword(user)) {
    signIn.status = 'needs_new_password'
    return
  }
  if (hasMfa(user)) {
    signIn.status = 'needs_second_factor'
    return
  }
  const { instance } = req.emulator
  if (instance.clientTrust && !known && clientTrustFactors(user.source, instance).length > 0) {
    // Older applications answer MFA's status with the same factors and `client_trust_state: 'new'`
    // (clerk/clerk-docs `docs/guides/secure/device-trust.mdx`, "Device Trust Status" update; clerk-js
    // prepares and attempts both alike: `packages/clerk-js/src/core/resources/SignIn.ts`).
    signIn.status = instance.clientTrustStatus
    return
  }
  completeSignIn(req, signIn, client)
}

// Passwords are compared through a deliberately slow hash, as a real password store does
// (Clerk's is bcrypt), so that the work of refusing a password is measurable, and the same
// whether the account exists or not (strict enumeration protection): an unknown identifier's
// password is hashed and compared against a password nobody has.
const SALT = randomBytes(16)
const HASH_COST = { N: 1024, r: 2, p: 1 }
const hashes = new Map<string, Buffer>()
const hash = (password: string) => scryptSync(password, SALT, 32, HASH_COST)
/** The hash of a configured or reset password, computed once (bounded by the users and their resets). */
function storedHash(password: string): Buffer {
  let known = hashes.get(password)
  if (!known) {
    known = hash(password)
    if (hashes.size > 10_000) hashes.clear()
    hashes.set(password, known)
  }
  return known
}
const NOBODY = randomBytes(24).toString('base64url')

function samePassword(given: string, stored: string): boolean {
  return timingSafeEqual(hash(given), storedHash(stored))
}

function passwordIncorrect(): Error {
  return formError('form_password_incorrect', 'Password is incorrect. Try again, or use another method.', 'password')
}

/**
 * Refuses a locked account whatever the password, and counts a wrong one toward lockout. A right
 * but breached one is refused too when the instance enforces that on sign-in (the user then
 * resets it: clerk/clerk-docs `docs/guides/development/custom-flows/authentication/forgot-password.mdx`,
 * "Handle compromised passwords").
 */
export function checkPassword(req: EmulatorRequest, user: UserRecord, password: string): void {
  assertNotLocked(req.emulator, user)
  if (!samePassword(password, req.emulator.passwordOf(user))) {
    countFailure(req.emulator, user)
    throw passwordIncorrect()
  }
  const rules = req.emulator.instance.passwordSettings
  if (rules.enforceHibpOnSignIn && !rules.disableHibp && isBreached(password)) throw pwnedPassword()
}

/** Strict enumeration protection: an unknown identifier's password costs what a wrong one does and answers the same. */
export function refuseUnknownPassword(_req: EmulatorRequest, password: string): never {
  samePassword(password, NOBODY)
  throw passwordIncorrect()
}
