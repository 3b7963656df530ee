/**
 * What no sign-in on the email/SMS path needs, downloaded when the flow first leaves that path or
 * one of these actions is first called (the controller loads it, `signInController.ts`):
 * "Forgot password?", the new password once the reset code is checked, picking another offered
 * method, and the instance's password rules the snapshot states. The new password's rule
 * check (`core/passwordCheck.ts`) comes when one is first submitted, if its step has not brought
 * it already.
 */
import type { SignInFutureResource } from '@clerk/shared/types'
import { factorKey } from '../core/factors'
import type { FactorStrategy, SecondFactor } from '../core/factors'
import { readIdentifier } from '../core/flow'
import type { IdentifierOption } from '../core/flow'
import { describeRules, passwordRules } from '../core/passwordRules'
import type { PasswordSettingsLike } from '../core/passwordRules'
import type { ClientTrustActionResult } from '../core/results'
import type { EmailLinkRunner } from './emailLink'
import type { remember } from './memory'
import { fail, ok } from './requests'
import type { Requests } from './requests'
import type { Derived } from './snapshot'

// The instance's password rules, read and said: the snapshot states them once this module is in.
export { describeRules, minLength, passwordRules } from '../core/passwordRules'

/** This module, as the controller holds it once loaded. */
export type OffPath = typeof import('./offPathActions')

/** What these actions read, and what they drive: the controller's parts. */
export interface OffPathDeps {
  /** The current sign-in, as clerk-js' signal has it. */
  signIn: () => SignInFutureResource | null
  /** The derived view: the sign-in, the factors offered and the current one. */
  view: () => Pick<Derived, 'signIn' | 'factor' | 'factors'>
  requests: Pick<Requests, 'phase' | 'run' | 'localError' | 'clearMessages'>
  emailLink: Pick<EmailLinkRunner, 'cancel'>
  /** Opens or closes the list of other methods. */
  showAlternatives: (open: boolean) => void
  /** The instance's password settings (Clerk's environment): the new password's rules. */
  passwordSettings: () => PasswordSettingsLike | undefined
  /** The form's locale, for the broken rules' sentence. */
  locale: () => string | null | undefined
  /** The per-sign-in memory's writer, handed over: this chunk holds none of the flow's state, nor imports a module that does (only the rule check it loads is cached here). */
  remember: typeof remember
}

type PasswordCheck = typeof import('../core/passwordCheck')
let passwordCheck: PasswordCheck | null = null
/** The rule check, once per page; `null` when it cannot load (Clerk checks the rules again). */
const loadPasswordCheck = (): Promise<PasswordCheck | null> => passwordCheck
  ? Promise.resolve(passwordCheck)
  : import('../core/passwordCheck').then(module => passwordCheck = module, () => null)

/** "Forgot password?": a sign-in for `identifier` (unless this one is for it already), flagged as a reset. */
export function forgotPassword(deps: OffPathDeps, identifier: string, identifierOption: IdentifierOption): Promise<ClientTrustActionResult> {
  const { requests } = deps
  // The identifier as the password sign-in reads it (a phone number in E.164).
  const wanted = readIdentifier(identifier, identifierOption).value
  if (!wanted) return requests.localError('identifier', 'identifierRequired')
  const current = deps.signIn()
  // This sign-in is for that identifier already (a wrong password was just typed): reuse it.
  if (current?.id && current.status === 'needs_first_factor' && current.identifier === wanted) {
    deps.remember(current.id, { resetting: true })
    return ok()
  }
  return requests.run('reset', async (si) => {
    const result = await si.create({ identifier: wanted })
    // clerk-js updates the same SignInFuture in place: its id is the new sign-in's.
    if (!result.error && si.id) deps.remember(si.id, { resetting: true })
    return result
  })
}

/** The new password, on the `new-password` step; refused without a request when it breaks a rule or differs from `confirmPassword`. */
export function submitNewPassword(deps: OffPathDeps, params: { password: string, confirmPassword: string, signOutOfOtherSessions: boolean }): Promise<ClientTrustActionResult> {
  const { requests } = deps
  const { password, confirmPassword, signOutOfOtherSessions } = params
  if (!password) return requests.localError('password', 'passwordRequired')
  const submit = (check: PasswordCheck | null): Promise<ClientTrustActionResult> => {
    const broken = check?.brokenRules(password, passwordRules(deps.passwordSettings())) ?? []
    if (broken.length) return requests.localError('password', messages => describeRules(broken, messages, deps.locale()))
    if (password !== confirmPassword) return requests.localError('confirmPassword', 'passwordsDoNotMatch')
    // The same `reset_password` request whichever code started it (or none: an account Clerk flags).
    return requests.run('new-password', si => si.resetPasswordEmailCode.submitPassword({ password, signOutOfOtherSessions }))
  }
  return passwordCheck ? submit(passwordCheck) : loadPasswordCheck().then(submit)
}

/** Makes another offered factor current (remembered per sign-in); the send effect sends its code or link once. */
export function selectFactor(deps: OffPathDeps, wanted: SecondFactor | FactorStrategy): Promise<ClientTrustActionResult> {
  const { requests } = deps
  if (requests.phase === 'running') return ok()
  const { factors, factor: current, signIn } = deps.view()
  const name = typeof wanted === 'string' ? wanted : factorKey(wanted)
  const factor = factors.find(f => f.strategy === name || factorKey(f) === name)
  if (!factor) return fail(`'${name}' is not offered at this step`)
  if (current?.strategy === 'email_link' && factorKey(factor) !== factorKey(current)) deps.emailLink.cancel()
  requests.clearMessages()
  if (signIn?.id) deps.remember(signIn.id, { picked: factorKey(factor) })
  deps.showAlternatives(false)
  return ok()
}
