import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

import type { RunningClerkEmulator } from '../../src/emulator'
import { fapiBrowser, useEmulators } from './fapiClient'
import { isClerkError, raw } from './rawHttp'

// The six points that did not hold when the emulator was probed from outside.

const emulators = useEmulators()
const { start } = emulators

const VERSION = '__clerk_api_version=2026-08-20&_clerk_js_version=6.40.0'
const form = { 'content-type': 'application/x-www-form-urlencoded' }
const deepJson = `{"errorMessage":${'['.repeat(30_000)}${']'.repeat(30_000)}}`

/** Requests that used to answer 500 (or slip past the loopback check); each must get a Clerk-shaped 4xx. */
const MALFORMED: Array<{ name: string, method: string, path: string, headers?: Record<string, string>, body?: string }> = [
  { name: 'a %ZZ escape in a sign-in id', method: 'POST', path: `/v1/client/sign_ins/%ZZ/attempt_second_factor?${VERSION}`, headers: form, body: 'strategy=email_code&code=1' },
  { name: 'an overlong UTF-8 escape in a session id', method: 'POST', path: `/v1/client/sessions/%C0/touch?${VERSION}`, headers: form, body: '' },
  { name: 'a lone % as an id', method: 'POST', path: `/v1/client/sign_ins/%/prepare_second_factor?${VERSION}`, headers: form, body: 'strategy=email_code' },
  { name: 'a truncated escape in a GET', method: 'GET', path: `/v1/client/sign_ins/%E0%A4%A?${VERSION}` },
  { name: 'a lone % in a token route', method: 'POST', path: `/v1/client/sessions/%/tokens?${VERSION}`, headers: form, body: '' },
  { name: 'deeply nested JSON to a FAPI route', method: 'POST', path: `/v1/client/sign_ins?${VERSION}`, headers: { 'content-type': 'application/json' }, body: deepJson },
  { name: 'deeply nested JSON to _scenario', method: 'POST', path: '/_scenario', headers: { 'content-type': 'application/json' }, body: deepJson },
  { name: 'JSON that does not parse', method: 'POST', path: '/_scenario', headers: { 'content-type': 'application/json' }, body: '{"outage":' },
  { name: 'a malformed _method', method: 'POST', path: `/v1/client/sign_ins?${VERSION}&_method=%ZZ`, headers: form, body: 'identifier=jane%40example.com' },
  { name: 'Host [::1]evil.test', method: 'GET', path: '/_outbox.json', headers: { host: '[::1]evil.test' } },
  { name: 'Host [::1]/x', method: 'GET', path: '/_outbox.json', headers: { host: '[::1]/x' } },
  { name: 'Host evil.test', method: 'POST', path: '/_reset', headers: { host: 'evil.test' } },
  { name: 'Host 127.0.0.1.evil.test', method: 'GET', path: `/v1/environment?${VERSION}`, headers: { host: '127.0.0.1.evil.test' } },
  { name: 'Host localhost:99999', method: 'GET', path: `/v1/environment?${VERSION}`, headers: { host: 'localhost:99999' } },
  { name: 'Host localhost@evil.test', method: 'GET', path: '/_outbox.json', headers: { host: 'localhost@evil.test' } },
  { name: 'Host [::1', method: 'GET', path: '/_outbox.json', headers: { host: '[::1' } },
]

async function expectMalformedRefused(base: string) {
  const outcomes: Record<string, string> = {}
  for (const entry of MALFORMED) {
    const answer = await raw(base, entry.path, { method: entry.method, headers: entry.headers, body: entry.body })
    const fine = answer.status >= 400 && answer.status < 500 && isClerkError(answer.json)
    outcomes[entry.name] = fine ? 'refused' : `${answer.status} ${answer.body.slice(0, 80)}`
  }
  expect(outcomes).toEqual(Object.fromEntries(MALFORMED.map(entry => [entry.name, 'refused'])))
}

