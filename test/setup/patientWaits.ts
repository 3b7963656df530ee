import { vi } from 'vitest'

// Tests wait for conditions, never for time. vi.waitFor gives up after 1 s by default,
// which a loaded 2-core CI machine running the real clerk-js can exceed: give every wait
// the same generous bound unless a test sets its own.
const waitFor = vi.waitFor.bind(vi)
vi.waitFor = ((callback: Parameters<typeof waitFor>[0], options?: Parameters<typeof waitFor>[1]) => {
  const given = typeof options === 'number' ? { timeout: options } : options
  return waitFor(callback, { timeout: 10_000, interval: 20, ...given })
}) as typeof vi.waitFor
