import { describe, expect, it, vi } from 'vitest'
import { createProtectCheckRunner, PROTECT_CHECK_TIMEOUT_MS } from '../../src/runtime/controller/protectCheck'

// The SDK module the runner imports: one that loads and then never answers (a hung widget), unless
// a test tells it to answer. What it is handed is recorded, to see the run stop it.
const sdk = vi.hoisted(() => ({ signals: [] as AbortSignal[], answer: null as string | null }))
vi.mock('../../src/runtime/controller/protectSdk', () => ({
  importProtectSdk: async () => ({
    default: (_el: unknown, init: { signal: AbortSignal }) => {
      sdk.signals.push(init.signal)
      return sdk.answer ? Promise.resolve(sdk.answer) : new Promise(() => {})
    },
  }),
}))

/** A container: the runner only clears it (the SDK would render into it). */
const element = { replaceChildren() {} } as unknown as HTMLElement
const check = { token: 'pct_1', sdkUrl: 'https://protect.clerk.example/sdk.mjs', expiresAt: null, uiHints: {} } as never

describe('given a Protect SDK that never answers', () => {
  it('fails the run after the deadline with a retryable message, and stops the SDK', async () => {
    const said: string[] = []
    const submit = vi.fn(async () => ({ error: null }))
    const runner = createProtectCheckRunner({ fapiOrigin: () => null, submit, expired: async () => {}, say: key => said.push(key), onChange: () => {}, timeoutMs: 30 })
    runner.attach(element)
    const result = await runner.run(check)
    expect(result.error?.message).toBe('protectCheckFailed')
    expect(said).toEqual(['protectCheckFailed'])
    expect(runner.view()).toEqual({ token: 'pct_1', status: 'failed' })
    expect(sdk.signals.at(-1)?.aborted).toBe(true)
    expect(submit).not.toHaveBeenCalled()

    // "Try again": a new run, which submits the proof when the SDK answers this time.
    sdk.answer = 'proof_1'
    expect(await runner.run(check)).toEqual({ error: null })
    expect(submit).toHaveBeenCalledWith('pct_1', 'proof_1')
    expect(sdk.signals.at(-1)?.aborted).toBe(false)
    expect(runner.view()).toBeNull()
  })

  it('waits as long as Clerk\'s own card by default (60 s)', () => {
    expect(PROTECT_CHECK_TIMEOUT_MS).toBe(60_000)
  })
})
