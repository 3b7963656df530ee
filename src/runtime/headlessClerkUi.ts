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
export class HeadlessClerkUI {
  static version = 'headless'

  ensureMounted(): Promise<never> {
    return Promise.reject(new Error(
      '[nuxt-clerk-client-trust] Clerk\'s prebuilt components are not loaded because prefetchUI is false. '
      + 'Remove `prefetchUI: false` from your Clerk options to use <SignIn>, <UserButton> and the like.',
    ))
  }
}

interface ClerkPluginOptions { prefetchUI?: boolean, ui?: { ClerkUI?: unknown } }

/** Adds the stand-in to Clerk plugin options that ask for no prebuilt UI and bring none. */
export function withHeadlessUi<T extends ClerkPluginOptions>(options: T): T {
  if (options.prefetchUI !== false || options.ui?.ClerkUI) return options
  return { ...options, ui: { ...options.ui, ClerkUI: HeadlessClerkUI } }
}
