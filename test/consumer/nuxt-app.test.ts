import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { stripVTControlCharacters } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { RATE_LIMITS_PER_ENV } from '../../src/emulator/config/instance'
import type { EmulatorInstance, OutboxEntry } from '../../src/emulator/types'
import { freePort, startServer } from '../helpers/processes'
import { chromiumPath } from '../helpers/chromium'
import { PACKAGE, inApp, makeApp, npm, userEnv, versionOf, writeFiles } from './apps'
import { codeSentTo, launch, problemsOf, resetPasswordInForm, signInWithEmailedCode } from './browser'
import { files, installCommand, section } from './readme'

// A new Nuxt app, installed from the packed tarball and set up exactly as the README's
// "Quick setup", "Session tasks" and "Testing your app" (its Nuxt + @nuxt/test-utils example) say. A README step that is missing or
// wrong fails here.

/** What a new Nuxt 4 app has before the README's steps (the minimal template's files). */
function newNuxtApp(): Record<string, string> {
  return {
    'package.json': JSON.stringify({
      name: 'consumer-nuxt',
      private: true,
      type: 'module',
      scripts: { dev: 'nuxi dev', build: 'nuxi build' },
      dependencies: { 'nuxt': versionOf('nuxt'), 'vue': versionOf('vue'), 'vue-router': versionOf('vue-router') },
      // The app's own type checking (`nuxi typecheck` asks for these).
      devDependencies: { 'typescript': versionOf('typescript'), 'vue-tsc': versionOf('vue-tsc') },
    }, null, 2),
    'nuxt.config.ts': 'export default defineNuxtConfig({})',
    'tsconfig.json': JSON.stringify({ files: [], references: ['app', 'server', 'shared', 'node'].map(name => ({ path: `./.nuxt/tsconfig.${name}.json` })) }, null, 2),
    'app/app.vue': '<template>\n  <NuxtPage />\n</template>',
    // The app's own page behind `afterSignInUrl`.
    'app/pages/dashboard.vue': '<template>\n  <h1>Dashboard</h1>\n</template>',
  }
}

/**
 * Runs `nuxi dev` in `app` for one test with the emulator's instance switched by one of Nuxt's
 * named environments (`$env: { [name]: … }` and `nuxi dev --envName name`), as a user would try
 * a Clerk setting for one run, then puts the app's config back.
 */
async function devIn(app: string, name: string, instance: Partial<EmulatorInstance>, use: (base: string) => Promise<void>): Promise<void> {
  const configFile = join(app, 'nuxt.config.ts')
  const config = readFileSync(configFile, 'utf8')
  expect(config).toContain('defineNuxtConfig({')
  writeFileSync(configFile, config.replace('defineNuxtConfig({', `defineNuxtConfig({\n  $env: { ${name}: { clientTrust: { emulator: { instance: ${JSON.stringify(instance)} } } } },`))
  const port = await freePort()
  const base = `http://localhost:${port}`
  try {
    const server = await startServer('npx', ['nuxi', 'dev', '--port', String(port), '--envName', name], `${base}/sign-in`, {
      cwd: app,
      env: userEnv(),
      timeoutMs: 240_000,
      ready: status => status === 200,
    })
    try {
      await use(base)
    }
    finally {
      await server.stop()
    }
  }
  finally {
    writeFileSync(configFile, config)
  }
}

