// @vitest-environment happy-dom
// What the controller downloads when first needed (`offPathActions.ts`), before it is in: a file
// of its own, so that the chunk is not loaded yet (a module loads once per page, here per file).
import { describe, expect, it, vi } from 'vitest'
import { useStartedController } from '../helpers/startedController'

const { started } = useStartedController()

describe('given "Forgot password?" called before its code is in', () => {
  it('is busy while it downloads, and drops the reset when Start over comes first', async () => {
    const { controller, now, requestsTo } = await started()
    const pending = controller.forgotPassword('jane@example.com', 'auto')
    // Waiting for the chunk: the form is busy, nothing asked of Clerk yet.
    expect(now().isFetching).toBe(true)
    await controller.reset()
    expect(await pending).toEqual({ error: null })
    await vi.waitFor(() => expect(now().isFetching).toBe(false))
    expect(now().step).toBe('credentials')
    expect(requestsTo('/sign_ins')).toBe(0)
    // The chunk is in now: the next call acts at once, and reaches the reset code.
    expect(await controller.forgotPassword('jane@example.com', 'auto')).toEqual({ error: null })
    await vi.waitFor(() => expect(now().step).toBe('reset-code'))
    expect(requestsTo('/sign_ins')).toBe(1)
  })
})
