/**
 * Imports a Clerk Protect challenge SDK, an ES module at a URL `protectSdkUrl` accepted (never
 * call it with another). Apart so the module graph has one place that loads remote code; Node
 * (the component tests' happy-dom) cannot import `http:` modules, so those tests replace it.
 */
export function importProtectSdk(url: string): Promise<{ default?: unknown }> {
  return import(/* @vite-ignore */ url)
}
