import { describe, expect, it } from 'vitest'
import type { RunningClerkEmulator } from '../../src/emulator'
import { fapiBrowser, useEmulators } from './fapiClient'
import { raw } from './rawHttp'

// Clerk Protect challenges: the stand-in SDK at `sdk_url`, its proofs (single-use, bound to one
// challenge, expiring), chained challenges, expiry, and the new routes under attack.

const { start } = useEmulators()
type Browser = ReturnType<typeof fapiBrowser>

const code = (answer: { status: number, json: { errors?: Array<{ code: string }> } }) => `${answer.status} ${answer.json?.errors?.[0]?.code ?? 'ok'}`

/** What the stand-in SDK's button does: post the challenge token, get a proof. */
function mint(e: RunningClerkEmulator, token: string, headers: Record<string, string> = {}) {
  const url = new URL(`${e.proxyUrl}/protect/proofs`)
  return raw(url.origin, url.pathname, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body: new URLSearchParams({ token }).toString() })
}

async function gated(e: RunningClerkEmulator, browser: Browser = fapiBrowser(e)) {
  const answer = await browser.signInWithPassword('jane@example.com')
  expect(answer.json.response.status).toBe('needs_protect_check')
  return { browser, id: answer.json.response.id as string, check: answer.json.response.protect_check as { token: string, sdk_url: string, expires_at: number, status: string, ui_hints: Record<string, string> } }
}

const submit = (browser: Browser, id: string, proof: string) => browser.call('PATCH', `/v1/client/sign_ins/${id}/protect_check`, { proof_token: proof })

describe('given the protectCheck scenario', () => {
  it('advertises a ProtectCheckJSON whose sdk_url is the stand-in module on the emulator\'s own origin, also under a base path', async () => {
    for (const basePath of ['', '/__clerk']) {
      let now = 5_000_000
      const e = await start({ basePath, now: () => now })
      e.setScenario({ protectCheck: true })
      const { check } = await gated(e)
      // clerk/javascript packages/shared/src/types/json.ts (ProtectCheckJSON): expires_at in epoch ms.
      expect(check).toEqual({ status: 'pending', token: expect.stringMatching(/^pct_/), sdk_url: `${e.proxyUrl}/protect/sdk.mjs`, expires_at: now + 600_000, ui_hints: {} })
      const sdk = new URL(check.sdk_url)
      const module = await raw(sdk.origin, sdk.pathname)
      expect(module.status).toBe(200)
      expect(module.headers['content-type']).toMatch(/^text\/javascript/)
      // The contract clerk-js holds the SDK to: a default export taking (container, { token, … }).
      expect(module.body).toMatch(/export default function challenge\(container, init\)/)
      // Its proofs route is the emulator's own, as this request reached it.
      expect(module.body).toContain(`const PROOFS = "${e.proxyUrl}/protect/proofs"`)
      now += 1
    }
  })

  it('clears the challenge with the proof its SDK hands out, once: a replay answers protect_check_already_resolved', async () => {
    const e = await start()
    e.setScenario({ protectCheck: true })
    const { browser, id, check } = await gated(e)
    const proof = await mint(e, check.token)
    expect(proof.status).toBe(200)
    expect(proof.json.proof_token).toMatch(/^pcp_[0-9a-f]{32}$/)
    const cleared = await submit(browser, id, proof.json.proof_token)
    expect(cleared.json.response).toMatchObject({ status: 'needs_client_trust', protect_check: null })
    expect(code(await submit(browser, id, proof.json.proof_token))).toBe('422 protect_check_already_resolved')
    // The challenge is gone: its token mints nothing more.
    expect(code(await mint(e, check.token))).toBe('404 resource_not_found')
  })

  it('refuses a proof it did not mint, and a wrong guess burns the proof outstanding', async () => {
    const e = await start()
    e.setScenario({ protectCheck: true })
    const { browser, id, check } = await gated(e)
    const proof = (await mint(e, check.token)).json.proof_token as string
    expect(code(await submit(browser, id, 'pcp_guessed'))).toBe('422 protect_check_execution_failed')
    expect(code(await submit(browser, id, proof))).toBe('422 protect_check_execution_failed')
    // A new proof for the same challenge still works: the person presses the button again.
    const again = (await mint(e, check.token)).json.proof_token as string
    expect((await submit(browser, id, again)).json.response.status).toBe('needs_client_trust')
  })

  it('binds a proof to its challenge: another sign-in\'s proof is refused, another client cannot submit', async () => {
    const e = await start()
    e.setScenario({ protectCheck: true })
    const a = await gated(e)
    const b = await gated(e)
    const proofOfA = (await mint(e, a.check.token)).json.proof_token as string
    expect(code(await submit(b.browser, b.id, proofOfA))).toBe('422 protect_check_execution_failed')
    // The sign-in belongs to a's client only (as every FAPI sign-in route).
    const proofOfB = (await mint(e, b.check.token)).json.proof_token as string
    expect(code(await submit(a.browser, b.id, proofOfB))).toBe('404 resource_not_found')
    expect((await submit(a.browser, a.id, (await mint(e, a.check.token)).json.proof_token)).json.response.status).toBe('needs_client_trust')
  })

  it('chains challenges on demand: each proof answers a new needs_protect_check with a new token, N times', async () => {
    const e = await start()
    e.setScenario({ protectCheck: true, protectCheckChain: 3 })
    const { browser, id, check } = await gated(e)
    const tokens = [check.token]
    for (let i = 1; i < 3; i++) {
      const next = await submit(browser, id, (await mint(e, tokens.at(-1)!)).json.proof_token)
      expect(next.json.response).toMatchObject({ status: 'needs_protect_check', protect_check: { status: 'pending' } })
      tokens.push(next.json.response.protect_check.token)
    }
    expect(new Set(tokens).size).toBe(3)
    // An earlier challenge's token is dead once the next one is issued.
    expect(code(await mint(e, tokens[0]!))).toBe('404 resource_not_found')
    const done = await submit(browser, id, (await mint(e, tokens[2]!)).json.proof_token)
    expect(done.json.response).toMatchObject({ status: 'needs_client_trust', protect_check: null })
    // The scenario bounds the chain.
    expect(e.setScenario({ protectCheckChain: 99 }).protectCheckChain).toBe(10)
    expect(e.setScenario({ protectCheckChain: -1 }).protectCheckChain).toBe(1)
  })

  it('expires challenges after ten minutes and proofs after two: protect_check_timed_out, then a new sign-in passes', async () => {
    let now = 10_000_000
    const e = await start({ now: () => now })
    e.setScenario({ protectCheck: true })
    const first = await gated(e)
    const early = (await mint(e, first.check.token)).json.proof_token as string
    now += 2 * 60_000
    expect(code(await submit(first.browser, first.id, early))).toBe('422 protect_check_execution_failed')
    const late = (await mint(e, first.check.token)).json.proof_token as string
    now += 8 * 60_000
    expect(code(await mint(e, first.check.token))).toBe('422 protect_check_timed_out')
    expect(code(await submit(first.browser, first.id, late))).toBe('422 protect_check_timed_out')
    // Clerk does not re-mint on read: the sign-in still shows the expired challenge.
    const read = await first.browser.call('GET', `/v1/client/sign_ins/${first.id}`)
    expect(read.json.response.protect_check.expires_at).toBeLessThanOrEqual(now)
    const fresh = await gated(e, first.browser)
    expect((await submit(fresh.browser, fresh.id, (await mint(e, fresh.check.token)).json.proof_token)).json.response.status).toBe('needs_client_trust')
  })

  it('expires every challenge under expireProtectChecks: expires_at in the past, proofs refused', async () => {
    const e = await start()
    e.setScenario({ protectCheck: true, expireProtectChecks: true })
    const { check } = await gated(e)
    expect(check.expires_at).toBeLessThan(Date.now())
    expect(code(await mint(e, check.token))).toBe('422 protect_check_timed_out')
  })
})

