import { shallowRef } from 'vue'
import type { ComputedRef, ShallowRef } from 'vue'
import type { SignInFutureResource } from '@clerk/shared/types'
import { alternativesTo, chooseSecondFactor, chooseTrustFactor, factorKey, isSendable, usableFactors } from '../core/factors'
import type { SecondFactor } from '../core/factors'
import type { Step } from '../core/flow'
import { recall, remember } from './memory'
import { stableComputed } from './stable'

const TRUST = new Set(['email_code', 'phone_code', 'email_link'])

/**
 * Which offered factor the step uses, and the others ("Use another method").
 *
 * The current factor is, in order: the one the user picked; the one a code or
 * link was already sent to (Clerk's `secondFactorVerification`, which survives a
 * reload); else the default: for client trust an email code, an SMS code, then an
 * email link; for MFA Clerk's order (TOTP, SMS code, the first offered).
 */
export function useFactorSelection(deps: { signIn: ShallowRef<SignInFutureResource | null>, step: ComputedRef<Step> }) {
  const { signIn, step } = deps
  // Bumped on every pick, so `current` re-reads the flow's memory (not reactive itself).
  const picks = shallowRef(0)
  const showingAlternatives = shallowRef(false)

  const offered = stableComputed<SecondFactor[]>(() => {
    if (step.value !== 'verify' && step.value !== 'second-factor') return []
    const usable = usableFactors(signIn.value?.supportedSecondFactors)
    return step.value === 'verify' ? usable.filter(f => TRUST.has(f.strategy)) : usable
  })

  const current = stableComputed<SecondFactor | null>(() => {
    void picks.value
    const list = offered.value
    const id = signIn.value?.id
    const picked = id ? recall(id).picked : undefined
    const byPick = picked ? list.find(f => factorKey(f) === picked) : undefined
    if (byPick) return byPick
    const v = signIn.value?.secondFactorVerification
    const sent = v?.strategy && v.status
      ? list.find(f => f.strategy === v.strategy && (isSendable(f.strategy) || f.strategy === 'email_link'))
      : undefined
    if (sent) return sent
    return step.value === 'verify' ? chooseTrustFactor(list) : chooseSecondFactor(list)
  })

  const alternatives = stableComputed(() => alternativesTo(offered.value, current.value))

  /** Makes `factor` current for this sign-in and closes the list. */
  function pick(factor: SecondFactor) {
    const id = signIn.value?.id
    if (!id) return
    remember(id, { picked: factorKey(factor) })
    picks.value++
    showingAlternatives.value = false
  }

  return { offered, current, alternatives, showingAlternatives, pick }
}
