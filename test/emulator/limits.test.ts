import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { DEFAULT_RATE_LIMITS } from '../../src/emulator'
import type { RunningClerkEmulator } from '../../src/emulator'
import { RATE_LIMITS_PER_ENV } from '../../src/emulator/config/instance'
import type { FapiAnswer } from './fapiClient'
import { VERSION_QUERY, fapiBrowser, useEmulators } from './fapiClient'
import { isClerkError, raw } from './rawHttp'

// Clerk's Frontend API limits count per IP address (clerk/clerk-docs
// `docs/guides/how-clerk-works/system-limits.mdx`), and so does the emulator by default; the
// repo's own suites run with `CLERK_EMULATOR_RATE_LIMITS_PER=client` (vitest.config.ts), so
// these tests take that variable away to see a user's default.

const { start } = useEmulators()
const errorOf = (a: FapiAnswer) => `${a.status} ${a.json?.errors?.[0]?.code ?? 'ok'}`

beforeEach(() => {
  vi.stubEnv(RATE_LIMITS_PER_ENV, undefined)
})
afterEach(() => {
  vi.unstubAllEnvs()
})

/** `n` sign-ins, each from a new browser (no cookie): what a suite opening a new context per test does. */
async function signInsFromNewBrowsers(e: RunningClerkEmulator, n: number, identifier = 'sam@example.com'): Promise<FapiAnswer[]> {
  const answers: FapiAnswer[] = []
  for (let i = 0; i < n; i++) answers.push(await fapiBrowser(e).signInWithPassword(identifier))
  return answers
}

describe('given an emulator with the defaults', () => {
  it('counts sign-ins per IP, as Clerk does: the sixth within 10 s from this machine is refused, whatever the browser', async () => {
    let now = 1_000_000
    const e = await start({ now: () => now })
    expect(DEFAULT_RATE_LIMITS).toMatchObject({ signIns: { requests: 5, windowSeconds: 10 }, per: 'ip' })
    const answers = await signInsFromNewBrowsers(e, 6)
    expect(answers.map(errorOf)).toEqual([...Array.from({ length: 5 }, () => '200 ok'), '429 too_many_requests'])
    const refused = answers[5]!
    expect(isClerkError(refused.json)).toBe(true)
    expect(refused.json.errors[0]).toMatchObject({ message: 'Too many requests', meta: {} })
    expect(refused.headers.get('retry-after')).toBe('10')
    // Waiting what Retry-After says is enough, and not a moment less.
    now += 9_999
    expect(errorOf((await signInsFromNewBrowsers(e, 1))[0]!)).toBe('429 too_many_requests')
    now += 1
    expect(errorOf((await signInsFromNewBrowsers(e, 1))[0]!)).toBe('200 ok')
  })

  it('counts password attempts per IP too: three within 10 s across browsers', async () => {
    const e = await start({ instance: { rateLimits: { signIns: false } } })
    const answers: string[] = []
    for (let i = 0; i < 4; i++) {
      const browser = fapiBrowser(e)
      const id = (await browser.call('POST', '/v1/client/sign_ins', { identifier: 'sam@example.com' })).json.response.id as string
      answers.push(errorOf(await browser.call('POST', `/v1/client/sign_ins/${id}/attempt_first_factor`, { strategy: 'password', password: 'nope' })))
    }
    expect(answers).toEqual(['422 form_password_incorrect', '422 form_password_incorrect', '422 form_password_incorrect', '429 too_many_requests'])
  })

  it('trusts the connection\'s address only: forwarding headers and odd hosts do not buy a new budget', async () => {
    const e = await start()
    await signInsFromNewBrowsers(e, 5)
    const spoofs: Array<Record<string, string>> = [
      { 'x-forwarded-for': '203.0.113.7' },
      { 'x-forwarded-for': '203.0.113.8, 127.0.0.1' },
      { forwarded: 'for=198.51.100.1' },
      { 'x-real-ip': '198.51.100.2' },
      { 'x-forwarded-for': 'garbage, , ::1, 999.1.1.1' },
      { 'true-client-ip': '192.0.2.1', 'cf-connecting-ip': '192.0.2.2' },
      { host: 'localhost' },
      { host: 'a.localhost' },
    ]
    const { origin } = new URL(e.proxyUrl)
    const body = new URLSearchParams({ identifier: 'sam@example.com', password: 'correct-horse' }).toString()
    for (const headers of spoofs) {
      const answer = await raw(origin, `/v1/client/sign_ins?${VERSION_QUERY}`, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers } })
      expect(`${answer.status} ${answer.json?.errors?.[0]?.code}`, JSON.stringify(headers)).toBe('429 too_many_requests')
    }
    // A Host that is not loopback is refused before any budget: no sign-in either.
    const foreign = await raw(origin, `/v1/client/sign_ins?${VERSION_QUERY}`, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded', 'host': 'evil.example' } })
    expect(foreign.status).toBe(421)
    expect(e.stats().signIns).toBe(5)
  })

  it('forgets the budgets on reset, as it forgets the browsers', async () => {
    const e = await start()
    await signInsFromNewBrowsers(e, 5)
    e.reset()
    expect((await signInsFromNewBrowsers(e, 5)).map(errorOf)).toEqual(Array.from({ length: 5 }, () => '200 ok'))
  })
})

describe('given the switch for suites that sign in many times', () => {
  it('counts per browser with rateLimits.per: \'client\', Clerk\'s numbers kept', async () => {
    const e = await start({ instance: { rateLimits: { per: 'client' } } })
    expect((await signInsFromNewBrowsers(e, 12)).map(errorOf)).toEqual(Array.from({ length: 12 }, () => '200 ok'))
    const one = fapiBrowser(e)
    const answers: string[] = []
    for (let i = 0; i < 6; i++) answers.push(errorOf(await one.signInWithPassword('sam@example.com')))
    expect(answers.at(-1)).toBe('429 too_many_requests')
    expect(answers.slice(0, 5)).toEqual(Array.from({ length: 5 }, () => '200 ok'))
  })

  it(`takes ${RATE_LIMITS_PER_ENV} from the environment, and an emulator's own setting over it`, async () => {
    vi.stubEnv(RATE_LIMITS_PER_ENV, 'client')
    const relaxed = await start()
    expect((await signInsFromNewBrowsers(relaxed, 8)).map(errorOf).at(-1)).toBe('200 ok')
    const strict = await start({ instance: { rateLimits: { per: 'ip' } } })
    expect((await signInsFromNewBrowsers(strict, 6)).map(errorOf).at(-1)).toBe('429 too_many_requests')
    // Anything else is ignored: Clerk's way.
    vi.stubEnv(RATE_LIMITS_PER_ENV, 'nobody')
    const unknown = await start()
    expect((await signInsFromNewBrowsers(unknown, 6)).map(errorOf).at(-1)).toBe('429 too_many_requests')
  })
})
