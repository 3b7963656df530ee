import { flushPromises } from '@vue/test-utils'
import { describe, expect, it, vi } from 'vitest'
import { offPathEnglish, showWhole } from '../../src/runtime/composables/onDemand'
import type { SignInSnapshot } from '../../src/runtime/controller/signInController'
import type { Step } from '../../src/runtime/core/flow'

// Pure logic: when `showWhole` hands a snapshot on, given what `beforeShow` waits for. The
// steps stay on the email/SMS path, so the English off it never comes into play; the flows
// themselves are tested with the real clerk-js (test/component/ClientTrustSignIn.lazy-steps.test.ts).
function flow() {
  let current = snapshot('loading')
  const listeners: Array<(next: SignInSnapshot) => void> = []
  return {
    controller: {
      getSnapshot: () => current,
      subscribe: (listener: (next: SignInSnapshot) => void) => {
        listeners.push(listener)
        return () => {}
      },
      refresh: () => {},
    },
    publish(step: Step, emailLinkStatus: string | null = null) {
      current = { ...snapshot(step), emailLinkStatus } as SignInSnapshot
      for (const listener of listeners) listener(current)
    },
  }
}
const snapshot = (step: Step) => ({ step, factor: null, showingAlternatives: false, emailLinkStatus: null, isFetching: false }) as unknown as SignInSnapshot
/** What the form shows: the step, and whether it is busy. */
const seen = (shown: string[]) => (next: SignInSnapshot) => void shown.push(next.isFetching ? `${next.step} (busy)` : next.step)

function held() {
  let settle!: { resolve: () => void, reject: (error: Error) => void }
  const promise = new Promise<void>((resolve, reject) => settle = { resolve, reject })
  return { promise, ...settle }
}

describe('showWhole, given what a step needs before it shows', () => {
  it('shows a step needing nothing at once, and holds one needing a load until it is in (the step before busy meanwhile), then the latest', async () => {
    const { controller, publish } = flow()
    const shown: string[] = []
    const load = held()
    showWhole(controller, seen(shown), next => next.step === 'verify' ? load.promise : null)
    publish('credentials')
    expect(shown).toEqual(['credentials'])
    publish('verify')
    publish('complete')
    // Held: the step before stays, busy; the later snapshot waits behind the load.
    expect(shown).toEqual(['credentials', 'credentials (busy)'])
    load.resolve()
    await flushPromises()
    expect(shown).toEqual(['credentials', 'credentials (busy)', 'complete'])
  })

  it('asks again for what the latest needs once a hold ends, and shows it only then', async () => {
    const { controller, publish } = flow()
    const shown: string[] = []
    const loads = { verify: held(), complete: held() }
    const asked: Step[] = []
    const inNow = new Set<Step>()
    showWhole(controller, seen(shown), (next) => {
      const load = loads[next.step as keyof typeof loads]
      if (!load || inNow.has(next.step)) return null
      asked.push(next.step)
      return load.promise.then(() => void inNow.add(next.step))
    })
    publish('verify')
    publish('complete')
    loads.verify.resolve()
    await flushPromises()
    expect(asked).toEqual(['verify', 'complete'])
    expect(shown).toEqual(['loading (busy)'])
    loads.complete.resolve()
    await flushPromises()
    expect(shown).toEqual(['loading (busy)', 'complete'])
  })

  it('shows the latest anyway when the load fails, without asking again', async () => {
    const { controller, publish } = flow()
    const shown: string[] = []
    const load = held()
    let asked = 0
    showWhole(controller, seen(shown), () => {
      asked++
      return load.promise
    })
    publish('verify')
    load.reject(new Error('Failed to fetch dynamically imported module'))
    await flushPromises()
    expect(shown).toEqual(['loading (busy)', 'verify'])
    expect(asked).toBe(1)
  })

  it('asks only when the step, factor or methods list changes, and ends a hold on a promise made anew per call', async () => {
    const { controller, publish } = flow()
    const shown: string[] = []
    const asked: Step[] = []
    // As `() => import('./Step.vue')`: a new promise every call, settled at once once loaded.
    showWhole(controller, seen(shown), (next) => {
      asked.push(next.step)
      return Promise.resolve()
    })
    publish('verify')
    await flushPromises()
    expect(shown).toEqual(['loading (busy)', 'verify'])
    // The same step again (a countdown tick, a request's phase): shown at once, nothing asked.
    publish('verify')
    expect(shown).toEqual(['loading (busy)', 'verify', 'verify'])
    expect(asked).toEqual(['verify'])
  })

  // Last: it loads the English off the path, which the tests above never need.
  it('still waits for the English off the path when the view it held for comes back saying more', async () => {
    const { controller, publish } = flow()
    const shown: string[] = []
    const load = held()
    showWhole(controller, (next) => {
      shown.push(`${next.step}${next.emailLinkStatus ? ` ${next.emailLinkStatus}` : ''}${offPathEnglish.value ? ' (English in)' : ''}`)
    }, next => next.step === 'credentials' ? load.promise : null)
    publish('credentials')
    // The same view, now landing from an email link opened elsewhere: off the path, its English not in.
    publish('credentials', 'verified-elsewhere')
    load.resolve()
    await vi.waitFor(() => expect(shown.at(-1)).toBe('credentials verified-elsewhere (English in)'))
    expect(shown.filter(text => text.includes('verified-elsewhere'))).toHaveLength(1)
  })
})
