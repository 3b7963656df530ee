import type { EmulatorRequest } from '../http/request'
import { afterPassword, checkPassword, continueAfterPassword, isAbandoned, loadSignIn, needsProtectCheck, refuseUnknownPassword, signInExpired } from './signInMachine'
import { issueChallenge, redeemProof } from '../protect/challenge'
import { standInUnderStrict } from './enumeration'
import { spendLimit } from './limits'
import { RESET_STRATEGIES, attemptResetCode, prepareResetCode } from './resetPassword'
import { signInJson } from './resources'
import type { StoredClient, StoredSignIn } from '../state/store'
import { newId } from '../state/store'
import { findUser } from '../state/users'
import { clerkError, formError, notFound } from '../http/wire'
import type { Route } from '../http/route'

const SIGN_IN_LIFETIME = 86_400_000

function newSignIn(req: EmulatorRequest, client: StoredClient, fields: Pick<StoredSignIn, 'userId' | 'identifier' | 'status' | 'firstFactorAttempts' | 'clientTrustState'>): StoredSignIn {
  const now = req.emulator.now()
  const signIn: StoredSignIn = {
    id: newId('sia'),
    clientId: client.id,
    passwordVerified: false,
    firstFactor: null,
    secondFactor: null,
    createdSessionId: null,
    abandonAt: now + SIGN_IN_LIFETIME,
    prepares: [],
    // clerk-js sends the browser's time zone on create; FAPI echoes it on the sign-in.
    timezone: req.body.timezone || null,
    protectCheck: null,
    protectPassed: 0,
    ...fields,
  }
  req.emulator.store.signIns.set(signIn.id, signIn)
  client.signInId = signIn.id
  client.updatedAt = now
  return signIn
}

async function createSignIn(req: EmulatorRequest) {
  const { identifier, password, strategy } = req.body
  // Counted before anything else, per IP like Clerk's limit on creating sign-ins (limits.ts).
  const client = req.ensureClient()
  spendLimit(req, 'signIns', client)
  if (strategy && strategy !== 'password') {
    throw formError('strategy_for_user_invalid', `The emulator signs in with passwords only, not '${strategy}'.`, 'strategy')
  }
  if (!identifier) {
    if (password !== undefined) throw formError('form_param_missing', 'Enter your email address, phone number or username.', 'identifier')
    // Like FAPI: a sign-in created empty waits in `needs_identifier`.
    const empty = newSignIn(req, client, { userId: '', identifier: '', status: 'needs_identifier', firstFactorAttempts: 0, clientTrustState: 'pending' })
    return req.envelope(signInJson(empty, req.emulator))
  }
  // Strict enumeration protection answers an unknown identifier alone with a stand-in account (enumeration.ts).
  const user = findUser(req.emulator.users, identifier) ?? standInUnderStrict(req, identifier, password)
  if (!user) {
    // User enumeration protection (clerk/clerk-docs `docs/guides/secure/user-enumeration-protection.mdx`):
    // bulk rate-limits lookups of unknown identifiers; strict refuses a password sign-in for one
    // "without revealing whether the account exists": the wrong password's answer, same work.
    const mode = req.emulator.instance.enumerationProtection
    if (mode === 'bulk') spendLimit(req, 'unknownIdentifiers', client)
    if (mode === 'strict' && password !== undefined) refuseUnknownPassword(req, password)
    throw formError('form_identifier_not_found', 'Couldn\'t find your account.', 'identifier')
  }
  if (password !== undefined) checkPassword(req, user, password)
  const signIn = newSignIn(req, client, {
    userId: user.id,
    identifier,
    status: 'needs_first_factor',
    firstFactorAttempts: password === undefined ? 0 : 1,
    clientTrustState: client.trustedUserIds.has(user.id) ? 'known' : 'new',
  })
  if (password !== undefined) afterPassword(req, signIn, user, client)
  return req.envelope(signInJson(signIn, req.emulator))
}

