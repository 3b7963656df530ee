import type { Ctx } from '../http/request'
import { afterPassword, checkPassword, continueAfterPassword, isAbandoned, loadSignIn, signInExpired } from './signInMachine'
import { spend } from './limits'
import { signInJson } from './resources'
import type { ClientRecord, SignInRecord } from '../state/store'
import { newId } from '../state/store'
import { findUser } from '../state/users'
import { clerkError, formError, notFound } from '../http/wire'
import type { Route } from '../http/route'

const SIGN_IN_LIFETIME = 86_400_000

function newSignIn(ctx: Ctx, client: ClientRecord, fields: Pick<SignInRecord, 'userId' | 'identifier' | 'status' | 'firstFactorAttempts' | 'clientTrustState'>): SignInRecord {
  const now = ctx.core.now()
  const signIn: SignInRecord = {
    id: newId('sia'),
    clientId: client.id,
    passwordVerified: false,
    secondFactor: null,
    createdSessionId: null,
    abandonAt: now + SIGN_IN_LIFETIME,
    prepares: [],
    // clerk-js sends the browser's time zone on create; FAPI echoes it on the sign-in.
    timezone: ctx.body.timezone || null,
    protectCheck: null,
    protectPassed: false,
    ...fields,
  }
  ctx.core.store.signIns.set(signIn.id, signIn)
  client.signInId = signIn.id
  client.updatedAt = now
  return signIn
}

async function createSignIn(ctx: Ctx) {
  const { identifier, password, strategy } = ctx.body
  // Counted per client before anything else, like Clerk's limit on creating sign-ins.
  const client = ctx.ensureClient()
  spend(client.hits.signIns, ctx.core.instance.rateLimits.signIns, ctx.core.now())
  if (strategy && strategy !== 'password') {
    throw formError('strategy_for_user_invalid', `The emulator signs in with passwords only, not '${strategy}'.`, 'strategy')
  }
  if (!identifier) {
    if (password !== undefined) throw formError('form_param_missing', 'Enter your email address, phone number or username.', 'identifier')
    // Like FAPI: a sign-in created empty waits in `needs_identifier`.
    const empty = newSignIn(ctx, client, { userId: '', identifier: '', status: 'needs_identifier', firstFactorAttempts: 0, clientTrustState: 'pending' })
    return ctx.envelope(signInJson(empty, ctx.core))
  }
  const user = findUser(ctx.core.users, identifier)
  if (!user) throw formError('form_identifier_not_found', 'Couldn\'t find your account.', 'identifier')
  if (password !== undefined) checkPassword(ctx, user, password)
  const signIn = newSignIn(ctx, client, {
    userId: user.id,
    identifier,
    status: 'needs_first_factor',
    firstFactorAttempts: password === undefined ? 0 : 1,
    clientTrustState: client.trustedUserIds.has(user.id) ? 'known' : 'new',
  })
  if (password !== undefined) afterPassword(ctx, signIn, user, client)
  return ctx.envelope(signInJson(signIn, ctx.core))
}

async function getSignIn(ctx: Ctx) {
  const empty = ctx.core.store.signIns.get(ctx.params[0] ?? '')
  if (empty?.status === 'needs_identifier' && empty.clientId === ctx.client?.id) return ctx.envelope(signInJson(empty, ctx.core))
  const { signIn } = loadSignIn(ctx)
  // Real FAPI hides abandoned sign-ins.
  if (isAbandoned(ctx, signIn)) throw notFound('sign in')
  return ctx.envelope(signInJson(signIn, ctx.core))
}

async function prepareFirstFactor(ctx: Ctx) {
  const { signIn } = loadSignIn(ctx)
  if (isAbandoned(ctx, signIn)) throw signInExpired()
  if (ctx.body.strategy !== 'password') {
    throw formError('strategy_for_user_invalid', 'Only the password first factor is available.', 'strategy')
  }
  return ctx.envelope(signInJson(signIn, ctx.core))
}

async function attemptFirstFactor(ctx: Ctx) {
  const { signIn, user, client } = loadSignIn(ctx)
  if (isAbandoned(ctx, signIn)) throw signInExpired()
  if (ctx.body.strategy !== 'password') {
    throw formError('strategy_for_user_invalid', 'Only the password first factor is available.', 'strategy')
  }
  if (signIn.status !== 'needs_first_factor') {
    throw clerkError(422, 'sign_in_invalid_status', `The sign-in is in status '${signIn.status}', not 'needs_first_factor'.`)
  }
  spend(client.hits.attempts, ctx.core.instance.rateLimits.attempts, ctx.core.now())
  signIn.firstFactorAttempts += 1
  checkPassword(ctx, user, ctx.body.password ?? '')
  afterPassword(ctx, signIn, user, client)
  return ctx.envelope(signInJson(signIn, ctx.core))
}

/** Clears a Clerk Protect challenge (`signIn.submitProtectCheck({ proofToken })`); any proof passes here. */
async function protectCheck(ctx: Ctx) {
  const { signIn, user, client } = loadSignIn(ctx)
  if (isAbandoned(ctx, signIn)) throw signInExpired()
  // Clerk's code for a challenge already cleared (clerk/javascript `packages/shared/src/internal/clerk-js/constants.ts`).
  if (signIn.status !== 'needs_protect_check') throw clerkError(422, 'protect_check_already_resolved', 'This sign-in has no pending protect check.')
  if (!ctx.body.proof_token) throw formError('form_param_missing', 'proof_token is required.', 'proof_token')
  signIn.protectCheck = null
  signIn.protectPassed = true
  continueAfterPassword(ctx, signIn, user, client)
  return ctx.envelope(signInJson(signIn, ctx.core))
}

export const signInRoutes: Route[] = [
  { method: 'POST', pattern: /^\/v1\/client\/sign_ins$/, handler: createSignIn, limited: true },
  { method: 'GET', pattern: /^\/v1\/client\/sign_ins\/([^/]+)$/, handler: getSignIn },
  { method: 'POST', pattern: /^\/v1\/client\/sign_ins\/([^/]+)\/prepare_first_factor$/, handler: prepareFirstFactor, limited: true },
  { method: 'POST', pattern: /^\/v1\/client\/sign_ins\/([^/]+)\/attempt_first_factor$/, handler: attemptFirstFactor, limited: true },
  { method: 'PATCH', pattern: /^\/v1\/client\/sign_ins\/([^/]+)\/protect_check$/, handler: protectCheck },
]