describe('given malformed paths, bodies and hosts', () => {
  it('answers each with a Clerk-shaped 4xx, and keeps serving', async () => {
    const e = await start()
    await expectMalformedRefused(e.url)
    expect((await raw(e.url, `/v1/environment?${VERSION}`)).status).toBe(200)
    expect(e.scenario().errorMessage).toBeNull()
  })

  it('keeps the CLI process alive through all of them', async () => {
    const child: ChildProcess = spawn(process.execPath, [resolve(__dirname, '../../bin/emulator.mjs'), '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] })
    emulators.afterTest(async () => {
      if (child.exitCode !== null) return
      const exited = new Promise(done => child.once('exit', done))
      child.kill('SIGTERM')
      await exited
    })
    let output = ''
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()))
    const url = await new Promise<string>((done, fail) => {
      const timer = setTimeout(() => fail(new Error(`CLI did not start:\n${output}`)), 20_000)
      const check = () => {
        const found = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1]
        if (found) {
          clearTimeout(timer)
          done(found)
        }
      }
      child.stdout?.on('data', check)
      child.once('exit', () => fail(new Error(`CLI exited:\n${output}`)))
    })
    await expectMalformedRefused(url)
    expect(child.exitCode).toBeNull()
    expect((await raw(url, `/v1/environment?${VERSION}`)).status).toBe(200)
  }, 60_000)
})

describe('given a page on another site aiming at the control routes', () => {
  const attacks: Array<{ name: string, headers: Record<string, string> }> = [
    { name: 'Origin: https://evil.test', headers: { 'origin': 'https://evil.test', 'content-type': 'text/plain' } },
    { name: 'Origin: null (sandboxed frame, file: page)', headers: { 'origin': 'null', 'content-type': 'text/plain' } },
    { name: 'Sec-Fetch-Site: cross-site, no Origin', headers: { 'sec-fetch-site': 'cross-site', 'content-type': 'text/plain' } },
    { name: 'Sec-Fetch-Site: same-site (another loopback port)', headers: { 'sec-fetch-site': 'same-site', 'origin': 'http://127.0.0.1:1', 'content-type': 'application/x-www-form-urlencoded' } },
    { name: 'Origin of another loopback port', headers: { 'origin': 'http://localhost:1', 'content-type': 'application/json' } },
  ]

  it.each([['standalone', ''], ['under /__clerk', '/__clerk']])('refuses POST _reset, _scenario and _new_client %s, and changes nothing', async (_name, basePath) => {
    const e = await start({ basePath })
    const browser = fapiBrowser(e)
    await browser.sendEmailCode('jane@example.com')
    const before = { outbox: e.outbox().length, scenario: e.scenario(), stats: e.stats().clients }
    const refused: string[] = []
    for (const attack of attacks) {
      for (const route of ['/_reset', '/_scenario', '/_new_client']) {
        const answer = await raw(e.url, `${basePath}${route}`, { method: 'POST', headers: { ...attack.headers, cookie: browser.cookie() }, body: '{"errorMessage":"Call +1 555 0100 to unlock your account","outage":true}' })
        if (answer.status === 403 && answer.json?.errors?.[0]?.code === 'origin_invalid') refused.push(`${attack.name} ${route}`)
        expect(answer.headers['set-cookie'], `${attack.name} ${route} must not drop the client cookie`).toBeUndefined()
      }
    }
    expect(refused).toHaveLength(attacks.length * 3)
    expect({ outbox: e.outbox().length, scenario: e.scenario(), stats: e.stats().clients }).toEqual(before)
    // The same browser's next sign-in carries no attacker text.
    expect((await browser.signInWithPassword('jane@example.com')).status).toBe(200)
  })

  it('still takes same-origin, tool and explicitly allowed callers', async () => {
    const e = await start({ origin: 'http://localhost:5173' })
    const self = new URL(e.url)
    const callers: Record<string, Record<string, string>> = {
      'no Origin (curl, tests)': {},
      'same origin': { 'origin': e.url, 'sec-fetch-site': 'same-origin' },
      'typed in the address bar': { 'sec-fetch-site': 'none' },
      'the allowed app origin': { 'origin': 'http://localhost:5173', 'sec-fetch-site': 'cross-site' },
    }
    for (const [name, headers] of Object.entries(callers)) {
      const answer = await raw(e.url, '/_scenario', { method: 'POST', headers: { ...headers, 'host': self.host, 'content-type': 'application/json' }, body: '{"delayMs":5}' })
      expect(answer.status, name).toBe(200)
    }
    expect(e.scenario().delayMs).toBe(5)
  })
})

