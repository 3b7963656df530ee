// @vitest-environment happy-dom
// The flow's controller on its own, no Vue: the real clerk-js against the emulator.
import { describe, expect, it, vi } from 'vitest'
import { defaultMessages } from '../../src/runtime/core/defaultMessages'
import { pathMessages } from '../../src/runtime/core/messages'
import type { Messages } from '../../src/runtime/core/messages'
import { useStartedController } from '../helpers/startedController'

const { started } = useStartedController()

// First in this file: the module that states the rules is loaded once per page (here, per file).
describe('given Mia, whose account has MFA', () => {
  it('states no password rules on the email/SMS path, and the instance\'s once the flow leaves it', async () => {
    // The English of the path alone, as the composable holds it until the rest is in.
    let messages: Messages = pathMessages as Messages
    const { controller, now } = await started({ messages: () => messages })
    expect(now().passwordRules).toEqual([])
    expect(now().passwordRulesText).toBe('')
    expect(await controller.submitPassword({ identifier: 'mia@example.com', password: 'correct-horse' }, 'auto')).toEqual({ error: null })
    await vi.waitFor(() => expect(now().step).toBe('second-factor'))
    // Loaded by the controller itself (its effect; no action off the path was called, no composable here).
    await vi.waitFor(() => expect(now().passwordRules).toEqual([{ kind: 'minLength', length: 8 }]))
    // Their sentence waits for its words.
    expect(now().passwordRulesText).toBe('')
    messages = defaultMessages
    controller.refresh()
    expect(now().passwordRulesText).toBe('Your password must contain 8 or more characters.')
  })
})

