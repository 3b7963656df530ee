import { getCurrentScope, onScopeDispose, shallowRef } from 'vue'
import type { ShallowRef } from 'vue'
import { recall, remember } from './memory'

/** A countdown of seconds until a resend is allowed, per sign-in and factor (kept in the flow's memory). */
export interface ResendCooldown {
  /** Seconds left; 0 when a resend is allowed. */
  secondsLeft: ShallowRef<number>
  /** Starts the countdown of factor `key` of sign-in `id` (after a code was sent). */
  start: (id: string, key: string, seconds: number) => void
  /** Shows the countdown of factor `key` of sign-in `id` (e.g. after a remount or a reload), or 0 if none. */
  follow: (id: string | null | undefined, key?: string | null) => void
}

/**
 * The interval only exists in the browser while a countdown runs, and is
 * cleared on scope dispose.
 */
export function useResendCooldown(now: () => number = Date.now): ResendCooldown {
  const secondsLeft = shallowRef(0)
  let followed: { id: string, key: string } | null = null
  let timer: ReturnType<typeof setInterval> | undefined

  const clear = () => {
    if (timer !== undefined) clearInterval(timer)
    timer = undefined
  }
  const tick = () => {
    const until = followed ? recall(followed.id).resendAt?.[followed.key] ?? 0 : 0
    secondsLeft.value = Math.max(0, Math.ceil((until - now()) / 1000))
    if (secondsLeft.value === 0) clear()
  }
  const follow = (id: string | null | undefined, key?: string | null) => {
    followed = id && key ? { id, key } : null
    clear()
    tick()
    if (secondsLeft.value > 0 && typeof window !== 'undefined') timer = setInterval(tick, 250)
  }
  const start = (id: string, key: string, seconds: number) => {
    remember(id, { resendAt: { ...recall(id).resendAt, [key]: now() + Math.max(0, seconds) * 1000 } })
    follow(id, key)
  }

  if (getCurrentScope()) onScopeDispose(clear)
  return { secondsLeft, start, follow }
}