async function getSignIn(req: EmulatorRequest) {
  const empty = req.emulator.store.signIns.get(req.params[0] ?? '')
  if (empty?.status === 'needs_identifier' && empty.clientId === req.client?.id) return req.envelope(signInJson(empty, req.emulator))
  const { signIn } = loadSignIn(req)
  // Real FAPI hides abandoned sign-ins.
  if (isAbandoned(req, signIn)) throw notFound('sign in')
  return req.envelope(signInJson(signIn, req.emulator))
}

/** The first factors the emulator takes: the password, and the reset codes of resetPassword.ts. */
function assertFirstFactorStrategy(strategy: string | undefined): void {
  if (strategy !== 'password' && !RESET_STRATEGIES.has(strategy ?? '')) {
    throw formError('strategy_for_user_invalid', 'The first factors are the password and the reset-password codes.', 'strategy')
  }
}

async function prepareFirstFactor(req: EmulatorRequest) {
  const { signIn, user } = loadSignIn(req)
  if (isAbandoned(req, signIn)) throw signInExpired()
  assertFirstFactorStrategy(req.body.strategy)
  if (req.body.strategy !== 'password') return prepareResetCode(req, signIn, user)
  return req.envelope(signInJson(signIn, req.emulator))
}

async function attemptFirstFactor(req: EmulatorRequest) {
  const { signIn, user, client } = loadSignIn(req)
  if (isAbandoned(req, signIn)) throw signInExpired()
  assertFirstFactorStrategy(req.body.strategy)
  if (req.body.strategy !== 'password') return attemptResetCode(req, signIn, user, client)
  if (signIn.status !== 'needs_first_factor') {
    throw clerkError(422, 'sign_in_invalid_status', `The sign-in is in status '${signIn.status}', not 'needs_first_factor'.`)
  }
  spendLimit(req, 'attempts', client)
  signIn.firstFactorAttempts += 1
  checkPassword(req, user, req.body.password ?? '')
  afterPassword(req, signIn, user, client)
  return req.envelope(signInJson(signIn, req.emulator))
}

/**
 * Clears a Clerk Protect challenge (`signIn.submitProtectCheck({ proofToken })`) with a proof of
 * the stand-in SDK (protect/challenge.ts); the scenario may answer with the next challenge.
 */
async function protectCheck(req: EmulatorRequest) {
  const { signIn, user, client } = loadSignIn(req)
  if (isAbandoned(req, signIn)) throw signInExpired()
  // Clerk's code for a challenge already cleared (clerk/javascript `packages/shared/src/internal/clerk-js/constants.ts`).
  if (signIn.status !== 'needs_protect_check') throw clerkError(422, 'protect_check_already_resolved', 'This sign-in has no pending protect check.')
  if (!req.body.proof_token) throw formError('form_param_missing', 'proof_token is required.', 'proof_token')
  redeemProof(req.emulator, signIn, req.body.proof_token)
  if (needsProtectCheck(req, signIn)) issueChallenge(req, signIn)
  else continueAfterPassword(req, signIn, user, client)
  return req.envelope(signInJson(signIn, req.emulator))
}

export const signInRoutes: Route[] = [
  { method: 'POST', pattern: /^\/v1\/client\/sign_ins$/, handler: createSignIn, limited: true },
  { method: 'GET', pattern: /^\/v1\/client\/sign_ins\/([^/]+)$/, handler: getSignIn },
  { method: 'POST', pattern: /^\/v1\/client\/sign_ins\/([^/]+)\/prepare_first_factor$/, handler: prepareFirstFactor, limited: true },
  { method: 'POST', pattern: /^\/v1\/client\/sign_ins\/([^/]+)\/attempt_first_factor$/, handler: attemptFirstFactor, limited: true },
  { method: 'PATCH', pattern: /^\/v1\/client\/sign_ins\/([^/]+)\/protect_check$/, handler: protectCheck },
]
