import type { StoredClient, StoredSession, StoredSignIn, StoredVerification } from '../state/store'
import { isLive } from '../state/store'
import type { EmulatorState } from '../state/emulatorState'
import { attemptsRemaining, lockoutLeft } from './limits'
import type { SessionClaims } from '../tokens/sessionTokens'
import type { UserRecord } from '../state/users'
import { clientTrustFactors, normalizePhone, safeIdentifier } from '../state/users'

/** Per-request facts the serializers need (token issuer and audience). */
export interface TokenContext {
  issuer: string
  azp?: string
}

const DAY = 86_400_000

function verifiedIdentity(createdAt: number) {
  return { object: 'verification_otp', status: 'verified', strategy: 'email_code', attempts: null, expire_at: createdAt + DAY }
}

export function userJson(user: UserRecord, emulator: EmulatorState): Record<string, unknown> {
  const { source } = user
  const mfa = source.mfa ?? []
  const locked = lockoutLeft(emulator, user)
  return {
    object: 'user',
    id: user.id,
    username: source.username ?? null,
    first_name: source.firstName ?? null,
    last_name: source.lastName ?? null,
    image_url: '',
    has_image: false,
    primary_email_address_id: user.emailId,
    primary_phone_number_id: user.phoneId,
    primary_web3_wallet_id: null,
    password_enabled: true,
    two_factor_enabled: mfa.length > 0,
    totp_enabled: mfa.includes('totp'),
    backup_code_enabled: mfa.includes('backup_code'),
    email_addresses: user.emailId && source.emailAddress
      ? [{ object: 'email_address', id: user.emailId, email_address: source.emailAddress, reserved: false, verification: verifiedIdentity(user.createdAt), linked_to: [], matches_sso_connection: false, created_at: user.createdAt, updated_at: user.createdAt }]
      : [],
    phone_numbers: user.phoneId && source.phoneNumber
      ? [{ object: 'phone_number', id: user.phoneId, phone_number: source.phoneNumber, reserved_for_second_factor: false, default_second_factor: mfa.includes('phone_code'), reserved: false, verification: { ...verifiedIdentity(user.createdAt), strategy: 'phone_code' }, linked_to: [], created_at: user.createdAt, updated_at: user.createdAt }]
      : [],
    web3_wallets: [],
    passkeys: [],
    organization_memberships: [],
    external_accounts: [],
    saml_accounts: [],
    enterprise_accounts: [],
    public_metadata: {},
    unsafe_metadata: {},
    external_id: null,
    last_sign_in_at: null,
    banned: false,
    locked: locked !== undefined,
    lockout_expires_in_seconds: locked ?? null,
    verification_attempts_remaining: attemptsRemaining(emulator, user),
    created_at: user.createdAt,
    updated_at: user.createdAt,
    delete_self_enabled: false,
    create_organization_enabled: false,
    // Read by clerk-js 6.40 (`UserJSON` in clerk/javascript `packages/shared/src/types/json.ts`);
    // Clerk's values for a user without an image or saved time zone. 0 = unlimited (OpenAPI
    // `Client.User`); clerk-js reads it as `create_organizations_limit || null`.
    create_organizations_limit: 0,
    profile_image_id: '',
    timezone: null,
    last_active_at: emulator.now(),
    mfa_enabled_at: mfa.length > 0 ? user.createdAt : null,
    mfa_disabled_at: null,
    legal_accepted_at: null,
  }
}

function publicUserData(user: UserRecord, identifier: string) {
  return { first_name: user.source.firstName ?? null, last_name: user.source.lastName ?? null, image_url: '', has_image: false, identifier }
}

function primaryIdentifier(user: UserRecord): string {
  return user.source.emailAddress ?? user.source.phoneNumber ?? user.source.username ?? user.id
}

/**
 * Minutes since the first and the second factor were verified, -1 for a second factor never
 * verified: the session's `factor_verification_age` and the token's `fva` claim
 * (clerk/clerk-docs `docs/guides/sessions/session-tokens.mdx`; reverification reads it,
 * clerk/javascript `packages/shared/src/authorization.ts`).
 */
