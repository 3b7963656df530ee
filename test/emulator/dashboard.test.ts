import { describe, expect, it } from 'vitest'
import { SEEDED_TOTP_SECRET, totpCode } from '../../src/emulator'
import { fapiBrowser, useEmulators } from './fapiClient'
import { raw } from './rawHttp'

const { start } = useEmulators()

/** Another site's page, in the ways a browser marks it (see attacks.test.ts). */
const CROSS_SITE: Array<[string, Record<string, string>]> = [
  ['Origin: https://evil.test', { origin: 'https://evil.test' }],
  ['Sec-Fetch-Site: cross-site', { 'sec-fetch-site': 'cross-site' }],
  ['Sec-Fetch-Site: same-site (another loopback port)', { 'sec-fetch-site': 'same-site', 'origin': 'http://127.0.0.1:1' }],
  ['Origin: null', { origin: 'null' }],
]

describe('given the dashboard page', () => {
  it.each([['standalone', ''], ['under /__clerk', '/__clerk']])('is served %s at the root with a nonce CSP, no-store and same-origin framing', async (_name, basePath) => {
    const e = await start({ basePath })
    for (const path of [`${basePath}/`, basePath || '/']) {
      const page = await raw(e.url, path, { headers: { 'sec-fetch-site': 'none' } })
      expect(page.status, path).toBe(200)
      expect(page.headers['content-type']).toMatch(/^text\/html/)
      expect(page.headers['cache-control']).toBe('no-store')
      expect(page.headers['x-frame-options']).toBe('SAMEORIGIN')
      const csp = String(page.headers['content-security-policy'])
      const nonce = /script-src 'nonce-([A-Za-z0-9+/=]+)'/.exec(csp)?.[1]
      expect(nonce, csp).toBeDefined()
      expect(csp).toContain('default-src \'none\'')
      expect(csp).toContain(`style-src 'nonce-${nonce}'`)
      expect(csp).toContain('connect-src \'self\'')
      expect(csp).toContain('frame-ancestors \'self\'')
      expect(csp).not.toContain('unsafe-')
      // Every script and style of the page carries this response's nonce, and nothing loads from elsewhere.
      expect(page.body.match(/<script\b[^>]*>/g)).toEqual([`<script nonce="${nonce}">`])
      expect(page.body.match(/<style\b[^>]*>/g)).toEqual([`<style nonce="${nonce}">`])
      expect(page.body).not.toMatch(/\bsrc=|\bstyle=|\bon[a-z]+=|https?:\/\//)
      expect(page.body).toContain(`"base":${JSON.stringify(basePath)}`)
    }
  })

  it('uses a new nonce for every answer', async () => {
    const e = await start()
    const nonces = new Set<string>()
    for (let i = 0; i < 3; i++) nonces.add(String((await raw(e.url, '/')).headers['content-security-policy']))
    expect(nonces.size).toBe(3)
  })

  it('holds no data of its own: no code, address or password, whatever the emulator has seen', async () => {
    const e = await start({ users: [{ emailAddress: 'ops@acme.test', password: 'hunter2-secret' }], fixedCode: '918273' })
    await fapiBrowser(e).sendEmailCode('ops@acme.test', 'hunter2-secret')
    expect(e.outbox()).toHaveLength(1)
    const page = await raw(e.url, '/')
    for (const secret of ['918273', 'ops@acme.test', 'hunter2-secret', 'correct-horse', 'sia_']) expect(page.body).not.toContain(secret)
  })

  it('is refused for a foreign Host and for another site\'s page, like the other control routes', async () => {
    const e = await start({ basePath: '/__clerk' })
    const foreign = await raw(e.url, '/__clerk/', { headers: { host: 'evil.test' } })
    expect(foreign.status).toBe(421)
    expect(foreign.body).not.toContain('<html')
    for (const [name, headers] of CROSS_SITE) {
      const answer = await raw(e.url, '/__clerk/', { headers })
      expect(answer.status, name).toBe(403)
      expect(answer.json?.errors?.[0]?.code, name).toBe('origin_invalid')
    }
    // Same origin, typed in the address bar, and tools pass.
    const self = new URL(e.url)
    const allowed: Array<Record<string, string>> = [{ 'sec-fetch-site': 'same-origin', 'origin': e.url, 'host': self.host }, { 'sec-fetch-site': 'none' }, {}]
    for (const headers of allowed) {
      expect((await raw(e.url, '/__clerk/', { headers })).status).toBe(200)
    }
  })
})

describe('given the users route', () => {
  it('lists the seeded users with their public password, factors, and whether the calling browser is trusted', async () => {
    const e = await start()
    const browser = fapiBrowser(e)
    const before = (await browser.call('GET', '/_users.json')).json
    expect(before.passwordsShown).toBe(true)
    const jane = before.users.find((u: { emailAddress: string }) => u.emailAddress === 'jane@example.com')
    expect(jane).toMatchObject({ id: 'user_jane', username: 'jane', password: 'correct-horse', newDevice: ['email_code'], mfa: [], trustedHere: false })
    expect(before.users.find((u: { emailAddress: string }) => u.emailAddress === 'mia@example.com').mfa).toEqual(['totp', 'phone_code', 'backup_code'])
    expect(before.users.find((u: { emailAddress: string }) => u.emailAddress === 'rex@example.com').locked).toBe(true)
    // Mia's second factors, public test data like her password: the code now, never the secret.
    const mia = before.users.find((u: { emailAddress: string }) => u.emailAddress === 'mia@example.com')
    // Asked just now: the current 30 s step, or the one before if a step ended in between.
    expect([totpCode(SEEDED_TOTP_SECRET, Date.now()), totpCode(SEEDED_TOTP_SECRET, Date.now(), -1)]).toContain(mia.authenticatorCode)
    expect(mia.backupCodes).toEqual(['backup-0001', 'backup-0002', 'backup-0003'])
    expect(JSON.stringify(before)).not.toContain(SEEDED_TOTP_SECRET)

    const id = await browser.sendEmailCode('jane@example.com')
    expect((await browser.attemptEmailCode(id)).status).toBe(200)
    const after = (await browser.call('GET', '/_users.json')).json
    expect(after.users.filter((u: { trustedHere: boolean }) => u.trustedHere).map((u: { id: string }) => u.id)).toEqual(['user_jane'])
    // Another browser is not trusted for her.
    const other = (await fapiBrowser(e).call('GET', '/_users.json')).json
    expect(other.users.some((u: { trustedHere: boolean }) => u.trustedHere)).toBe(false)
  })

  it('never shows the passwords of the app\'s own users, as the dev banner and the CLI do not', async () => {
    const e = await start({ users: [{ emailAddress: 'ops@acme.test', password: 'hunter2-secret', mfa: ['totp', 'backup_code'], totpSecret: SEEDED_TOTP_SECRET, backupCodes: ['ops-backup-1'] }] })
    const answer = await raw(e.url, '/_users.json')
    expect(answer.headers['cache-control']).toBe('no-store')
    expect(answer.json.passwordsShown).toBe(false)
    expect(answer.json.users).toEqual([expect.objectContaining({ emailAddress: 'ops@acme.test', password: null, mfa: ['totp', 'backup_code'], authenticatorCode: null, backupCodes: [] })])
    for (const secret of ['hunter2-secret', SEEDED_TOTP_SECRET, 'ops-backup-1']) expect(answer.body).not.toContain(secret)
  })

  it('is refused for another site\'s page: it tells whose device this browser is', async () => {
    const e = await start()
    for (const [name, headers] of CROSS_SITE) {
      const answer = await raw(e.url, '/_users.json', { headers })
      expect(answer.status, name).toBe(403)
      expect(answer.body, name).not.toContain('jane@example.com')
    }
  })
})

describe('given "forget this device"', () => {
  it('makes the calling browser a new device for that user only: the next sign-in asks for a code again', async () => {
    const e = await start()
    const browser = fapiBrowser(e)
    for (const user of ['jane@example.com', 'sam@example.com']) expect((await browser.attemptEmailCode(await browser.sendEmailCode(user))).status).toBe(200)
    expect((await browser.signInWithPassword('jane@example.com')).json.response.status).toBe('complete')

    const forget = await browser.call('POST', '/_forget_device', { userId: 'user_jane' })
    expect(forget.status).toBe(200)
    expect(forget.json).toEqual({ userId: 'user_jane', trustedHere: false, forgotten: true })
    expect((await browser.signInWithPassword('jane@example.com')).json.response.status).toBe('needs_client_trust')
    expect((await browser.signInWithPassword('sam@example.com')).json.response.status).toBe('complete')
    // Nothing left to forget, and an unknown user is a 404.
    expect((await browser.call('POST', '/_forget_device', { userId: 'user_jane' })).json.forgotten).toBe(false)
    expect((await browser.call('POST', '/_forget_device', { userId: 'user_nobody' })).status).toBe(404)
  })

  it('is refused for another site\'s page and a foreign Host, and changes nothing', async () => {
    const e = await start()
    const browser = fapiBrowser(e)
    expect((await browser.attemptEmailCode(await browser.sendEmailCode('jane@example.com'))).status).toBe(200)
    for (const [name, headers] of CROSS_SITE) {
      const answer = await raw(e.url, '/_forget_device', { method: 'POST', headers: { ...headers, 'cookie': browser.cookie(), 'content-type': 'text/plain' }, body: '{"userId":"user_jane"}' })
      expect(answer.status, name).toBe(403)
    }
    const foreign = await raw(e.url, '/_forget_device', { method: 'POST', headers: { 'host': 'evil.test', 'cookie': browser.cookie(), 'content-type': 'application/json' }, body: '{"userId":"user_jane"}' })
    expect(foreign.status).toBe(421)
    expect((await browser.signInWithPassword('jane@example.com')).json.response.status).toBe('complete')
  })
})

describe('given the request log', () => {
  it('names each request\'s sign-in and the error code of failed answers, so the dashboard can filter them', async () => {
    const e = await start()
    const browser = fapiBrowser(e)
    const id = await browser.sendEmailCode('jane@example.com')
    await browser.attemptEmailCode(id, '000000')
    await browser.call('GET', '/v1/environment')
    const requests = e.requests()
    expect(requests.map(r => [r.path.replace(id, ':id'), r.signInId, r.errorCode])).toEqual([
      ['/v1/client/sign_ins', id, undefined],
      ['/v1/client/sign_ins/:id/prepare_second_factor', id, undefined],
      ['/v1/client/sign_ins/:id/attempt_second_factor', id, 'form_code_incorrect'],
      ['/v1/environment', undefined, undefined],
    ])
  })
})
