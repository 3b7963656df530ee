// @vitest-environment happy-dom
import { decodeJwt, decodeProtectedHeader } from 'jose'
import { describe, expect, it } from 'vitest'
import { useRealClerks } from '../helpers/realClerk'
import type { RealClerkContext } from '../helpers/realClerk'
import { fapiBrowser, useEmulators } from './fapiClient'

// Fields and headers clerk-js 6.40 reads beyond the resources: `oiat` on session tokens
// (`pickFreshestJwt`, clerk/javascript `packages/clerk-js/src/core/tokenFreshness.ts`), `X-Country`
// on every answer (`Base.ts`, the default country of phone inputs), `partitioned_cookies` in
// the environment (`Environment.ts`).

const { realClerk } = useRealClerks()
const { start } = useEmulators()

/** What clerk-js 6.40 keeps of them, internal fields it has no public getter for. */
function clerkReads(ctx: RealClerkContext) {
  const clerk = ctx.clerk as unknown as {
    __internal_country?: string | null
    __internal_environment?: { partitionedCookies?: boolean }
    session?: { lastActiveToken?: { jwt?: { header?: { oiat?: number }, claims?: { iat?: number } } } }
  }
  const jwt = clerk.session?.lastActiveToken?.jwt
  return { country: clerk.__internal_country, partitionedCookies: clerk.__internal_environment?.partitionedCookies, oiat: jwt?.header?.oiat, iat: jwt?.claims?.iat }
}

describe('given the real clerk-js against the emulator', () => {
  it('reads the country, partitioned_cookies and a session token\'s oiat as it would from Clerk', async () => {
    const ctx = await realClerk({ emulator: { country: 'fr', instance: { clientTrust: false } } })
    expect((await ctx.signIn().password({ identifier: 'jane@example.com', password: 'correct-horse' })).error).toBeNull()
    await ctx.signIn().finalize()
    await ctx.waitFor(() => clerkReads(ctx).oiat !== undefined)
    const read = clerkReads(ctx)
    expect(read).toMatchObject({ country: 'fr', partitionedCookies: false })
    expect(read.oiat).toBe(read.iat)
  })
})

describe('given the wire', () => {
  it('puts oiat in the header of every session token, the time its claims were assembled, rising with each new token', async () => {
    let now = 1_800_000_000_000
    const e = await start({ now: () => now, instance: { clientTrust: false } })
    const browser = fapiBrowser(e)
    const sid = (await browser.signInWithPassword('jane@example.com')).json.response.created_session_id as string
    const token = async () => (await browser.call('POST', `/v1/client/sessions/${sid}/tokens`)).json.jwt as string
    const first = await token()
    expect(decodeProtectedHeader(first)).toMatchObject({ alg: 'RS256', typ: 'JWT', oiat: 1_800_000_000 })
    expect(decodeJwt(first).iat).toBe(1_800_000_000)
    now += 55_000
    const second = await token()
    expect(decodeProtectedHeader(second).oiat).toBe(1_800_000_055)
  })

  it('answers every FAPI call with X-Country (US unless told), and exposes it and Retry-After to an allowed origin', async () => {
    const plain = await fapiBrowser(await start()).call('GET', '/v1/environment')
    expect(plain.headers.get('x-country')).toBe('US')
    expect(plain.headers.get('access-control-expose-headers')).toBeNull()
    const e = await start({ country: 'de', origin: 'http://localhost:3000' })
    const cross = await fapiBrowser(e, 'http://localhost:3000').call('GET', '/v1/client')
    expect(cross.headers.get('x-country')).toBe('DE')
    expect(cross.headers.get('access-control-expose-headers')).toBe('Retry-After, X-Country')
    // Not on the control routes: they are no part of Clerk's API.
    expect((await fapiBrowser(e).call('GET', '/_outbox.json')).headers.get('x-country')).toBeNull()
  })

  it('refuses a country that is not a two-letter code', async () => {
    await expect(start({ country: 'France' })).rejects.toThrow('startClerkEmulator: country must be a two-letter country code such as "FR", not "France".')
  })
})