export function factorAges(session: StoredSession, now: number): [number, number] {
  const minutes = (at: number) => Math.max(0, Math.floor((now - at) / 60_000))
  return [minutes(session.firstFactorVerifiedAt), session.secondFactorVerifiedAt === null ? -1 : minutes(session.secondFactorVerifiedAt)]
}

/** The claims of a session token for `session`, as the caller (`azp`) sees it. */
export function sessionClaims(session: StoredSession, emulator: EmulatorState, tokens: TokenContext, azp = tokens.azp): SessionClaims {
  const now = emulator.now()
  return { sid: session.id, sub: session.userId, iss: tokens.issuer, azp, now, status: session.status, fva: factorAges(session, now) }
}

export async function sessionJson(session: StoredSession, emulator: EmulatorState, tokens: TokenContext): Promise<Record<string, unknown>> {
  const user = emulator.userById(session.userId)
  const jwt = isLive(session) && user ? await emulator.signer.sessionToken(sessionClaims(session, emulator, tokens)) : null
  return {
    object: 'session',
    id: session.id,
    status: session.status,
    expire_at: session.expireAt,
    abandon_at: session.abandonAt,
    last_active_at: session.lastActiveAt,
    last_active_token: jwt ? { object: 'token', jwt } : null,
    last_active_organization_id: null,
    actor: null,
    tasks: session.tasks.length > 0 ? session.tasks.map(key => ({ key })) : null,
    user: user ? userJson(user, emulator) : null,
    public_user_data: user ? publicUserData(user, primaryIdentifier(user)) : null,
    factor_verification_age: factorAges(session, emulator.now()),
    created_at: session.createdAt,
    updated_at: session.updatedAt,
  }
}

function factorJson(user: UserRecord, strategy: string, primary: boolean): Record<string, unknown> {
  const { source } = user
  if (strategy === 'phone_code' && user.phoneId && source.phoneNumber) {
    return { strategy, safe_identifier: safeIdentifier(source.phoneNumber), phone_number_id: user.phoneId, primary, default: primary }
  }
  if ((strategy === 'email_code' || strategy === 'email_link') && user.emailId && source.emailAddress) {
    return { strategy, safe_identifier: safeIdentifier(source.emailAddress), email_address_id: user.emailId, primary, default: primary }
  }
  return { strategy, primary, default: primary }
}

/**
 * Reset-password codes for the user's email and phone, the one of the identifier typed first
 * (Clerk's UI takes the first it finds: clerk/javascript `packages/ui/src/components/SignIn/`).
 * `primary`: the address is the user's primary one (`ResetPasswordEmailCodeFactor`, @clerk/shared).
 */
export function resetFactors(user: UserRecord, identifier: string): Record<string, unknown>[] {
  const { emailAddress, phoneNumber } = user.source
  const factors: Record<string, unknown>[] = []
  if (user.emailId && emailAddress) factors.push({ strategy: 'reset_password_email_code', safe_identifier: safeIdentifier(emailAddress), email_address_id: user.emailId, primary: true })
  if (user.phoneId && phoneNumber) factors.push({ strategy: 'reset_password_phone_code', safe_identifier: safeIdentifier(phoneNumber), phone_number_id: user.phoneId, primary: true })
  return phoneNumber && normalizePhone(identifier) === normalizePhone(phoneNumber) ? factors.reverse() : factors
}

/** First factors of a sign-in: the password, then its reset codes (Clerk's order, as its UI's test fixtures list them). */
function firstFactors(user: UserRecord | undefined, identifier: string): Record<string, unknown>[] {
  return [{ strategy: 'password' }, ...(user ? resetFactors(user, identifier) : [])]
}

/** Factors the sign-in offers now: MFA factors, client-trust factors, or none. */
export function secondFactors(signIn: StoredSignIn, user: UserRecord, emulator: EmulatorState): Record<string, unknown>[] {
  if (signIn.status === 'needs_first_factor' || signIn.status === 'needs_protect_check' || signIn.status === 'needs_identifier') return []
  const mfa = user.source.mfa ?? []
  const strategies = mfa.length > 0
    ? mfa.filter(f => (f !== 'phone_code' || user.phoneId) && (f !== 'email_code' || user.emailId))
    : clientTrustFactors(user.source, emulator.instance)
  return strategies.map((strategy, i) => factorJson(user, strategy, i === 0))
}

