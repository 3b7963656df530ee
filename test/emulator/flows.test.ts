import { jwtVerify, createLocalJWKSet } from 'jose'
import { describe, expect, it } from 'vitest'
import { EMULATOR_FIXED_CODE, SEEDED_TOTP_SECRET, totpCode } from '../../src/emulator'
import { fapiBrowser, useEmulators } from './fapiClient'

const emulators = useEmulators()
const { start } = emulators

type Browser = ReturnType<typeof fapiBrowser>

async function trustWithEmail(browser: Browser, identifier = 'jane@example.com') {
  const signIn = await browser.signInWithPassword(identifier)
  const id = signIn.json.response.id as string
  await browser.call('POST', `/v1/client/sign_ins/${id}/prepare_second_factor`, { strategy: 'email_code' })
  return browser.attemptEmailCode(id)
}

describe('given client trust is per client', () => {
  it('completes directly on a client that verified a code before, also after sign-out', async () => {
    const browser = fapiBrowser(await start())
    const done = await trustWithEmail(browser)
    expect(done.json.response.status).toBe('complete')
    expect(done.json.client.sessions).toHaveLength(1)
    const out = await browser.call('DELETE', '/v1/client/sessions')
    expect(out.json.response.sessions).toEqual([])
    const again = await browser.signInWithPassword('jane@example.com')
    expect(again.json.response).toMatchObject({ status: 'complete', client_trust_state: 'known' })
    expect(again.json.response.created_session_id).toMatch(/^sess_/)
  })

  it('asks a new client again', async () => {
    const e = await start()
    await trustWithEmail(fapiBrowser(e))
    const other = await fapiBrowser(e).signInWithPassword('jane@example.com')
    expect(other.json.response.status).toBe('needs_client_trust')
  })

  it('forgets the client after POST _new_client', async () => {
    const browser = fapiBrowser(await start())
    await trustWithEmail(browser)
    const forget = await browser.call('POST', '/_new_client')
    expect(forget.status).toBe(204)
    expect(browser.cookie()).toBe('')
    expect((await browser.signInWithPassword('jane@example.com')).json.response.status).toBe('needs_client_trust')
  })

  it('completes directly when the instance has client trust off', async () => {
    const browser = fapiBrowser(await start({ instance: { clientTrust: false } }))
    expect((await browser.signInWithPassword('jane@example.com')).json.response.status).toBe('complete')
  })

  it('offers only the factors the instance enables', async () => {
    const browser = fapiBrowser(await start({ instance: { emailCode: false } }))
    const signIn = await browser.signInWithPassword('mia@example.com')
    expect(signIn.json.response.status).toBe('needs_second_factor')
    const strategies = signIn.json.response.supported_second_factors.map((f: { strategy: string }) => f.strategy)
    expect(strategies).toEqual(['totp', 'phone_code', 'backup_code'])
    // jane has only an email: with email codes off there is nothing to verify a new device with.
    expect((await browser.signInWithPassword('jane@example.com')).json.response.status).toBe('complete')
  })
})

