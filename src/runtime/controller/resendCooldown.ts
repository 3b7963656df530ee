import { recall, remember } from './memory'

/** A countdown of seconds until a resend is allowed, per sign-in and factor (kept in the flow's memory). */
export interface ResendCooldown {
  /** Seconds left; 0 when a resend is allowed. */
  readonly secondsLeft: number
  /** Starts the countdown of factor `key` of sign-in `id` (after a code was sent). */
  start: (id: string, key: string, seconds: number) => void
  /** Shows the countdown of factor `key` of sign-in `id` (e.g. after a remount or a reload), or 0 if none. */
  follow: (id: string | null | undefined, key?: string | null) => void
  /** Clears the timer. */
  stop: () => void
}

/**
 * The timer only exists in the browser while a countdown runs. It wakes when the shown number
 * changes (once a second, on the second), not on a fixed interval: no wake-up that changes
 * nothing. `onChange` hears of every new number.
 */
export function createResendCooldown(onChange: () => void, now: () => number = Date.now): ResendCooldown {
  // A plain field of the object returned: read on every change of the flow, no getter call.
  const shown = { secondsLeft: 0 }
  let followed: { id: string, key: string } | null = null
  let timer: ReturnType<typeof setTimeout> | undefined

  const stop = () => {
    if (timer !== undefined) clearTimeout(timer)
    timer = undefined
  }
  const tick = () => {
    timer = undefined
    const until = followed ? recall(followed.id).resendAt?.[followed.key] ?? 0 : 0
    const left = until - now()
    const seconds = Math.max(0, Math.ceil(left / 1000))
    if (seconds !== shown.secondsLeft) {
      shown.secondsLeft = seconds
      onChange()
    }
    // Next wake-up: when `left` crosses the next whole second.
    if (left > 0 && typeof window !== 'undefined') timer = setTimeout(tick, left % 1000 || 1000)
  }
  const follow = (id: string | null | undefined, key?: string | null) => {
    followed = id && key ? { id, key } : null
    stop()
    tick()
  }
  return Object.assign(shown, {
    start: (id: string, key: string, seconds: number) => {
      remember(id, { resendAt: { ...recall(id).resendAt, [key]: now() + Math.max(0, seconds) * 1000 } })
      follow(id, key)
    },
    follow,
    stop,
  })
}
