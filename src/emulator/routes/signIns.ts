import type { Ctx } from '../context'
import { afterPassword, checkPassword, isAbandoned, loadSignIn, signInExpired } from '../flow'
import { signInJson } from '../resources'
import type { SignInRecord } from '../store'
import { newId } from '../store'
import { findUser } from '../users'
import { clerkError, formError, notFound } from '../wire'
import type { Route } from './types'

const SIGN_IN_LIFETIME = 86_400_000

async function createSignIn(ctx: Ctx) {
  const { identifier, password, strategy } = ctx.body
  if (strategy && strategy !== 'password') {
    throw formError('strategy_for_user_invalid', `The emulator signs in with passwords only, not '${strategy}'.`, 'strategy')
  }
  if (!identifier) {
    if (password !== undefined) throw formError('form_param_missing', 'Enter your email address, phone number or username.', 'identifier')
    return createWithoutIdentifier(ctx)
  }
  const user = findUser(ctx.core.users, identifier)
  if (!user) throw formError('form_identifier_not_found', 'Couldn\'t find your account.', 'identifier')
  if (password !== undefined) checkPassword(user, password)
  const client = ctx.ensureClient()
  const now = ctx.core.now()
  const signIn: SignInRecord = {
    id: newId('sia'),
    clientId: client.id,
    userId: user.id,
    identifier,
    status: 'needs_first_factor',
    passwordVerified: false,
    firstFactorAttempts: password === undefined ? 0 : 1,
    secondFactor: null,
    createdSessionId: null,
    clientTrustState: client.trustedUserIds.has(user.id) ? 'known' : 'new',
    abandonAt: now + SIGN_IN_LIFETIME,
    prepares: [],
  }
  ctx.core.store.signIns.set(signIn.id, signIn)
  client.signInId = signIn.id
  client.updatedAt = now
  if (password !== undefined) afterPassword(ctx, signIn, user, client)
  return ctx.envelope(signInJson(signIn, ctx.core))
}

/** Like FAPI: a sign-in created empty waits in `needs_identifier`. */
async function createWithoutIdentifier(ctx: Ctx) {
  const client = ctx.ensureClient()
  const now = ctx.core.now()
  const signIn: SignInRecord = {
    id: newId('sia'),
    clientId: client.id,
    userId: '',
    identifier: '',
    status: 'needs_identifier',
    passwordVerified: false,
    firstFactorAttempts: 0,
    secondFactor: null,
    createdSessionId: null,
    clientTrustState: 'pending',
    abandonAt: now + SIGN_IN_LIFETIME,
    prepares: [],
  }
  ctx.core.store.signIns.set(signIn.id, signIn)
  client.signInId = signIn.id
  client.updatedAt = now
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
  signIn.firstFactorAttempts += 1
  checkPassword(user, ctx.body.password ?? '')
  afterPassword(ctx, signIn, user, client)
  return ctx.envelope(signInJson(signIn, ctx.core))
}

export const signInRoutes: Route[] = [
  { method: 'POST', pattern: /^\/v1\/client\/sign_ins$/, handler: createSignIn, limited: true },
  { method: 'GET', pattern: /^\/v1\/client\/sign_ins\/([^/]+)$/, handler: getSignIn },
  { method: 'POST', pattern: /^\/v1\/client\/sign_ins\/([^/]+)\/prepare_first_factor$/, handler: prepareFirstFactor, limited: true },
  { method: 'POST', pattern: /^\/v1\/client\/sign_ins\/([^/]+)\/attempt_first_factor$/, handler: attemptFirstFactor, limited: true },
]
