import type { TestProject } from 'vitest/node'
import { startClerkEmulator } from '../emulator'
import type { StartClerkEmulatorOptions } from '../emulator/types'

/** What a vitest `globalSetup` made by {@link clerkEmulatorGlobalSetup} hands to tests (`inject('clerkEmulator')`). */
export interface ProvidedClerkEmulator {
  /** The emulator's own URL (`http://localhost:<port>`). */
  url: string
  /** Clerk's `proxyUrl` for the app under test (`VITE_CLERK_PROXY_URL`). */
  proxyUrl: string
  /** The synthetic `pk_test_` key (`VITE_CLERK_PUBLISHABLE_KEY`). */
  publishableKey: string
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** The emulator started by `clerkEmulatorGlobalSetup` (nuxt-clerk-client-trust/testing). */
    clerkEmulator: ProvidedClerkEmulator
  }
}

/** Options of {@link clerkEmulatorGlobalSetup}: `startClerkEmulator`'s, quiet and with fixed codes by default. */
export interface EmulatorGlobalSetupOptions extends StartClerkEmulatorOptions {
  /**
   * Also put the key and proxy URL in `process.env` as `VITE_CLERK_PUBLISHABLE_KEY` and
   * `VITE_CLERK_PROXY_URL`, so a Vite server started by the tests (or by this process) hands
   * them to the app as `import.meta.env`. @default true
   */
  env?: boolean
}

/**
 * Makes a vitest `globalSetup` that starts the standalone emulator once for the whole run,
 * hands its key and `proxyUrl` to the app under test (environment variables) and to tests
 * (`inject('clerkEmulator')`), and stops it at the end.
 *
 * @example
 * // test/clerk-emulator.ts, listed in vitest's `globalSetup`
 * export default clerkEmulatorGlobalSetup({ origin: 'http://localhost:5173' })
 */
export function clerkEmulatorGlobalSetup(options: EmulatorGlobalSetupOptions = {}): (project: TestProject) => Promise<() => Promise<void>> {
  return async (project) => {
    const { env = true, ...emulatorOptions } = options
    const emulator = await startClerkEmulator({ codes: 'fixed', logger: () => {}, ...emulatorOptions })
    if (env) {
      process.env.VITE_CLERK_PUBLISHABLE_KEY = emulator.publishableKey
      process.env.VITE_CLERK_PROXY_URL = emulator.proxyUrl
    }
    project.provide('clerkEmulator', { url: emulator.url, proxyUrl: emulator.proxyUrl, publishableKey: emulator.publishableKey })
    return () => emulator.close()
  }
}