describe('given codes', () => {
  it('logs and records a masked email code and an SMS code', async () => {
    const lines: string[] = []
    const browser = fapiBrowser(await start({ logger: line => lines.push(line), codes: 'random' }))
    const signIn = await browser.signInWithPassword('+15555550100')
    await browser.call('POST', `/v1/client/sign_ins/${signIn.json.response.id}/prepare_second_factor`, { strategy: 'phone_code', phone_number_id: 'idn_phone_phil' })
    const sms = emulators.last().outbox()[0]
    expect(sms).toMatchObject({ channel: 'sms', kind: 'code', to: '+15555550100', userId: 'user_phil' })
    expect(sms?.code).toMatch(/^\d{6}$/)
    expect(lines).toContain(`[clerk-emulator] sms code for +1******0100: ${sms?.code}`)
    const jane = fapiBrowser(emulators.last())
    const janeSignIn = await jane.signInWithPassword('jane@example.com')
    await jane.call('POST', `/v1/client/sign_ins/${janeSignIn.json.response.id}/prepare_second_factor`, { strategy: 'email_code' })
    expect(lines.at(-1)).toMatch(/^\[clerk-emulator\] email code for j\*\*\*@example\.com: \d{6}$/)
    expect(lines.join('\n')).not.toContain('correct-horse')
  })

  it('expires codes after ten minutes', async () => {
    let now = Date.now()
    const browser = fapiBrowser(await start({ now: () => now }))
    const signIn = await browser.signInWithPassword('jane@example.com')
    const id = signIn.json.response.id
    await browser.call('POST', `/v1/client/sign_ins/${id}/prepare_second_factor`, { strategy: 'email_code' })
    now += 600_000
    const late = await browser.attemptEmailCode(id)
    expect(late.status).toBe(422)
    expect(late.json.errors[0]).toMatchObject({ code: 'verification_expired', meta: { param_name: 'code' } })
  })

  it('uses a code once', async () => {
    const browser = fapiBrowser(await start())
    const done = await trustWithEmail(browser)
    const id = done.json.response.id
    const reuse = await browser.attemptEmailCode(id)
    expect(reuse.status).toBe(422)
    expect(reuse.json.errors[0].code).toBe('verification_already_verified')
  })

  it('throttles bursts of prepares with 429 verification_code_too_many_requests and Retry-After', async () => {
    let now = Date.now()
    const browser = fapiBrowser(await start({ now: () => now }))
    const id = (await browser.signInWithPassword('jane@example.com')).json.response.id
    const statuses: number[] = []
    for (let i = 0; i < 4; i++) {
      statuses.push((await browser.call('POST', `/v1/client/sign_ins/${id}/prepare_second_factor`, { strategy: 'email_code' })).status)
      now += 1_000
    }
    expect(statuses).toEqual([200, 200, 200, 429])
    const limited = browser.log.at(-1)!
    expect(limited.json.errors[0]).toMatchObject({ code: 'verification_code_too_many_requests', meta: {} })
    expect(limited.headers.get('retry-after')).toBe('57')
    now += 57_000
    expect((await browser.call('POST', `/v1/client/sign_ins/${id}/prepare_second_factor`, { strategy: 'email_code' })).status).toBe(200)
  })

  it('refuses a factor id of another user', async () => {
    const browser = fapiBrowser(await start())
    const id = (await browser.signInWithPassword('jane@example.com')).json.response.id
    const answer = await browser.call('POST', `/v1/client/sign_ins/${id}/prepare_second_factor`, { strategy: 'email_code', email_address_id: 'idn_email_mia' })
    expect(answer.status).toBe(422)
    expect(answer.json.errors[0].meta.param_name).toBe('email_address_id')
  })

  it('hides another client\'s sign-in', async () => {
    const e = await start()
    const id = (await fapiBrowser(e).signInWithPassword('jane@example.com')).json.response.id
    const stranger = fapiBrowser(e)
    await stranger.signInWithPassword('phil')
    expect((await stranger.call('GET', `/v1/client/sign_ins/${id}`)).status).toBe(404)
  })
})

describe('given an MFA user', () => {
  it('asks for a second factor and accepts TOTP', async () => {
    const now = Date.now()
    const browser = fapiBrowser(await start({ now: () => now }))
    const signIn = await browser.signInWithPassword('mia@example.com')
    expect(signIn.json.response.status).toBe('needs_second_factor')
    const id = signIn.json.response.id
    const wrong = await browser.call('POST', `/v1/client/sign_ins/${id}/attempt_second_factor`, { strategy: 'totp', code: totpCode(SEEDED_TOTP_SECRET, now, 5) })
    expect(wrong.json.errors[0].code).toBe('form_code_incorrect')
    const done = await browser.call('POST', `/v1/client/sign_ins/${id}/attempt_second_factor`, { strategy: 'totp', code: totpCode(SEEDED_TOTP_SECRET, now) })
    expect(done.json.response.status).toBe('complete')
  })

  it('computes RFC 6238 test vectors', () => {
    // RFC 6238 appendix B, SHA-1 secret "12345678901234567890" (base32 below), last 6 digits.
    const secret = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ'
    expect(totpCode(secret, 59_000)).toBe('287082')
    expect(totpCode(secret, 1_111_111_109_000)).toBe('081804')
  })

  it('accepts each backup code once and an SMS code', async () => {
    const e = await start()
    const browser = fapiBrowser(e)
    const id = (await browser.signInWithPassword('mia@example.com')).json.response.id
    const done = await browser.call('POST', `/v1/client/sign_ins/${id}/attempt_second_factor`, { strategy: 'backup_code', code: 'backup-0001' })
    expect(done.json.response.status).toBe('complete')
    const again = fapiBrowser(e)
    const id2 = (await again.signInWithPassword('mia@example.com')).json.response.id
    const reused = await again.call('POST', `/v1/client/sign_ins/${id2}/attempt_second_factor`, { strategy: 'backup_code', code: 'backup-0001' })
    expect(reused.json.errors[0].code).toBe('form_code_incorrect')
    await again.call('POST', `/v1/client/sign_ins/${id2}/prepare_second_factor`, { strategy: 'phone_code' })
    const sms = await again.call('POST', `/v1/client/sign_ins/${id2}/attempt_second_factor`, { strategy: 'phone_code', code: EMULATOR_FIXED_CODE })
    expect(sms.json.response.status).toBe('complete')
  })
})

