import type { SecondFactor } from '../core/factors'
import type { ClientTrustSlotProps } from './types'

/** The secondary actions a step offers, by their `data-cts-action`. */
export type CtsActionName = 'resend' | 'backup-code' | 'another-method' | 'back' | 'start-over'

/** What `<CtsAction>` shows and does. */
export interface CtsActionRule {
  label: string
  disabled: boolean
  run: () => unknown
}

/** The backup code among the other methods, offered directly on a code step. */
const backupOffer = (form: ClientTrustSlotProps): SecondFactor | undefined => form.alternatives.find(f => f.strategy === 'backup_code')

/** Label (the resend countdown included), disabled state and effect of the action `name`. */
export function actionRule(form: ClientTrustSlotProps, name: CtsActionName): CtsActionRule {
  const link = form.factor?.strategy === 'email_link'
  switch (name) {
    case 'resend': return {
      label: form.resendIn > 0
        ? form.t(link ? 'resendLinkIn' : 'resendIn', { seconds: form.resendIn })
        : form.messages[link ? 'resendLink' : 'resend'],
      disabled: form.isFetching || form.resendIn > 0,
      run: () => form.resendCode(),
    }
    case 'backup-code': return { label: form.messages.methodBackupCode, disabled: form.isFetching, run: () => form.selectFactor(backupOffer(form) ?? 'backup_code') }
    case 'another-method': return { label: form.messages.useAnotherMethod, disabled: form.isFetching, run: () => form.showAlternatives(true) }
    case 'back': return { label: form.messages.back, disabled: false, run: () => form.showAlternatives(false) }
    case 'start-over': return { label: form.messages.startOver, disabled: false, run: () => form.startOver() }
  }
}

/** Those of `candidates` that apply now, in their order. */
export function applicableActions(form: ClientTrustSlotProps, candidates: readonly CtsActionName[]): CtsActionName[] {
  // The backup code gets its own button; the list is worth opening when it holds more than that.
  const backup = candidates.includes('backup-code') && !!backupOffer(form)
  const applies: Record<CtsActionName, boolean> = {
    'resend': !!form.channel || form.factor?.strategy === 'email_link',
    'backup-code': backup,
    'another-method': form.alternatives.length > (backup ? 1 : 0),
    'back': true,
    'start-over': true,
  }
  return candidates.filter(name => applies[name])
}
