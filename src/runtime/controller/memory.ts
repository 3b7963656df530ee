/**
 * What the flow remembers of each sign-in that Clerk does not hold, in one bounded place.
 *
 * Module level, so a remounted form or a second instance on the page sees the same facts,
 * and kept in this tab's `sessionStorage` (memory only where there is none), so a reload
 * of the code step neither sends a second code nor opens "Resend" before its countdown ends.
 * Written when the page is hidden or left, not on every change.
 * Nothing secret is kept: sign-in ids, factor keys, times, session ids.
 */

/** The facts about one sign-in, keyed by its id. */
export interface SignInFacts {
  /** The factor (`factorKey`) a code or link was last sent to: not sent again on remount. */
  sent?: string
  /** The factor the user picked under "Use another method": shown again on remount. */
  picked?: string
  /** Per factor, when "Resend" opens again (epoch ms). */
  resendAt?: Record<string, number>
  /** The session this page activated from it: never activated twice. */
  finalized?: string
  /** Left by "Start over": a late answer must not bring it back. */
  abandoned?: boolean
  /** "Forgot password?" was chosen for it: its `needs_first_factor` is the reset code step. */
  resetting?: boolean
}

const STORAGE_KEY = 'nuxt-clerk-client-trust:sign-ins'
/** Sign-ins remembered at most; the oldest is forgotten first. */
export const MEMORY_LIMIT = 50

let records: Map<string, SignInFacts> | null = null

/** Who hears of every change: each controller, so what it derives from the memory follows it. */
const listeners = new Set<() => void>()

/** Calls `listener` after every change of the memory; returns the unsubscribe. */
export function subscribeMemory(listener: () => void): () => void {
  listeners.add(listener)
  return () => void listeners.delete(listener)
}

let store: Storage | null | undefined

function storage(): Storage | null {
  if (store !== undefined) return store
  try {
    store = typeof window !== 'undefined' ? window.sessionStorage : null
  }
  catch {
    // Storage disabled (privacy settings, sandboxed frame): memory only.
    store = null
  }
  return store
}

function isRecord(value: unknown): value is SignInFacts {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return false
  const { sent, picked, resendAt, finalized, abandoned, resetting } = value as Record<string, unknown>
  const optional = (v: unknown, type: string) => v === undefined || typeof v === type
  const times = resendAt === undefined || (typeof resendAt === 'object' && resendAt !== null
    && Object.values(resendAt).every(at => typeof at === 'number' && Number.isFinite(at)))
  return optional(sent, 'string') && optional(picked, 'string') && optional(finalized, 'string') && optional(abandoned, 'boolean') && optional(resetting, 'boolean') && times
}

function all(): Map<string, SignInFacts> {
  if (records) return records
  records = new Map()
  try {
    const saved = JSON.parse(storage()?.getItem(STORAGE_KEY) ?? '{}') as Record<string, unknown>
    for (const [id, record] of Object.entries(saved).slice(-MEMORY_LIMIT)) {
      if (!isRecord(record)) continue
      records.set(id, record)
      newest = id
    }
  }
  catch {
    // A foreign or broken value: start afresh.
  }
  return records
}

let listening = false
/** Changed since the last write (a fact, or which sign-in was touched last). */
let dirty = false
/** The sign-in touched last: the one the limit forgets last. */
let newest: string | null = null

/** Writes the memory now, if it changed. */
function saveMemory(): void {
  if (!records || !dirty) return
  dirty = false
  try {
    storage()?.setItem(STORAGE_KEY, JSON.stringify(Object.fromEntries(records)))
  }
  catch {
    // Quota or disabled storage: the facts still hold in memory.
  }
}

const saveWhenHidden = () => {
  if (document.visibilityState === 'hidden') saveMemory()
}

// Only a reload (or another page in this tab) reads what is stored, and the page is hidden
// or left before either: a write then, not one per change (a synchronous storage write is not
// free). `visibilitychange` also covers a mobile browser closing a background tab without
// `pagehide`.
function listen() {
  if (listening || typeof window === 'undefined') return
  listening = true
  window.addEventListener('pagehide', saveMemory)
  document.addEventListener('visibilitychange', saveWhenHidden)
}

/**
 * Reads the tab's memory now and starts listening for the page being hidden. A page's first
 * `sessionStorage` access is a blocking round trip to the browser process, and adding a
 * `pagehide` listener is not free either: done when the form mounts, not in the middle of a
 * step change (test/bench/RESULTS.md has what it cost).
 */
export function loadMemory(): void {
  all()
  listen()
}

/**
 * The memory of a sign-in with no facts yet: one object, so that "nothing" stays equal (the view
 * makes what follows the sign-in again only when the sign-in or this record changed).
 */
export const NOTHING_REMEMBERED: Readonly<SignInFacts> = Object.freeze({})

/** The facts about sign-in `id` ({@link NOTHING_REMEMBERED} when there are none). */
export function recall(id: string): Readonly<SignInFacts> {
  return (records ?? all()).get(id) ?? NOTHING_REMEMBERED
}

/**
 * Adds facts about sign-in `id`; it becomes the newest, and the oldest beyond the limit is
 * forgotten. Facts it holds already change nothing: no new record, nobody told.
 */
export function remember(id: string, facts: Partial<SignInFacts>): void {
  const map = all()
  const known = map.get(id)
  map.delete(id)
  if (known && (Object.keys(facts) as Array<keyof SignInFacts>).every(key => Object.is(known[key], facts[key]))) {
    map.set(id, known)
    // Nobody is told (nothing they read changed), but the stored order follows: after a reload,
    // the limit forgets the sign-ins touched longest ago, this one last.
    if (newest !== id) {
      dirty = true
      listen()
    }
    newest = id
    return
  }
  const record = { ...known, ...facts }
  map.set(id, record)
  newest = id
  while (map.size > MEMORY_LIMIT) map.delete(map.keys().next().value as string)
  dirty = true
  listen()
  for (const listener of listeners) listener()
}

/** Forgets everything (tests; "clear site data" does the same for a user). */
export function forgetAll(): void {
  records = new Map()
  dirty = false
  newest = null
  for (const listener of listeners) listener()
  try {
    storage()?.removeItem(STORAGE_KEY)
  }
  catch {
    // Nothing to forget.
  }
}
