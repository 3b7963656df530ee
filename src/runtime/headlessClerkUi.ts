/**
 * Stands in for Clerk's prebuilt UI (`@clerk/ui`) when an app does not load it
 * (`prefetchUI: false`): our sign-in needs none of it.
 *
 * Why it exists: @clerk/vue 2.5 hands clerk-js a promise of `undefined` as the UI
 * constructor when `prefetchUI` is false, and clerk-js does `new ClerkUI(...)` on it, which
 * throws an uncaught "e is not a constructor" on every page load. With this class clerk-js
 * gets a real constructor, and an app that later mounts a prebuilt component gets an error
 * that says what to change.
 */
const NOT_LOADED = '[nuxt-clerk-client-trust] Clerk\'s prebuilt components are not loaded because prefetchUI is false. '
  + 'Remove `prefetchUI: false` from your Clerk options to use <SignIn>, <UserButton> and the like.'

export class HeadlessClerkUI {
  static version = 'headless'

  /**
   * Clerk's UI controls, none loaded: every control throws {@link NOT_LOADED}, but there is no
   * `openProtectCheckModal`. clerk-js opens that modal itself after any sign-in call answered
   * `needs_protect_check` and skips it when the UI has none (clerk-js `__internal_openProtectCheckModal`);
   * a rejection here made that sign-in call fail, while the form runs the challenge itself.
   */
  ensureMounted(): Promise<object> {
    const controls = new Proxy({}, {
      get: (_target, key) => key === 'openProtectCheckModal' || key === 'then' || typeof key === 'symbol'
        ? undefined
        : () => {
            throw new Error(NOT_LOADED)
          },
    })
    return Promise.resolve(controls)
  }
}

interface ClerkPluginOptions { prefetchUI?: boolean, ui?: { ClerkUI?: unknown } }

/** Adds the stand-in to Clerk plugin options that ask for no prebuilt UI and bring none. */
export function withHeadlessUi<T extends ClerkPluginOptions>(options: T): T {
  if (options.prefetchUI !== false || options.ui?.ClerkUI) return options
  return { ...options, ui: { ...options.ui, ClerkUI: HeadlessClerkUI } }
}

/** The clerk-js major version @clerk/vue 2 asks a proxy for. */
const CLERK_JS_MAJOR = 6

interface EmulatorAwareOptions extends ClerkPluginOptions {
  proxyUrl?: string
  telemetry?: false | { disabled?: boolean }
  __internal_clerkJSUrl?: string
}

/**
 * Completes `clerkPlugin` options for the standalone emulator (`npx nuxt-clerk-client-trust-emulator`).
 *
 * When `proxyUrl` is a plain-http URL (the emulator's, on this machine):
 * - clerk-js is loaded from the emulator: with an absolute `proxyUrl`, @clerk/vue 2.5 asks
 *   `https://<proxy host>/npm/@clerk/clerk-js@6/…` whatever the scheme, which a local http
 *   server cannot answer;
 * - Clerk's prebuilt UI is not loaded (the emulator does not serve it; this form needs none);
 * - telemetry is off (there is no network to send it to).
 *
 * Any other options (real Clerk: no `proxyUrl`, or an https one) are returned unchanged, so the
 * same line works in development and production.
 */
export function withEmulator<T extends EmulatorAwareOptions>(options: T): T {
  const proxyUrl = options.proxyUrl
  if (typeof proxyUrl !== 'string' || !/^http:\/\//i.test(proxyUrl)) return options
  return withHeadlessUi({
    ...options,
    prefetchUI: false,
    telemetry: options.telemetry ?? false,
    __internal_clerkJSUrl: options.__internal_clerkJSUrl ?? `${proxyUrl.replace(/\/+$/, '')}/npm/@clerk/clerk-js@${CLERK_JS_MAJOR}/dist/clerk.browser.js`,
  })
}
