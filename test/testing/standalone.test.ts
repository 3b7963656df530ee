import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { chromium } from 'playwright-core'
import type { Browser, Page } from 'playwright-core'
import type { TestProject } from 'vitest/node'
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest'
import { startClerkEmulator, SEEDED_TOTP_SECRET } from '../../src/emulator'
import type { EmulatorUser, RunningClerkEmulator } from '../../src/emulator'
import { CLERK_TEST_CODE, clerkEmulatorGlobalSetup, emulatorAt, resetPassword, signIn } from '../../src/testing'
import type { ProvidedClerkEmulator } from '../../src/testing'
import { chromiumLaunchOptions } from '../helpers/chromium'

// The kit with the standalone emulator and a bare page that loads clerk-js by script tag
// (what a plain Vue/Vite app does through clerkPlugin), in real Chromium.
//
// The real-instance back end (`backend: 'clerk'`) is proven here against an emulator that
// behaves like Clerk's test mode: test addresses only, and every code is 424242. The kit is
// pointed at an unreachable outbox, so a pass shows it never reads one on that back end.

const TEST_MODE_USERS: EmulatorUser[] = [
  { emailAddress: 'ada+clerk_test@example.com', password: 'pw-ada-123', firstName: 'Ada' },
  { phoneNumber: '+12015550100', username: 'bob', password: 'pw-bob-123', firstName: 'Bob' },
  { emailAddress: 'cy+clerk_test@example.com', password: 'pw-cy-123', mfa: ['totp'], totpSecret: SEEDED_TOTP_SECRET },
]
const NO_OUTBOX = 'http://127.0.0.1:9/nothing-here'

let browser: Browser
let pages: { url: string, close: () => Promise<void> }

/** A page server on localhost: `/?pk=…&proxy=…` loads clerk-js from the emulator and calls `Clerk.load()`. */
async function startPageServer() {
  const server = createServer((req, res) => {
    const query = new URL(req.url ?? '/', 'http://localhost').searchParams
    const attr = (value: string | null) => (value ?? '').replace(/[^\w:/.?=&%-]/g, '')
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
    res.end(`<!doctype html><html><head><meta charset="utf-8"><title>plain page</title>
<script src="${attr(query.get('proxy'))}/npm/@clerk/clerk-js@6/dist/clerk.browser.js" data-clerk-publishable-key="${attr(query.get('pk'))}" data-clerk-proxy-url="${attr(query.get('proxy'))}"></script>
<script>window.addEventListener('load', () => window.Clerk.load({ telemetry: false }))</script></head><body><p>plain page</p></body></html>`)
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://localhost:${port}`,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections()
      server.close(() => resolve())
    }),
  }
}

async function emulatorFor(options: Parameters<typeof startClerkEmulator>[0]): Promise<RunningClerkEmulator> {
  const emulator = await startClerkEmulator({ origin: pages.url, logger: () => {}, ...options })
  onTestFinished(emulator.close)
  return emulator
}

async function openPage(emulator: { publishableKey: string, proxyUrl: string }): Promise<Page> {
  const context = await browser.newContext()
  onTestFinished(() => context.close())
  const page = await context.newPage()
  await page.goto(`${pages.url}/?pk=${encodeURIComponent(emulator.publishableKey)}&proxy=${encodeURIComponent(emulator.proxyUrl)}`)
  return page
}

beforeAll(async () => {
  pages = await startPageServer()
  browser = await chromium.launch(chromiumLaunchOptions())
})
afterAll(async () => {
  await browser?.close()
  await pages?.close()
})

