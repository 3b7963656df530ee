// @vitest-environment happy-dom
// What a form tells the DevTools tab (controller/inspector.ts), with the real clerk-js against the
// emulator: heard the way the dashboard hears it, on the BroadcastChannel of pageSignIn.ts.
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { Clerk } from '@clerk/shared/types'
import { PAGE_SIGN_IN_CHANNEL } from '../../src/emulator/control/pageSignIn'
import type { PageSignIn, PageSignInMessage } from '../../src/emulator/control/pageSignIn'
import { inspectForm } from '../../src/runtime/controller/inspector'
import { forgetAll } from '../../src/runtime/controller/memory'
import { createSignInController } from '../../src/runtime/controller/signInController'
import type { SignInController } from '../../src/runtime/controller/signInController'
import { defaultMessages } from '../../src/runtime/core/defaultMessages'
import { SETTING_DEFAULTS } from '../../src/runtime/settings'
import { createRealClerk } from '../helpers/realClerk'
import type { RealClerkContext } from '../helpers/realClerk'

const PASSWORD = 'correct-horse'
const CODE = '424242'

let ctx: RealClerkContext | undefined
let controller: SignInController | undefined
const cleanups: Array<() => void> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) cleanup()
  controller?.dispose()
  controller = undefined
  await ctx?.close()
  ctx = undefined
  forgetAll()
})

/** A started controller on a fresh clerk-js + emulator, inspected, and everything the tab would hear. */
async function inspected() {
  ctx = await createRealClerk()
  const { clerk } = ctx
  if (ctx.signIn()?.id) await ctx.signIn().reset()
  controller = createSignInController({ setting: key => SETTING_DEFAULTS[key], messages: () => defaultMessages, navigate: () => {} })
  controller.connect(clerk as unknown as Clerk)
  controller.start()
  const heard: PageSignInMessage[] = []
  const tab = new BroadcastChannel(PAGE_SIGN_IN_CHANNEL)
  tab.addEventListener('message', event => void heard.push((event as MessageEvent<PageSignInMessage>).data))
  const stop = inspectForm({ controller, clerk: () => clerk as unknown as Clerk })
  cleanups.push(stop, () => tab.close())
  /** The newest view heard, once `expected` matches it (bounded). */
  const viewMatching = async (expected: { [K in keyof PageSignIn]?: unknown }): Promise<PageSignIn> => {
    let last: PageSignIn | undefined
    await vi.waitFor(() => {
      last = heard.flatMap(m => m.type === 'sign-in' ? [m.view] : []).at(-1)
      expect(last).toMatchObject(expected)
    }, { timeout: 10_000 })
    return last!
  }
  return { ctx, controller, heard, tab, stop, viewMatching }
}

describe('given a form in nuxi dev with the DevTools tab open', () => {
  it('tells the tab its step, status, factor, client_trust_state and session as the sign-in moves, and nothing typed', async () => {
    const { ctx, controller, heard, viewMatching } = await inspected()
    const first = await viewMatching({ step: 'credentials', status: 'needs_identifier', signInId: null, session: null })
    expect(first.path).toBe(location.pathname)

    await controller.submitPassword({ identifier: 'jane@example.com', password: PASSWORD }, 'auto')
    const verify = await viewMatching({ step: 'verify', status: 'needs_client_trust', clientTrustState: 'new', factor: 'email_code', fetching: false })
    expect(verify.signInId).toMatch(/^sia_/)
    expect(verify.form).toBe(first.form)

    await controller.verifyCode('000000')
    await viewMatching({ step: 'verify', errors: ['code'] })

    await controller.verifyCode(CODE)
    const done = await viewMatching({ status: 'complete', session: { status: 'active', tasks: [] } })
    expect(done.session?.id).toMatch(/^sess_/)
    expect(done.session?.id).toBe(ctx.clerk.session?.id)

    // What a security reviewer looks for: the password, the codes, the address typed, any token.
    const said = JSON.stringify(heard)
    for (const secret of [PASSWORD, CODE, '000000', 'jane@example.com', 'eyJ']) expect(said).not.toContain(secret)
    expect(Object.keys(done).sort()).toEqual(['at', 'clientTrustState', 'errors', 'factor', 'fetching', 'form', 'path', 'session', 'signInId', 'status', 'step'])
  })

  it('shows a session\'s pending task, and says the form is gone when it stops', async () => {
    const { controller, heard, stop, viewMatching } = await inspected()
    await controller.submitPassword({ identifier: 'otto@example.com', password: PASSWORD }, 'auto')
    await viewMatching({ step: 'verify', clientTrustState: 'new' })
    await controller.verifyCode(CODE)
    const pending = await viewMatching({ status: 'complete', session: { status: 'pending', tasks: ['choose-organization'] } })
    stop()
    await vi.waitFor(() => expect(heard.at(-1)).toEqual({ type: 'gone', form: pending.form }))
  })

  it('answers a tab opened later: asked, the form speaks at once', async () => {
    const { tab, heard, viewMatching } = await inspected()
    const before = await viewMatching({ step: 'credentials' })
    const count = heard.length
    tab.postMessage({ type: 'ask' } satisfies PageSignInMessage)
    await vi.waitFor(() => expect(heard.length).toBeGreaterThan(count))
    expect(heard.at(-1)).toMatchObject({ type: 'sign-in', view: { form: before.form, step: 'credentials' } })
  })
})
