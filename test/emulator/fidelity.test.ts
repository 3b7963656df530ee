import { decodeJwt } from 'jose'
import { describe, expect, it } from 'vitest'
import { SEEDED_TOTP_SECRET, totpCode } from '../../src/emulator'
import { fapiBrowser, useEmulators } from './fapiClient'

// Fidelity: what used to pass against the emulator and fail against real Clerk.

const emulators = useEmulators()
const { start } = emulators

type Browser = ReturnType<typeof fapiBrowser>
const errorOf = (answer: { status: number, json: { errors?: Array<{ code: string }> } }) => `${answer.status} ${answer.json.errors?.[0]?.code ?? 'ok'}`

async function signInJane(browser: Browser) {
  const id = await browser.sendEmailCode('jane@example.com')
  return browser.attemptEmailCode(id)
}

describe('given Clerk\'s documented rate limits (the defaults)', () => {
  it('allows 5 sign-in creations per 10 s per client, then 429 too_many_requests with Retry-After', async () => {
    let now = 1_000_000
    const e = await start({ now: () => now })
    const browser = fapiBrowser(e)
    const answers: string[] = []
    for (let i = 0; i < 6; i++) {
      answers.push(errorOf(await browser.signInWithPassword('sam@example.com')))
      now += 1_000
    }
    expect(answers).toEqual(['200 ok', '200 ok', '200 ok', '200 ok', '200 ok', '429 too_many_requests'])
    // The first of the five left the window 10 s after it was counted: 5 s from now.
    expect(browser.log.at(-1)?.headers.get('retry-after')).toBe('5')
    // Another browser is another client.
    expect((await fapiBrowser(e).signInWithPassword('sam@example.com')).status).toBe(200)
    now += 5_000
    expect((await browser.signInWithPassword('sam@example.com')).status).toBe(200)
  })

  it('allows 3 factor attempts per 10 s per client', async () => {
    const e = await start()
    const browser = fapiBrowser(e)
    const id = (await browser.signInWithPassword('mia@example.com')).json.response.id
    const answers: string[] = []
    for (let i = 0; i < 4; i++) answers.push(errorOf(await browser.call('POST', `/v1/client/sign_ins/${id}/attempt_second_factor`, { strategy: 'totp', code: '000000' })))
    expect(answers).toEqual(['422 form_code_incorrect', '422 form_code_incorrect', '422 form_code_incorrect', '429 too_many_requests'])
    expect(Number(browser.log.at(-1)?.headers.get('retry-after'))).toBeGreaterThan(0)
  })

  it('takes other limits, or none, as instance settings', async () => {
    const e = await start({ instance: { rateLimits: { signIns: { requests: 2, windowSeconds: 60 }, attempts: false } } })
    const browser = fapiBrowser(e)
    const answers = [await browser.signInWithPassword('sam@example.com'), await browser.signInWithPassword('sam@example.com'), await browser.signInWithPassword('sam@example.com')]
    expect(answers.map(errorOf)).toEqual(['200 ok', '200 ok', '429 too_many_requests'])
    expect(answers[2]?.headers.get('retry-after')).toBe('60')
    const off = fapiBrowser(await start({ instance: { rateLimits: false } }))
    for (let i = 0; i < 12; i++) expect((await off.signInWithPassword('sam@example.com')).status).toBe(200)
  })
})

describe('given password rules', () => {
  it('serves a new Clerk instance\'s by default, and the instance\'s own where set, as clerk-js reads them', async () => {
    const defaults = await fapiBrowser(await start()).call('GET', '/v1/environment')
    expect(defaults.json.user_settings.password_settings).toEqual({
      disable_hibp: false,
      disable_password_reverification: false,
      min_length: 8,
      max_length: 72,
      require_special_char: false,
      require_numbers: false,
      require_uppercase: false,
      require_lowercase: false,
      show_zxcvbn: false,
      min_zxcvbn_strength: 0,
      enforce_hibp_on_sign_in: false,
      allowed_special_characters: '!"#$%&\'()*+,-./:;<=>?@[]^_`{|}~',
    })
    const own = await fapiBrowser(await start({ instance: { passwordSettings: { minLength: 12, requireUppercase: true, showZxcvbn: true, minZxcvbnStrength: 3 } } })).call('GET', '/v1/environment')
    expect(own.json.user_settings.password_settings).toMatchObject({ min_length: 12, max_length: 72, require_uppercase: true, require_numbers: false, show_zxcvbn: true, min_zxcvbn_strength: 3 })
  })
})

