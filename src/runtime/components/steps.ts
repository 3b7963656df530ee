import { defineAsyncComponent } from 'vue'
import type { Component } from 'vue'
import type { ClientTrustStepSlot } from './types'
import CtsCodeStep from './CtsCodeStep.vue'
import CtsCredentialsStep from './CtsCredentialsStep.vue'
import CtsStatusStep from './CtsStatusStep.vue'

/**
 * Each step's slot and the part it replaces: one table, one `<slot>` in the root's template.
 * The email/SMS path (credentials, code, the `complete` status) is in the form's own chunk; the
 * methods list and the email-link step are their own chunks, downloaded when a sign-in reaches
 * them (the form never server-renders them: the server always shows the credentials skeleton).
 */
export const STEP_PARTS: Record<ClientTrustStepSlot, Component> = {
  'credentials': CtsCredentialsStep,
  'methods': defineAsyncComponent(() => import('./CtsMethodsStep.vue')),
  'email-link': defineAsyncComponent(() => import('./CtsEmailLinkStep.vue')),
  'verify': CtsCodeStep,
  'second-factor': CtsCodeStep,
  'new-password': CtsStatusStep,
  'complete': CtsStatusStep,
}
