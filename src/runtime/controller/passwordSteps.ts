/**
 * The password journey's actions: sign in with a password; "Forgot password?" (a sign-in for
 * the identifier, flagged as a reset); the new password once the reset code is checked. The
 * new password's rule check (`core/passwordCheck.ts`) is downloaded when one is first submitted,
 * if its step has not brought it already.
 */
import type { SignInFutureResource } from '@clerk/shared/types'
import { passwordParams, readIdentifier } from '../core/flow'
import type { IdentifierOption } from '../core/flow'
import { describeRules } from '../core/passwordRules'
import type { PasswordRule } from '../core/passwordRules'
import type { ClientTrustActionResult } from '../core/results'
import { remember } from './memory'
import { ok } from './requests'
import type { Requests } from './requests'

/** What {@link createPasswordSteps} reads, and what it drives. */
export interface PasswordStepsDeps {
  /** The current sign-in, as clerk-js' signal has it. */
  signIn: () => SignInFutureResource | null
  /** The instance's rules for a new password. */
  rules: () => readonly PasswordRule[]
  /** The form's locale, for the broken rules' sentence. */
  locale: () => string | null | undefined
  requests: Pick<Requests, 'run' | 'localError' | 'say'>
}

export interface PasswordSteps {
  submitPassword: (params: { identifier: string, password: string }, identifierOption: IdentifierOption) => Promise<ClientTrustActionResult>
  forgotPassword: (identifier: string, identifierOption: IdentifierOption) => Promise<ClientTrustActionResult>
  submitNewPassword: (params: { password: string, confirmPassword: string, signOutOfOtherSessions: boolean }) => Promise<ClientTrustActionResult>
}

type PasswordCheck = typeof import('../core/passwordCheck')
let passwordCheck: PasswordCheck | null = null
/** The rule check, once per page; `null` when it cannot load (Clerk checks the rules again). */
const loadPasswordCheck = (): Promise<PasswordCheck | null> => passwordCheck
  ? Promise.resolve(passwordCheck)
  : import('../core/passwordCheck').then(module => passwordCheck = module, () => null)

export function createPasswordSteps(deps: PasswordStepsDeps): PasswordSteps {
  const { requests } = deps

  function submitPassword(params: { identifier: string, password: string }, identifierOption: IdentifierOption) {
    if (!params.identifier.trim()) return requests.localError('identifier', 'identifierRequired')
    if (!params.password) return requests.localError('password', 'passwordRequired')
    return requests.run('password', si => si.password(passwordParams(params.identifier, params.password, identifierOption)), () => {
      // "Success" without a sign-in: the answer was not one (a broken proxy, a captive portal).
      if (!deps.signIn()?.id) requests.say('genericError')
    })
  }

  function forgotPassword(identifier: string, identifierOption: IdentifierOption): Promise<ClientTrustActionResult> {
    // The identifier as the password sign-in reads it (a phone number in E.164).
    const wanted = readIdentifier(identifier, identifierOption).value
    if (!wanted) return requests.localError('identifier', 'identifierRequired')
    const current = deps.signIn()
    // This sign-in is for that identifier already (a wrong password was just typed): reuse it.
    const reuse = current?.id && current.status === 'needs_first_factor' && current.identifier === wanted
    if (reuse) {
      remember(current.id!, { resetting: true })
      return ok()
    }
    return requests.run('reset', async (si) => {
      const result = await si.create({ identifier: wanted })
      // clerk-js updates the same SignInFuture in place: its id is the new sign-in's.
      if (!result.error && si.id) remember(si.id, { resetting: true })
      return result
    })
  }

  function submitNewPassword(params: { password: string, confirmPassword: string, signOutOfOtherSessions: boolean }): Promise<ClientTrustActionResult> {
    const { password, confirmPassword, signOutOfOtherSessions } = params
    if (!password) return requests.localError('password', 'passwordRequired')
    const submit = (check: PasswordCheck | null): Promise<ClientTrustActionResult> => {
      const broken = check?.brokenRules(password, deps.rules()) ?? []
      if (broken.length) return requests.localError('password', messages => describeRules(broken, messages, deps.locale()))
      if (password !== confirmPassword) return requests.localError('confirmPassword', 'passwordsDoNotMatch')
      // The same `reset_password` request whichever code started it (or none: an account Clerk flags).
      return requests.run('new-password', si => si.resetPasswordEmailCode.submitPassword({ password, signOutOfOtherSessions }))
    }
    return passwordCheck ? submit(passwordCheck) : loadPasswordCheck().then(submit)
  }

  return { submitPassword, forgotPassword, submitNewPassword }
}
