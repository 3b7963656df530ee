import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { EMULATOR_FIXED_CODE, SEEDED_TOTP_SECRET, totpCode, validateEmulatorOptions } from '../../src/emulator'
import type { FapiAnswer } from './fapiClient'
import { fapiBrowser, useEmulators } from './fapiClient'
import { parseCliArgs } from '../../src/emulator/cli'

// Applications created before 2025-11-14 that have not opted in to Clerk's "Device Trust Status"
// update answer a new device with `needs_second_factor` (clerk/clerk-docs
// `docs/guides/secure/device-trust.mdx`): the same factors and `client_trust_state: 'new'`.

const { start } = useEmulators()
const OLDER = { instance: { clientTrustStatus: 'needs_second_factor' as const } }

const strategies = (answer: FapiAnswer): string[] => answer.json.response.supported_second_factors.map((f: { strategy: string }) => f.strategy)

describe('given an older application (instance.clientTrustStatus: needs_second_factor)', () => {
  it('asks a new device for a code under needs_second_factor, with the Device Trust factors and client_trust_state new', async () => {
    const e = await start(OLDER)
    const jane = fapiBrowser(e)
    const signIn = await jane.signInWithPassword('jane@example.com')
    expect(signIn.status).toBe(200)
    expect(signIn.json.response).toMatchObject({ status: 'needs_second_factor', client_trust_state: 'new' })
    expect(signIn.json.response.supported_second_factors).toEqual([
      { strategy: 'email_code', safe_identifier: 'j***@example.com', email_address_id: 'idn_email_jane', primary: true, default: true },
    ])
    const id = signIn.json.response.id as string
    const sent = await jane.call('POST', `/v1/client/sign_ins/${id}/prepare_second_factor`, { strategy: 'email_code', email_address_id: 'idn_email_jane' })
    expect(sent.json.response.second_factor_verification).toMatchObject({ status: 'unverified', strategy: 'email_code' })
    // A new-device code, not MFA: the outbox and the dashboard say so.
    expect(e.outbox()).toMatchObject([{ channel: 'email', purpose: 'client_trust', to: 'jane@example.com', signInId: id }])
    const done = await jane.attemptEmailCode(id)
    expect(done.json.response.status).toBe('complete')
    // No second factor age: the session did not pass MFA.
    const session = done.json.client.sessions[0]
    expect(session.factor_verification_age[1]).toBe(-1)
    // The device is known now: the next sign-in goes straight through.
    await jane.call('DELETE', '/v1/client/sessions')
    const again = await jane.signInWithPassword('jane@example.com')
    expect(again.json.response).toMatchObject({ status: 'complete', client_trust_state: 'known' })
  })

  it('offers SMS codes, both channels and email links as the newer generation does', async () => {
    const e = await start(OLDER)
    const phil = await fapiBrowser(e).signInWithPassword('+15555550100')
    expect(phil.json.response.status).toBe('needs_second_factor')
    expect(phil.json.response.supported_second_factors).toMatchObject([{ strategy: 'phone_code', safe_identifier: '+1******0100', phone_number_id: 'idn_phone_phil' }])
    expect(strategies(await fapiBrowser(e).signInWithPassword('sam@example.com'))).toEqual(['email_code', 'phone_code'])
    const lee = fapiBrowser(e)
    const link = await lee.signInWithPassword('lee@example.com')
    expect(link.json.response).toMatchObject({ status: 'needs_second_factor', client_trust_state: 'new' })
    expect(strategies(link)).toEqual(['email_link'])
    const id = link.json.response.id as string
    await lee.call('POST', `/v1/client/sign_ins/${id}/prepare_second_factor`, { strategy: 'email_link', redirect_url: `${e.url}/done` })
    expect(e.outbox().at(-1)).toMatchObject({ kind: 'link', purpose: 'client_trust', to: 'lee@example.com' })
    const landing = await fetch(e.outbox().at(-1)?.link ?? '', { redirect: 'manual' })
    expect(landing.status).toBe(303)
    const read = await lee.call('GET', `/v1/client/sign_ins/${id}`)
    expect(read.json.response.second_factor_verification).toMatchObject({ strategy: 'email_link', status: 'verified' })
  })

  it('answers a user with real MFA as both generations do: their own factors, client_trust_state new on a new device, MFA codes', async () => {
    const e = await start(OLDER)
    const mia = fapiBrowser(e)
    const signIn = await mia.signInWithPassword('mia@example.com')
    expect(signIn.json.response).toMatchObject({ status: 'needs_second_factor', client_trust_state: 'new' })
    expect(strategies(signIn)).toEqual(['totp', 'phone_code', 'backup_code'])
    const id = signIn.json.response.id as string
    await mia.call('POST', `/v1/client/sign_ins/${id}/prepare_second_factor`, { strategy: 'phone_code' })
    expect(e.outbox()).toMatchObject([{ channel: 'sms', purpose: 'mfa' }])
    const done = await mia.call('POST', `/v1/client/sign_ins/${id}/attempt_second_factor`, { strategy: 'totp', code: totpCode(SEEDED_TOTP_SECRET, Date.now()) })
    expect(done.json.response.status).toBe('complete')
    expect(done.json.client.sessions[0].factor_verification_age[1]).toBe(0)
    // MFA is asked again on a known device; Device Trust never is.
    await mia.call('DELETE', '/v1/client/sessions')
    const again = await mia.signInWithPassword('mia@example.com')
    expect(again.json.response).toMatchObject({ status: 'needs_second_factor', client_trust_state: 'known' })
  })

  it('refuses what the newer generation refuses: factors not offered, another user\'s address, replays, expired codes, another browser', async () => {
    let now = Date.now()
    const e = await start({ ...OLDER, now: () => now })
    const jane = fapiBrowser(e)
    const id = (await jane.signInWithPassword('jane@example.com')).json.response.id as string
    const refused = async (body: Record<string, string>, step = 'prepare_second_factor') => {
      const answer = await jane.call('POST', `/v1/client/sign_ins/${id}/${step}`, body)
      return [answer.status, answer.json.errors?.[0]?.code]
    }
    // MFA's factors are not a new device's: no TOTP, no backup code, no unknown strategy.
    expect(await refused({ strategy: 'totp' })).toEqual([422, 'strategy_for_user_invalid'])
    expect(await refused({ strategy: 'backup_code', code: 'backup-0001' }, 'attempt_second_factor')).toEqual([422, 'strategy_for_user_invalid'])
    expect(await refused({ strategy: 'phone_code' })).toEqual([422, 'strategy_for_user_invalid'])
    expect(await refused({ strategy: 'email_code', email_address_id: 'idn_email_sam' })).toEqual([422, 'form_param_value_invalid'])
    expect(await refused({ strategy: 'email_code', code: EMULATOR_FIXED_CODE }, 'attempt_second_factor')).toEqual([422, 'verification_missing'])
    // Another browser (a page elsewhere has not Jane's client cookie): no such sign-in, and no CORS.
    const elsewhere = fapiBrowser(e, 'https://evil.example')
    const stolen = await elsewhere.call('POST', `/v1/client/sign_ins/${id}/prepare_second_factor`, { strategy: 'email_code' })
    expect(stolen.status).toBe(404)
    expect(stolen.headers.get('access-control-allow-origin')).toBeNull()
    expect(e.outbox()).toEqual([])
    // Expired: ten minutes, then only a new code helps.
    await jane.call('POST', `/v1/client/sign_ins/${id}/prepare_second_factor`, { strategy: 'email_code' })
    now += 600_001
    expect(await refused({ strategy: 'email_code', code: EMULATOR_FIXED_CODE }, 'attempt_second_factor')).toEqual([422, 'verification_expired'])
    await jane.call('POST', `/v1/client/sign_ins/${id}/prepare_second_factor`, { strategy: 'email_code' })
    expect((await jane.attemptEmailCode(id)).json.response.status).toBe('complete')
    // Replayed: the same code again.
    expect(await refused({ strategy: 'email_code', code: EMULATOR_FIXED_CODE }, 'attempt_second_factor')).toEqual([422, 'verification_already_verified'])
  })

  it('keeps the newer generation by default, and signs a correct password straight in with Device Trust off', async () => {
    const newer = await start()
    expect((await fapiBrowser(newer).signInWithPassword('jane@example.com')).json.response.status).toBe('needs_client_trust')
    const off = await start({ instance: { clientTrust: false, clientTrustStatus: 'needs_second_factor' } })
    expect((await fapiBrowser(off).signInWithPassword('jane@example.com')).json.response.status).toBe('complete')
  })
})

