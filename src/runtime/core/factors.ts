/**
 * Second factors as plain data: which one to start with, which ones to offer as
 * "another method", what each one is called. No Vue, no Clerk objects.
 */
import type { Messages } from './messages'

/** A way to prove a new device: a code by email or SMS, or an email link. */
export type TrustStrategy = 'email_code' | 'phone_code' | 'email_link'

/** The subset of a Clerk sign-in factor this module reads. */
export interface FactorLike {
  strategy: string
  safeIdentifier?: string | null
  emailAddressId?: string
  phoneNumberId?: string
}

/** The codes that reset a password (first factors Clerk offers once the identifier is known). */
export type ResetStrategy = 'reset_password_email_code' | 'reset_password_phone_code'

/** Factors this form can finish on a code step: Device Trust, MFA, and the password reset code. */
export type FactorStrategy = 'totp' | 'phone_code' | 'email_code' | 'backup_code' | 'email_link' | ResetStrategy

/** Factors whose code we ask Clerk to send (SMS or email). */
export type SendableStrategy = 'phone_code' | 'email_code'

/** An offered factor, as the form shows it. */
export interface SecondFactor {
  strategy: FactorStrategy
  /** Masked email or phone (`j***@example.com`), when the factor has one. */
  safeIdentifier: string | null
  emailAddressId?: string
  phoneNumberId?: string
}

const STRATEGIES: readonly FactorStrategy[] = ['totp', 'phone_code', 'email_code', 'backup_code', 'email_link', 'reset_password_email_code', 'reset_password_phone_code']

/** `true` for factors whose code Clerk sends (and that can be resent). */
export function isSendable(strategy: string | null | undefined): strategy is SendableStrategy | ResetStrategy {
  return codeChannel(strategy) !== null
}

/** Where the code of `strategy` goes: by email or by SMS; `null` for what is not sent (TOTP, backup codes, links). */
export function codeChannel(strategy: string | null | undefined): SendableStrategy | null {
  switch (strategy) {
    case 'email_code':
    case 'reset_password_email_code': return 'email_code'
    case 'phone_code':
    case 'reset_password_phone_code': return 'phone_code'
    default: return null
  }
}

/** `true` for the password reset codes. */
export function isResetStrategy(strategy: string | null | undefined): strategy is ResetStrategy {
  return strategy === 'reset_password_email_code' || strategy === 'reset_password_phone_code'
}

/** The offered factors this form can finish (passkeys and unknown strategies are left out), in Clerk's order. */
export function usableFactors(factors: readonly FactorLike[] | null | undefined): SecondFactor[] {
  return (factors ?? [])
    .filter((f): f is FactorLike & { strategy: FactorStrategy } => (STRATEGIES as readonly string[]).includes(f.strategy))
    .map(f => ({
      strategy: f.strategy,
      safeIdentifier: f.safeIdentifier || null,
      ...(f.emailAddressId ? { emailAddressId: f.emailAddressId } : {}),
      ...(f.phoneNumberId ? { phoneNumberId: f.phoneNumberId } : {}),
    }))
}

/**
 * Clerk's order of preference for the first MFA factor shown: an authenticator
 * app (TOTP), then an SMS code, then whatever is offered first.
 */
export function chooseSecondFactor(factors: readonly SecondFactor[]): SecondFactor | null {
  return factors.find(f => f.strategy === 'totp')
    ?? factors.find(f => f.strategy === 'phone_code')
    ?? factors[0]
    ?? null
}

/** The factors to offer instead of `current`, backup codes last (as Clerk's list does). */
export function alternativesTo(factors: readonly SecondFactor[], current: SecondFactor | null): SecondFactor[] {
  const others = factors.filter(f => !current || factorKey(f) !== factorKey(current))
  return [...others.filter(f => f.strategy !== 'backup_code'), ...others.filter(f => f.strategy === 'backup_code')]
}

/** Tells two offers of the same strategy apart (two phone numbers). */
export function factorKey(factor: Pick<SecondFactor, 'strategy' | 'emailAddressId' | 'phoneNumberId'>): string {
  return [factor.strategy, factor.emailAddressId ?? factor.phoneNumberId ?? ''].join(':')
}

/** The message keys naming a factor: its button in "Use another method", its hint on the code step. */
const LABELS: Record<FactorStrategy, { method: keyof Messages, hint: keyof Messages }> = {
  totp: { method: 'methodTotp', hint: 'hintTotp' },
  phone_code: { method: 'methodPhoneCode', hint: 'codeSentTo' },
  email_code: { method: 'methodEmailCode', hint: 'codeSentTo' },
  backup_code: { method: 'methodBackupCode', hint: 'hintBackupCode' },
  email_link: { method: 'methodEmailLink', hint: 'emailLinkSentTo' },
  reset_password_email_code: { method: 'methodEmailCode', hint: 'resetCodeSentToEmail' },
  reset_password_phone_code: { method: 'methodPhoneCode', hint: 'resetCodeSentToPhone' },
}

/** Message key of the button that switches to `factor`. */
export function methodLabelKey(strategy: FactorStrategy): keyof Messages {
  return LABELS[strategy].method
}

/** Message key of the sentence that says which factor the step asks for. */
export function hintKey(strategy: FactorStrategy): keyof Messages {
  return LABELS[strategy].hint
}

