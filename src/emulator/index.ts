import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createApp, toNodeListener } from 'h3'
import { Core } from './core'
import { createHandler } from './handler'
import { applyScenario } from './routes/control'
import type { ClerkEmulator, ClerkEmulatorOptions, RunningClerkEmulator, StartClerkEmulatorOptions } from './types'

export type {
  ClerkEmulator,
  ClerkEmulatorOptions,
  ClientTrustFactor,
  EmulatorInstance,
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
export { EMULATOR_FIXED_CODE, SEEDED_TOTP_SECRET, seededUsers } from './users'
export { totpCode } from './totp'

/** Builds an emulator without listening; mount `handler` at `<basePath>/**` in h3 or Nitro. */
export function createClerkEmulator(options: ClerkEmulatorOptions = {}): ClerkEmulator {
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

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1'])

/**
 * Whether a `Host` header names this machine. Listening on loopback is not enough: a page
 * on `evil.example` whose DNS later answers 127.0.0.1 (DNS rebinding) would otherwise be
 * "same-origin" with the emulator and could read its outbox.
 */
function isLoopbackHost(host: string | undefined): boolean {
  if (!host) return false
  const name = host.startsWith('[') ? host.slice(1, host.indexOf(']')) : host.replace(/:\d+$/, '')
  return LOOPBACK.has(name.toLowerCase())
}

/** Starts a standalone emulator on a loopback port. */
export async function startClerkEmulator(options: StartClerkEmulatorOptions = {}): Promise<RunningClerkEmulator> {
  const host = options.host ?? '127.0.0.1'
  // The emulator signs anyone in with known passwords: never expose it beyond this machine.
  if (!LOOPBACK.has(host)) throw new Error(`startClerkEmulator: host must be 127.0.0.1, localhost or ::1, not '${host}'.`)
  const emulator = createClerkEmulator(options)
  const listener = toNodeListener(emulator.app)
  const server = createServer((req, res) => {
    if (isLoopbackHost(req.headers.host)) return listener(req, res)
    res.writeHead(421, { 'content-type': 'text/plain; charset=utf-8' })
    res.end('The Clerk emulator answers loopback hosts only (localhost, 127.0.0.1, [::1]).')
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const { port } = server.address() as AddressInfo
  const url = `http://${host === '::1' ? '[::1]' : host}:${port}`
  const basePath = options.basePath && options.basePath !== '/' ? `/${options.basePath.replace(/^\/+|\/+$/g, '')}` : ''
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
