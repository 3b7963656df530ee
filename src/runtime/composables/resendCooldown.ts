import { getCurrentScope, onScopeDispose, shallowRef } from 'vue'
import type { ShallowRef } from 'vue'

// Per sign-in id and factor, when "Resend" becomes available again (epoch ms). Kept in this
// tab's sessionStorage (and in memory where there is none), so neither a remount nor a
// reload of the code step allows a resend before the countdown ends.
const STORAGE_KEY = 'nuxt-clerk-client-trust:resend'
const MAX_TRACKED = 50
const memory = new Map<string, number>()

function storage(): Storage | null {
  try {
    return typeof window !== 'undefined' ? window.sessionStorage : null
  }
  catch {
    // Storage disabled (privacy settings, sandboxed frame): memory only.
    return null
  }
}

function load(): Map<string, number> {
  const store = storage()
  if (!store) return memory
  try {
    const saved = JSON.parse(store.getItem(STORAGE_KEY) ?? '{}') as Record<string, unknown>
    for (const [key, at] of Object.entries(saved)) {
      if (typeof at === 'number' && Number.isFinite(at) && !memory.has(key)) memory.set(key, at)
    }
  }
  catch {
    // A foreign or broken value: start afresh.
  }
  return memory
}

function save(entries: Map<string, number>) {
  try {
    storage()?.setItem(STORAGE_KEY, JSON.stringify(Object.fromEntries(entries)))
  }
  catch {
    // Quota or disabled storage: the countdown still holds in memory.
  }
}

/** A countdown of seconds until a resend is allowed. */
export interface ResendCooldown {
  /** Seconds left; 0 when a resend is allowed. */
  secondsLeft: ShallowRef<number>
  /** Starts the countdown for `key` (after a code was sent). */
  start: (key: string, seconds: number) => void
  /** Shows the countdown of `key` (e.g. after a remount or a reload), or 0 if none. */
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
    const until = key ? load().get(key) ?? 0 : 0
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
    const entries = load()
    entries.delete(next)
    // Oldest first: drop what no sign-in will come back to.
    while (entries.size >= MAX_TRACKED) entries.delete(entries.keys().next().value as string)
    entries.set(next, now() + Math.max(0, seconds) * 1000)
    save(entries)
    follow(next)
  }

  if (getCurrentScope()) onScopeDispose(clear)
  return { secondsLeft, start, follow }
}
