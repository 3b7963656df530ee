import { existsSync } from 'node:fs'

/** Debian's Chromium; Playwright's own browser download is not available offline. */
export const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium'

/**
 * Flags that keep Chromium quiet on a machine without internet: without the
 * background-networking ones it keeps dialling Google and gets refused.
 */
export const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

/** Fails the suite (never skips it) with the one line that says how to get Chromium. */
export function assertChromium(): void {
  if (!existsSync(chromiumPath)) {
    throw new Error(`Chromium not found at ${chromiumPath}: install it with "sudo apt-get install -y chromium" (or set CHROMIUM_PATH).`)
  }
}

/** Launch options for playwright-core / @nuxt/test-utils `browserOptions.launch`; `extraArgs` after ours (the bench's V8 flags). */
export function chromiumLaunchOptions(extraArgs: readonly string[] = []) {
  assertChromium()
  return { executablePath: chromiumPath, args: [...chromiumArgs, ...extraArgs], headless: true }
}
