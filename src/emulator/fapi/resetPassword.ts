import type { EmulatorRequest } from '../http/request'
import { checkFactorIds, sendCode, verifyCode } from './codes'
import { assertNotLocked, spendLimit } from './limits'
import { checkNewPassword } from './passwordRules'
import { resetFactors, signInJson } from './resources'
import { completeSignIn, isAbandoned, loadSignIn, signInExpired } from './signInMachine'
import type { EmulatorState } from '../state/emulatorState'
import type { StoredClient, StoredSignIn } from '../state/store'
import { isLive } from '../state/store'
import type { UserRecord } from '../state/users'
import { clerkError, formError } from '../http/wire'
import type { Route } from '../http/route'

// A forgotten password, as clerk-js 6.40 runs it (`SignInFuture.resetPasswordEmailCode` /
// `resetPasswordPhoneCode`): `prepare_first_factor` and `attempt_first_factor` with
// `reset_password_email_code` or `reset_password_phone_code` (then `needs_new_password`), and
// `POST …/reset_password` (OpenAPI operation `resetPassword`) with `password` and
// `sign_out_of_other_sessions`. The same route takes the new password of a user whose correct
// password stopped at `needs_new_password`.

/** The strategies of a reset code. */
export const RESET_STRATEGIES: ReadonlySet<string> = new Set(['reset_password_email_code', 'reset_password_phone_code'])

/**
 * A request that does not fit the sign-in's state: Clerk's `client_state_invalid` (400,
 * "InvalidClientStateForAction", `sign_in.go` in clerk/clerk-docs `data/api_errors.json`), the
 * catalogue's one sign-in error for an action the sign-in is not ready for.
 */
function wrongState(action: string, signIn: StoredSignIn, resolution: string): Error {
  return clerkError(400, 'client_state_invalid', `We were unable to complete ${action} for this Client. ${resolution}`, {}, {}, `We were unable to complete ${action} for this Client. The sign-in is ${signIn.status}: ${resolution}`)
}

/** Before a code is verified a sign-in waits for its first factor; `needs_new_password` may ask for one too. */
function assertCodeStep(signIn: StoredSignIn, action: string): void {
  if (signIn.status !== 'needs_first_factor' && signIn.status !== 'needs_new_password') {
    throw wrongState(action, signIn, 'Start a new sign-in to reset the password.')
  }
}

function resetFactor(user: UserRecord, strategy: string): Record<string, unknown> {
  const factor = resetFactors(user, '').find(f => f.strategy === strategy)
  if (!factor) throw formError('strategy_for_user_invalid', `'${strategy}' is not a first factor of this sign-in: the user has no ${strategy === 'reset_password_phone_code' ? 'phone number' : 'email address'}.`, 'strategy')
  return factor
}

/** `prepare_first_factor` with a reset strategy: sends a reset code to the user's email or phone. */
export async function prepareResetCode(req: EmulatorRequest, signIn: StoredSignIn, user: UserRecord) {
  assertCodeStep(signIn, 'prepare first factor')
  const strategy = req.body.strategy ?? ''
  checkFactorIds(req.body, resetFactor(user, strategy))
  signIn.firstFactor = sendCode(req, signIn, user, strategy, 'reset_password')
  return req.envelope(signInJson(signIn, req.emulator))
}

/** `attempt_first_factor` with a reset strategy: a right code moves the sign-in to `needs_new_password`. */
export async function attemptResetCode(req: EmulatorRequest, signIn: StoredSignIn, user: UserRecord, client: StoredClient) {
  // A replayed code after the reset is answered like a replayed second factor.
  if (signIn.status === 'complete') throw clerkError(422, 'verification_already_verified', 'This verification has already been verified.')
  assertCodeStep(signIn, 'attempt first factor')
  const strategy = req.body.strategy ?? ''
  resetFactor(user, strategy)
  spendLimit(req, 'attempts', client)
  assertNotLocked(req.emulator, user)
  verifyCode(req, signIn.firstFactor, strategy, req.body.code ?? '', user)
  signIn.status = 'needs_new_password'
  return req.envelope(signInJson(signIn, req.emulator))
}

/**
 * Ends the user's sessions on every other client, as `sign_out_of_other_sessions` asks: they
 * become `revoked`, and their clients' next session request says so (sessionRoutes.ts).
 */
function revokeOtherSessions(emulator: EmulatorState, userId: string, keepClientId: string): void {
  const now = emulator.now()
  for (const session of emulator.store.sessions.values()) {
    if (session.userId !== userId || session.clientId === keepClientId || !isLive(session)) continue
    session.status = 'revoked'
    session.updatedAt = now
    const client = emulator.store.clients.get(session.clientId)
    if (!client) continue
    client.sessionIds = client.sessionIds.filter(id => id !== session.id)
    if (client.lastActiveSessionId === session.id) client.lastActiveSessionId = null
    client.updatedAt = now
  }
}

/**
 * `POST /v1/client/sign_ins/{id}/reset_password`: sets the new password of a sign-in in
 * `needs_new_password`, then MFA asks for its second factor, or the sign-in completes.
 *
 * No new-device check (`needs_client_trust`) follows: Device Trust applies to password
 * sign-ins (clerk/clerk-docs `docs/guides/secure/device-trust.mdx`), a reset code already
 * proved the email or phone, and Clerk's own reset page expects `complete` or
 * `needs_second_factor` only, reporting anything else as an invalid answer (clerk/javascript
 * `packages/ui/src/components/SignIn/ResetPassword.tsx`), as Clerk's forgot-password guide does.
 */
async function resetPassword(req: EmulatorRequest) {
  const { signIn, user, client } = loadSignIn(req)
  if (isAbandoned(req, signIn)) throw signInExpired()
  if (signIn.status !== 'needs_new_password') {
    throw wrongState('reset password', signIn, 'Verify a reset code first, then send the new password.')
  }
  assertNotLocked(req.emulator, user)
  const password = req.body.password ?? ''
  if (!password) throw formError('form_param_missing', 'Enter a new password.', 'password')
  const { emulator } = req
  const { emailAddress, phoneNumber, username } = user.source
  checkNewPassword(password, emulator.instance.passwordSettings, {
    current: emulator.passwordOf(user),
    identifiers: [emailAddress?.split('@')[0], phoneNumber, username].filter((value): value is string => !!value),
  })
  emulator.store.passwords.set(user.id, password)
  if (req.body.sign_out_of_other_sessions === 'true') revokeOtherSessions(emulator, user.id, client.id)
  if ((user.source.mfa ?? []).length > 0) signIn.status = 'needs_second_factor'
  else completeSignIn(req, signIn, client)
  return req.envelope(signInJson(signIn, emulator))
}

export const resetPasswordRoutes: Route[] = [
  { method: 'POST', pattern: /^\/v1\/client\/sign_ins\/([^/]+)\/reset_password$/, handler: resetPassword, limited: true },
]
