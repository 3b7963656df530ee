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

/** The origins a standalone emulator serves with credentials (CORS). */
function originList(origin: StartClerkEmulatorOptions['origin']): string[] {
  return origin === undefined ? [] : Array.isArray(origin) ? origin : [origin]
}

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
      if (LOOPBACK.has(name)) return name
    }
    catch {
      // Not a URL: validated elsewhere; fall back to 127.0.0.1.
    }
  }
  return '127.0.0.1'
}

/** Starts a standalone emulator on a loopback port. */
export async function startClerkEmulator(options: StartClerkEmulatorOptions = {}): Promise<RunningClerkEmulator> {
  const origins = originList(options.origin)
  const host = options.host ?? sameSiteHost(origins)
  // The emulator signs anyone in with known passwords: never expose it beyond this machine.
  if (!LOOPBACK.has(host)) throw new Error(`startClerkEmulator: host must be 127.0.0.1, localhost or ::1, not '${host}'.`)
  // `localhost` is a name for URLs; bind the IPv4 loopback it always resolves to (Node may
  // otherwise bind ::1 only, and clients trying 127.0.0.1 first would be refused).
  const bindAddress = host === 'localhost' ? '127.0.0.1' : host
  const emulator = createClerkEmulator(options)
  const listener = toNodeListener(emulator.app)
  const server = createServer((req, res) => {
    if (isLoopbackHost(req.headers.host)) return listener(req, res)
    res.writeHead(421, { 'content-type': 'text/plain; charset=utf-8' })
    res.end('The Clerk emulator answers loopback hosts only (localhost, 127.0.0.1, [::1]).')
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, bindAddress, () => {
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
    origins,
    close: () => new Promise<void>((resolve, reject) => {
      server.closeAllConnections()
      server.close(error => (error ? reject(error) : resolve()))
    }),
  }
}
