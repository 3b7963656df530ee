import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createApp, toNodeListener } from 'h3'
import { EmulatorState } from './state/emulatorState'
import { createHandler } from './http/handler'
import { validateEmulatorOptions } from './config/options'
import { applyScenario } from './state/scenario'
import type { ClerkEmulator, ClerkEmulatorOptions, RunningClerkEmulator, StartClerkEmulatorOptions } from './types'

export type {
  ClerkEmulator,
  ClerkEmulatorOptions,
  ClientTrustFactor,
  ClientTrustStatus,
  EmulatorInstance,
  EmulatorLockout,
  EmulatorPasswordSettings,
  EmulatorRateLimit,
  EmulatorRateLimits,
  EmulatorScenario,
  EmulatorStats,
  EmulatorUser,
  EnumerationProtection,
  MfaFactor,
  OutboxEntry,
  OutboxPurpose,
  RecordedRequest,
  RunningClerkEmulator,
  StartClerkEmulatorOptions,
} from './types'
export { publishableKeyFor } from './config/publishableKey'
export { DEFAULT_LOCKOUT, DEFAULT_PASSWORD_SETTINGS, DEFAULT_RATE_LIMITS } from './config/instance'
export { EmulatorOptionsError, validateEmulatorOptions } from './config/options'
export type { OptionsSource } from './config/options'
export { EMULATOR_FIXED_CODE, SEEDED_TOTP_SECRET, seededUsers } from './config/seededUsers'
export { totpCode } from './tokens/totp'

function buildEmulator(options: ClerkEmulatorOptions): ClerkEmulator {
  const state = new EmulatorState(options)
  const handler = createHandler(state)
  const app = createApp()
  app.use(handler)
  return {
    handler,
    app,
    publishableKey: state.publishableKey,
    outbox: () => state.store.outbox.map(entry => ({ ...entry })),
    requests: () => state.store.requests.map(entry => ({ ...entry, body: { ...entry.body } })),
    clearRequests: () => {
      state.store.requests = []
    },
    setScenario: (patch) => {
      state.scenario = applyScenario(state.scenario, patch)
      return { ...state.scenario }
    },
    scenario: () => ({ ...state.scenario }),
    stats: () => state.store.stats(),
    reset: () => state.reset(),
    jwks: () => state.signer.jwks(),
    publicKeyPem: () => state.signer.publicKeyPem(),
    users: () => state.userSources.map(user => ({ ...user })),
  }
}

/**
 * Builds an emulator without listening; mount `handler` at `<basePath>/**` in h3 or Nitro.
 * Throws an {@link EmulatorOptionsError} naming every bad option.
 */
export function createClerkEmulator(options: ClerkEmulatorOptions = {}): ClerkEmulator {
  return buildEmulator(validateEmulatorOptions(options, { source: 'createClerkEmulator' }))
}

/** The origins a standalone emulator serves with credentials (CORS). */
function originList(origin: StartClerkEmulatorOptions['origin']): string[] {
  return origin === undefined ? [] : Array.isArray(origin) ? origin : [origin]
}

const LOOPBACK_NAMES = new Set(['127.0.0.1', 'localhost', '::1'])

/**
 * The host name the emulator's URLs use: the page's own when the page is on a loopback name.
 * `localhost:5173` and `127.0.0.1:4455` are two sites, so a browser would drop the emulator's
 * `SameSite=Lax` client cookie on the page's requests; `localhost:4455` is the same site.
 */
function sameSiteHost(origins: string[]): string {
  for (const origin of origins) {
    try {
      const { hostname } = new URL(origin)
      const name = hostname === '[::1]' ? '::1' : hostname.toLowerCase()
      if (LOOPBACK_NAMES.has(name)) return name
    }
    catch {
      // Not a URL: the validator has refused it already.
    }
  }
  return '127.0.0.1'
}

/**
 * Starts a standalone emulator on a loopback port. It answers loopback `Host` headers only
 * (localhost, *.localhost, 127.0.0.1, [::1]), like every mount of the handler.
 */
export async function startClerkEmulator(options: StartClerkEmulatorOptions = {}): Promise<RunningClerkEmulator> {
  const { port = 0, host: given, ...rest } = validateEmulatorOptions(options, { source: 'startClerkEmulator', kind: 'start' })
  const origins = originList(rest.origin)
  const host = given ?? sameSiteHost(origins)
  // `localhost` is a name for URLs; bind the IPv4 loopback it always resolves to (Node may
  // otherwise bind ::1 only, and clients trying 127.0.0.1 first would be refused).
  const bindAddress = host === 'localhost' ? '127.0.0.1' : host
  const emulator = buildEmulator(rest)
  const server = createServer(toNodeListener(emulator.app))
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, bindAddress, () => {
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
    origins,
    close: () => new Promise<void>((resolve, reject) => {
      server.closeAllConnections()
      server.close(error => (error ? reject(error) : resolve()))
    }),
  }
}
