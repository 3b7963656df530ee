import { getCurrentScope, onScopeDispose, shallowRef } from 'vue'
import type { ShallowRef } from 'vue'

// Per sign-in id, when "Resend" becomes available again (epoch ms). Module
// level so a remounted form keeps counting down instead of allowing a resend.
const availableAt = new Map<string, number>()
const MAX_TRACKED = 50

/** A countdown of seconds until a resend is allowed. */
export interface ResendCooldown {
  /** Seconds left; 0 when a resend is allowed. */
  secondsLeft: ShallowRef<number>
  /** Starts the countdown for `key` (after a code was sent). */
  start: (key: string, seconds: number) => void
  /** Shows the countdown of `key` (e.g. after a remount), or 0 if none. */
  follow: (key: string | null | undefined) => void
}

/**
 * The interval only exists in the browser while a countdown runs, and is
 * cleared on scope dispose.
 */
export function useResendCooldown(now: () => number = Date.now): ResendCooldown {
  const secondsLeft = shallowRef(0)
  let key: string | null = null
  let timer: ReturnType<typeof setInterval> | undefined

  const clear = () => {
    if (timer !== undefined) clearInterval(timer)
    timer = undefined
  }
  const tick = () => {
    const until = key ? availableAt.get(key) ?? 0 : 0
    secondsLeft.value = Math.max(0, Math.ceil((until - now()) / 1000))
    if (secondsLeft.value === 0) clear()
  }
  const follow = (next: string | null | undefined) => {
    key = next ?? null
    clear()
    tick()
    if (secondsLeft.value > 0 && typeof window !== 'undefined') timer = setInterval(tick, 250)
  }
  const start = (next: string, seconds: number) => {
    if (availableAt.size >= MAX_TRACKED) availableAt.delete(availableAt.keys().next().value as string)
    availableAt.set(next, now() + Math.max(0, seconds) * 1000)
    follow(next)
  }

  if (getCurrentScope()) onScopeDispose(clear)
  return { secondsLeft, start, follow }
}
