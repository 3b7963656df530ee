/**
 * Made again only when the inputs change: what the controller derives on every change of its
 * state (the view, the snapshot, the instance's settings) without redoing what did not move; and
 * what is loaded once (the chunks downloaded on demand).
 */

/** Every field of `next` is the same value in `previous` (a plain loop: this runs on every change). */
export function sameFields<T extends object>(next: T, previous: T): boolean {
  for (const key in next) {
    if (!Object.is(next[key], previous[key])) return false
  }
  return true
}

/**
 * `make` as a function of its inputs that runs it again only when one of them changed (each
 * compared as is), else returns what it made last; `make` gets that too, to keep what is equal.
 */
export function memo<A extends unknown[], T>(make: (previous: T | undefined, ...inputs: A) => T): (...inputs: A) => T {
  let last: A | undefined
  let made: T | undefined
  return (...inputs) => {
    if (!last || !sameFields(inputs, last)) made = make(made, ...(last = inputs))
    return made as T
  }
}

/** `load` run once, its promise shared by every caller; a failed load is forgotten, so the next call tries again. */
export function loadOnce<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | null = null
  return () => loading ??= load().catch((error: unknown) => {
    loading = null
    throw error
  })
}
