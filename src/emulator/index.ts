import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createApp, toNodeListener } from 'h3'
import { Core } from './core'
import { createHandler } from './handler'
import { validateEmulatorOptions } from './options'
import { applyScenario } from './routes/control'
import type { ClerkEmulator, ClerkEmulatorOptions, RunningClerkEmulator, StartClerkEmulatorOptions } from './types'

export type {
  ClerkEmulator,
  ClerkEmulatorOptions,
  ClientTrustFactor,
  EmulatorInstance,
  EmulatorLockout,
  EmulatorRateLimit,
  EmulatorRateLimits,
  EmulatorScenario,
  EmulatorStats,
  EmulatorUser,
  MfaFactor,
  OutboxEntry,
  RecordedRequest,
  RunningClerkEmulator,
  StartClerkEmulatorOptions,
} from './types'
export { publishableKeyFor } from './core'
export { DEFAULT_LOCKOUT, DEFAULT_RATE_LIMITS } from './limits'
export { EmulatorOptionsError, validateEmulatorOptions } from './options'
export type { OptionsSource } from './options'
export { EMULATOR_FIXED_CODE, SEEDED_TOTP_SECRET, seededUsers } from './users'
export { totpCode } from './totp'

function buildEmulator(options: ClerkEmulatorOptions): ClerkEmulator {
  const core = new Core(options)
  const handler = createHandler(core)
  const app = createApp()
  app.use(handler)
  return {
    handler,
    app,
    publishableKey: core.publishableKey,
    outbox: () => core.store.outbox.map(entry => ({ ...entry })),
    requests: () => core.store.requests.map(entry => ({ ...entry, body: { ...entry.body } })),
    clearRequests: () => {
      core.store.requests = []
    },
    setScenario: (patch) => {
      core.scenario = applyScenario(core.scenario, patch)
      return { ...core.scenario }
    },
    scenario: () => ({ ...core.scenario }),
    stats: () => core.store.stats(),
    reset: () => core.reset(),
    jwks: () => core.signer.jwks(),
    publicKeyPem: () => core.signer.publicKeyPem(),
    users: () => core.userSources.map(user => ({ ...user })),
  }
}

/**
 * Builds an emulator without listening; mount `handler` at `<basePath>/**` in h3 or Nitro.
 * Throws an {@link EmulatorOptionsError} naming every bad option.
 */
export function createClerkEmulator(options: ClerkEmulatorOptions = {}): ClerkEmulator {
  return buildEmulator(validateEmulatorOptions(options, { source: 'createClerkEmulator' }))
}

/**
 * Starts a standalone emulator on a loopback port. It answers loopback `Host` headers only
 * (localhost, *.localhost, 127.0.0.1, [::1]), like every mount of the handler.
 */
export async function startClerkEmulator(options: StartClerkEmulatorOptions = {}): Promise<RunningClerkEmulator> {
  const { port = 0, host = '127.0.0.1', ...rest } = validateEmulatorOptions(options, { source: 'startClerkEmulator', kind: 'start' })
  const emulator = buildEmulator(rest)
  const server = createServer(toNodeListener(emulator.app))
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const { port: bound } = server.address() as AddressInfo
  const url = `http://${host === '::1' ? '[::1]' : host}:${bound}`
  const basePath = rest.basePath && rest.basePath !== '/' ? `/${rest.basePath.replace(/^\/+|\/+$/g, '')}` : ''
  return {
    ...emulator,
    url,
    proxyUrl: `${url}${basePath}`,
    close: () => new Promise<void>((resolve, reject) => {
      server.closeAllConnections()
      server.close(error => (error ? reject(error) : resolve()))
    }),
  }
}
