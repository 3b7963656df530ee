import { computed } from 'vue'
import type { ComputedRef } from 'vue'

/** Same content, as JSON: what the form's derived values (factors, errors, language) are made of. */
export const sameJson = (a: unknown, b: unknown): boolean => a === b || JSON.stringify(a) === JSON.stringify(b)

/**
 * A computed that keeps its previous value, identity included, while the new one is equal: what
 * reads it (a step, a slot) is not re-rendered by a recomputation that changed nothing (clerk-js
 * re-parses the sign-in on every response, so its factors are new objects with the same content).
 */
export function stableComputed<T>(getter: () => T, equal: (a: T, b: T) => boolean = sameJson): ComputedRef<T> {
  return computed<T>((previous) => {
    const next = getter()
    return previous !== undefined && equal(previous, next) ? previous : next
  })
}