describe('given a new Nuxt app set up as the README says', () => {
  let app: string
  let browser: Browser | undefined

  beforeAll(async () => {
    app = makeApp('nuxt', newNuxtApp())
    await npm(app, ['install'])
    const quickSetup = section('Quick setup')
    await npm(app, installCommand(quickSetup))
    writeFiles(app, files(quickSetup))
    writeFiles(app, files(section('Every sign-in status')))
  }, 1_200_000)

  afterAll(async () => {
    await browser?.close()
  })

  it('installs with one line and no missing peer: the package brings clerk-js for the emulator', async () => {
    expect(installCommand(section('Quick setup'))).toEqual(['npm', 'i', PACKAGE, '@clerk/vue'])
    const ls = await inApp(app, 'npm', ['ls', '@clerk/clerk-js', '--all'])
    expect(ls).toContain(`${PACKAGE}@`)
    expect(ls).toMatch(/@clerk\/clerk-js@6\./)
  })

  it('serves a working offline sign-in in `nuxi dev`: a new device signs in with the emailed code', async () => {
    const port = await freePort()
    const base = `http://localhost:${port}`
    const server = await startServer('npx', ['nuxi', 'dev', '--port', String(port)], `${base}/sign-in`, {
      cwd: app,
      // Six sign-ins from this one machine within seconds (Jane, Otto, Sam, two for the old and new
      // password, Phil): more than Clerk's per-IP "Create SignIn" limit (5 per 10 s) lets through,
      // so this run uses the switch the README gives suites that sign in many times.
      env: userEnv({ [RATE_LIMITS_PER_ENV]: 'client' }),
      timeoutMs: 240_000,
      ready: status => status === 200,
    })
    try {
      // The banner lists who can sign in, and nothing is missing.
      expect(server.output()).toContain('jane@example.com')
      expect(server.output()).not.toMatch(/not installed|not found/i)

      browser ??= await launch()
      const page = await browser.newPage()
      const problems = problemsOf(page)
      await page.goto(`${base}/sign-in`)
      await signInWithEmailedCode(page, `${base}/__clerk/_outbox.json`, 'jane@example.com')
      await page.waitForURL(url => url.pathname === '/dashboard', { timeout: 30_000 })
      await page.getByRole('heading', { name: 'Dashboard' }).waitFor()
      expect(problems).toEqual([])

      // The README's tasks page, beside the sign-in page, renders for a session with a task.
      const otto = await browser.newPage()
      await otto.goto(`${base}/sign-in`)
      await signInWithEmailedCode(otto, `${base}/__clerk/_outbox.json`, 'otto@example.com')
      await otto.waitForURL(url => url.pathname === '/sign-in/tasks', { timeout: 30_000 })
      await otto.getByText('One more step: choose-organization').waitFor()
      // The README's "Forgot password": Sam resets his password inside the form and lands signed in;
      // his old password is refused afterwards.
      const sam = await browser.newContext().then(context => context.newPage())
      const samProblems = problemsOf(sam)
      await sam.goto(`${base}/sign-in`)
      await resetPasswordInForm(sam, `${base}/__clerk/_outbox.json`, 'sam@example.com', 'new-battery-staple-9')
      await sam.waitForURL(url => url.pathname === '/dashboard', { timeout: 30_000 })
      expect(samProblems).toEqual([])
      const oldPassword = await browser.newContext().then(context => context.newPage())
      await oldPassword.goto(`${base}/sign-in`)
      await oldPassword.locator('.cts[data-step="credentials"]').waitFor({ timeout: 60_000 })
      await oldPassword.fill('input[autocomplete="username"]', 'sam@example.com')
      await oldPassword.fill('input[autocomplete="current-password"]', 'correct-horse')
      await oldPassword.keyboard.press('Enter')
      await expect.poll(() => oldPassword.locator('input[autocomplete="current-password"]').getAttribute('aria-invalid')).toBe('true')
      // …and the new one accepted (a new device: the emailed code follows).
      await oldPassword.fill('input[autocomplete="current-password"]', 'new-battery-staple-9')
      await oldPassword.keyboard.press('Enter')
      await oldPassword.locator('.cts[data-step="verify"]').waitFor()
      // A phone-only account resets by SMS.
      const phil = await browser.newContext().then(context => context.newPage())
      await phil.goto(`${base}/sign-in`)
      await resetPasswordInForm(phil, `${base}/__clerk/_outbox.json`, '+15555550100', 'new-battery-staple-9')
      await phil.waitForURL(url => url.pathname === '/dashboard', { timeout: 30_000 })
      await page.close()
      await otto.close()
    }
    finally {
      await server.stop()
    }
  })

  it('passes the README\'s "Testing your app" as written', async () => {
    const testing = section('Nuxt + @nuxt/test-utils')
    await npm(app, installCommand(testing))
    const written = files(testing)
    expect(written.map(f => f.path)).toEqual(['test/e2e/sign-in.test.ts'])
    writeFiles(app, written)
    const output = await inApp(app, 'npx', ['vitest', 'run'], 600_000, { CHROMIUM_PATH: chromiumPath })
    // vitest colours its summary when the parent run does: read it as plain text.
    expect(stripVTControlCharacters(output)).toMatch(/Tests\s+2 passed/)
  })

  it('type-checks with `nuxi typecheck`', async () => {
    const output = await inApp(app, 'npx', ['nuxi', 'typecheck'], 600_000)
    expect(output).not.toMatch(/error TS/)
  })

  it('shows an unknown account as a wrong password under strict enumeration protection, and refuses a burst of sign-ins as Clerk would', async () => {
    // Strict protection for this run only, with Clerk's per-IP counting (a user's default).
    await devIn(app, 'strict', { enumerationProtection: 'strict' }, async (base) => {
      browser ??= await launch()
      // Six people on six browsers of one machine open the form, then sign in within seconds.
      const pages: Page[] = []
      for (let i = 0; i < 6; i++) {
        const page = await (await browser.newContext()).newPage()
        await page.goto(`${base}/sign-in`)
        await page.locator('.cts[data-step="credentials"]').waitFor({ timeout: 60_000 })
        pages.push(page)
      }
      const submit = async (page: Page, identifier: string) => {
        await page.fill('input[autocomplete="username"]', identifier)
        await page.fill('input[autocomplete="current-password"]', 'not-the-password')
        const answered = page.waitForResponse(r => r.url().includes('/v1/client/sign_ins') && r.request().method() === 'POST')
        await page.keyboard.press('Enter')
        const status = (await answered).status()
        await page.locator('.cts[data-step="credentials"]:not([data-state="busy"]) [aria-invalid="true"], .cts [data-cts-part="summary"]:not(:empty)').first().waitFor()
        // The announcement too (the live region speaks a moment after the field shows the error).
        await page.locator('.cts [data-cts-part="live"]:not(:empty)').waitFor()
        return { status, shown: await page.locator('.cts').textContent(), kept: await page.inputValue('input[autocomplete="username"]') }
      }
      const unknown = await submit(pages[0]!, 'nobody@example.com')
      const wrong = await submit(pages[1]!, 'jane@example.com')
      expect(unknown).toEqual({ ...wrong, kept: 'nobody@example.com' })
      expect(wrong.status).toBe(422)
      expect(wrong.shown).toContain('Password is incorrect')
      for (const page of pages.slice(2, 5)) expect((await submit(page, 'jane@example.com')).status).toBe(422)
      const refused = await submit(pages[5]!, 'jane@example.com')
      expect(refused.status).toBe(429)
      expect(refused.shown).toContain('Too many attempts. Wait a moment and try again.')
      expect(refused.kept).toBe('jane@example.com')
    })
  })

  it('lets a user work from the emulator\'s dashboard: the code, an outage on and off, forgetting the device', async () => {
    const port = await freePort()
    const base = `http://localhost:${port}`
    const server = await startServer('npx', ['nuxi', 'dev', '--port', String(port)], `${base}/sign-in`, {
      cwd: app,
      env: userEnv(),
      timeoutMs: 240_000,
      ready: status => status === 200,
    })
    try {
      // The address the banner gives, opened beside the app in the same browser ("this browser").
      const dashboardUrl = /Dashboard \([^)]*\): (\S+)/.exec(stripVTControlCharacters(server.output()))?.[1]
      expect(dashboardUrl).toBe(`${base}/__clerk/`)
      browser ??= await launch()
      const context = await browser.newContext()
      const page = await context.newPage()
      const dashboard = await context.newPage()
      const problems = problemsOf(dashboard)
      await dashboard.goto(dashboardUrl!)
      await dashboard.getByText(/^Live, updated/).waitFor({ timeout: 30_000 })
      const jane = dashboard.locator('#users tr').filter({ hasText: 'jane@example.com' })
      const form = page.locator('.cts')
      const outage = dashboard.getByRole('switch', { name: /^Outage/ })
      /** Types Jane's password in the form and sends it. */
      const submit = async (on: Page) => {
        await on.fill('input[autocomplete="username"]', 'jane@example.com')
        await on.fill('input[autocomplete="current-password"]', 'correct-horse')
        await on.locator('input[autocomplete="current-password"]').press('Enter')
      }
      /** The newest code on the dashboard once there are `n`. */
      const nthCode = async (n: number) => {
        await expect.poll(() => dashboard.locator('#outbox li .code').count(), { timeout: 20_000 }).toBe(n)
        return (await dashboard.locator('#outbox li .code').first().textContent())!.trim()
      }

      await page.goto(`${base}/sign-in`)
      await page.locator('.cts[data-step="credentials"]').waitFor({ timeout: 60_000 })
      // An outage switched on there: the form says Clerk is not answering, and no code is sent.
      await outage.check()
      await expect.poll(() => dashboard.locator('#scenario-now').textContent()).toBe('On now: Outage')
      await submit(page)
      await expect.poll(() => form.textContent(), { timeout: 20_000 }).toMatch(/unavailable|try again/i)
      expect(await page.locator('.cts[data-step="credentials"]').count()).toBe(1)
      // …and off again: the same password goes through, the code read from the dashboard.
      await outage.uncheck()
      await expect.poll(() => dashboard.locator('#scenario-now').textContent()).toBe('On now: nothing, Clerk on a good day')
      await submit(page)
      await page.locator('.cts[data-step="verify"]').waitFor({ timeout: 30_000 })
      await page.fill('input[autocomplete="one-time-code"]', await nthCode(1))
      await page.waitForURL(url => url.pathname === '/dashboard', { timeout: 30_000 })
      // Trusted now, as the dashboard says (the button is there for a trusted device only).
      const forget = dashboard.getByRole('button', { name: 'Forget this device for jane@example.com' })
      await forget.waitFor({ timeout: 20_000 })
      expect(await jane.textContent()).not.toContain('not trusted')

      // Forgotten there, this browser is a new device again: signed out and back, a code is asked for.
      await forget.click()
      await expect.poll(() => jane.textContent()).toContain('not trusted')
      await page.evaluate(() => (window as unknown as { Clerk: { signOut: () => Promise<void> } }).Clerk.signOut())
      await page.goto(`${base}/sign-in`)
      await page.locator('.cts[data-step="credentials"]').waitFor({ timeout: 60_000 })
      await submit(page)
      await page.locator('.cts[data-step="verify"]').waitFor({ timeout: 30_000 })
      expect(await form.textContent()).toContain('new device')
      await page.fill('input[autocomplete="one-time-code"]', await nthCode(2))
      await page.waitForURL(url => url.pathname === '/dashboard', { timeout: 30_000 })
      expect(problems).toEqual([])
      await context.close()
    }
    finally {
      await server.stop()
    }
  })

  it('solves Clerk Protect challenges in the form from the packed package: a chained pair, then an expired one recovered', async () => {
    const port = await freePort()
    const base = `http://localhost:${port}`
    const server = await startServer('npx', ['nuxi', 'dev', '--port', String(port)], `${base}/sign-in`, { cwd: app, env: userEnv(), timeoutMs: 240_000, ready: status => status === 200 })
    // The README's scenario switch, from Node (the emulator's control routes take no other site).
    const scenario = (patch: Record<string, unknown>) => fetch(`${base}/__clerk/_scenario`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(patch) }).then(r => r.json())
    try {
      expect(await scenario({ protectCheck: true, protectCheckChain: 2 })).toMatchObject({ protectCheck: true, protectCheckChain: 2 })
      browser ??= await launch()
      const page = await browser.newContext().then(context => context.newPage())
      const problems = problemsOf(page)
      const credentials = async () => {
        await page.locator('.cts[data-step="credentials"]').waitFor({ timeout: 60_000 })
        await page.fill('input[autocomplete="username"]', 'jane@example.com')
        await page.fill('input[autocomplete="current-password"]', 'correct-horse')
        await page.keyboard.press('Enter')
      }
      const person = page.locator('.cts[data-step="protect-check"] [data-cts-part="protect-check"]').getByRole('button', { name: 'I am a person' })
      await page.goto(`${base}/sign-in`)
      await credentials()
      await person.click()
      await expect.poll(async () => (await fetch(`${base}/__clerk/_requests.json`).then(r => r.json()) as { requests: Array<{ path: string, status: number }> })
        .requests.filter(r => r.path.endsWith('/protect_check') && r.status === 200).length).toBe(1)
      await person.click()
      await page.locator('.cts[data-step="verify"]').waitFor()
      // Expired: back to the credentials, said plainly, the identifier kept.
      await page.getByRole('button', { name: 'Start over' }).click()
      await scenario({ protectCheckChain: 1, expireProtectChecks: true })
      await credentials()
      await page.locator('[data-cts-part="summary"]').getByText('The security check expired. Please sign in again.').waitFor()
      expect(await page.inputValue('input[autocomplete="username"]')).toBe('jane@example.com')
      expect(problems).toEqual([])
    }
    finally {
      await scenario({ protectCheck: false, protectCheckChain: 1, expireProtectChecks: false }).catch(() => {})
      await server.stop()
    }
  })

  it('signs a new device in through the new-device step on an older instance (Device Trust as `needs_second_factor`)', async () => {
    // An application created before Clerk's "Device Trust Status" update, for this run only.
    await devIn(app, 'older', { clientTrustStatus: 'needs_second_factor' }, async (base) => {
      browser ??= await launch()
      const page = await (await browser.newContext()).newPage()
      const problems = problemsOf(page)
      await page.goto(`${base}/sign-in`)
      await page.locator('.cts[data-step="credentials"]').waitFor({ timeout: 60_000 })
      await page.fill('input[autocomplete="username"]', 'jane@example.com')
      await page.fill('input[autocomplete="current-password"]', 'correct-horse')
      await page.keyboard.press('Enter')
      await page.locator('.cts[data-step="verify"]').waitFor()
      // The status Clerk's older generation answers, shown as the new-device step (not two-step verification).
      const status = await page.evaluate(() => (window as unknown as { Clerk: { client: { signIn: { status: string | null } } } }).Clerk.client.signIn.status)
      expect(status).toBe('needs_second_factor')
      expect(await page.locator('.cts').textContent()).toContain('new device')
      const { outbox } = await (await fetch(`${base}/__clerk/_outbox.json`)).json() as { outbox: OutboxEntry[] }
      expect(outbox.map(m => ({ to: m.to, purpose: m.purpose }))).toEqual([{ to: 'jane@example.com', purpose: 'client_trust' }])
      await page.fill('input[autocomplete="one-time-code"]', await codeSentTo(`${base}/__clerk/_outbox.json`, 'jane@example.com'))
      await page.waitForURL(url => url.pathname === '/dashboard', { timeout: 30_000 })
      expect(problems).toEqual([])
    })
  })
})
