import { isRef, shallowRef, watch } from 'vue'
import type { UseClientTrustSignInReturn } from '../composables/types'
import { formatMessage } from '../core/messages'
import { isCodeStep } from '../core/flow'
import type { ClientTrustSlotProps } from './types'

/**
 * The form around the composable: the password and code typed (secrets live only in these refs
 * and their inputs), its helpers, and the object every slot and part reads. That object is the
 * composable's return with each ref read as its value (live, as `reactive()` would): whatever the
 * composable returns, a slot gets, and the type ({@link ClientTrustSlotProps}) is derived the same way.
 */
export function useClientTrustForm(trust: UseClientTrustSignInReturn, id: string): ClientTrustSlotProps {
  const password = shallowRef('')
  const code = shallowRef('')
  const newPassword = shallowRef('')
  const confirmPassword = shallowRef('')

  async function submitCode() {
    const result = await trust.verifyCode(code.value)
    // A refused code is useless: clear it so the next attempt starts clean. A network or
    // server failure refused nothing: keep the code for the retry.
    if (result.error && trust.errors.value.fields.code) code.value = ''
    return result
  }

  watch(trust.step, (next) => {
    if (next !== 'credentials') password.value = ''
    if (!isCodeStep(next)) code.value = ''
    if (next !== 'new-password') newPassword.value = confirmPassword.value = ''
  })
  // Another factor or the methods list: a new view with a clean code field.
  watch(() => trust.factor.value?.strategy, (strategy, before) => {
    if (strategy !== before) code.value = ''
  })

  return unwrapRefs({
    ...trust,
    password,
    code,
    setIdentifier: (value: string) => void (trust.identifier.value = value),
    setPassword: (value: string) => void (password.value = value),
    setCode: (value: string) => void (code.value = value),
    newPassword,
    confirmPassword,
    setNewPassword: (value: string) => void (newPassword.value = value),
    setConfirmPassword: (value: string) => void (confirmPassword.value = value),
    setSignOutOfOtherSessions: (value: boolean) => void (trust.signOutOfOtherSessions.value = value),
    submitPasswordReset: () => trust.submitNewPassword({ password: newPassword.value, confirmPassword: confirmPassword.value }),
    submitCredentials: () => trust.submitPassword({ identifier: trust.identifier.value, password: password.value }),
    submitCode,
    showAlternatives: (open: boolean) => void (trust.showingAlternatives.value = open),
    startOver: () => {
      code.value = ''
      return trust.reset()
    },
    ids: {
      identifier: `${id}-identifier`,
      password: `${id}-password`,
      code: `${id}-code`,
      identifierError: `${id}-identifier-error`,
      passwordError: `${id}-password-error`,
      codeError: `${id}-code-error`,
      newPassword: `${id}-new-password`,
      newPasswordError: `${id}-new-password-error`,
      confirmPassword: `${id}-confirm-password`,
      confirmPasswordError: `${id}-confirm-password-error`,
      passwordRules: `${id}-password-rules`,
      global: `${id}-global`,
    },
    t: (key: keyof typeof trust.messages.value, vars?: Record<string, string | number>) => formatMessage(trust.messages.value[key], vars),
  } satisfies { [K in keyof ClientTrustSlotProps]: unknown }) as ClientTrustSlotProps
}

/**
 * `source` with each ref read and written through an accessor of the same name: Vue's
 * `proxyRefs()` without the proxy. A read tracks the ref alone (`reactive()` tracked its key as
 * well), and costs no trap: the parts read this object hundreds of times per flow, and
 * `proxyRefs()` cost more Vue calls (the bench's call counts, test/bench/RESULTS.md).
 */
function unwrapRefs(source: Record<string, unknown>): object {
  const target = {}
  for (const [key, value] of Object.entries(source)) {
    Object.defineProperty(target, key, isRef(value)
      ? { enumerable: true, get: () => value.value, set: (next: unknown) => void (value.value = next) }
      : { enumerable: true, value })
  }
  return target
}
