// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest'
import { startClerkEmulator } from '../../src/emulator'
import { createRealClerk } from '../helpers/realClerk'
import { fapiBrowser } from './fapiClient'

// Alone in its file: the clerk-js signed out here broadcasts it, and the other clerk-js
// instances of a happy-dom window (one per test, none can be stopped) answer with a burst of
// client requests that outlives the test's emulator (harmless, but noisy).

const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.()
})

describe('given a browser whose session a password reset elsewhere ended', () => {
  it('signs the other browser\'s clerk-js out on its next token request', async () => {
    const emulator = await startClerkEmulator({ port: 0, codes: 'fixed', logger: () => {} })
    cleanups.push(emulator.close)
    const ctx = await createRealClerk({ reuse: emulator })
    await ctx.signIn().password({ identifier: 'jane@example.com', password: 'correct-horse' })
    await ctx.signIn().mfa.sendEmailCode()
    await ctx.signIn().mfa.verifyEmailCode({ code: '424242' })
    await ctx.signIn().finalize()
    expect(ctx.clerk.user?.id).toBe('user_jane')

    const resetter = fapiBrowser(emulator)
    const id = (await resetter.call('POST', '/v1/client/sign_ins', { identifier: 'jane@example.com' })).json.response.id
    await resetter.call('POST', `/v1/client/sign_ins/${id}/prepare_first_factor`, { strategy: 'reset_password_email_code' })
    await resetter.call('POST', `/v1/client/sign_ins/${id}/attempt_first_factor`, { strategy: 'reset_password_email_code', code: '424242' })
    const reset = await resetter.call('POST', `/v1/client/sign_ins/${id}/reset_password`, { password: 'a-new-stable-42', sign_out_of_other_sessions: 'true' })
    expect(reset.json.response.status).toBe('complete')

    // clerk-js takes the 401 as "signed out": it fetches the client, finds no session, clears its own.
    await ctx.clerk.session?.getToken({ skipCache: true }).catch(() => null)
    await ctx.waitFor(() => !ctx.clerk.user)
    expect(ctx.clerk.session).toBeNull()
  })
})
