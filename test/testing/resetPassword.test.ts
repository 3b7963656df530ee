import type { Page } from 'playwright-core'
import { afterEach, describe, expect, it } from 'vitest'
import { lastCode, resetPassword, signIn, TestingError } from '../../src/testing'
import { usePlayground } from './playground'

// resetPassword() against the playground (`@clerk/nuxt` + this module, the emulator at
// /__clerk), in real Chromium, from browser contexts made the way a user's Playwright makes
// them. Every test starts from the configured passwords: the emulator's reset forgets changed ones.

const OLD = 'correct-horse'
const NEW = 'a-new-stable-42'

describe('given the playground set up with setupWithClerkEmulator()', async () => {
  const { clerk, newPage, serverUser } = await usePlayground()
  afterEach(() => clerk.reset())

  /** Whether the page's clerk-js still has a user once it has asked for a fresh session token. */
  async function signedInAfterTokenRefresh(page: Page): Promise<boolean> {
    return page.evaluate(async () => {
      const clerk = (window as unknown as { Clerk: { user: unknown, session: { getToken(o: object): Promise<unknown> } | null } }).Clerk
      const token = await clerk.session?.getToken({ skipCache: true }).catch(() => null)
      // A refused token makes clerk-js fetch the client and drop the session it no longer lists.
      for (let i = 0; !token && i < 100 && clerk.user; i++) await new Promise(resolve => setTimeout(resolve, 50))
      return !!clerk.user
    })
  }

  describe('given a user who forgot the password', () => {
    it('resets Jane\'s through an emailed code in one call; the server sees her, and only the new password works', async () => {
      const page = await newPage()
      const since = Date.now()
      const result = await resetPassword(page, { identifier: 'jane@example.com', newPassword: NEW })
      expect(result).toMatchObject({
        userId: 'user_jane',
        backend: 'emulator',
        strategy: 'reset_password_email_code',
        statuses: ['needs_first_factor', 'needs_new_password', 'complete'],
        factor: null,
      })
      expect(await serverUser(page)).toEqual({ status: 200, userId: 'user_jane' })
      const sent = (await clerk.outbox()).filter(m => m.at >= since)
      expect(sent.map(m => [m.channel, m.purpose, m.to])).toEqual([['email', 'reset_password', 'jane@example.com']])

      // Another browser: a new device, so a code follows the new password; the old one is refused.
      const other = await newPage()
      const refused = await signIn(other, { identifier: 'jane@example.com', password: OLD }).catch(e => e)
      expect(refused).toMatchObject({ code: 'form_password_incorrect' })
      expect(await signIn(other, { identifier: 'jane@example.com', password: NEW })).toMatchObject({ statuses: ['needs_client_trust', 'complete'] })
    })

    it('resets Phil\'s (phone only) through an SMS code', async () => {
      const page = await newPage()
      expect(await resetPassword(page, { identifier: '+15555550100', newPassword: NEW }))
        .toMatchObject({ userId: 'user_phil', strategy: 'reset_password_phone_code' })
      expect((await serverUser(page)).userId).toBe('user_phil')
    })

    it('takes `channel: \'sms\'` for a user with both, and gets Mia through MFA after the reset', async () => {
      const sam = await newPage()
      expect(await resetPassword(sam, { identifier: 'sam@example.com', newPassword: NEW, channel: 'sms' })).toMatchObject({ strategy: 'reset_password_phone_code' })
      const mia = await newPage()
      expect(await resetPassword(mia, { identifier: 'mia@example.com', newPassword: NEW, totpSecret: 'JBSWY3DPEHPK3PXP' }))
        .toMatchObject({ userId: 'user_mia', statuses: ['needs_first_factor', 'needs_new_password', 'needs_second_factor', 'complete'], factor: 'totp' })
    })

    it('gets Nina, who must set a new password, past it for good', async () => {
      const page = await newPage()
      expect(await resetPassword(page, { identifier: 'nina@example.com', newPassword: NEW })).toMatchObject({ userId: 'user_nina' })
      expect(await signIn(await newPage(), { identifier: 'nina@example.com', password: NEW })).toMatchObject({ statuses: ['needs_client_trust', 'complete'] })
    })
  })

  describe('given the user signed in in another browser', () => {
    it('signs that browser out (its next token request is refused), as Clerk does by default', async () => {
      const elsewhere = await newPage()
      await signIn(elsewhere, { identifier: 'jane@example.com', password: OLD })
      await resetPassword(await newPage(), { identifier: 'jane@example.com', newPassword: NEW })
      expect(await signedInAfterTokenRefresh(elsewhere)).toBe(false)
    })

    it('leaves it signed in with `signOutOfOtherSessions: false`', async () => {
      const elsewhere = await newPage()
      await signIn(elsewhere, { identifier: 'jane@example.com', password: OLD })
      await resetPassword(await newPage(), { identifier: 'jane@example.com', newPassword: NEW, signOutOfOtherSessions: false })
      expect(await signedInAfterTokenRefresh(elsewhere)).toBe(true)
    })
  })

  describe('given lastCode() and a mistake in the test', () => {
    it('finds the reset code by its purpose, and not among the new-device codes', async () => {
      const page = await newPage()
      const since = Date.now()
      await resetPassword(page, { identifier: 'jane@example.com', newPassword: NEW })
      expect(await lastCode(page, 'jane@example.com', { since, purpose: 'reset_password' })).toBe('424242')
      const none = await lastCode(page, 'jane@example.com', { since, purpose: 'client_trust', timeout: 300 }).catch(e => e)
      expect(none.message).toMatch(/^No code sent to jane@example.com \(for client_trust, since [^)]+\)/)
      // The outbox it looked in shows the reset code for what it is.
      expect(none.message).toContain('email password-reset code to jane@example.com')
    })

    it('says why Clerk refused the new password, with its code', async () => {
      const error = await resetPassword(await newPage(), { identifier: 'jane@example.com', newPassword: 'password123' }).catch(e => e)
      expect(error).toBeInstanceOf(TestingError)
      expect(error).toMatchObject({ code: 'form_password_pwned' })
      expect(error.message).toMatch(/^resetPassword\('jane@example.com'\): Clerk refused the new password: .*breach.*\(form_password_pwned\)\. .*instance\.passwordSettings/)
    })

    it('says the user does not exist, and refuses a non-test address for a real instance before any request', async () => {
      const page = await newPage()
      await expect(resetPassword(page, { identifier: 'nobody@example.com', newPassword: NEW })).rejects.toThrow(/^resetPassword\('nobody@example.com'\): no such user/)
      const before = (await clerk.requests()).length
      const error = await resetPassword(page, { identifier: 'jane@example.com', newPassword: NEW, backend: 'clerk' }).catch(e => e)
      expect(error).toMatchObject({ code: 'not_a_test_identifier' })
      expect(error.message).toMatch(/^resetPassword\('jane@example.com'\): against a real Clerk instance/)
      expect((await clerk.requests()).slice(before).filter(r => r.path.includes('sign_ins'))).toEqual([])
    })
  })
})