describe('given an expired code or link', () => {
  it('never verifies it later, even once expireCodes is lifted and the code is right', async () => {
    const e = await start()
    const browser = fapiBrowser(e)
    const id = await browser.sendEmailCode('jane@example.com')
    e.setScenario({ expireCodes: true })
    const attempt = () => browser.attemptEmailCode(id)
    expect((await attempt()).json.errors[0].code).toBe('verification_expired')
    e.setScenario({ expireCodes: false })
    expect((await attempt()).json.errors[0].code).toBe('verification_expired')
    expect((await browser.call('GET', `/v1/client/sign_ins/${id}`)).json.response).toMatchObject({ status: 'needs_client_trust', second_factor_verification: { status: 'expired' } })
    // A new code is the way out.
    await browser.call('POST', `/v1/client/sign_ins/${id}/prepare_second_factor`, { strategy: 'email_code' })
    expect((await attempt()).json.response.status).toBe('complete')
  })

  it('keeps an expired email link expired', async () => {
    const e = await start()
    const lee = fapiBrowser(e)
    const id = (await lee.signInWithPassword('lee@example.com')).json.response.id
    await lee.call('POST', `/v1/client/sign_ins/${id}/prepare_second_factor`, { strategy: 'email_link', redirect_url: 'http://localhost:3000/sign-in' })
    const link = e.outbox().at(-1)?.link ?? ''
    e.setScenario({ expireCodes: true })
    expect((await fetch(link, { redirect: 'manual' })).headers.get('location')).toContain('__clerk_status=expired')
    e.setScenario({ expireCodes: false })
    expect((await fetch(link, { redirect: 'manual' })).headers.get('location')).toContain('__clerk_status=expired')
    expect((await lee.call('GET', `/v1/client/sign_ins/${id}`)).json.response.status).toBe('needs_client_trust')
  })
})

describe('given the client cookie', () => {
  async function signedIn(e: RunningClerkEmulator) {
    const browser = fapiBrowser(e)
    const id = await browser.sendEmailCode('jane@example.com')
    const done = await browser.attemptEmailCode(id)
    return { browser, clientId: done.json.client.id as string, sessionId: done.json.response.created_session_id as string }
  }

  it('is not the client id, and replaying the id (shown to every page script) opens nothing', async () => {
    const e = await start()
    const { browser, clientId, sessionId } = await signedIn(e)
    expect(browser.cookie()).not.toBe(`__client=${clientId}`)
    const replay = { cookie: `__client=${clientId}` }
    const client = await raw(e.url, `/v1/client?${VERSION}`, { headers: replay })
    expect(client.json.response).toBeNull()
    const token = await raw(e.url, `/v1/client/sessions/${sessionId}/tokens?${VERSION}`, { method: 'POST', headers: { ...replay, ...form }, body: '' })
    expect(token.status).toBe(404)
    expect(token.json.jwt).toBeUndefined()
    // The real cookie still works.
    expect((await browser.call('POST', `/v1/client/sessions/${sessionId}/tokens`, {})).json.jwt).toMatch(/^ey/)
  })

  it('cannot be forged: another id under the same signature, or any unsigned value, is no client', async () => {
    const e = await start()
    const victim = await signedIn(e)
    const attacker = await signedIn(e)
    const [payload, signature] = attacker.browser.cookie().slice('__client='.length).split('.')
    const decoded = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString()) as { id: string, rt: string }
    const swapped = Buffer.from(JSON.stringify({ ...decoded, id: victim.clientId })).toString('base64url')
    for (const value of [`${swapped}.${signature}`, `${payload}.${'A'.repeat(43)}`, `${payload}`, 'client_x.y', '']) {
      const answer = await raw(e.url, `/v1/client?${VERSION}`, { headers: { cookie: `__client=${value}` } })
      expect(answer.json.response, value).toBeNull()
    }
  })
})

