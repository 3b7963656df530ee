import { stripVTControlCharacters } from 'node:util'
import { beforeAll, describe, expect, it } from 'vitest'
import { freePort } from '../helpers/processes'
import { chromiumPath } from '../helpers/chromium'
import { PACKAGE, inApp, makeApp, npm, versionOf, writeFiles } from './apps'
import { commands, files, installCommand, section } from './readme'

// The testing kit as a user gets it: a new Nuxt app with @clerk/nuxt and this package from
// the packed tarball, the README's "Nuxt + Playwright" files, and `npx playwright test`.
// Its first test signs a new device in with one signIn() call and reads a page the server
// protects; its second, in a new browser context, is a new device again.

function newNuxtAppWithClerkNuxt(): Record<string, string> {
  return {
    'package.json': JSON.stringify({
      name: 'consumer-kit',
      private: true,
      type: 'module',
      scripts: { dev: 'nuxi dev' },
      dependencies: { 'nuxt': versionOf('nuxt'), 'vue': versionOf('vue'), 'vue-router': versionOf('vue-router') },
    }, null, 2),
    // The README's Quick setup, with @clerk/nuxt before this module (README: "@clerk/nuxt is optional").
    'nuxt.config.ts': `export default defineNuxtConfig({
  modules: ['@clerk/nuxt', '${PACKAGE}'],
  clientTrust: { afterSignInUrl: '/account' },
})`,
    'app/app.vue': '<template>\n  <NuxtPage />\n</template>',
    'app/pages/index.vue': '<template>\n  <h1>Home</h1>\n</template>',
  }
}

describe('given a new Nuxt app with @clerk/nuxt and the README\'s Playwright example', () => {
  let app: string

  beforeAll(async () => {
    app = makeApp('kit', newNuxtAppWithClerkNuxt())
    await npm(app, ['install'])
    await npm(app, ['npm', 'i', PACKAGE, '@clerk/vue', `@clerk/nuxt@${versionOf('@clerk/nuxt')}`])
    writeFiles(app, files(section('Quick setup')).filter(f => f.path !== 'nuxt.config.ts'))
  }, 1_200_000)

  it('passes `npx playwright test`: one signIn() call, a server-protected page, a new device per context', async () => {
    const playwright = section('Nuxt + Playwright')
    // The section's other install line, @clerk/nuxt, is in the app already (pinned above).
    expect(commands(playwright)).toContain('npm i @clerk/nuxt')
    await npm(app, installCommand(playwright, cmd => cmd.includes('@playwright/test')))
    writeFiles(app, files(playwright))
    const port = await freePort()
    const output = await inApp(app, 'npx', ['playwright', 'test', '--reporter=line'], 600_000, { CHROMIUM_PATH: chromiumPath, PORT: String(port) })
    const plain = stripVTControlCharacters(output)
    expect(plain).toMatch(/\b2 passed\b/)
    expect(plain).not.toMatch(/\bfailed\b/)
  })

  it('names the limit a suite hit on the default emulator, and the switch that relaxes it', async () => {
    // A spec of the user's own beside the README's: five sign-ins from this machine within
    // seconds (the test runner's own requests, like other browsers of the same IP), then the kit's.
    writeFiles(app, [{ path: 'tests/limit.spec.ts', content: `import { expect, test } from '@playwright/test'
import { signIn } from '${PACKAGE}/testing'

test('the sixth sign-in within 10 s is refused, and the kit says by which limit', async ({ page, request }) => {
  await page.goto('/')
  for (let i = 0; i < 5; i++) {
    const answer = await request.post('/__clerk/v1/client/sign_ins', { form: { identifier: 'sam@example.com' } })
    expect(answer.status()).toBe(200)
  }
  const error = await signIn(page, { identifier: 'jane@example.com', password: 'correct-horse' }).catch((e: Error) => e)
  expect(error).toMatchObject({ name: 'TestingError', code: 'too_many_requests' })
  console.log('KIT SAID: ' + (error as Error).message)
})
` }])
    const port = await freePort()
    const output = await inApp(app, 'npx', ['playwright', 'test', 'tests/limit.spec.ts', '--reporter=line'], 600_000, { CHROMIUM_PATH: chromiumPath, PORT: String(port) })
    const plain = stripVTControlCharacters(output)
    expect(plain).toMatch(/\b1 passed\b/)
    const said = /KIT SAID: (.*)/.exec(plain)?.[1] ?? ''
    expect(said).toContain('refused by the rate limit on sign-ins created (POST /v1/client/sign_ins)')
    expect(said).toContain('Clerk\'s "Create SignIn" limit')
    expect(said).toContain('CLERK_EMULATOR_RATE_LIMITS_PER=client')
    expect(said).not.toContain('correct-horse')
  })
})