describe('given account lockout (Clerk\'s default for new instances: 10 attempts, 60 minutes)', () => {
  it('says so in /v1/environment', async () => {
    const on = await fapiBrowser(await start()).call('GET', '/v1/environment')
    expect(on.json.user_settings.attack_protection.user_lockout).toEqual({ enabled: true, max_attempts: 10, duration_in_minutes: 60 })
    await emulators.last().close()
    const custom = await fapiBrowser(await start({ instance: { lockout: { maxAttempts: 5, durationMinutes: 15 } } })).call('GET', '/v1/environment')
    expect(custom.json.user_settings.attack_protection.user_lockout).toEqual({ enabled: true, max_attempts: 5, duration_in_minutes: 15 })
    await emulators.last().close()
    const off = await fapiBrowser(await start({ instance: { lockout: false } })).call('GET', '/v1/environment')
    expect(off.json.user_settings.attack_protection.user_lockout.enabled).toBe(false)
  })

  it('locks the account on the 10th failed attempt (passwords and codes count), for 60 minutes, whatever the password', async () => {
    let now = 1_000_000
    const e = await start({ now: () => now, instance: { rateLimits: false } })
    const browser = fapiBrowser(e)
    const answers: string[] = []
    for (let i = 0; i < 8; i++) answers.push(errorOf(await browser.signInWithPassword('jane@example.com', 'wrong-horse')))
    const id = await browser.sendEmailCode('jane@example.com')
    answers.push(errorOf(await browser.call('POST', `/v1/client/sign_ins/${id}/attempt_second_factor`, { strategy: 'email_code', code: '000000' })))
    answers.push(errorOf(await browser.call('POST', `/v1/client/sign_ins/${id}/attempt_second_factor`, { strategy: 'email_code', code: '000001' })))
    expect(answers).toEqual([...Array.from({ length: 8 }, () => '422 form_password_incorrect'), '422 form_code_incorrect', '403 user_locked'])
    const locked = await browser.signInWithPassword('jane@example.com')
    expect(locked.status).toBe(403)
    expect(locked.json.errors[0]).toMatchObject({
      code: 'user_locked',
      meta: { lockout_expires_in_seconds: 3600 },
      long_message: 'Your account is locked. You will be able to try again in 60 minutes. For more information, contact support.',
    })
    now += 31 * 60_000
    expect((await browser.signInWithPassword('jane@example.com')).json.errors[0].long_message).toContain('in 29 minutes')
    now += 29 * 60_000
    expect((await browser.signInWithPassword('jane@example.com')).status).toBe(200)
  })

  it('forgets failed attempts after a sign-in completes, and does nothing with lockout off', async () => {
    const e = await start({ instance: { rateLimits: false } })
    const browser = fapiBrowser(e)
    for (let i = 0; i < 9; i++) await browser.signInWithPassword('jane@example.com', 'wrong-horse')
    expect((await signInJane(browser)).json.response.status).toBe('complete')
    for (let i = 0; i < 9; i++) expect((await browser.signInWithPassword('jane@example.com', 'wrong-horse')).status).toBe(422)
    const off = fapiBrowser(await start({ instance: { rateLimits: false, lockout: false } }))
    for (let i = 0; i < 15; i++) expect((await off.signInWithPassword('jane@example.com', 'wrong-horse')).status).toBe(422)
  })
})

describe('given session tokens', () => {
  it.each([['the default host', undefined], ['a host of the app\'s choosing', 'clerk.my-app.test']])('are issued by the publishable key\'s Frontend API host (%s), as @clerk/backend checks', async (_name, frontendApiHost) => {
    const e = await start({ frontendApiHost })
    // What @clerk/backend compares `iss` with (scheme stripped): the host in the publishable key.
    const host = Buffer.from(e.publishableKey.replace('pk_test_', ''), 'base64').toString().replace(/\$$/, '')
    const done = await signInJane(fapiBrowser(e, 'http://localhost:3000'))
    expect(decodeJwt(done.json.client.sessions[0].last_active_token.jwt).iss).toBe(`https://${host}`)
    expect(host).toBe(frontendApiHost ?? 'clerk.emulator.invalid')
  })

  it('report a second factor verified after MFA (fva), and its age in minutes', async () => {
    let now = Date.now()
    const e = await start({ now: () => now })
    const mia = fapiBrowser(e)
    const id = (await mia.signInWithPassword('mia@example.com')).json.response.id
    const done = await mia.call('POST', `/v1/client/sign_ins/${id}/attempt_second_factor`, { strategy: 'totp', code: totpCode(SEEDED_TOTP_SECRET, now) })
    const session = done.json.client.sessions[0]
    expect(session.factor_verification_age).toEqual([0, 0])
    expect(decodeJwt(session.last_active_token.jwt).fva).toEqual([0, 0])
    now += 7 * 60_000
    const token = await mia.call('POST', `/v1/client/sessions/${session.id}/tokens`, {})
    expect(decodeJwt(token.json.jwt).fva).toEqual([7, 7])
    // A new-device code is no second factor: Jane's session has none.
    const jane = await signInJane(fapiBrowser(e))
    expect(jane.json.client.sessions[0].factor_verification_age).toEqual([0, -1])
  })
})

