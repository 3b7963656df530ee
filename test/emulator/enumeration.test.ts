import { performance } from 'node:perf_hooks'
import { describe, expect, it } from 'vitest'
import { EMULATOR_FIXED_CODE } from '../../src/emulator'
import type { EnumerationProtection, RunningClerkEmulator } from '../../src/emulator'
import type { FapiAnswer } from './fapiClient'
import { fapiBrowser, useEmulators } from './fapiClient'

// User enumeration protection (clerk/clerk-docs `docs/guides/secure/user-enumeration-protection.mdx`):
// off and bulk say an identifier matches no account (bulk rate-limits asking), strict refuses a
// password sign-in for an unknown identifier "without revealing whether the account exists".

const { start } = useEmulators()
const errorOf = (a: FapiAnswer) => `${a.status} ${a.json?.errors?.[0]?.code ?? 'ok'}`

async function emulatorWith(mode: EnumerationProtection, more: Parameters<typeof start>[0] = {}): Promise<RunningClerkEmulator> {
  return start({ ...more, instance: { enumerationProtection: mode, ...more.instance } })
}

/** What a caller can see of an answer: status, body, and which headers came (their values, but the date and the cookie's). */
function observable(answer: FapiAnswer) {
  const headers = [...answer.headers.entries()].filter(([name]) => name !== 'date').map(([name, value]) => name === 'set-cookie' ? [name, value.replace(/=[^;]*/, '=…')] : [name, value])
  return { status: answer.status, body: answer.json, headers }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!

describe('given enumeration protection off (a new instance\'s default)', () => {
  it('says an unknown identifier matches no account, and advertises no protection', async () => {
    const e = await start()
    const browser = fapiBrowser(e)
    const unknown = await browser.signInWithPassword('nobody@example.com')
    expect(errorOf(unknown)).toBe('422 form_identifier_not_found')
    expect(unknown.json.errors[0].meta).toEqual({ param_name: 'identifier' })
    expect((await browser.call('GET', '/v1/environment')).json.user_settings.attack_protection.enumeration_protection).toEqual({ enabled: false })
  })
})

describe('given strict enumeration protection', () => {
  it('answers a password for an unknown identifier exactly as a wrong password: status, body and headers', async () => {
    const e = await emulatorWith('strict')
    const unknown = await fapiBrowser(e).signInWithPassword('nobody@example.com', 'correct-horse')
    const wrong = await fapiBrowser(e).signInWithPassword('jane@example.com', 'not-her-password')
    expect(errorOf(wrong)).toBe('422 form_password_incorrect')
    expect(observable(unknown)).toEqual(observable(wrong))
    // Phone numbers and usernames alike.
    for (const identifier of ['+15550000000', 'nobody']) {
      expect(observable(await fapiBrowser(e).signInWithPassword(identifier)), identifier).toEqual(observable(wrong))
    }
  })

  it('advertises it where clerk-js reads it: attack_protection.enumeration_protection.enabled', async () => {
    const e = await emulatorWith('strict')
    const environment = await fapiBrowser(e).call('GET', '/v1/environment')
    expect(environment.json.user_settings.attack_protection.enumeration_protection).toEqual({ enabled: true })
  })

  it('still signs a known account in with its password', async () => {
    const e = await emulatorWith('strict')
    expect((await fapiBrowser(e).signInWithPassword('jane@example.com')).json.response.status).toBe('needs_client_trust')
  })

  it('takes as long to refuse an unknown identifier as a wrong password (median of interleaved runs)', async () => {
    const e = await emulatorWith('strict', { instance: { rateLimits: false, lockout: false } })
    const off = await emulatorWith('off', { instance: { rateLimits: false, lockout: false } })
    const timed = async (run: () => Promise<FapiAnswer>, expected: string) => {
      const started = performance.now()
      const answer = await run()
      const took = performance.now() - started
      expect(errorOf(answer)).toBe(expected)
      return took
    }
    const browser = fapiBrowser(e)
    const offBrowser = fapiBrowser(off)
    const wrong: number[] = []
    const unknown: number[] = []
    const notFound: number[] = []
    const runs = 41
    for (let i = 0; i < runs + 5; i++) {
      // Interleaved in a rotating order, so load on this shared machine falls on all three alike.
      const round = [
        async () => wrong.push(await timed(() => browser.signInWithPassword('jane@example.com', 'not-her-password'), '422 form_password_incorrect')),
        async () => unknown.push(await timed(() => browser.signInWithPassword('nobody@example.com', 'not-her-password'), '422 form_password_incorrect')),
        async () => notFound.push(await timed(() => offBrowser.signInWithPassword('nobody@example.com', 'not-her-password'), '422 form_identifier_not_found')),
      ]
      for (let k = 0; k < round.length; k++) await round[(i + k) % round.length]!()
    }
    // The first rounds warm up (JIT, sockets).
    for (const list of [wrong, unknown, notFound]) list.splice(0, 5)
    const ratio = median(unknown)! / median(wrong)!
    expect(ratio, `unknown ${median(unknown)} ms, wrong ${median(wrong)} ms`).toBeGreaterThan(0.8)
    expect(ratio, `unknown ${median(unknown)} ms, wrong ${median(wrong)} ms`).toBeLessThan(1.25)
    // The check can tell an early return: without protection, "no account" skips the password and shows it.
    expect(median(notFound)! / median(wrong)!, `not found ${median(notFound)} ms, wrong ${median(wrong)} ms`).toBeLessThan(0.8)
  }, 60_000)
})

/** What a sign-in shows before anything is verified, the ids and the typed identifier aside. */
function resetView(answer: FapiAnswer) {
  const signIn = answer.json.response
  return {
    status: signIn.status,
    keys: Object.keys(signIn).sort(),
    firstFactors: signIn.supported_first_factors.map((f: Record<string, string>) => ({ ...f, safe_identifier: f.safe_identifier?.replace(/[^*@.]/g, 'x'), email_address_id: typeof f.email_address_id, phone_number_id: typeof f.phone_number_id })),
    firstFactorVerification: signIn.first_factor_verification && { ...signIn.first_factor_verification, expire_at: typeof signIn.first_factor_verification.expire_at },
    userData: Object.keys(signIn.user_data ?? {}).sort(),
    clientTrustState: signIn.client_trust_state,
  }
}

describe('given strict enumeration protection, "Forgot password?" (a sign-in with an identifier alone)', () => {
  /** Starts a reset as clerk-js's `resetPasswordEmailCode` / `resetPasswordPhoneCode` does, then tries `code`. */
  async function forgotPassword(e: RunningClerkEmulator, identifier: string, strategy: string, code: string) {
    const browser = fapiBrowser(e)
    const created = await browser.call('POST', '/v1/client/sign_ins', { identifier, locale: 'en-US' })
    const id = created.json.response?.id as string
    const factor = (created.json.response?.supported_first_factors ?? []).find((f: { strategy: string }) => f.strategy === strategy) ?? {}
    const prepared = await browser.call('POST', `/v1/client/sign_ins/${id}/prepare_first_factor`, { strategy, ...(factor.email_address_id ? { email_address_id: factor.email_address_id } : { phone_number_id: factor.phone_number_id }) })
    const attempted = await browser.call('POST', `/v1/client/sign_ins/${id}/attempt_first_factor`, { strategy, code })
    return { created, prepared, attempted }
  }

  for (const [kind, known, unknown, strategy] of [
    ['an email', 'jane@example.com', 'nobody@example.com', 'reset_password_email_code'],
    ['a phone number', '+15555550100', '+15550000000', 'reset_password_phone_code'],
  ] as const) {
    it(`answers ${kind} with no account as a real one's: the same status and factors, a code "sent", no code in the outbox, every code wrong`, async () => {
      const e = await emulatorWith('strict')
      const real = await forgotPassword(e, known, strategy, '000000')
      const none = await forgotPassword(e, unknown, strategy, EMULATOR_FIXED_CODE)
      expect(errorOf(real.created)).toBe('200 ok')
      expect(resetView(none.created)).toEqual(resetView(real.created))
      expect(resetView(none.created).status).toBe('needs_first_factor')
      expect(none.created.json.response.supported_first_factors.map((f: { strategy: string }) => f.strategy)).toEqual(['password', strategy])
      expect(resetView(none.prepared)).toEqual(resetView(real.prepared))
      expect(none.prepared.json.response.first_factor_verification.status).toBe('unverified')
      // The code the emulator would have sent (its fixed code) is wrong too: nothing reaches an unknown identifier.
      expect(errorOf(real.attempted)).toBe('422 form_code_incorrect')
      expect(observable(none.attempted)).toEqual(observable(real.attempted))
      expect(e.outbox().map(m => m.to)).toEqual([known])
    })
  }

  it('keeps refusing a password on that sign-in as a wrong one, and offers the same stand-in again', async () => {
    const e = await emulatorWith('strict')
    const browser = fapiBrowser(e)
    const first = await browser.call('POST', '/v1/client/sign_ins', { identifier: 'nobody@example.com' })
    const again = await fapiBrowser(e).call('POST', '/v1/client/sign_ins', { identifier: 'NOBODY@example.com' })
    expect(again.json.response.supported_first_factors).toEqual(first.json.response.supported_first_factors)
    const attempt = await browser.call('POST', `/v1/client/sign_ins/${first.json.response.id}/attempt_first_factor`, { strategy: 'password', password: 'correct-horse' })
    expect(errorOf(attempt)).toBe('422 form_password_incorrect')
    // Off, the same identifier is unknown, as before.
    expect(errorOf(await fapiBrowser(await emulatorWith('off')).call('POST', '/v1/client/sign_ins', { identifier: 'nobody@example.com' }))).toBe('422 form_identifier_not_found')
  })
})

describe('given bulk enumeration protection', () => {
  it('says so for unknown identifiers, but only ten times in ten minutes per IP; known accounts go on', async () => {
    let now = 5_000_000
    const e = await emulatorWith('bulk', { now: () => now, instance: { rateLimits: { signIns: false, per: 'ip' } } })
    const answers: string[] = []
    for (let i = 0; i < 11; i++) answers.push(errorOf(await fapiBrowser(e).signInWithPassword(`nobody${i}@example.com`)))
    expect(answers).toEqual([...Array.from({ length: 10 }, () => '422 form_identifier_not_found'), '429 too_many_requests'])
    expect(errorOf(await fapiBrowser(e).signInWithPassword('jane@example.com'))).toBe('200 ok')
    const refused = await fapiBrowser(e).signInWithPassword('nobody@example.com')
    expect(refused.headers.get('retry-after')).toBe('600')
    now += 600_000
    expect(errorOf(await fapiBrowser(e).signInWithPassword('nobody@example.com'))).toBe('422 form_identifier_not_found')
    expect((await fapiBrowser(e).call('GET', '/v1/environment')).json.user_settings.attack_protection.enumeration_protection).toEqual({ enabled: false })
  })
})
