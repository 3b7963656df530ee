// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { forgetAll, remember } from '../../src/runtime/controller/memory'
import { createResendCooldown } from '../../src/runtime/controller/resendCooldown'
import type { ResendCooldown } from '../../src/runtime/controller/resendCooldown'

/** Advances the clock by each step's milliseconds and checks the seconds shown then. */
function expectShown(cooldown: ResendCooldown, steps: Array<[ms: number, seconds: number]>) {
  for (const [ms, seconds] of steps) {
    vi.advanceTimersByTime(ms)
    expect(cooldown.secondsLeft).toBe(seconds)
  }
}

describe('the resend countdown', () => {
  beforeEach(() => {
    forgetAll()
    vi.useFakeTimers({ now: 1_000_000 })
  })
  afterEach(() => vi.useRealTimers())

  it('counts down on each whole second, waking only when the number changes', () => {
    let reads = 0
    const shown: number[] = []
    const cooldown = createResendCooldown(() => shown.push(cooldown.secondsLeft), () => (reads++, Date.now()))

    cooldown.start('sia_1', 'email_code:idn_1', 3)
    expect(cooldown.secondsLeft).toBe(3)
    reads = 0
    expectShown(cooldown, [[999, 3], [1, 2], [2000, 0]])
    expect(shown).toEqual([3, 2, 1, 0])
    // One wake-up per second shown, then none: a 250 ms interval would have read the clock 12 times.
    expect(reads).toBe(3)
    expect(vi.getTimerCount()).toBe(0)
  })

  it('follows a countdown started before (a remount, a reload) from where it stands', () => {
    remember('sia_1', { resendAt: { 'email_code:idn_1': Date.now() + 2500 } })
    const cooldown = createResendCooldown(() => {})
    cooldown.follow('sia_1', 'email_code:idn_1')
    expect(cooldown.secondsLeft).toBe(3)
    expectShown(cooldown, [[499, 3], [1, 2], [2000, 0]])
    expect(vi.getTimerCount()).toBe(0)
  })

  it('stops the previous countdown when another factor is followed, and shows 0 for one never started', () => {
    const cooldown = createResendCooldown(() => {})
    cooldown.start('sia_1', 'email_code:idn_1', 30)
    expect(vi.getTimerCount()).toBe(1)
    cooldown.follow('sia_1', 'phone_code:idn_2')
    expect(cooldown.secondsLeft).toBe(0)
    expect(vi.getTimerCount()).toBe(0)
    cooldown.follow('sia_1', 'email_code:idn_1')
    expect(cooldown.secondsLeft).toBe(30)
    expect(vi.getTimerCount()).toBe(1)
  })
})
