import { decodeJwt } from 'jose'
import { afterEach, describe, expect, it } from 'vitest'
import { startClerkEmulator } from '../../src/emulator'
import type { RunningClerkEmulator } from '../../src/emulator'
import { fapiBrowser } from './fapiClient'

let emulator: RunningClerkEmulator | undefined
afterEach(async () => {
  await emulator?.close()
  emulator = undefined
})

async function signedIn(e: RunningClerkEmulator) {
  const browser = fapiBrowser(e)
  const id = await browser.sendEmailCode('jane@example.com')
  const done = await browser.attemptEmailCode(id)
  const sessionId = done.json.response.created_session_id as string
  return { browser, token: async () => (await browser.call('POST', `/v1/client/sessions/${sessionId}/tokens`)).json.jwt as string }
}

describe('given session tokens (RS256 signing was the emulator\'s CPU cost)', () => {
  it('hands out the same token until 10 s before it expires, then a new one', async () => {
    let now = Date.now()
    emulator = await startClerkEmulator({ port: 0, logger: () => {}, now: () => now })
    const jane = await signedIn(emulator)
    const first = await jane.token()
    now += 49_000
    expect(await jane.token()).toBe(first)
    now += 2_000
    const second = await jane.token()
    expect(second).not.toBe(first)
    const claims = decodeJwt(second)
    expect(claims.exp! - claims.iat!).toBe(60)
    expect(claims.exp! * 1000).toBeGreaterThan(now + 50_000)
  })

  it('never shares a token between sessions', async () => {
    emulator = await startClerkEmulator({ port: 0, logger: () => {} })
    const a = await signedIn(emulator)
    const b = await signedIn(emulator)
    const [ta, tb] = [await a.token(), await b.token()]
    expect(ta).not.toBe(tb)
    expect(decodeJwt(ta).sid).not.toBe(decodeJwt(tb).sid)
  })

  it('does not hand out a token from the future when the clock goes back', async () => {
    let now = Date.now()
    emulator = await startClerkEmulator({ port: 0, logger: () => {}, now: () => now })
    const jane = await signedIn(emulator)
    await jane.token()
    now -= 5_000
    expect(decodeJwt(await jane.token()).iat).toBe(Math.floor(now / 1000))
  })
})