describe('given an email-link user', () => {
  it('completes the sign-in of the asking client when the link is opened anywhere', async () => {
    const e = await start()
    const browser = fapiBrowser(e)
    const signIn = await browser.signInWithPassword('lee@example.com')
    expect(signIn.json.response.supported_second_factors[0]).toMatchObject({ strategy: 'email_link', email_address_id: 'idn_email_lee' })
    const id = signIn.json.response.id
    const missing = await browser.call('POST', `/v1/client/sign_ins/${id}/prepare_second_factor`, { strategy: 'email_link' })
    expect(missing.json.errors[0].meta.param_name).toBe('redirect_url')
    await browser.call('POST', `/v1/client/sign_ins/${id}/prepare_second_factor`, { strategy: 'email_link', redirect_url: 'http://localhost:3000/verify' })
    const link = e.outbox().at(-1)?.link ?? ''
    expect(link).toMatch(new RegExp(`^${e.url}/v1/verify\\?token=elt_`))
    const opened = await fetch(link, { redirect: 'manual' })
    expect(opened.status).toBe(303)
    expect(opened.headers.get('location')).toMatch(/^http:\/\/localhost:3000\/verify\?__clerk_status=verified&__clerk_created_session=sess_\w+$/)
    const after = await browser.call('GET', `/v1/client/sign_ins/${id}`)
    expect(after.json.response.status).toBe('complete')
    expect(after.json.response.created_session_id).toMatch(/^sess_/)
    expect((await fetch(link)).status).toBe(404)
  })
})

describe('given sessions', () => {
  it('issues RS256 session tokens verifiable with the JWKS', async () => {
    const e = await start()
    const browser = fapiBrowser(e, 'http://localhost:3000')
    const done = await trustWithEmail(browser)
    const sid = done.json.response.created_session_id
    const touched = await browser.call('POST', `/v1/client/sessions/${sid}/touch`, { intent: 'select_session' })
    expect(touched.json.response.last_active_token.object).toBe('token')
    const token = await browser.call('POST', `/v1/client/sessions/${sid}/tokens`, {})
    expect(Object.keys(token.json).sort()).toEqual(['jwt', 'object'])
    const { payload, protectedHeader } = await jwtVerify(token.json.jwt, createLocalJWKSet(await e.jwks() as never), { issuer: 'https://clerk.emulator.invalid', algorithms: ['RS256'] })
    expect(protectedHeader.kid).toMatch(/^ins_emulator_/)
    expect(payload).toMatchObject({ sid, sub: 'user_jane', azp: 'http://localhost:3000' })
    expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBe(60)
    const wellKnown = await browser.call('GET', '/.well-known/jwks.json')
    expect(wellKnown.json.keys[0].kid).toBe(protectedHeader.kid)
    expect(await e.publicKeyPem()).toMatch(/^-----BEGIN PUBLIC KEY-----/)
  })

  it('removes a session and then answers 404 (never 401) for its tokens', async () => {
    const browser = fapiBrowser(await start())
    const sid = (await trustWithEmail(browser)).json.response.created_session_id
    const removed = await browser.call('POST', `/v1/client/sessions/${sid}/remove`, {})
    expect(removed.json.response.status).toBe('removed')
    expect(removed.json.client.sessions).toEqual([])
    expect((await browser.call('POST', `/v1/client/sessions/${sid}/tokens`, {})).status).toBe(404)
  })

  it('redirects GET /v1/client/touch only to safe targets', async () => {
    const browser = fapiBrowser(await start())
    const ok = await browser.call('GET', '/v1/client/touch?redirect_url=http%3A%2F%2Flocalhost%3A3000%2Fdone')
    expect(ok.status).toBe(302)
    expect(ok.headers.get('location')).toBe('http://localhost:3000/done')
    const evil = await browser.call('GET', '/v1/client/touch?redirect_url=https%3A%2F%2Fevil.example%2F')
    expect(evil.headers.get('location')).toBe(`${emulators.last().url}/`)
  })
})

describe('given the SSR handshake of @clerk/backend', () => {
  it('hands a same-origin page the session cookies, then redirects back', async () => {
    const e = await start()
    const browser = fapiBrowser(e)
    await trustWithEmail(browser)
    const page = `${e.url}/account`
    const answer = await fetch(`${e.url}/v1/client/handshake?redirect_url=${encodeURIComponent(page)}&format=nonce`, { headers: { cookie: browser.cookie() }, redirect: 'manual' })
    expect(answer.status).toBe(307)
    expect(answer.headers.get('location')).toBe(page)
    const cookies = answer.headers.getSetCookie()
    const session = cookies.find(c => c.startsWith('__session='))?.split(';')[0]?.slice('__session='.length) ?? ''
    const { payload } = await jwtVerify(session, createLocalJWKSet(await e.jwks() as never))
    expect(payload.sub).toBe('user_jane')
    expect(cookies.some(c => /^__client_uat=\d{10};/.test(c))).toBe(true)
  })

  it('refuses a foreign redirect_url', async () => {
    const e = await start()
    const answer = await fetch(`${e.url}/v1/client/handshake?redirect_url=${encodeURIComponent('https://evil.example/')}`, { redirect: 'manual' })
    expect(answer.status).toBe(400)
    expect((await answer.json()).errors[0].code).toBe('handshake_invalid')
  })
})