describe('given an emulator that behaves like Clerk\'s test mode and `backend: \'clerk\'`', () => {
  it('signs a +clerk_test address in through client trust with 424242, reading no outbox', async () => {
    const emulator = await emulatorFor({ users: TEST_MODE_USERS, codes: 'fixed', fixedCode: CLERK_TEST_CODE })
    const page = await openPage(emulator)
    const result = await signIn(page, { identifier: 'ada+clerk_test@example.com', password: 'pw-ada-123', backend: 'clerk', emulator: NO_OUTBOX })
    expect(result).toMatchObject({ backend: 'clerk', statuses: ['needs_client_trust', 'complete'], factor: 'email_code', userId: 'user_ada_clerk_test' })
    expect(await page.evaluate(() => (window as unknown as { Clerk: { user: { id: string } } }).Clerk.user.id)).toBe('user_ada_clerk_test')
  })

  it('signs a reserved test phone number in through an SMS code, and takes TOTP as with the emulator', async () => {
    const emulator = await emulatorFor({ users: TEST_MODE_USERS, codes: 'fixed', fixedCode: CLERK_TEST_CODE })
    expect(await signIn(await openPage(emulator), { identifier: '+1 (201) 555-0100', password: 'pw-bob-123', backend: 'clerk', emulator: NO_OUTBOX }))
      .toMatchObject({ factor: 'phone_code', userId: 'user_bob' })
    expect(await signIn(await openPage(emulator), { identifier: 'cy+clerk_test@example.com', password: 'pw-cy-123', totpSecret: SEEDED_TOTP_SECRET, backend: 'clerk' }))
      .toMatchObject({ statuses: ['needs_second_factor', 'complete'], factor: 'totp' })
  })

  it('resets the password of a +clerk_test address and of a test phone number with 424242, reading no outbox', async () => {
    const emulator = await emulatorFor({ users: TEST_MODE_USERS, codes: 'fixed', fixedCode: CLERK_TEST_CODE })
    expect(await resetPassword(await openPage(emulator), { identifier: 'ada+clerk_test@example.com', newPassword: 'a-new-stable-42', backend: 'clerk', emulator: NO_OUTBOX }))
      .toMatchObject({ backend: 'clerk', strategy: 'reset_password_email_code', statuses: ['needs_first_factor', 'needs_new_password', 'complete'], userId: 'user_ada_clerk_test' })
    expect(await resetPassword(await openPage(emulator), { identifier: '+12015550100', newPassword: 'a-new-stable-42', backend: 'clerk', emulator: NO_OUTBOX }))
      .toMatchObject({ strategy: 'reset_password_phone_code', userId: 'user_bob' })
    expect(await signIn(await openPage(emulator), { identifier: 'ada+clerk_test@example.com', password: 'a-new-stable-42', backend: 'clerk' })).toMatchObject({ userId: 'user_ada_clerk_test' })
  })

  it('really relies on 424242: an instance that sends other codes refuses it, and the message says so', async () => {
    const emulator = await emulatorFor({ users: TEST_MODE_USERS, codes: 'fixed', fixedCode: '135790' })
    const error = await signIn(await openPage(emulator), { identifier: 'ada+clerk_test@example.com', password: 'pw-ada-123', backend: 'clerk' }).catch(e => e)
    expect(error).toMatchObject({ code: 'form_code_incorrect' })
    expect(error.message).toMatch(/^signIn\('ada\+clerk_test@example.com'\): the email_code was refused/)
  })

  it('refuses a non-test address before touching the instance', async () => {
    const emulator = await emulatorFor({ users: [{ emailAddress: 'ada@example.com', password: 'pw-ada-123' }] })
    const page = await openPage(emulator)
    const before = emulator.requests().length
    await expect(signIn(page, { identifier: 'ada@example.com', password: 'pw-ada-123', backend: 'clerk' })).rejects.toThrow(/not one\. Use an email with the \+clerk_test subaddress/)
    await expect(signIn(page, { identifier: '+14155551234', password: 'x', backend: 'clerk' })).rejects.toThrow(/'\+14155551234' is not one/)
    expect(emulator.requests().slice(before).filter(r => r.path.includes('sign_ins'))).toEqual([])
  })
})

describe('given the same page and no `backend`', () => {
  it('takes the emulator\'s key for the emulator and reads its outbox', async () => {
    const emulator = await emulatorFor({ users: TEST_MODE_USERS, codes: 'random' })
    const page = await openPage(emulator)
    const result = await signIn(page, { identifier: 'ada+clerk_test@example.com', password: 'pw-ada-123' })
    expect(result).toMatchObject({ backend: 'emulator', factor: 'email_code' })
    const sent = emulator.outbox().at(-1)
    expect(sent?.code).toMatch(/^\d{6}$/)
  })
})

describe('given clerkEmulatorGlobalSetup() as a vitest globalSetup', () => {
  it('starts an emulator, hands its key and proxyUrl to the app and the tests, and stops it', async () => {
    const provided: Partial<Record<string, ProvidedClerkEmulator>> = {}
    const project = { provide: (key: string, value: ProvidedClerkEmulator) => void (provided[key] = value) } as unknown as TestProject
    const saved = { ...process.env }
    onTestFinished(() => {
      process.env = saved
    })
    const teardown = await clerkEmulatorGlobalSetup({ origin: pages.url })(project)
    const emulator = provided.clerkEmulator!
    expect(emulator.proxyUrl).toMatch(/^http:\/\/localhost:\d+$/)
    expect(process.env.VITE_CLERK_PUBLISHABLE_KEY).toBe(emulator.publishableKey)
    expect(process.env.VITE_CLERK_PROXY_URL).toBe(emulator.proxyUrl)

    const page = await openPage(emulator)
    expect(await signIn(page, { identifier: 'jane@example.com', password: 'correct-horse' })).toMatchObject({ userId: 'user_jane', statuses: ['needs_client_trust', 'complete'] })
    expect((await emulatorAt(emulator).outbox()).map(m => m.to)).toEqual(['jane@example.com'])

    await teardown()
    await expect(fetch(`${emulator.url}/_outbox.json`)).rejects.toThrow()
  })
})

describe('given an emulator that counts sign-ins per IP, as Clerk does (the default)', () => {
  it('names the limit a suite hit, its numbers, and the switch that relaxes it', async () => {
    const emulator = await emulatorFor({ instance: { rateLimits: { per: 'ip' } } })
    const page = await openPage(emulator)
    // Five sign-ins from other browsers on this machine within 10 s: the page's is the sixth.
    for (let i = 0; i < 5; i++) {
      const answer = await fetch(`${emulator.proxyUrl}/v1/client/sign_ins`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'identifier=sam%40example.com', signal: AbortSignal.timeout(10_000) })
      expect(answer.status).toBe(200)
    }
    const error = await signIn(page, { identifier: 'jane@example.com', password: 'correct-horse' }).catch((e: unknown) => e)
    expect(error).toMatchObject({ name: 'TestingError', code: 'too_many_requests' })
    const { message } = error as Error
    expect(message).toMatch(/^signIn\('jane@example\.com'\): refused by the rate limit on sign-ins created \(POST \/v1\/client\/sign_ins\) \("signIns": 5 per 10 s per IP address by default, Clerk's "Create SignIn" limit; Clerk: too_many_requests, retry after \d+ s\)\./)
    expect(message).toContain('CLERK_EMULATOR_RATE_LIMITS_PER=client')
    expect(message).toContain('rateLimits: { per: \'client\' }')
    expect(message).not.toContain('correct-horse')
  })
})