describe('given sign-out (OpenAPI: deleteClientSessions vs removeClientSessionsAndRetainCookie)', () => {
  it('DELETE /v1/client/sessions ends the sessions and keeps the client and its trust', async () => {
    const browser = fapiBrowser(await start())
    await signInJane(browser)
    const out = await browser.call('DELETE', '/v1/client/sessions')
    expect(out.json.response.sessions).toEqual([])
    expect((await browser.signInWithPassword('jane@example.com')).json.response.status).toBe('complete')
  })

  it('DELETE /v1/client ends the client itself: cookie dropped, the browser is a new device again', async () => {
    const e = await start()
    const browser = fapiBrowser(e)
    const done = await signInJane(browser)
    const clientId = done.json.client.id
    const out = await browser.call('DELETE', '/v1/client')
    expect(out.json).toMatchObject({ response: { id: clientId, sessions: [] }, client: null })
    expect(out.headers.get('set-cookie')).toMatch(/^__client=;.*Max-Age=0/i)
    expect(browser.cookie()).toBe('')
    expect(e.stats().clients).toBe(0)
    const again = await browser.signInWithPassword('jane@example.com')
    expect(again.json.response.status).toBe('needs_client_trust')
    expect(again.json.client.id).not.toBe(clientId)
  })
})

describe('given Clerk Protect (the protectCheck scenario)', () => {
  it('gates a correct password with needs_protect_check, then goes on once its SDK\'s proof is submitted', async () => {
    const e = await start()
    e.setScenario({ protectCheck: true })
    const browser = fapiBrowser(e)
    const gated = await browser.signInWithPassword('jane@example.com')
    expect(gated.json.response).toMatchObject({ status: 'needs_protect_check', supported_second_factors: [], protect_check: { status: 'pending', sdk_url: `${e.proxyUrl}/protect/sdk.mjs` } })
    const id = gated.json.response.id
    expect((await browser.call('PATCH', `/v1/client/sign_ins/${id}/protect_check`, {})).json.errors[0]).toMatchObject({ code: 'form_param_missing', meta: { param_name: 'proof_token' } })
    const proof = await fetch(`${e.proxyUrl}/protect/proofs`, { method: 'POST', body: new URLSearchParams({ token: gated.json.response.protect_check.token }) }).then(r => r.json()) as { proof_token: string }
    const cleared = await browser.call('PATCH', `/v1/client/sign_ins/${id}/protect_check`, { proof_token: proof.proof_token })
    expect(cleared.json.response).toMatchObject({ status: 'needs_client_trust', protect_check: null })
    expect((await browser.call('PATCH', `/v1/client/sign_ins/${id}/protect_check`, { proof_token: proof.proof_token })).json.errors[0].code).toBe('protect_check_already_resolved')
  })
})

describe('given secrets in request bodies', () => {
  it('redacts them in the request log wherever they sit, also nested in JSON', async () => {
    const e = await start()
    const secrets = ['hunter2-top', 'tkt_secret_ticket', '0xsignature', 'nested-pass', 'proof-secret', 'array-pass']
    const body = {
      identifier: 'jane@example.com',
      password: 'hunter2-top',
      ticket: 'tkt_secret_ticket',
      web3_signature: '0xsignature',
      proof_token: 'proof-secret',
      unsafe_metadata: { profile: { password: 'nested-pass' }, list: [{ new_password: 'array-pass' }] },
    }
    await fetch(`${e.url}/v1/client/sign_ins`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
    await fetch(`${e.url}/v1/client/sign_ins`, { method: 'POST', body: new URLSearchParams({ 'identifier': 'jane@example.com', 'user[password]': 'hunter2-top' }) })
    const logged = JSON.stringify(e.requests())
    for (const secret of secrets) expect(logged, secret).not.toContain(secret)
    expect(e.requests()[0]?.body).toMatchObject({ identifier: 'jane@example.com', password: '[redacted]', ticket: '[redacted]' })
    expect(JSON.parse(e.requests()[0]?.body.unsafe_metadata ?? '{}')).toEqual({ profile: { password: '[redacted]' }, list: [{ new_password: '[redacted]' }] })
  })
})
