// The flow's controller on its own, no Vue, on the real clerk-js against the emulator: what the
// controller tests share. Call `useStartedController()` at a test file's top level.
import { afterEach, expect, vi } from 'vitest'
import type { Clerk } from '@clerk/shared/types'
import { createSignInController } from '../../src/runtime/controller/signInController'
import type { SignInController, SignInControllerOptions, SignInSnapshot } from '../../src/runtime/controller/signInController'
import { forgetAll } from '../../src/runtime/controller/memory'
import { defaultMessages } from '../../src/runtime/core/defaultMessages'
import { SETTING_DEFAULTS } from '../../src/runtime/settings'
import { createRealClerk } from './realClerk'
import type { RealClerkContext } from './realClerk'

/** `started()` makes a started controller on a fresh clerk-js + emulator, with every snapshot it published; each is disposed after its test. */
export function useStartedController() {
  let ctx: RealClerkContext | undefined
  let controller: SignInController | undefined
  afterEach(async () => {
    controller?.dispose()
    controller = undefined
    await ctx?.close()
    ctx = undefined
    forgetAll()
  })

  async function started(options: Partial<SignInControllerOptions> = {}) {
    ctx = await createRealClerk()
    const { clerk } = ctx
    // clerk-js' signal store is a module singleton: drop a sign-in left by a previous test.
    if (ctx.signIn()?.id) await ctx.signIn().reset()
    const navigations: string[] = []
    const completed: Array<string | null> = []
    const made = createSignInController({
      setting: key => SETTING_DEFAULTS[key],
      messages: () => defaultMessages,
      navigate: url => void navigations.push(url),
      onComplete: ({ sessionId }) => void completed.push(sessionId),
      ...options,
    })
    controller = made
    const snapshots: SignInSnapshot[] = []
    made.subscribe(snapshot => void snapshots.push(snapshot))
    made.connect(clerk as unknown as Clerk)
    made.start()
    const now = () => made.getSnapshot()
    await vi.waitFor(() => expect(now().step).toBe('credentials'))
    const context = ctx
    return { ctx: context, controller: made, snapshots, now, navigations, completed, requestsTo: (suffix: string) => context.emulator.requests().filter(r => r.path.endsWith(suffix)).length }
  }

  return { started }
}