function verificationJson(v: StoredVerification | null): Record<string, unknown> | null {
  if (!v) return null
  const kind = v.strategy === 'totp' ? 'verification_totp' : v.strategy === 'backup_code' ? 'verification_backup_code' : v.strategy === 'email_link' ? 'verification_email_link' : 'verification_otp'
  const json: Record<string, unknown> = { object: kind, status: v.status, strategy: v.strategy, attempts: v.attempts, expire_at: v.expireAt }
  // Email links say which client opened them ('' until then), so clerk-js can tell "verified in
  // this browser" from "verified elsewhere" (OpenAPI `Stubs.Verification.Link.verified_at_client`).
  if (v.strategy === 'email_link') json.verified_at_client = v.verifiedAtClient ?? ''
  return json
}

/** A pending Clerk Protect challenge (`ProtectCheckJSON`, clerk/javascript `packages/shared/src/types/json.ts`). */
function protectCheckJson(signIn: StoredSignIn, emulator: EmulatorState): Record<string, unknown> | null {
  const challenge = signIn.protectCheck
  if (!challenge) return null
  // The stand-in SDK on the emulator's own origin (plain http on loopback: Clerk's prebuilt UI,
  // which loads https only, refuses it; this package's form accepts it from the Frontend API's origin).
  // An expired challenge keeps its `expires_at`: Clerk does not re-mint one on read (clerk/javascript
  // `packages/ui/src/hooks/useProtectCheckRunner.ts`).
  return { status: 'pending', token: challenge.token, sdk_url: challenge.sdkUrl, expires_at: emulator.scenario.expireProtectChecks ? Math.min(challenge.expiresAt, emulator.now() - 1) : challenge.expiresAt, ui_hints: {} }
}

export function signInJson(signIn: StoredSignIn, emulator: EmulatorState): Record<string, unknown> {
  const user = emulator.userById(signIn.userId)
  const supportedIdentifiers = ['email_address', 'phone_number', 'username']
  return {
    object: 'sign_in_attempt',
    id: signIn.id,
    status: signIn.status,
    supported_identifiers: supportedIdentifiers,
    supported_first_factors: firstFactors(user, signIn.identifier),
    supported_second_factors: user && signIn.status !== 'complete' ? secondFactors(signIn, user, emulator) : [],
    // A reset code, once asked for, is the first factor Clerk reports (its UI tells a reset by code
    // from a password that needs a new one by this strategy: `ResetPassword.tsx`).
    first_factor_verification: signIn.firstFactor
      ? verificationJson(signIn.firstFactor)
      : signIn.passwordVerified
        ? { object: 'verification_password', status: 'verified', strategy: 'password', attempts: signIn.firstFactorAttempts, expire_at: null }
        : null,
    second_factor_verification: verificationJson(signIn.secondFactor),
    identifier: signIn.identifier,
    user_data: user ? { first_name: user.source.firstName ?? null, last_name: user.source.lastName ?? null, image_url: '', has_image: false } : null,
    created_session_id: signIn.createdSessionId,
    abandon_at: signIn.abandonAt,
    client_trust_state: signIn.clientTrustState,
    // Newer than the OpenAPI file (2026-05-12), read by clerk-js 6.40 (`SignInJSON`).
    timezone: signIn.timezone,
    protect_check: protectCheckJson(signIn, emulator),
  }
}

export async function clientJson(client: StoredClient, emulator: EmulatorState, tokens: TokenContext): Promise<Record<string, unknown>> {
  const sessions: Record<string, unknown>[] = []
  for (const id of client.sessionIds) {
    const session = emulator.store.sessions.get(id)
    if (isLive(session)) sessions.push(await sessionJson(session, emulator, tokens))
  }
  const signIn = client.signInId ? emulator.store.signIns.get(client.signInId) : undefined
  return {
    object: 'client',
    id: client.id,
    sessions,
    sign_in: signIn ? signInJson(signIn, emulator) : null,
    sign_up: null,
    last_active_session_id: client.lastActiveSessionId,
    last_authentication_strategy: null,
    // null keeps clerk-js from routing sign-out through /v1/client/touch.
    cookie_expires_at: null,
    captcha_bypass: false,
    created_at: client.createdAt,
    updated_at: client.updatedAt,
  }
}
