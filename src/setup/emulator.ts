import { addServerHandler, type Resolver, type useLogger } from '@nuxt/kit'
import type { Nuxt } from '@nuxt/schema'
import { exportPKCS8, exportSPKI, generateKeyPair } from 'jose'
import type { EmulatorInstance, EmulatorUser } from '../emulator'
// Build time needs only the emulator's config/ files: small, importing nothing but types and
// node:, so the module never loads h3, jose or the routes. They are imported from dist/emulator,
// not inlined (build.config.ts), so the package holds each once. The emulator itself runs in
// the app's server (runtime/server/emulator.ts), registered in dev and test builds only.
import { resolveClerkJsDir } from '../emulator/config/clerkJs'
import { validateEmulatorOptions } from '../emulator/config/options'
import { DEFAULT_FRONTEND_API_HOST, publishableKeyFor } from '../emulator/config/publishableKey'
import { describeUsers, seededUsers } from '../emulator/config/seededUsers'
import { setupDevtoolsTab } from './devtools'

export interface EmulatorModuleOptions {
  /**
   * Run the local Clerk Frontend API emulator inside the app's server.
   * Left unset, it is on in `nuxi dev` and in vitest builds when no real publishable
   * key is configured, and off otherwise. `true` in a production build fails the build:
   * the emulator signs anyone in and must never be deployed.
   * @default undefined (automatic)
   */
  enabled?: boolean
  /**
   * Path the emulator is mounted at; also Clerk's `proxyUrl`.
   * @default '/__clerk'
   */
  path?: string
  /**
   * Users to sign in with. Defaults to the seeded users listed in the README.
   * @default undefined (seeded users)
   */
  users?: EmulatorUser[]
  /**
   * Instance settings: which factors exist, whether Device Trust is on and which status it
   * answers (`clientTrustStatus: 'needs_second_factor'`: an application older than 2025-11-14),
   * Clerk's rate limits (per IP, as Clerk counts; `rateLimits: { per: 'client' }` relaxes them for
   * test suites that sign in many times, e.g. in nuxt.config's `$test` block), enumeration protection.
   * @default { emailCode: true, phoneCode: true, clientTrust: true, clientTrustStatus: 'needs_client_trust' }
   */
  instance?: Partial<EmulatorInstance>
  /**
   * `fixed` sends 424242 every time (handy in tests), `random` sends real random codes.
   * @default 'random' in `nuxi dev`, 'fixed' in tests
   */
  codes?: 'fixed' | 'random'
}

interface Context { withClerkNuxt: boolean }

/** A vitest build (`@nuxt/test-utils`): `nuxt.options.test` alone is true for any `TEST` variable. */
function isTestBuild(nuxt: Nuxt) {
  return Boolean(nuxt.options.test) && process.env.VITEST === 'true'
}

function configuredPublishableKey(nuxt: Nuxt): string | undefined {
  const fromClerkOptions = (nuxt.options as { clerk?: { publishableKey?: string } }).clerk?.publishableKey
  const fromRuntime = (nuxt.options.runtimeConfig.public.clerk as { publishableKey?: string } | undefined)?.publishableKey
  return process.env.NUXT_PUBLIC_CLERK_PUBLISHABLE_KEY || fromClerkOptions || fromRuntime || undefined
}

export function shouldEnableEmulator(options: EmulatorModuleOptions, nuxt: Nuxt, _ctx: Context): boolean {
  const allowed = nuxt.options.dev || isTestBuild(nuxt)
  if (options.enabled === true && !allowed) {
    throw new Error(
      '[nuxt-clerk-client-trust] clientTrust.emulator.enabled is true in a production build. '
      + 'The emulator signs in its seeded users with known passwords and must never be deployed: '
      + 'remove the option (it turns itself on in `nuxi dev` and in tests) or set it to false, '
      + 'and set NUXT_PUBLIC_CLERK_PUBLISHABLE_KEY to your Clerk key.',
    )
  }
  if (options.enabled !== undefined) return options.enabled
  return allowed && !configuredPublishableKey(nuxt)
}

