import { fileURLToPath } from 'node:url'
import { setup } from '@nuxt/test-utils/e2e'
import { expect } from 'vitest'
import { chromiumLaunchOptions } from '../helpers/chromium'

/** Builds and starts `test/fixtures/<name>` once for the calling file, with Chromium for its pages. */
export async function setupFixture(name: string, options: Omit<Parameters<typeof setup>[0], 'rootDir' | 'browser' | 'browserOptions'> = {}) {
  await setup({
    rootDir: fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url)),
    browser: true,
    browserOptions: { type: 'chromium', launch: chromiumLaunchOptions() },
    ...options,
  })
}

/** The server-rendered form speaks `lang`, left to right, its password label in that language. */
export function expectServerRenderedIn(html: string, lang: string, passwordLabel: string | undefined) {
  expect(html).toMatch(new RegExp(`<div[^>]*class="cts[ "][^>]*lang="${lang}"[^>]*dir="ltr"`))
  expect(html).toMatch(new RegExp(`<label[^>]*>\\s*${passwordLabel}\\s*</label>`))
}
