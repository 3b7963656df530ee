import { decodeJwt } from 'jose'
import { describe, expect, it } from 'vitest'
import { EMULATOR_FIXED_CODE } from '../../src/emulator'
import type { EmulatorScenario } from '../../src/emulator'
import { fapiBrowser, useEmulators } from './fapiClient'

const { start } = useEmulators()

/** Jane's right email code, answered once `scenario` is set after the code was sent. */
async function rightCodeUnder(scenario: Partial<EmulatorScenario>) {
  const e = await start()
  const browser = fapiBrowser(e)
  const id = await browser.sendEmailCode('jane@example.com')
  e.setScenario(scenario)
  return { e, attempt: await browser.attemptEmailCode(id) }
}

const strategies = (answer: { json: { response: { supported_second_factors: Array<{ strategy: string }> } } }) =>
  answer.json.response.supported_second_factors.map(f => f.strategy)

describe('given the seeded users of the status space', () => {
  it('offers sam both client-trust channels, masked, and switching sends to the new channel only', async () => {
    const e = await start()
    const browser = fapiBrowser(e)
    const signIn = await browser.signInWithPassword('sam@example.com')
    expect(signIn.json.response.status).toBe('needs_client_trust')
    expect(signIn.json.response.supported_second_factors).toMatchObject([
      { strategy: 'email_code', safe_identifier: 's***@example.com' },
      { strategy: 'phone_code', safe_identifier: '+1******0122' },
    ])
    const id = signIn.json.response.id
    await browser.call('POST', `/v1/client/sign_ins/${id}/prepare_second_factor`, { strategy: 'email_code' })
    await browser.call('POST', `/v1/client/sign_ins/${id}/prepare_second_factor`, { strategy: 'phone_code' })
    expect(e.outbox().map(m => m.channel)).toEqual(['email', 'sms'])
    // Only the latest prepared channel can be attempted.
    const stale = await browser.attemptEmailCode(id)
    expect(stale.status).toBe(422)
    const done = await browser.call('POST', `/v1/client/sign_ins/${id}/attempt_second_factor`, { strategy: 'phone_code', code: EMULATOR_FIXED_CODE })
    expect(done.json.response.status).toBe('complete')
  })

  it('answers needs_second_factor (not client trust) for MFA users on a new device, email code included', async () => {
    const e = await start()
    const mia = await fapiBrowser(e).signInWithPassword('mia@example.com')
    expect(mia.json.response).toMatchObject({ status: 'needs_second_factor', client_trust_state: 'new' })
    expect(strategies(mia)).toEqual(['totp', 'phone_code', 'backup_code'])
    const ella = fapiBrowser(e)
    const signIn = await ella.signInWithPassword('ella@example.com')
    expect(strategies(signIn)).toEqual(['email_code', 'backup_code'])
    const id = signIn.json.response.id
    await ella.call('POST', `/v1/client/sign_ins/${id}/prepare_second_factor`, { strategy: 'email_code' })
    expect(e.outbox().at(-1)).toMatchObject({ channel: 'email', to: 'ella@example.com' })
    const done = await ella.attemptEmailCode(id)
    expect(done.json.response.status).toBe('complete')
  })

  it('creates a pending session with the user\'s tasks, and a pending token', async () => {
    const e = await start()
    const browser = fapiBrowser(e)
    const id = await browser.sendEmailCode('otto@example.com')
    const done = await browser.attemptEmailCode(id)
    const session = done.json.client.sessions[0]
    expect(session).toMatchObject({ status: 'pending', tasks: [{ key: 'choose-organization' }] })
    expect(decodeJwt(session.last_active_token.jwt)).toMatchObject({ sts: 'pending' })
    const touched = await browser.call('POST', `/v1/client/sessions/${session.id}/touch`, { intent: 'select_session' })
    expect(touched.status).toBe(200)
  })

  it('refuses a locked account with 403 user_locked, whatever the password', async () => {
    const browser = fapiBrowser(await start())
    for (const password of ['correct-horse', 'wrong']) {
      const answer = await browser.signInWithPassword('rex@example.com', password)
      expect(answer.status).toBe(403)
      expect(answer.json.errors[0]).toMatchObject({ code: 'user_locked', meta: { lockout_expires_in_seconds: 3600 } })
    }
  })

  it('expires codes and email links under expireCodes', async () => {
    const { e, attempt } = await rightCodeUnder({ expireCodes: true })
    expect(attempt.json.errors[0]).toMatchObject({ code: 'verification_expired', meta: { param_name: 'code' } })

    const lee = fapiBrowser(e)
    const leeId = (await lee.signInWithPassword('lee@example.com')).json.response.id
    await lee.call('POST', `/v1/client/sign_ins/${leeId}/prepare_second_factor`, { strategy: 'email_link', redirect_url: 'http://localhost:3000/sign-in' })
    const opened = await fetch(e.outbox().at(-1)?.link ?? '', { redirect: 'manual' })
    expect(opened.headers.get('location')).toBe('http://localhost:3000/sign-in?__clerk_status=expired')
    const after = await lee.call('GET', `/v1/client/sign_ins/${leeId}`)
    expect(after.json.response).toMatchObject({ status: 'needs_client_trust', second_factor_verification: { status: 'expired' } })
  })

  it('answers sign_in_expired to an attempt on an abandoned sign-in', async () => {
    const { attempt } = await rightCodeUnder({ expireSignIns: true })
    expect(attempt.json.errors[0].code).toBe('sign_in_expired')
  })

  it('stops at needs_new_password for a user who must reset the password', async () => {
    const answer = await fapiBrowser(await start()).signInWithPassword('nina@example.com')
    expect(answer.json.response).toMatchObject({ status: 'needs_new_password', created_session_id: null })
  })

  it('creates an empty sign-in in needs_identifier, readable by its client only', async () => {
    const e = await start()
    const browser = fapiBrowser(e)
    const created = await browser.call('POST', '/v1/client/sign_ins', { locale: 'en-US' })
    expect(created.json.response).toMatchObject({ status: 'needs_identifier', identifier: '', client_trust_state: 'pending' })
    const id = created.json.response.id
    expect((await browser.call('GET', `/v1/client/sign_ins/${id}`)).json.response.status).toBe('needs_identifier')
    expect((await fapiBrowser(e).call('GET', `/v1/client/sign_ins/${id}`)).status).toBe(404)
    expect((await browser.call('POST', '/v1/client/sign_ins', { password: 'x' })).status).toBe(422)
  })
})