describe('given the option spelled wrong', () => {
  it('fails at start naming it, from code, the Nuxt module\'s spelling and a CLI config file', async () => {
    expect(() => validateEmulatorOptions({ instance: { clientTrustStatus: 'needs_mfa' } }, { source: 'startClerkEmulator' }))
      .toThrow('startClerkEmulator: instance.clientTrustStatus must be "needs_client_trust" or "needs_second_factor", not "needs_mfa".')
    expect(() => validateEmulatorOptions({ instance: { clientTrustStatus: true } }, { source: '[nuxt-clerk-client-trust]', name: key => `clientTrust.emulator.${key}` }))
      .toThrow('[nuxt-clerk-client-trust]: clientTrust.emulator.instance.clientTrustStatus must be "needs_client_trust" or "needs_second_factor", not true.')
    const dir = await mkdtemp(join(tmpdir(), 'cts-older-'))
    try {
      const file = join(dir, 'emulator.json')
      await writeFile(file, JSON.stringify({ instance: { clientTrustStatus: 'needs_second_factor' } }))
      expect(parseCliArgs(['--config', file])).toMatchObject({ instance: { clientTrustStatus: 'needs_second_factor' } })
      await writeFile(file, JSON.stringify({ instance: { clientTrustStatus: 'legacy' } }))
      expect(() => parseCliArgs(['--config', file])).toThrow(`config file ${file}: instance.clientTrustStatus must be "needs_client_trust" or "needs_second_factor", not "legacy".`)
    }
    finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})
