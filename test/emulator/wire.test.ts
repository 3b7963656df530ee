import { describe, expect, it } from 'vitest'
import { EMULATOR_FIXED_CODE, startClerkEmulator } from '../../src/emulator'
import { fapiBrowser, useEmulators } from './fapiClient'

const emulators = useEmulators()
const { start } = emulators

describe('given the wire format clerk-js speaks', () => {
  it('answers PATCH /v1/environment sent as POST with _method', async () => {
    const browser = fapiBrowser(await start())
    const env = await browser.call('PATCH', '/v1/environment')
    expect(env.status).toBe(200)
    expect(env.json.auth_config.object).toBe('auth_config')
    expect(env.json.user_settings.attributes.email_address.second_factors).toEqual(['email_code'])
    expect(emulators.last().requests().at(-1)).toMatchObject({ method: 'PATCH', path: '/v1/environment', status: 200 })
  })

  it('answers GET /v1/client with null before any client exists', async () => {
    const browser = fapiBrowser(await start())
    const answer = await browser.call('GET', '/v1/client')
    expect(answer.json).toEqual({ response: null, client: null })
    expect(answer.headers.get('set-cookie')).toBeNull()
  })

  it('wraps resources as { response, client } and keeps cookie_expires_at null', async () => {
    const browser = fapiBrowser(await start())
    const answer = await browser.signInWithPassword('jane@example.com')
    expect(answer.status).toBe(200)
    expect(answer.json.response).toMatchObject({ object: 'sign_in_attempt', status: 'needs_client_trust', client_trust_state: 'new' })
    expect(answer.json.response.supported_second_factors).toEqual([
      { strategy: 'email_code', safe_identifier: 'j***@example.com', email_address_id: 'idn_email_jane', primary: true, default: true },
    ])
    expect(answer.json.client).toMatchObject({ object: 'client', cookie_expires_at: null })
    expect(answer.json.client.sign_in.id).toBe(answer.json.response.id)
  })

  it('sets an opaque, HttpOnly, SameSite=Lax __client cookie scoped to the base path', async () => {
    const browser = fapiBrowser(await start({ basePath: '/__clerk' }))
    const answer = await browser.signInWithPassword('jane@example.com')
    const cookie = answer.headers.get('set-cookie') ?? ''
    // Not the client id every answer shows to page scripts: a signed token (see hardening tests).
    expect(cookie).toMatch(/^__client=[\w-]+\.[\w-]{43};/)
    expect(cookie).not.toContain(answer.json.client.id)
    expect(cookie).toMatch(/HttpOnly/i)
    expect(cookie).toMatch(/SameSite=Lax/i)
    expect(cookie).toMatch(/Path=\/__clerk/)
  })

  it('finds users by email, E.164 phone and username', async () => {
    const browser = fapiBrowser(await start())
    for (const identifier of ['JANE@example.com', '+1 555 555 0100', 'phil']) {
      const answer = await browser.signInWithPassword(identifier)
      expect(answer.status, identifier).toBe(200)
    }
  })

  it('answers Clerk-shaped 422 form errors with param_name, never 401', async () => {
    const browser = fapiBrowser(await start())
    const wrong = await browser.signInWithPassword('jane@example.com', 'nope')
    expect(wrong.status).toBe(422)
    expect(wrong.json.errors[0]).toMatchObject({ code: 'form_password_incorrect', meta: { param_name: 'password' } })
    expect(wrong.json.errors[0].long_message).toBeTypeOf('string')
    const unknown = await browser.signInWithPassword('nobody@example.com')
    expect(unknown.status).toBe(422)
    expect(unknown.json.errors[0]).toMatchObject({ code: 'form_identifier_not_found', meta: { param_name: 'identifier' } })
  })

  it('answers unknown routes with 404 resource_not_found', async () => {
    const browser = fapiBrowser(await start())
    const answer = await browser.call('GET', '/v1/nothing/here')
    expect(answer.status).toBe(404)
    expect(answer.json.errors[0].code).toBe('resource_not_found')
  })

  it('refuses bodies over maxBodyBytes with 413', async () => {
    const browser = fapiBrowser(await start({ maxBodyBytes: 1024 }))
    const answer = await browser.call('POST', '/v1/client/sign_ins', { identifier: 'x'.repeat(2048), password: 'p' })
    expect(answer.status).toBe(413)
    expect(answer.json.errors[0].code).toBe('request_body_too_large')
  })

  it('answers CORS only for allowed origins, with credentials', async () => {
    const e = await start({ origin: 'http://localhost:3000' })
    const allowed = await fapiBrowser(e, 'http://localhost:3000').call('GET', '/v1/client')
    expect(allowed.headers.get('access-control-allow-origin')).toBe('http://localhost:3000')
    expect(allowed.headers.get('access-control-allow-credentials')).toBe('true')
    const other = await fapiBrowser(e, 'http://evil.example').call('GET', '/v1/client')
    expect(other.headers.get('access-control-allow-origin')).toBeNull()
    const preflight = await fetch(`${e.url}/v1/client`, { method: 'OPTIONS', headers: { origin: 'http://localhost:3000' } })
    expect(preflight.status).toBe(204)
    expect(preflight.headers.get('access-control-allow-origin')).toBe('http://localhost:3000')
  })

  it('redacts passwords and codes in the request log', async () => {
    const browser = fapiBrowser(await start())
    const signIn = await browser.signInWithPassword('jane@example.com')
    const id = signIn.json.response.id as string
    await browser.call('POST', `/v1/client/sign_ins/${id}/prepare_second_factor`, { strategy: 'email_code' })
    await browser.attemptEmailCode(id)
    const logged = JSON.stringify(emulators.last().requests())
    expect(logged).not.toContain('correct-horse')
    expect(logged).not.toContain(EMULATOR_FIXED_CODE)
    expect(emulators.last().requests().find(r => r.path === '/v1/client/sign_ins')?.body.password).toBe('[redacted]')
    const over = await fapiBrowser(emulators.last()).call('GET', '/_requests.json')
    expect(JSON.stringify(over.json)).not.toContain('correct-horse')
  })

  it('builds a neutral publishable key without a Clerk dev suffix', async () => {
    const e = await start()
    const host = Buffer.from(e.publishableKey.replace('pk_test_', ''), 'base64').toString()
    expect(host).toBe('clerk.emulator.invalid$')
  })

  it('refuses to listen beyond loopback', async () => {
    await expect(startClerkEmulator({ host: '0.0.0.0' })).rejects.toThrow(/127\.0\.0\.1/)
  })
})
