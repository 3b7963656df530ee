import { describe, expect, it, onTestFinished } from 'vitest'
import { seededUsers, startClerkEmulator } from '../../src/emulator'
import { forgetDevice, lastCode, signIn, signOut, TestingError, useScenario } from '../../src/testing'
import { usePlayground } from './playground'

// The kit against the playground (`@clerk/nuxt` + this module, the emulator at /__clerk),
// in real Chromium, from browser contexts made the way a user's Playwright makes them
// (`navigator.webdriver` left true). The app is set up with the kit's own one-liner.

const ADA = { emailAddress: 'ada@kit.test', password: 'kit-password-1', firstName: 'Ada' }
const PASSWORD = 'correct-horse'

describe('given the playground set up with setupWithClerkEmulator()', async () => {
  const { clerk, newPage, serverUser } = await usePlayground({ users: [...seededUsers, ADA] })

  describe('given a new device', () => {
    it('signs Jane in through the emailed new-device code and the server sees her at once', async () => {
      const page = await newPage()
      expect(await serverUser(page)).toEqual({ status: 401, userId: undefined })
      const since = Date.now()
      const result = await signIn(page, { identifier: 'jane@example.com', password: PASSWORD })
      expect(result).toMatchObject({ userId: 'user_jane', backend: 'emulator', statuses: ['needs_client_trust', 'complete'], factor: 'email_code' })
      // Resolved only once the session is active: the very next request is signed in server-side.
      expect(await serverUser(page)).toEqual({ status: 200, userId: 'user_jane' })
      const html = await (await page.context().request.get('/')).text()
      expect(html).toMatch(/data-testid="signed-in"[^>]*>\s*Signed in as user_jane\s*</)
      const sent = (await clerk.outbox()).filter(m => m.at >= since)
      expect(sent.map(m => [m.channel, m.to])).toEqual([['email', 'jane@example.com']])
    })

    it('signs Phil in through an SMS code, and a user of the suite\'s own list too', async () => {
      const phil = await newPage()
      expect(await signIn(phil, { identifier: '+15555550100', password: PASSWORD })).toMatchObject({ userId: 'user_phil', factor: 'phone_code' })
      const ada = await newPage()
      expect(await signIn(ada, { identifier: ADA.emailAddress, password: ADA.password })).toMatchObject({ statuses: ['needs_client_trust', 'complete'] })
      expect((await serverUser(ada)).status).toBe(200)
    })

    it('answers Sam\'s choice of channel with `strategy`', async () => {
      const page = await newPage()
      expect(await signIn(page, { identifier: 'sam@example.com', password: PASSWORD, strategy: 'phone_code' })).toMatchObject({ factor: 'phone_code' })
    })

    it('gets Mia through MFA with her authenticator secret, and with a backup code', async () => {
      const totp = await newPage()
      expect(await signIn(totp, { identifier: 'mia@example.com', password: PASSWORD, totpSecret: 'JBSWY3DPEHPK3PXP' }))
        .toMatchObject({ userId: 'user_mia', statuses: ['needs_second_factor', 'complete'], factor: 'totp' })
      const backup = await newPage()
      expect(await signIn(backup, { identifier: 'mia@example.com', password: PASSWORD, backupCode: 'backup-0002' }))
        .toMatchObject({ factor: 'backup_code' })
      expect((await serverUser(backup)).userId).toBe('user_mia')
    })
  })

  describe('given one browser context', () => {
    it('knows the device after a sign-out, forgets it with forgetDevice(), and a second context is new again', async () => {
      const page = await newPage()
      await signIn(page, { identifier: 'jane@example.com', password: PASSWORD })
      await signOut(page)
      expect(await serverUser(page)).toEqual({ status: 401, userId: undefined })
      expect(new URL(page.url()).pathname).toBe('/')

      const since = Date.now()
      expect(await signIn(page, { identifier: 'jane@example.com', password: PASSWORD })).toMatchObject({ statuses: ['complete'], factor: null })
      expect((await clerk.outbox()).filter(m => m.at >= since)).toEqual([])

      await forgetDevice(page)
      expect(await serverUser(page)).toEqual({ status: 401, userId: undefined })
      expect(await signIn(page, { identifier: 'jane@example.com', password: PASSWORD })).toMatchObject({ statuses: ['needs_client_trust', 'complete'] })

      const other = await newPage()
      expect(await signIn(other, { identifier: 'jane@example.com', password: PASSWORD })).toMatchObject({ statuses: ['needs_client_trust', 'complete'] })
    })
  })

  describe('given `via: \'ui\'`', () => {
    it('fills in the sign-in form, code step included, and lands signed in', async () => {
      const page = await newPage('')
      const result = await signIn(page, { identifier: 'jane@example.com', password: PASSWORD, via: 'ui' })
      expect(result).toMatchObject({ userId: 'user_jane', statuses: ['needs_client_trust', 'complete'], factor: 'email_code' })
      await page.waitForURL(u => u.pathname === '/')
      await page.getByTestId('signed-in').filter({ hasText: 'Signed in as Jane' }).waitFor()
      expect((await serverUser(page)).userId).toBe('user_jane')
    })

    it('goes through the form by itself when the page shows it (the form would answer the sign-in anyway)', async () => {
      const page = await newPage('/custom')
      await page.locator('.cts[data-step="credentials"]').waitFor()
      const prepares: string[] = []
      page.on('request', (request) => {
        if (request.url().includes('/prepare_second_factor')) prepares.push(request.url())
      })
      const result = await signIn(page, { identifier: 'jane@example.com', password: PASSWORD })
      expect(result).toMatchObject({ userId: 'user_jane', statuses: ['needs_client_trust', 'complete'] })
      // One code: the form's own, not a second one from the kit racing it.
      expect(prepares).toHaveLength(1)
      expect((await serverUser(page)).userId).toBe('user_jane')
    })

    it('switches to a backup code in the form when that is what it is given', async () => {
      const page = await newPage('')
      expect(await signIn(page, { identifier: 'mia@example.com', password: PASSWORD, backupCode: 'backup-0003', via: 'ui' }))
        .toMatchObject({ statuses: ['needs_second_factor', 'complete'], factor: 'backup_code' })
    })
  })

  describe('given lastCode() and useScenario()', () => {
    it('reads the code a form sent, found through the page', async () => {
      const page = await newPage('/sign-in')
      await page.locator('.cts[data-step="credentials"]').waitFor()
      await page.fill('input[autocomplete="username"]', 'jane@example.com')
      await page.fill('input[autocomplete="current-password"]', PASSWORD)
      const since = Date.now()
      await page.keyboard.press('Enter')
      expect(await lastCode(page, 'jane@example.com', { since })).toBe('424242')
      expect(await clerk.lastCode('JANE@example.com', { since, channel: 'email' })).toBe('424242')
    })

    it('turns an outage on for one test and puts it back', async () => {
      const page = await newPage()
      const outage = await useScenario(page, { outage: true })
      onTestFinished(outage.restore)
      expect(outage.scenario.outage).toBe(true)
      const status = await page.evaluate(async () => (await fetch('/__clerk/v1/client?_method=GET')).status)
      expect(status).toBe(503)
      await outage.restore()
      expect((await clerk.scenario()).outage).toBe(false)
      expect(await page.evaluate(async () => (await fetch('/__clerk/v1/client')).status)).toBe(200)
    })
  })

  describe('given a mistake in the test', () => {
    it('says the password is wrong, and where the right ones are', async () => {
      const page = await newPage()
      const error = await signIn(page, { identifier: 'jane@example.com', password: 'nope' }).catch(e => e)
      expect(error).toBeInstanceOf(TestingError)
      expect(error).toMatchObject({ code: 'form_password_incorrect' })
      expect(error.message).toMatch(/^signIn\('jane@example.com'\): wrong password .*clientTrust\.emulator\.users.*correct-horse/)
    })

    it('names the rate limit the form was refused by, and how to relax it, through the form too', async () => {
      const page = await newPage()
      const limited = await useScenario(page, { rateLimit: true, retryAfterSeconds: 7 })
      onTestFinished(limited.restore)
      const error = await signIn(page, { identifier: 'jane@example.com', password: PASSWORD, via: 'ui' }).catch(e => e)
      expect(error).toBeInstanceOf(TestingError)
      expect(error).toMatchObject({ code: 'too_many_requests' })
      expect(error.message).toMatch(/^signIn\('jane@example.com', via: 'ui'\) \(the form says "Too many attempts\. Wait a moment and try again\."\): refused by the rate limit on sign-ins created \(POST \/v1\/client\/sign_ins\) \("signIns": 5 per 10 s per IP address/)
      expect(error.message).toContain('CLERK_EMULATOR_RATE_LIMITS_PER=client')
      expect(error.message).not.toContain(PASSWORD)
    })

    it('says the user does not exist', async () => {
      const page = await newPage()
      const error = await signIn(page, { identifier: 'nobody@example.com', password: PASSWORD }).catch(e => e)
      expect(error).toMatchObject({ code: 'form_identifier_not_found' })
      expect(error.message).toMatch(/^signIn\('nobody@example.com'\): no such user/)
    })

    it('says no code arrived, with the outbox it looked in', async () => {
      // A kit pointed at another emulator than the page's: the code goes where the kit never looks.
      const elsewhere = await startClerkEmulator({ logger: () => {} })
      onTestFinished(elsewhere.close)
      const page = await newPage()
      await page.waitForFunction(() => (window as unknown as { Clerk?: { loaded?: boolean } }).Clerk?.loaded)
      const error = await signIn(page, { identifier: 'jane@example.com', password: PASSWORD, emulator: elsewhere, timeout: 1_000 }).catch(e => e)
      expect(error).toMatchObject({ code: 'code_not_sent' })
      expect(error.message).toContain(`no email code for sign-in sia_`)
      expect(error.message).toContain(`${elsewhere.proxyUrl}/_outbox.json within 1000 ms`)
      expect(error.message).toContain('(the outbox is empty)')

      const since = Date.now() - 60_000
      const missing = await lastCode(page, 'nobody@example.com', { since, timeout: 300 }).catch(e => e)
      expect(missing.message).toMatch(/^No code sent to nobody@example.com .*within 300 ms/)
      // The outbox's content, so the test's author sees where the code went.
      expect(missing.message).toMatch(/email code to jane@example.com \(sign-in sia_\w+\): 424242/)
    })

    it('refuses an identifier that is not a Clerk test address for a real instance, before any request', async () => {
      const page = await newPage()
      const before = (await clerk.requests()).length
      const error = await signIn(page, { identifier: 'jane@example.com', password: PASSWORD, backend: 'clerk' }).catch(e => e)
      expect(error).toMatchObject({ code: 'not_a_test_identifier' })
      expect(error.message).toMatch(/'jane@example.com' is not one.*\+clerk_test.*555-0100.*424242/)
      expect((await clerk.requests()).slice(before).filter(r => r.path.includes('sign_ins'))).toEqual([])
    })

    it('says to open a page first, and to sign out first', async () => {
      const blank = await newPage('')
      await expect(signIn(blank, { identifier: 'jane@example.com', password: PASSWORD })).rejects.toThrow(/the page is blank.*page\.goto/)
      const page = await newPage()
      await signIn(page, { identifier: 'jane@example.com', password: PASSWORD })
      await expect(signIn(page, { identifier: 'jane@example.com', password: PASSWORD })).rejects.toThrow(/already signed in \(user_jane\)\. Call `signOut\(page\)` first/)
    })

    it('says Otto\'s session is pending with its task rather than hanging', async () => {
      const page = await newPage()
      await expect(signIn(page, { identifier: 'otto@example.com', password: PASSWORD })).rejects.toThrow(/pending, with the task choose-organization/)
    })
  })
})
