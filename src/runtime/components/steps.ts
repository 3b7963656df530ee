import { defineAsyncComponent } from 'vue'
import type { Component } from 'vue'
import type { ClientTrustStepSlot } from './types'
import CtsCodeStep from './CtsCodeStep.vue'
import CtsCredentialsStep from './CtsCredentialsStep.vue'
import CtsStatusStep from './CtsStatusStep.vue'

/** Vue's async wrapper keeps its loader here (vue-router preloads lazy routes the same way). */
type AsyncPart = Component & { __asyncLoader?: () => Promise<unknown> }

/**
 * Each step's slot and the part it replaces: one table, one `<slot>` in the root's template.
 * The email/SMS path (credentials, code, the `complete` status) is in the form's own chunk; the
 * methods list, the email-link step, the new-password step and the Protect check are their own chunks, downloaded
 * when a sign-in reaches them (the form never server-renders them: the server always shows the credentials skeleton).
 */
export const STEP_PARTS: Record<ClientTrustStepSlot, AsyncPart> = {
  'credentials': CtsCredentialsStep,
  'protect-check': defineAsyncComponent(() => import('./CtsProtectCheckStep.vue')),
  'methods': defineAsyncComponent(() => import('./CtsMethodsStep.vue')),
  'email-link': defineAsyncComponent(() => import('./CtsEmailLinkStep.vue')),
  'verify': CtsCodeStep,
  'second-factor': CtsCodeStep,
  'reset-code': CtsCodeStep,
  'new-password': defineAsyncComponent(() => import('./CtsNewPasswordStep.vue')),
  'complete': CtsStatusStep,
}

const loaded = new Set<ClientTrustStepSlot>()

/**
 * `null` when the part of `slot` renders at once; else the load of its chunk, after which it
 * does. The form keeps the view before until then, so a step shows whole (focus included).
 */
export function loadStepPart(slot: ClientTrustStepSlot): Promise<void> | null {
  const load = STEP_PARTS[slot].__asyncLoader
  if (!load || loaded.has(slot)) return null
  return load().then(() => void loaded.add(slot))
}
