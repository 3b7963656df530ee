import type { TestOptions } from '@nuxt/test-utils/e2e'
import type { EmulatorInstance, EmulatorUser } from '../emulator/types'
import type { EmulatorClient } from './emulatorClient'
import { emulatorAt } from './emulatorClient'

/** The emulator a Nuxt test build runs (the module's `clientTrust.emulator` options). */
export interface NuxtEmulatorOptions {
  /** Users that can sign in; they replace the seeded ones. @default the seeded users */
  users?: EmulatorUser[]
  /** Instance settings (`{ clientTrust: false }`, `{ phoneCode: false }`…). */
  instance?: Partial<EmulatorInstance>
  /** Where the module mounts the emulator. @default '/__clerk' */
  path?: string
}

/** `@nuxt/test-utils` `setup()` options, plus the emulator's. */
export type SetupWithEmulatorOptions = Partial<TestOptions> & { emulator?: NuxtEmulatorOptions }

/**
 * Adds the emulator's users and settings to `@nuxt/test-utils` `setup()` options: the test
 * build of your app runs the emulator (no real key configured) with these users, codes fixed.
 *
 * @example
 * await setup(withClerkEmulator({ browser: true }, { users: [{ emailAddress: 'ada@test.dev', password: 'pw-ada-1' }] }))
 */
export function withClerkEmulator<T extends Partial<TestOptions>>(options: T, emulator: NuxtEmulatorOptions = {}): T {
  const nuxtConfig = (options.nuxtConfig ?? {}) as Record<string, unknown> & { clientTrust?: Record<string, unknown> & { emulator?: Record<string, unknown> } }
  const clientTrust = nuxtConfig.clientTrust ?? {}
  return {
    ...options,
    nuxtConfig: {
      ...nuxtConfig,
      clientTrust: {
        ...clientTrust,
        emulator: {
          ...clientTrust.emulator,
          enabled: true,
          codes: 'fixed',
          ...(emulator.path ? { path: emulator.path } : {}),
          ...(emulator.users ? { users: emulator.users } : {}),
          ...(emulator.instance ? { instance: emulator.instance } : {}),
        },
      },
    },
  }
}

/**
 * The one line a Nuxt app's vitest e2e file needs: builds and starts the app with
 * `@nuxt/test-utils` `setup()` (the emulator on, with `emulator.users`), and answers a client
 * for the emulator's outbox, requests and scenarios — no `$fetch` of control routes.
 *
 * @example
 * const clerk = await setupWithClerkEmulator({ browser: true, emulator: { users } })
 * // in a test: await clerk.lastCode('ada@test.dev'), await clerk.setScenario({ outage: true })
 */
export async function setupWithClerkEmulator(options: SetupWithEmulatorOptions = {}): Promise<EmulatorClient> {
  const { emulator, ...setupOptions } = options
  const { setup, url } = await import('@nuxt/test-utils/e2e')
  await setup(withClerkEmulator(setupOptions, emulator))
  // `url()` knows the port only once the server started (in setup's beforeAll): resolve it late.
  const path = (emulator?.path ?? '/__clerk').replace(/\/+$/, '')
  return emulatorAt(() => url(path))
}