describe('given a password reset', () => {
  /** A sign-in of `identifier` with its reset code sent: its id. */
  async function resetCodeSent(browser: ReturnType<typeof fapiBrowser>, identifier = 'jane@example.com', extra: Record<string, string> = {}) {
    const id = (await browser.call('POST', '/v1/client/sign_ins', { identifier })).json.response.id as string
    const sent = await browser.call('POST', `/v1/client/sign_ins/${id}/prepare_first_factor`, { strategy: 'reset_password_email_code', ...extra })
    return { id, sent }
  }
  const attempt = (browser: ReturnType<typeof fapiBrowser>, id: string, code: string) =>
    browser.call('POST', `/v1/client/sign_ins/${id}/attempt_first_factor`, { strategy: 'reset_password_email_code', code })
  const reset = (browser: ReturnType<typeof fapiBrowser>, id: string, password = 'a-new-stable-42') =>
    browser.call('POST', `/v1/client/sign_ins/${id}/reset_password`, { password, sign_out_of_other_sessions: 'true' })
  const errorOf = (answer: { status: number, json: { errors?: Array<{ code: string }> } }) => `${answer.status} ${answer.json.errors?.[0]?.code ?? 'ok'}`

  it('hides a sign-in from every other client: no code sent, tried or reset there (404)', async () => {
    const e = await start()
    const owner = fapiBrowser(e)
    const { id } = await resetCodeSent(owner)
    const stranger = fapiBrowser(e)
    await stranger.call('GET', '/v1/client')
    const answers = [
      await stranger.call('POST', `/v1/client/sign_ins/${id}/prepare_first_factor`, { strategy: 'reset_password_email_code' }),
      await attempt(stranger, id, '424242'),
      await reset(stranger, id),
    ]
    expect(answers.map(errorOf)).toEqual(['404 resource_not_found', '404 resource_not_found', '404 resource_not_found'])
    expect(e.outbox()).toHaveLength(1)
    // The owner's sign-in is untouched: its code still works.
    expect((await attempt(owner, id, '424242')).json.response.status).toBe('needs_new_password')
  })

  it('takes no new password before the code is verified', async () => {
    const browser = fapiBrowser(await start())
    const id = (await browser.call('POST', '/v1/client/sign_ins', { identifier: 'jane@example.com' })).json.response.id
    expect(errorOf(await reset(browser, id))).toBe('400 client_state_invalid')
    await browser.call('POST', `/v1/client/sign_ins/${id}/prepare_first_factor`, { strategy: 'reset_password_email_code' })
    expect(errorOf(await reset(browser, id))).toBe('400 client_state_invalid')
    expect(errorOf(await attempt(browser, id, '000000'))).toBe('422 form_code_incorrect')
    expect(errorOf(await reset(browser, id))).toBe('400 client_state_invalid')
    // Nor after a correct password on a new device (needs_client_trust is no reset).
    const trust = (await browser.signInWithPassword('jane@example.com')).json.response
    expect(trust.status).toBe('needs_client_trust')
    expect(errorOf(await reset(browser, trust.id))).toBe('400 client_state_invalid')
    expect((await browser.signInWithPassword('jane@example.com')).json.response.status).toBe('needs_client_trust')
  })

  it('spends the code and the sign-in: replaying either after the reset changes nothing', async () => {
    const e = await start()
    const browser = fapiBrowser(e)
    const { id } = await resetCodeSent(browser)
    await attempt(browser, id, '424242')
    expect((await reset(browser, id)).json.response.status).toBe('complete')
    expect(errorOf(await attempt(browser, id, '424242'))).toBe('422 verification_already_verified')
    expect(errorOf(await reset(browser, id, 'attacker-chosen-99'))).toBe('400 client_state_invalid')
    // The same code on a new sign-in of the same user: nothing was sent for it.
    const fresh = (await browser.call('POST', '/v1/client/sign_ins', { identifier: 'jane@example.com' })).json.response.id
    expect(errorOf(await attempt(browser, fresh, '424242'))).toBe('422 verification_missing')
    expect((await fapiBrowser(e).signInWithPassword('jane@example.com', 'attacker-chosen-99')).json.errors[0].code).toBe('form_password_incorrect')
  })

  it('stops a brute force of the code: the attempts limit, then lockout', async () => {
    const limited = fapiBrowser(await start())
    const { id } = await resetCodeSent(limited)
    const answers: string[] = []
    for (const code of ['000000', '111111', '222222', '424242']) answers.push(errorOf(await attempt(limited, id, code)))
    expect(answers).toEqual(['422 form_code_incorrect', '422 form_code_incorrect', '422 form_code_incorrect', '429 too_many_requests'])

    // Without the rate limit, Clerk's lockout counts wrong reset codes ("Password resets").
    const e = await start({ instance: { rateLimits: false } })
    const patient = fapiBrowser(e)
    const sent = await resetCodeSent(patient)
    const tries: string[] = []
    for (let i = 0; i < 10; i++) tries.push(errorOf(await attempt(patient, sent.id, String(100000 + i))))
    expect(tries.at(-2)).toBe('422 form_code_incorrect')
    expect(tries.at(-1)).toBe('403 user_locked')
    expect(errorOf(await attempt(patient, sent.id, '424242'))).toBe('403 user_locked')
  })

  it('resets only the user of the sign-in: another user\'s address, code or sign-in gets the attacker nothing', async () => {
    const e = await start({ users: [{ emailAddress: 'victim@example.com', password: 'victim-pass-1' }, { emailAddress: 'mallory@example.com', password: 'mallory-pass-1' }] })
    const mallory = fapiBrowser(e)
    // Her own sign-in, verified: a reset in her hands, for her own account only.
    const own = await resetCodeSent(mallory, 'mallory@example.com')
    await attempt(mallory, own.id, '424242')
    // The victim's sign-in, with her own address as the destination: refused, nothing sent.
    const victim = await resetCodeSent(mallory, 'victim@example.com', { email_address_id: 'idn_email_mallory' })
    expect(errorOf(victim.sent)).toBe('422 form_param_value_invalid')
    expect(victim.sent.json.errors[0].meta.param_name).toBe('email_address_id')
    expect(e.outbox().map(m => m.to)).toEqual(['mallory@example.com'])
    // Her code is bound to her sign-in: on the victim's it is no code at all.
    expect(errorOf(await attempt(mallory, victim.id, '424242'))).toBe('422 verification_missing')
    expect(errorOf(await reset(mallory, victim.id))).toBe('400 client_state_invalid')
    // Her own reset changes her password only.
    expect((await reset(mallory, own.id, 'mallory-new-pass-2')).json.response.status).toBe('complete')
    const check = fapiBrowser(e)
    expect((await check.signInWithPassword('victim@example.com', 'victim-pass-1')).json.response.status).toBe('needs_client_trust')
    expect((await check.signInWithPassword('victim@example.com', 'mallory-new-pass-2')).json.errors[0].code).toBe('form_password_incorrect')
  })
})