describe('given attacks on the proof route', () => {
  it('refuses other sites (Origin, Sec-Fetch-Site, Origin: null) and takes the app\'s own origin', async () => {
    const e = await start({ origin: 'http://localhost:3000' })
    e.setScenario({ protectCheck: true })
    const { check } = await gated(e)
    expect(code(await mint(e, check.token, { origin: 'https://evil.example' }))).toBe('403 origin_invalid')
    expect(code(await mint(e, check.token, { 'sec-fetch-site': 'cross-site' }))).toBe('403 origin_invalid')
    expect(code(await mint(e, check.token, { origin: 'null' }))).toBe('403 origin_invalid')
    const allowed = await mint(e, check.token, { 'origin': 'http://localhost:3000', 'sec-fetch-site': 'cross-site' })
    expect(allowed.status).toBe(200)
    expect(allowed.headers['access-control-allow-origin']).toBe('http://localhost:3000')
    // The SDK itself, imported cross-origin by the app's page (the CLI's case): a module needs CORS.
    const sdk = new URL(check.sdk_url)
    expect((await raw(sdk.origin, sdk.pathname, { headers: { origin: 'http://localhost:3000' } })).headers['access-control-allow-origin']).toBe('http://localhost:3000')
    expect((await raw(sdk.origin, sdk.pathname, { headers: { origin: 'https://evil.example' } })).headers['access-control-allow-origin']).toBeUndefined()
  })

  it('answers malformed, unknown and oversized tokens with 404, a GET with 405, and never a 500', async () => {
    const e = await start()
    e.setScenario({ protectCheck: true })
    const { check } = await gated(e)
    const unknown = check.token.replace(/_[0-9a-f]{24}$/, `_${'0'.repeat(24)}`)
    for (const token of ['', 'garbage', unknown, `pct_sia_${'f'.repeat(24)}_${'0'.repeat(24)}`, `${check.token}x`, 'x'.repeat(10_000), '%ZZ']) {
      expect(code(await mint(e, token)), token.slice(0, 40)).toBe('404 resource_not_found')
    }
    const url = new URL(`${e.proxyUrl}/protect/proofs`)
    expect((await raw(url.origin, url.pathname)).status).toBe(405)
    expect((await raw(url.origin, url.pathname, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"token":' })).status).toBeLessThan(500)
    // Nothing was minted for the real token by any of that.
    expect((await mint(e, check.token)).status).toBe(200)
  })

  it('keeps proofs out of the request log', async () => {
    const e = await start()
    e.setScenario({ protectCheck: true })
    const { browser, id, check } = await gated(e)
    const proof = (await mint(e, check.token)).json.proof_token as string
    await submit(browser, id, proof)
    expect(JSON.stringify(e.requests())).not.toContain(proof)
  })
})