describe('given a password sign-in on a new device', () => {
  it('sends the code once by itself, verifies, finalizes and navigates once', async () => {
    const { controller, snapshots, now, navigations, completed, requestsTo, ctx } = await started()
    const from = snapshots.length
    expect(await controller.submitPassword({ identifier: 'jane@example.com', password: 'correct-horse' }, 'auto')).toEqual({ error: null })
    await vi.waitFor(() => expect(ctx.emulator.outbox()).toHaveLength(1))
    await vi.waitFor(() => expect(now().isFetching).toBe(false))
    expect(now().step).toBe('verify')
    expect(now().factor?.strategy).toBe('email_code')
    expect(now().safeIdentifier).toMatch(/\*/)
    expect(now().resendIn).toBeGreaterThan(25)
    expect(requestsTo('/prepare_second_factor')).toBe(1)
    // Busy from the password to the sent code: never idle on the code step before the send.
    const seen = snapshots.slice(from)
    expect(seen.some(s => s.step === 'verify' && !s.isFetching && s.resendIn === 0)).toBe(false)
    // Snapshots are immutable, and a value that did not change keeps its identity.
    expect(Object.isFrozen(now())).toBe(true)
    expect(new Set(seen.filter(s => s.step === 'verify').map(s => s.factors)).size).toBe(1)

    expect(await controller.verifyCode('424242')).toEqual({ error: null })
    await vi.waitFor(() => expect(navigations).toEqual(['/']))
    expect(completed).toHaveLength(1)
    expect(completed[0]).toMatch(/^sess_/)
    expect(requestsTo('/touch')).toBe(1)
  })

  it('publishes a request\'s start as one snapshot, clerk-js\' `fetching` included', async () => {
    const { controller, snapshots, now } = await started()
    const from = snapshots.length
    const answer = controller.submitPassword({ identifier: 'jane@example.com', password: 'correct-horse' }, 'auto')
    // The call made clerk-js say `fetching` at once: it is in the snapshot the action published…
    expect(snapshots).toHaveLength(from + 1)
    expect(now().isFetching).toBe(true)
    expect(now().fetchStatus).toBe('fetching')
    // …and nothing follows in the next microtasks (the signal's own update is already in).
    await Promise.resolve()
    await Promise.resolve()
    expect(snapshots).toHaveLength(from + 1)
    expect(await answer).toEqual({ error: null })
  })

  it('ends a request in one snapshot: the answer, what it changes and idle at once', async () => {
    const { controller, snapshots, now, ctx } = await started()
    const from = snapshots.length
    await controller.submitPassword({ identifier: 'jane@example.com', password: 'correct-horse' }, 'auto')
    await vi.waitFor(() => expect(ctx.emulator.outbox()).toHaveLength(1))
    await vi.waitFor(() => expect(now().isFetching).toBe(false))
    const seen = snapshots.slice(from)
    // The code's send ended in the snapshot that opened the countdown: idle, and clerk-js idle too.
    const ended = seen.findIndex(s => s.resendIn > 0)
    expect(seen[ended]).toMatchObject({ phase: 'idle', fetchStatus: 'idle', isFetching: false })
    expect(seen[ended - 1]).toMatchObject({ phase: 'running', fetchStatus: 'fetching', resendIn: 0 })
  })

  it('publishes the session finalize activates with the rest of its answer, in the snapshot that ends it', async () => {
    const { controller, snapshots, now, navigations, ctx } = await started()
    await controller.submitPassword({ identifier: 'jane@example.com', password: 'correct-horse' }, 'auto')
    await vi.waitFor(() => expect(ctx.emulator.outbox()).toHaveLength(1))
    await vi.waitFor(() => expect(now().isFetching).toBe(false))
    const from = snapshots.length
    await controller.verifyCode('424242')
    await vi.waitFor(() => expect(navigations).toEqual(['/']))
    const seen = snapshots.slice(from)
    const signedIn = seen.findIndex(s => !!s.sessionId)
    expect(seen[signedIn]).toMatchObject({ step: 'complete', phase: 'idle', fetchStatus: 'idle' })
    expect(seen.slice(signedIn + 1).every(s => s.sessionId === seen[signedIn]!.sessionId)).toBe(true)
  })

  it('keeps a wrong code on the code step with Clerk\'s error on the code field', async () => {
    const { controller, now, ctx } = await started()
    await controller.submitPassword({ identifier: 'jane@example.com', password: 'correct-horse' }, 'auto')
    await vi.waitFor(() => expect(ctx.emulator.outbox()).toHaveLength(1))
    await vi.waitFor(() => expect(now().isFetching).toBe(false))
    expect((await controller.verifyCode('000000')).error).not.toBeNull()
    expect(now().step).toBe('verify')
    expect(now().errors.fields.code).toBe(defaultMessages.codeIncorrect)
    // Malformed: refused without a request.
    const before = ctx.emulator.requests().length
    expect((await controller.verifyCode('12')).error).not.toBeNull()
    expect(now().errors.fields.code).toBe(defaultMessages.codeInvalid)
    expect(ctx.emulator.requests()).toHaveLength(before)
  })

  it('starts over with no request and ignores the answer that was in flight', async () => {
    const { controller, now, ctx, requestsTo } = await started()
    ctx.emulator.setScenario({ delayMs: 300 })
    const pending = controller.submitPassword({ identifier: 'jane@example.com', password: 'correct-horse' }, 'auto')
    expect(now().isFetching).toBe(true)
    await controller.reset()
    expect(now().step).toBe('credentials')
    expect(now().isFetching).toBe(false)
    await pending
    await vi.waitFor(() => expect(now().phase).toBe('idle'))
    expect(now().step).toBe('credentials')
    expect(requestsTo('/prepare_second_factor')).toBe(0)
  })

  it('says nothing more once disposed, and is no longer loaded', async () => {
    const { controller, snapshots, now, ctx } = await started()
    controller.dispose()
    expect(now().isLoaded).toBe(false)
    const count = snapshots.length
    await ctx.signIn().password({ emailAddress: 'jane@example.com', password: 'correct-horse' })
    expect(snapshots).toHaveLength(count)
    expect(ctx.emulator.outbox()).toHaveLength(0)
  })
})

describe('given messages in another language', () => {
  it('publishes the errors again in it on refresh()', async () => {
    let messages = defaultMessages
    const { controller, now } = await started({ messages: () => messages })
    await controller.submitPassword({ identifier: '', password: 'x' }, 'auto')
    expect(now().errors.fields.identifier).toBe(defaultMessages.identifierRequired)
    messages = { ...defaultMessages, identifierRequired: 'Bitte ausfüllen' }
    controller.refresh()
    expect(now().errors.fields.identifier).toBe('Bitte ausfüllen')
  })
})
