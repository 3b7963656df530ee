import type { EmulatorScenario } from '../types'

// The failure modes an emulator is in now: every emulator starts (and `reset()` returns)
// to the default; `setScenario` and `POST _scenario` change it through one function.

/** No failure: Clerk as it behaves on a good day. */
export const DEFAULT_SCENARIO: EmulatorScenario = Object.freeze({
  outage: false,
  delayMs: 0,
  rateLimit: false,
  expireSignIns: false,
  expireCodes: false,
  retryAfterSeconds: 30,
  malformed: false,
  errorMessage: null,
  clerkJsUnavailable: false,
  protectCheck: false,
  protectCheckChain: 1,
  expireProtectChecks: false,
})

/** Applies a partial scenario, ignoring unknown keys and wrong types. */
export function applyScenario(current: EmulatorScenario, patch: Partial<Record<keyof EmulatorScenario, unknown>>): EmulatorScenario {
  const next = { ...current }
  for (const key of ['outage', 'rateLimit', 'expireSignIns', 'expireCodes', 'clerkJsUnavailable', 'protectCheck', 'expireProtectChecks'] as const) {
    const value = patch[key]
    if (typeof value === 'boolean') next[key] = value
    else if (value === 'true' || value === 'false') next[key] = value === 'true'
  }
  const delay = Number(patch.delayMs)
  if (patch.delayMs !== undefined && Number.isFinite(delay)) next.delayMs = Math.min(Math.max(0, delay), 60_000)
  const retryAfter = Number(patch.retryAfterSeconds)
  if (patch.retryAfterSeconds !== undefined && Number.isFinite(retryAfter)) next.retryAfterSeconds = Math.min(Math.max(1, Math.ceil(retryAfter)), 3600)
  const chain = Number(patch.protectCheckChain)
  if (patch.protectCheckChain !== undefined && Number.isFinite(chain)) next.protectCheckChain = Math.min(Math.max(1, Math.floor(chain)), 10)
  const malformed = patch.malformed
  if (malformed === true || malformed === 'true' || malformed === 'json') next.malformed = 'json'
  else if (malformed === 'shape') next.malformed = 'shape'
  else if (malformed === false || malformed === 'false') next.malformed = false
  const message = patch.errorMessage
  if (message === null || message === '') next.errorMessage = null
  else if (typeof message === 'string') next.errorMessage = message.slice(0, 1000)
  return next
}
