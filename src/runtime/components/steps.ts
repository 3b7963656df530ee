import { defineComponent, h, shallowRef } from 'vue'
import type { Component } from 'vue'
import { actionRule } from './actions'
import { injectClientTrustSignInContext } from './context'
import type { ClientTrustNextView } from '../composables/types'
import { isCodeStep } from '../core/flow'
import type { ClientTrustStepSlot } from './types'
import CtsCodeStep from './CtsCodeStep.vue'
import CtsCredentialsStep from './CtsCredentialsStep.vue'
import CtsStatusStep from './CtsStatusStep.vue'

/** A part in a chunk of its own: `load()` fetches it once (a failed load is tried again next time), `null` once it is in. */
export interface LazyPart {
  load: () => Promise<void> | null
  /** The part once loaded; until then a stand-in that renders it once loaded, or says it could not be. */
  readonly component: Component
}

/**
 * Not Vue's `defineAsyncComponent`: the form shows a lazy step only once its chunk is in (below),
 * so none of its loading, error, delay, Suspense or hydration options are needed, and its code
 * (with the hydration strategies) would weigh on every page (test/bench/RESULTS.md, "Client weight").
 * The stand-in renders nothing while the chunk loads, then the part. If it did not load (offline, a
 * new deploy), it says so with "Start over" (the identifier stays), the path's own words in every
 * language; the chunk is asked for again when the step is next reached.
 */
export function lazyPart(importPart: () => Promise<{ default: Component }>): LazyPart {
  let part: Component | undefined
  let loading: Promise<void> | undefined
  let failed = false
  const load = () => {
    if (part) return null
    return loading ??= importPart().then((module) => {
      part = module.default
      failed = false
    }, (error: unknown) => {
      loading = undefined
      failed = true
      throw error
    })
  }
  const Loading = defineComponent({
    name: 'CtsPartLoading',
    setup() {
      const ready = shallowRef(!!part)
      const unavailable = shallowRef(failed)
      // Mounted before its chunk was asked for (the form shows a step once it is in, but shows the
      // state anyway when another load it waited for failed, `onDemand.ts`): load it now.
      if (!ready.value && !failed) load()?.then(() => void (ready.value = true), () => void (unavailable.value = true))
      return () => {
        if (ready.value && part) return h(part)
        return unavailable.value ? h(PartUnavailable) : null
      }
    },
  })
  return {
    load,
    get component() {
      return part ?? Loading
    },
  }
}

/** A step whose chunk did not load: what happened, focus on the way out. */
const PartUnavailable = defineComponent({
  name: 'CtsPartUnavailable',
  setup() {
    const { form } = injectClientTrustSignInContext()
    return () => {
      // The same "Start over" as every step's (`actions.ts`): never disabled, it frees a busy form.
      const startOver = actionRule(form, 'start-over')
      return h('div', { 'class': 'cts-form', 'data-cts-part': 'step', 'data-state': 'error' }, [
        h('p', { 'class': 'cts-global-error', 'data-cts-part': 'title' }, form.messages.networkError),
        h('div', { 'class': 'cts-actions', 'data-cts-part': 'actions' }, [
          h('button', { 'class': 'cts-button cts-button--link', 'type': 'button', 'data-cts-action': 'start-over', 'data-cts-autofocus': '', 'disabled': startOver.disabled, 'onClick': startOver.run }, startOver.label),
        ]),
      ])
    }
  },
})

/**
 * Each step's slot and the part it replaces: one table, one `<slot>` in the root's template.
 * The email/SMS path (credentials, code, the `complete` status) is in the form's own chunk; the
 * methods list, the email-link step, the new-password step and the Protect check are their own chunks, downloaded
 * when a sign-in reaches them (the form never server-renders them: the server always shows the credentials skeleton).
 */
const STEP_PARTS: Record<ClientTrustStepSlot, Component | LazyPart> = {
  'credentials': CtsCredentialsStep,
  'protect-check': lazyPart(() => import('./CtsProtectCheckStep.vue')),
  'methods': lazyPart(() => import('./CtsMethodsStep.vue')),
  'email-link': lazyPart(() => import('./CtsEmailLinkStep.vue')),
  'verify': CtsCodeStep,
  'second-factor': CtsCodeStep,
  'reset-code': CtsCodeStep,
  'new-password': lazyPart(() => import('./CtsNewPasswordStep.vue')),
  'complete': CtsStatusStep,
}

const isLazy = (part: Component | LazyPart): part is LazyPart => typeof (part as Partial<LazyPart>).load === 'function'

/** The slot that shows `view`: the methods list and the email-link step take a code step's place. */
export function stepSlotOf({ step, factor, showingAlternatives }: ClientTrustNextView): ClientTrustStepSlot {
  if (isCodeStep(step) && showingAlternatives) return 'methods'
  if (isCodeStep(step) && factor?.strategy === 'email_link') return 'email-link'
  return step === 'loading' ? 'credentials' : step
}

/** The part that renders `slot`. */
export function stepPart(slot: ClientTrustStepSlot): Component {
  const part = STEP_PARTS[slot]
  return isLazy(part) ? part.component : part
}

/**
 * `null` when the part of `slot` renders at once; else the load of its chunk, after which it
 * does. The form keeps the state before until then (the composable's `beforeShow`), so a step
 * shows whole, its words and focus included.
 */
export function loadStepPart(slot: ClientTrustStepSlot): Promise<void> | null {
  const part = STEP_PARTS[slot]
  return isLazy(part) ? part.load() : null
}
