import type { SignInFutureResource } from '@clerk/shared/types'
import { afterEach, vi } from 'vitest'
import { startClerkEmulator } from '../../src/emulator'
import type { RunningClerkEmulator, StartClerkEmulatorOptions } from '../../src/emulator'

/** The real clerk-js `Clerk` instance (typed loosely: its public types do not cover the signal API). */
export type RealClerk = InstanceType<typeof import('@clerk/clerk-js').Clerk>

export interface RealClerkOptions {
  /** Passed to `startClerkEmulator`; `port: 0`, `codes: 'fixed'` and a silent logger by default. */
  emulator?: StartClerkEmulatorOptions
  /** Reuse a running emulator (e.g. to be a second browser of the same server); it is not closed by `close()`. */
  reuse?: RunningClerkEmulator
  /**
   * `false` (default) makes clerk-js report network errors: with `navigator.webdriver === true`
   * (happy-dom's default) clerk-js swallows them and error-path tests cannot fail.
   */
  webdriver?: boolean
  /** Forget the happy-dom cookie jar first, so this Clerk is a new browser (a new FAPI client). @default true */
  newBrowser?: boolean
  /** Options of `clerk.load()`, e.g. `{ localization: deDE }` as an app passes them through `clerkPlugin`. */
  load?: Parameters<RealClerk['load']>[0]
}

export interface RealClerkContext {
  clerk: RealClerk
  emulator: RunningClerkEmulator
  /** The current `SignInFuture` (always re-read: clerk-js replaces it after each create). */
  signIn: () => SignInFutureResource
  /** Resolves once `predicate()` is truthy; polls without fixed sleeps, bounded by `timeoutMs`. */
  waitFor: (predicate: () => unknown, timeoutMs?: number) => Promise<void>
  close: () => Promise<void>
}

async function forgetClient(emulator: RunningClerkEmulator): Promise<void> {
  // `__client` is HttpOnly, so document.cookie cannot drop it; the emulator's `_new_client`
  // route expires it through happy-dom's own fetch and cookie jar, like "clear site data".
  const response = await window.fetch(`${emulator.proxyUrl}/_new_client`, { method: 'POST', credentials: 'include' })
  if (response.status !== 204) throw new Error(`realClerk: _new_client answered ${response.status}`)
}

/**
 * Starts the emulator and loads the REAL `@clerk/clerk-js` against it, inside a vitest test
 * running with `// @vitest-environment happy-dom`.
 *
 * - The happy-dom page is moved to the emulator's origin (`window.happyDOM.setURL(emulator.url)`),
 *   so every FAPI call is same-origin and happy-dom keeps the emulator's HttpOnly `__client`
 *   cookie like a browser keeps FAPI's: one cookie jar = one Clerk client.
 * - `globalThis.isSecureContext = false` first: clerk-js otherwise writes `Secure` cookies that
 *   happy-dom drops on http.
 * - clerk-js keeps module singletons (the signal store, `BaseResource.clerk`). The helper calls
 *   `vi.resetModules()` and creates a new `Clerk`, and `close()` stops its emulator; run one scenario per
 *   helper call and do not share a `clerk` between tests.
 */
export async function createRealClerk(options: RealClerkOptions = {}): Promise<RealClerkContext> {
  const emulator = options.reuse ?? await startClerkEmulator({ port: 0, codes: 'fixed', logger: () => {}, ...options.emulator })
  const owned = !options.reuse
  try {
    ;(globalThis as { isSecureContext?: boolean }).isSecureContext = false
    Object.defineProperty(window.navigator, 'webdriver', { configurable: true, get: () => options.webdriver ?? false })
    // happy-dom's window API, absent from lib.dom typings.
    const happyDOM = (window as unknown as { happyDOM?: { setURL(url: string): void } }).happyDOM
    if (!happyDOM) throw new Error('realClerk needs happy-dom: add `// @vitest-environment happy-dom` at the top of the test file.')
    happyDOM.setURL(`${emulator.url}/`)
    if (options.newBrowser ?? true) await forgetClient(emulator)
    vi.resetModules()
    const { Clerk } = await import('@clerk/clerk-js')
    const clerk = new Clerk(emulator.publishableKey, { proxyUrl: emulator.proxyUrl })
    await clerk.load(options.load)
    const waitFor = async (predicate: () => unknown, timeoutMs = 5_000) => {
      const deadline = Date.now() + timeoutMs
      while (!predicate()) {
        if (Date.now() > deadline) throw new Error('realClerk.waitFor: condition not met in time')
        await new Promise(resolve => setTimeout(resolve, 10))
      }
    }
    return {
      clerk,
      emulator,
      signIn: () => {
        const current = clerk.__internal_state.signInSignal().signIn
        if (!current) throw new Error('realClerk: clerk-js has no SignInFuture (was load() successful?)')
        return current
      },
      waitFor,
      // clerk-js 6 has no destroy(): its token poller outlives the test (see vitest.config.ts).
      close: async () => {
        if (owned) await emulator.close()
      },
    }
  }
  catch (error) {
    if (owned) await emulator.close()
    throw error
  }
}

/** The Clerk error code of an action result (`{ error }`), or `'ok'`. */
export function errorCode(result: { error: unknown }): string {
  const error = result.error as { errors?: Array<{ code?: string }>, code?: string } | null
  if (!error) return 'ok'
  return error.errors?.[0]?.code ?? error.code ?? 'unknown'
}

/**
 * For a test file that starts real clerk-js instances and emulators of its own: each is closed
 * after the test, the clerk-js instances first (newest first), the emulators they share last.
 */
export function useRealClerks() {
  const cleanups: Array<() => Promise<void>> = []
  afterEach(async () => {
    while (cleanups.length) await cleanups.pop()?.()
  })
  return {
    async realClerk(options: RealClerkOptions = {}): Promise<RealClerkContext> {
      const ctx = await createRealClerk(options)
      cleanups.push(ctx.close)
      return ctx
    },
    async sharedEmulator(options: StartClerkEmulatorOptions = {}): Promise<RunningClerkEmulator> {
      const emulator = await startClerkEmulator({ port: 0, codes: 'fixed', logger: () => {}, ...options })
      cleanups.unshift(emulator.close)
      return emulator
    },
  }
}
