import { randomBytes } from 'node:crypto'
import type { EmulatorRequest } from '../http/request'
import { clerkError } from '../http/wire'
import type { EmulatorState } from '../state/emulatorState'
import type { ProtectChallenge, StoredSignIn } from '../state/store'
import { PROTECT_SDK_PATH } from './sdk'

// Clerk Protect's mid-flow challenge, as the emulator plays it. Clerk sends a `protect_check`
// (`token`, `sdk_url`, `expires_at` in epoch ms, `ui_hints`: clerk/javascript
// `packages/shared/src/types/json.ts`, `ProtectCheckJSON`); the page imports the module at
// `sdk_url`, whose default export turns the token into a proof token
// (`packages/shared/src/internal/clerk-js/protectCheck.ts`); `signIn.submitProtectCheck({ proofToken })`
// sends it back (`PATCH …/sign_ins/:id/protect_check`, `proof_token`). Here the module is
// the stand-in of `sdk.ts`, served by the emulator, and the proof comes from `POST protect/proofs`.

/** How long a challenge may be solved. Clerk publishes no figure; ten minutes, shorter than a sign-in. */
export const CHALLENGE_LIFETIME_MS = 10 * 60_000
/** How long a proof may wait before it is submitted. */
export const PROOF_LIFETIME_MS = 2 * 60_000

// A token names its sign-in, so the proof route finds it without a scan: `pct_<sign-in id>_<random>`.
const TOKEN = /^pct_(sia_[A-Za-z0-9]+)_[0-9a-f]{24}$/

/** Gates `signIn` with a new challenge (a chained one replaces the one just cleared). */
export function issueChallenge(req: EmulatorRequest, signIn: StoredSignIn): ProtectChallenge {
  const challenge: ProtectChallenge = {
    token: `pct_${signIn.id}_${randomBytes(12).toString('hex')}`,
    // The emulator's own origin as this request reached it: standalone, or mounted under a Nuxt app.
    sdkUrl: `${req.selfOrigin}${req.emulator.basePath}${PROTECT_SDK_PATH}`,
    expiresAt: req.emulator.now() + CHALLENGE_LIFETIME_MS,
    proof: null,
  }
  signIn.status = 'needs_protect_check'
  signIn.protectCheck = challenge
  return challenge
}

/** The challenge has run out of time (or the `expireProtectChecks` scenario says so). */
export function isChallengeExpired(emulator: EmulatorState, challenge: ProtectChallenge): boolean {
  return emulator.scenario.expireProtectChecks || emulator.now() >= challenge.expiresAt
}

// Clerk's own code for a challenge that ran out of time (`protect_check_timed_out`, clerk/javascript
// `packages/shared/src/internal/clerk-js/constants.ts`; en-US: "Verification didn't complete in time").
const timedOut = () => clerkError(422, 'protect_check_timed_out', 'This verification has expired. Please start again.')

/**
 * What the stand-in SDK calls once the person pressed its button: a proof for `token`, valid
 * for {@link PROOF_LIFETIME_MS}, replacing any proof handed out before for that challenge.
 */
export function mintProof(emulator: EmulatorState, token: string | undefined): { proof_token: string, expires_at: number } {
  const signInId = TOKEN.exec(token ?? '')?.[1]
  const challenge = signInId ? emulator.store.signIns.get(signInId)?.protectCheck : undefined
  if (!challenge || challenge.token !== token) throw clerkError(404, 'resource_not_found', 'No pending protect check has this token.', { param_name: 'token' })
  if (isChallengeExpired(emulator, challenge)) throw timedOut()
  const proof = { token: `pcp_${randomBytes(16).toString('hex')}`, expiresAt: emulator.now() + PROOF_LIFETIME_MS }
  challenge.proof = proof
  return { proof_token: proof.token, expires_at: proof.expiresAt }
}

/**
 * Spends `proofToken` on the sign-in's pending challenge: once, before it expires, only the proof
 * minted for this challenge. Clerk names no code for a refused proof; the emulator answers
 * `protect_check_execution_failed`, the code Clerk's UI already says "Verification didn't
 * complete. Please try again." for (clerk/javascript `packages/localizations/src/en-US.ts`).
 */
export function redeemProof(emulator: EmulatorState, signIn: StoredSignIn, proofToken: string): void {
  const challenge = signIn.protectCheck
  if (!challenge) throw clerkError(422, 'protect_check_already_resolved', 'This sign-in has no pending protect check.')
  if (isChallengeExpired(emulator, challenge)) throw timedOut()
  const proof = challenge.proof
  if (!proof || proof.token !== proofToken || emulator.now() >= proof.expiresAt) {
    // A wrong guess burns the proof outstanding too: one try per proof, whoever makes it.
    challenge.proof = null
    throw clerkError(422, 'protect_check_execution_failed', 'The verification was not accepted. Please try again.')
  }
  challenge.proof = null
  signIn.protectCheck = null
  signIn.protectPassed += 1
}
