import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createApp, toNodeListener } from 'h3'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { describe, expect, it } from 'vitest'
import { createClerkEmulator } from '../../src/emulator'
import { fapiBrowser, useEmulators } from './fapiClient'

const emulators = useEmulators()
const { start } = emulators

describe('given scenarios', () => {
  it('answers every FAPI route 503 during an outage, but not the control routes', async () => {
    const e = await start()
    const browser = fapiBrowser(e)
    const set = await fetch(`${e.url}/_scenario`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ outage: true }) })
    expect(await set.json()).toMatchObject({ outage: true, rateLimit: false })
    const env = await browser.call('PATCH', '/v1/environment')
    expect(env.status).toBe(503)
    expect(env.json.errors[0].code).toBe('service_unavailable')
    expect((await browser.call('GET', '/_outbox.json')).status).toBe(200)
    expect(e.scenario().outage).toBe(true)
  })

  it('rate-limits sign-in routes with 429 when rateLimit is on', async () => {
    const e = await start()
    e.setScenario({ rateLimit: true })
    const answer = await fapiBrowser(e).signInWithPassword('jane@example.com')
    expect(answer.status).toBe(429)
    expect(answer.json.errors[0]).toMatchObject({ code: 'too_many_requests', meta: {} })
    expect(answer.headers.get('retry-after')).toBe('30')
    expect((await fapiBrowser(e).call('GET', '/v1/client')).status).toBe(200)
  })

  it('expires sign-ins when expireSignIns is on', async () => {
    const e = await start()
    const browser = fapiBrowser(e)
    const id = (await browser.signInWithPassword('jane@example.com')).json.response.id
    e.setScenario({ expireSignIns: true })
    const prepare = await browser.call('POST', `/v1/client/sign_ins/${id}/prepare_second_factor`, { strategy: 'email_code' })
    expect(prepare.json.errors[0].code).toBe('sign_in_expired')
    const attempt = await browser.call('POST', `/v1/client/sign_ins/${id}/attempt_second_factor`, { strategy: 'email_code', code: '424242' })
    expect(attempt.json.errors[0].code).toBe('sign_in_expired')
    expect((await browser.call('GET', `/v1/client/sign_ins/${id}`)).status).toBe(404)
  })

  it('abandons sign-ins after a day', async () => {
    let now = Date.now()
    const browser = fapiBrowser(await start({ now: () => now }))
    const signIn = await browser.signInWithPassword('jane@example.com')
    expect(signIn.json.response.abandon_at).toBe(now + 86_400_000)
    now += 86_400_000
    expect((await browser.call('GET', `/v1/client/sign_ins/${signIn.json.response.id}`)).status).toBe(404)
  })

  it('delays FAPI answers by delayMs', async () => {
    const e = await start()
    e.setScenario({ delayMs: 150 })
    const started = performance.now()
    await fapiBrowser(e).call('GET', '/v1/client')
    expect(performance.now() - started).toBeGreaterThanOrEqual(140)
  })

  it('ignores scenario values of the wrong type', () => {
    const e = createClerkEmulator({ logger: () => {} })
    expect(e.setScenario({ outage: 'yes' as never, delayMs: -5 })).toEqual({ outage: false, delayMs: 0, rateLimit: false, expireSignIns: false, expireCodes: false, retryAfterSeconds: 30, malformed: false, errorMessage: null, clerkJsUnavailable: false, protectCheck: false, protectCheckChain: 1, expireProtectChecks: false })
  })
})

describe('given the control routes', () => {
  it('shows the outbox newest first, HTML-escaped', async () => {
    const e = await start({ users: [{ emailAddress: '<b>x</b>@example.com', password: 'pw-123456' }] })
    const browser = fapiBrowser(e)
    await browser.sendEmailCode('<b>x</b>@example.com', 'pw-123456')
    const page = await browser.call('GET', '/_outbox')
    expect(page.headers.get('content-type')).toMatch(/text\/html/)
    expect(page.text).not.toContain('<b>x</b>')
    expect(page.text).toContain('&#60;b&#62;x&#60;/b&#62;@example.com')
    expect(page.text).toContain('424242')
    const json = await browser.call('GET', '/_outbox.json')
    expect(json.json.outbox).toHaveLength(1)
  })

  it('resets clients, trust, outbox and requests but keeps users and keys', async () => {
    const e = await start()
    const browser = fapiBrowser(e)
    await browser.sendEmailCode('jane@example.com')
    const keys = await e.jwks()
    expect((await browser.call('POST', '/_reset')).status).toBe(204)
    expect(e.outbox()).toEqual([])
    expect(e.requests()).toEqual([])
    expect((await browser.call('GET', '/v1/client')).json.response).toBeNull()
    expect(await e.jwks()).toEqual(keys)
    expect(e.users().map(u => u.emailAddress ?? u.phoneNumber)).toContain('jane@example.com')
  })

  it('serves clerk-js files from clerkJsDir and nothing outside it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'clerk-js-'))
    emulators.afterTest(() => rm(dir, { recursive: true, force: true }))
    await writeFile(join(dir, 'clerk.browser.js'), 'window.__loaded = true')
    const e = await start({ clerkJsDir: dir })
    const ok = await fetch(`${e.url}/npm/@clerk/clerk-js@6/dist/clerk.browser.js`)
    expect(ok.status).toBe(200)
    expect(ok.headers.get('content-type')).toMatch(/javascript/)
    expect(await ok.text()).toBe('window.__loaded = true')
    expect((await fetch(`${e.url}/npm/@clerk/clerk-js@6/dist/..%2F..%2Fetc%2Fpasswd`)).status).toBe(404)
    expect((await fetch(`${e.url}/npm/@clerk/clerk-js@6/dist/missing.js`)).status).toBe(404)
  })

  it('keeps at most maxClients clients', async () => {
    const e = await start({ maxClients: 2 })
    const browsers = [fapiBrowser(e), fapiBrowser(e), fapiBrowser(e)]
    for (const browser of browsers) await browser.signInWithPassword('jane@example.com')
    // The oldest client was evicted: its cookie no longer finds a client.
    expect((await browsers[0]!.call('GET', '/v1/client')).json.response).toBeNull()
    expect((await browsers[2]!.call('GET', '/v1/client')).json.response).not.toBeNull()
  })
})

describe('given a mount under a base path in another h3 app', () => {
  it('strips the base path and 404s outside it', async () => {
    const e = createClerkEmulator({ basePath: '/__clerk', logger: () => {} })
    const app = createApp()
    app.use('/__clerk', e.handler)
    app.use(e.handler)
    const server = createServer(toNodeListener(app))
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
    emulators.afterTest(() => new Promise(resolve => server.close(() => resolve())))
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    const env = await fetch(`${base}/__clerk/v1/environment?_method=PATCH`, { method: 'POST' })
    expect(env.status).toBe(200)
    const outside = await fetch(`${base}/v1/environment`)
    expect(outside.status).toBe(404)
    expect(e.requests().map(r => r.path)).toEqual(['/v1/environment'])
  })
})