/** Result of {@link normalizeBackupCode}. */
export type BackupCodeCheck = { ok: true, code: string } | { ok: false, reason: 'required' | 'invalid' }

/** Backup codes are not 6 digits: trim them, refuse empty or absurdly long input without a request. */
export function normalizeBackupCode(input: string | null | undefined): BackupCodeCheck {
  const code = (input ?? '').trim()
  if (!code) return { ok: false, reason: 'required' }
  if (code.length > 64 || /\s/.test(code)) return { ok: false, reason: 'invalid' }
  return { ok: true, code }
}

/**
 * Picks the factor that proves a new device: `phone_code` when it is offered
 * without `email_code`, else `email_code`; `email_link` only when it is the
 * sole option. `null` when nothing usable is offered.
 */
export function chooseTrustFactor<F extends FactorLike>(
  factors: readonly F[] | null | undefined,
): (F & { strategy: TrustStrategy }) | null {
  const find = (strategy: TrustStrategy) =>
    (factors ?? []).find(f => f.strategy === strategy) as (F & { strategy: TrustStrategy }) | undefined
  return find('email_code') ?? find('phone_code') ?? find('email_link') ?? null
}

/** The strategies that prove a new device (the `verify` step offers only these). */
const TRUST_STRATEGIES: ReadonlySet<string> = new Set<TrustStrategy>(['email_code', 'phone_code', 'email_link'])

/** What a `needs_second_factor` sign-in says about why it asks: read by {@link isDeviceTrustSecondFactor}. */
export interface SecondFactorEvidence {
  /** The sign-in's `clientTrustState` (`client_trust_state`): `'new'`, `'known'` or `'pending'`. */
  clientTrustState?: string | null
  /** The strategies of its `supportedSecondFactors`, in Clerk's order. */
  strategies?: readonly string[] | null
}

/**
 * `true` when a `needs_second_factor` sign-in is Device Trust checking a new device, as older Clerk
 * applications ask it (created before 2025-11-14 without the "Device Trust Status" update: clerk/clerk-docs
 * `docs/guides/secure/device-trust.mdx`); `false` for real MFA. Two signs, both Clerk's:
 * - `clientTrustState` is `'new'`: Clerk's prebuilt UI shows its new-device notice on a second factor
 *   only then (clerk/javascript `packages/ui/src/components/SignIn/SignInFactorTwoCodeForm.tsx` and
 *   `SignInFactorTwoEmailLinkCard.tsx`); a known device is never asked by Device Trust.
 * - every factor offered proves a device: an email code, an SMS code or an email link, the only ones
 *   Device Trust uses (`device-trust.mdx`, "How Device Trust differs from traditional MFA"; Clerk's
 *   `SignInClientTrust.tsx` renders no other). An authenticator app or backup codes mean MFA, which
 *   a user with MFA gets on a new device too (`clientTrustState` `'new'` then as well: Clerk had to
 *   stop showing its notice to them, clerk/javascript#7313).
 * What the wire cannot tell: a user whose only MFA is an email or SMS code, on a new device. Clerk's UI
 * then drops the notice whenever the instance has any MFA method on (an attribute
 * `used_for_second_factor`), for every user; this form goes by what the sign-in offers and shows the
 * new-device step (the same code, sent once, to the same place).
 */
export function isDeviceTrustSecondFactor(evidence: SecondFactorEvidence | null | undefined): boolean {
  const strategies = evidence?.strategies ?? []
  return evidence?.clientTrustState === 'new' && strategies.length > 0 && strategies.every(s => TRUST_STRATEGIES.has(s))
}

/**
 * The factors a code step offers: every usable second factor for MFA, the new-device ones for
 * `verify`, the reset codes among the first factors for `reset-code`; none elsewhere.
 */
export function offeredFactors(step: string, supported: { first?: readonly FactorLike[] | null, second?: readonly FactorLike[] | null }): SecondFactor[] {
  if (step === 'reset-code') return usableFactors(supported.first).filter(f => isResetStrategy(f.strategy))
  if (step !== 'verify' && step !== 'second-factor') return []
  const usable = usableFactors(supported.second).filter(f => !isResetStrategy(f.strategy))
  return step === 'verify' ? usable.filter(f => TRUST_STRATEGIES.has(f.strategy)) : usable
}

/**
 * The factor the step uses, in order: the one the user picked (`pickedKey`); the one a code or
 * link was already sent to (Clerk's `secondFactorVerification`, which survives a reload); else
 * the default: for a new device an email code, an SMS code, then an email link; for MFA Clerk's
 * order (TOTP, SMS code, the first offered).
 */
export function currentFactor(
  offered: readonly SecondFactor[],
  step: string,
  pickedKey: string | undefined,
  verification: { strategy?: string | null, status?: string | null } | null | undefined,
): SecondFactor | null {
  const picked = pickedKey ? offered.find(f => factorKey(f) === pickedKey) : undefined
  if (picked) return picked
  const sent = verification?.strategy && verification.status
    ? offered.find(f => f.strategy === verification.strategy && (isSendable(f.strategy) || f.strategy === 'email_link'))
    : undefined
  if (sent) return sent
  if (step === 'reset-code') return offered.find(f => f.strategy === 'reset_password_email_code') ?? offered[0] ?? null
  return step === 'verify' ? chooseTrustFactor(offered) : chooseSecondFactor(offered)
}