export async function setupEmulator(
  options: EmulatorModuleOptions,
  nuxt: Nuxt,
  { resolver, withClerkNuxt, logger }: Context & { resolver: Resolver, logger: ReturnType<typeof useLogger> },
) {
  // The same checks as startClerkEmulator and the CLI, with nuxt.config's names in the message.
  validateEmulatorOptions({ basePath: options.path, users: options.users, instance: options.instance, codes: options.codes }, { source: '[nuxt-clerk-client-trust]', name: key => `clientTrust.emulator.${key === 'basePath' ? 'path' : key}` })
  const path = (options.path ?? '/__clerk').replace(/\/+$/, '')
  const clerkJsDir = resolveClerkJsDir(nuxt.options.rootDir)
  if (!clerkJsDir) {
    logger.warn('The Clerk emulator serves clerk-js from node_modules, but @clerk/clerk-js was not found (it is a dependency of nuxt-clerk-client-trust): reinstall, or run `npm i @clerk/clerk-js`.')
  }
  // One key pair per build: the server half signs session tokens inside the emulator,
  // the public half lets @clerk/nuxt verify them during SSR without any network.
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true })
  const publicKeyPem = await exportSPKI(publicKey)
  const publishableKey = publishableKeyFor(DEFAULT_FRONTEND_API_HOST)

  nuxt.options.runtimeConfig.clientTrustEmulator = {
    basePath: path,
    users: options.users,
    instance: options.instance,
    codes: options.codes ?? (nuxt.options.dev ? 'random' : 'fixed'),
    clerkJsDir,
    privateKeyPem: await exportPKCS8(privateKey),
    frontendApiHost: DEFAULT_FRONTEND_API_HOST,
  }
  // A middleware, first in line: @clerk/nuxt's own middleware would otherwise answer the
  // handshake navigation to <path>/v1/client/handshake with another handshake redirect.
  const emulatorHandler = { middleware: true, handler: resolver.resolve('./runtime/server/emulator') }
  addServerHandler(emulatorHandler)
  nuxt.hook('modules:done', () => {
    const handlers = nuxt.options.serverHandlers
    const index = handlers.findIndex(h => h.handler === emulatorHandler.handler)
    if (index > 0) handlers.unshift(...handlers.splice(index, 1))
  })

  const clerkPublic = {
    publishableKey,
    proxyUrl: path,
    prefetchUI: false,
    // Offline by design: nothing may try to reach Clerk's telemetry endpoint.
    telemetry: { disabled: true },
  }
  const applyClerkConfig = () => {
    const rc = nuxt.options.runtimeConfig as { public: Record<string, unknown>, clerk?: Record<string, unknown> } & Record<string, unknown>
    const clerk = (rc.public.clerk ?? {}) as Record<string, unknown>
    rc.public.clerk = { ...clerk, ...clerkPublic }
    if (withClerkNuxt) {
      rc.clerk = { ...rc.clerk, secretKey: rc.clerk?.secretKey || 'sk_test_clerk_emulator', jwtKey: publicKeyPem }
    }
  }
  applyClerkConfig()
  // @clerk/nuxt writes its own runtime config in its setup; ours must win whatever the module order.
  nuxt.hook('modules:done', applyClerkConfig)

  setupDevtoolsTab(path, nuxt, resolver)
  if (nuxt.options.dev) {
    nuxt.hook('listen', (_server, listener: { url?: string }) => {
      const base = (listener?.url || 'http://localhost:3000/').replace(/\/$/, '')
      logger.box(devBanner(options, `${base}${path}`).join('\n'))
    })
  }
}

/** The dev banner: where the codes go and the users this app can sign in as (its own, else the seeded ones). */
export function devBanner(options: Pick<EmulatorModuleOptions, 'users'>, emulatorUrl: string): string[] {
  const users = options.users ?? seededUsers
  return [
    'Clerk emulator is on (no Clerk account, no network).',
    `Dashboard (codes sent, users, scenarios, requests): ${emulatorUrl}/`,
    `Outbox (codes and links sent): ${emulatorUrl}/_outbox`,
    options.users ? 'Sign in as one of your clientTrust.emulator.users:' : 'Sign in with the password correct-horse as:',
    ...describeUsers(users).map(line => `  ${line}`),
    'Set NUXT_PUBLIC_CLERK_PUBLISHABLE_KEY to use real Clerk.',
  ]
}
