import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import Ajv from 'ajv'
import type { ValidateFunction } from 'ajv'
import addFormats from 'ajv-formats'
import { parse } from 'yaml'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { EMULATOR_FIXED_CODE, SEEDED_TOTP_SECRET, startClerkEmulator, totpCode } from '../../src/emulator'
import type { RunningClerkEmulator } from '../../src/emulator'
import { loadClerkJsonTypes } from './clerkJsonTypes'
import type { FapiAnswer } from './fapiClient'
import { fapiBrowser } from './fapiClient'

const SPEC_PATH = path.resolve(__dirname, '../../../shared/clerk-fapi/fapi-2026-05-12.yml')
const specPresent = existsSync(SPEC_PATH)

if (!specPresent && process.env.CI) {
  // In CI a missing spec must fail loudly, never pass by skipping.
  describe('FAPI contract', () => {
    it('needs the OpenAPI spec', () => {
      throw new Error(`Clerk FAPI OpenAPI spec missing: ${SPEC_PATH}`)
    })
  })
}

type Json = Record<string, unknown>

/**
 * Fields clerk-js 6.40 reads that the spec file does not list yet: clerk-js speaks API version
 * 2026-08-20, the spec is 2026-05-12, and these schemas forbid unknown properties. Each is
 * declared by clerk-js's own `*JSON` types (`@clerk/shared/types`), which the type check below reads.
 */
const NEWER_THAN_SPEC: Array<{ schema: string, at?: string[], properties: Json }> = [
  { schema: 'Client.SignIn', properties: { timezone: { type: 'string', nullable: true }, protect_check: { type: 'object', nullable: true } } },
  { schema: 'Client.SignIn-2', properties: { timezone: { type: 'string', nullable: true }, protect_check: { type: 'object', nullable: true } } },
  { schema: 'Client.ProtectConfig', properties: { object: { type: 'string', enum: ['protect_config'] }, id: { type: 'string' } } },
  { schema: 'Client.OrganizationSettings', properties: { force_organization_selection: { type: 'boolean' }, organization_creation_defaults: { type: 'object' } } },
  { schema: 'UserSettings.EnterpriseSSO', properties: { self_serve_directory_sync: { type: 'boolean' } } },
  { schema: 'UserSettings.SignIn', at: ['properties', 'second_factor'], properties: { enabled: { type: 'boolean' } } },
  { schema: 'UserSettings.SignUp', properties: { allowlist_only: { type: 'boolean' } } },
]

function addNewerFields(spec: Json): void {
  const schemas = (spec.components as Json).schemas as Record<string, Json>
  for (const { schema, at = [], properties } of NEWER_THAN_SPEC) {
    let node = schemas[schema]
    for (const key of at) node = (node?.[key] as Json | undefined)
    if (!node?.properties) throw new Error(`NEWER_THAN_SPEC: no ${schema} ${at.join('.')} in the spec`)
    for (const [name, definition] of Object.entries(properties)) {
      if (name in (node.properties as Json)) throw new Error(`NEWER_THAN_SPEC: the spec has ${schema}.${name} now; drop it from the list`)
      ;(node.properties as Json)[name] = definition
    }
  }
}

/**
 * Where clerk-js's types and Clerk's OpenAPI disagree, the emulator sends what the spec says
 * (the wire); every entry must still be needed (checked below), so the list cannot rot.
 */
const FOLLOWS_SPEC: Array<{ problem: RegExp, why: string }> = [
  { problem: /\.object: "sign_in_attempt" is not "sign_in"$/, why: 'spec: Client.SignIn.object is "sign_in_attempt"; clerk-js never reads it' },
  { problem: /_verification\.(id|error): missing|\.verification\.(id|error): missing/, why: 'spec: Stubs.Verification.* carry no id and no error (password, TOTP and backup-code ones forbid extra fields)' },
  { problem: /(_verification|\.verification)\.verified_at_client: missing/, why: 'spec: only Stubs.Verification.Link has verified_at_client' },
  { problem: /(_verification|\.verification)\.(expire_at|attempts): null is not a number/, why: 'spec: nullable (password and TOTP verifications do not expire)' },
  { problem: /(\.last_active_token|TokenJSON)\.id: missing/, why: 'spec: Token is { object, jwt } and forbids extra fields' },
  { problem: /SessionJSON\.last_active_token: null is not/, why: 'spec: nullable; an ended or removed session has no token' },
  { problem: /\.user_data\.(first_name|last_name): null is not/, why: 'spec: Client.SignIn.user_data names are required and nullable' },
  { problem: /\.display_config\.(support_email|terms_url|privacy_policy_url|google_one_tap_client_id|captcha_provider): null is not/, why: 'spec: nullable, null when unset' },
  { problem: /\.user_settings\.social\.oauth_\w+: missing/, why: 'spec: UserSettings.Socials lists configured providers only, none here' },
  { problem: /(^|: )EnvironmentJSON(\.api_keys_settings|\.commerce_settings)?\.(id|object): missing/, why: 'spec: Client.Environment, Client.ApiKeysSettings and Client.CommerceSettings forbid id and object' },
]

/** OpenAPI 3.0 `nullable` → JSON Schema `anyOf null`, so `allOf`/`$ref` siblings do not reject null. */
function convertNullable(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(convertNullable)
  if (!node || typeof node !== 'object') return node
  const out: Json = {}
  for (const [key, value] of Object.entries(node)) {
    if (key === '$ref' && typeof value === 'string') out.$ref = value.replace(/^#\//, 'fapi.json#/')
    else if (key !== 'nullable' && key !== 'example' && key !== 'examples') out[key] = convertNullable(value)
  }
  return (node as Json).nullable === true ? { anyOf: [{ type: 'null' }, out] } : out
}

function templateToRegExp(template: string): RegExp {
  return new RegExp(`^${template.replace(/\./g, '\\.').replace(/\{[^}]+\}/g, '[^/]+')}$`)
}

interface Operation { template: string, method: string, responses: Record<string, unknown> }

function loadContract() {
  const spec = parse(readFileSync(SPEC_PATH, 'utf8')) as Json
  addNewerFields(spec)
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true })
  addFormats(ajv)
  ajv.addSchema(convertNullable({ components: spec.components }) as Json, 'fapi.json')
  const operations: Operation[] = []
  // Listed without any operation (`/v1/client/sign_ins/{id}/protect_check: {}`): nothing to validate against.
  const bare: string[] = []
  for (const [template, item] of Object.entries(spec.paths as Record<string, Json>)) {
    if (!item || Object.keys(item).length === 0) bare.push(template)
    for (const [method, op] of Object.entries(item ?? {})) {
      const responses = (op as Json | undefined)?.responses
      if (responses) operations.push({ template, method: method.toUpperCase(), responses: responses as Record<string, unknown> })
    }
  }
  const responses = (spec.components as Json).responses as Record<string, Json>
  const cache = new Map<string, ValidateFunction | null>()
  return function validatorFor(answer: FapiAnswer): { key: string, validate: ValidateFunction | null } {
    const op = operations.find(o => o.method === answer.method && templateToRegExp(o.template).test(answer.path))
    const listed = bare.find(template => templateToRegExp(template).test(answer.path))
    if (!op && listed) return { key: `${answer.method} ${listed} ${answer.status}`, validate: null }
    if (!op) throw new Error(`No FAPI operation in the spec for ${answer.method} ${answer.path}`)
    const key = `${answer.method} ${op.template} ${answer.status}`
    if (!cache.has(key)) {
      let response = op.responses[String(answer.status)] as Json | undefined
      // Statuses the spec does not list for this operation (413, 429, 503) still carry Clerk errors.
      if (!response && answer.status >= 400) response = { $ref: '#/components/responses/ClerkErrors' }
      if (!response) throw new Error(`The spec lists no ${answer.status} for ${key}`)
      if (typeof response.$ref === 'string') response = responses[response.$ref.split('/').pop() ?? '']
      const schema = ((response?.content as Json | undefined)?.['application/json'] as Json | undefined)?.schema
      cache.set(key, schema ? ajv.compile(convertNullable(schema) as Json) : null)
    }
    return { key, validate: cache.get(key) ?? null }
  }
}

describe.skipIf(!specPresent)(`FAPI contract (needs ${SPEC_PATH}; skipped when absent outside CI)`, () => {
  let emulator: RunningClerkEmulator
  const answers: FapiAnswer[] = []
  /** Enumeration protection and Clerk's per-IP limits, each on its own emulator. */
  const protectedAnswers: FapiAnswer[] = []
  /** "Forgot password?" for an identifier with no account under strict protection (a stand-in account). */
  const standInAnswers: FapiAnswer[] = []
  const others: RunningClerkEmulator[] = []

  beforeAll(async () => {
    let now = Date.now()
    emulator = await startClerkEmulator({ port: 0, logger: () => {}, now: () => now })
    const e = emulator
    const jane = fapiBrowser(e, 'http://localhost:3000')
    await jane.call('GET', '/v1/environment')
    await jane.call('PATCH', '/v1/environment')
    await jane.call('GET', '/v1/client')
    await jane.signInWithPassword('jane@example.com', 'nope')
    await jane.signInWithPassword('nobody@example.com')
    const trust = await jane.signInWithPassword('jane@example.com')
    const id = trust.json.response.id as string
    await jane.call('GET', `/v1/client/sign_ins/${id}`)
    await jane.call('POST', `/v1/client/sign_ins/${id}/attempt_second_factor`, { strategy: 'email_code', code: '000000' })
    await jane.call('POST', `/v1/client/sign_ins/${id}/prepare_second_factor`, { strategy: 'email_code', email_address_id: 'idn_email_jane' })
    await jane.call('POST', `/v1/client/sign_ins/${id}/attempt_second_factor`, { strategy: 'email_code', code: '000000' })
    await jane.call('POST', `/v1/client/sign_ins/${id}/prepare_second_factor`, { strategy: 'email_code' })
    await jane.call('POST', `/v1/client/sign_ins/${id}/prepare_second_factor`, { strategy: 'email_code' })
    await jane.call('POST', `/v1/client/sign_ins/${id}/prepare_second_factor`, { strategy: 'email_code' })
    const done = await jane.attemptEmailCode(id)
    const sid = done.json.response.created_session_id as string
    await jane.call('POST', `/v1/client/sessions/${sid}/touch`, { intent: 'select_session' })
    await jane.call('POST', `/v1/client/sessions/${sid}/tokens`, { organization_id: '' })
    await jane.call('GET', `/v1/client/sessions/${sid}`)
    await jane.call('GET', '/v1/client')
    await jane.call('DELETE', '/v1/client/sessions')
    const known = await jane.signInWithPassword('jane@example.com')
    await jane.call('POST', `/v1/client/sessions/${known.json.response.created_session_id}/end`, {})
    const again = await jane.signInWithPassword('jane@example.com')
    await jane.call('POST', `/v1/client/sessions/${again.json.response.created_session_id}/remove`, {})
    await jane.call('POST', `/v1/client/sessions/${again.json.response.created_session_id}/tokens`, {})
    await jane.call('DELETE', '/v1/client')

    const phil = fapiBrowser(e)
    const philId = (await phil.call('POST', '/v1/client/sign_ins', { identifier: '+15555550100' })).json.response.id
    await phil.call('POST', `/v1/client/sign_ins/${philId}/prepare_first_factor`, { strategy: 'password' })
    await phil.call('POST', `/v1/client/sign_ins/${philId}/attempt_first_factor`, { strategy: 'password', password: 'nope' })
    await phil.call('POST', `/v1/client/sign_ins/${philId}/attempt_first_factor`, { strategy: 'password', password: 'correct-horse' })
    await phil.call('POST', `/v1/client/sign_ins/${philId}/prepare_second_factor`, { strategy: 'phone_code', phone_number_id: 'idn_phone_phil' })
    await phil.call('POST', `/v1/client/sign_ins/${philId}/attempt_second_factor`, { strategy: 'phone_code', code: EMULATOR_FIXED_CODE })

    const mia = fapiBrowser(e)
    const miaId = (await mia.signInWithPassword('mia@example.com')).json.response.id
    await mia.call('POST', `/v1/client/sign_ins/${miaId}/prepare_second_factor`, { strategy: 'totp' })
    await mia.call('POST', `/v1/client/sign_ins/${miaId}/attempt_second_factor`, { strategy: 'totp', code: totpCode(SEEDED_TOTP_SECRET, now) })

    const lee = fapiBrowser(e)
    const leeId = (await lee.signInWithPassword('lee@example.com')).json.response.id
    await lee.call('POST', `/v1/client/sign_ins/${leeId}/prepare_second_factor`, { strategy: 'email_link', redirect_url: 'http://localhost:3000/' })
    await fetch(e.outbox().at(-1)?.link ?? '', { redirect: 'manual' })
    await lee.call('GET', `/v1/client/sign_ins/${leeId}`)

    // Clerk's limits and lockout: a sixth sign-in within 10 s, a locked account.
    const eager = fapiBrowser(e)
    for (let i = 0; i < 6; i++) await eager.signInWithPassword('sam@example.com')
    const rex = fapiBrowser(e)
    await rex.signInWithPassword('rex@example.com')

    // Clerk Protect gates a sign-in, then a proof token clears it.
    e.setScenario({ protectCheck: true })
    const guarded = fapiBrowser(e)
    const gatedSignIn = (await guarded.signInWithPassword('sam@example.com')).json.response
    const proof = await fetch(`${e.proxyUrl}/protect/proofs`, { method: 'POST', body: new URLSearchParams({ token: gatedSignIn.protect_check.token }) }).then(r => r.json()) as { proof_token: string }
    await guarded.call('PATCH', `/v1/client/sign_ins/${gatedSignIn.id}/protect_check`, { proof_token: proof.proof_token })
    // A proof spent once is refused (the error answer is checked against the contract too).
    await guarded.call('PATCH', `/v1/client/sign_ins/${gatedSignIn.id}/protect_check`, { proof_token: proof.proof_token })
    e.setScenario({ protectCheck: false })

    const late = fapiBrowser(e)
    const lateId = await late.sendEmailCode('jane@example.com')
    now += 600_001
    await late.attemptEmailCode(lateId)
    e.setScenario({ rateLimit: true })
    await late.signInWithPassword('jane@example.com')
    e.setScenario({ rateLimit: false, outage: true })
    await late.call('GET', '/v1/client')
    e.setScenario({ outage: false })
    await late.call('POST', '/v1/client/sign_ins', { identifier: 'x'.repeat(70_000) })

    // Forgotten passwords: by email (with a refused password and a replay), by SMS, after a
    // password that needs a new one, into MFA; and the session it revokes elsewhere.
    const reset = (browser: typeof jane, id: string, password: string) => browser.call('POST', `/v1/client/sign_ins/${id}/reset_password`, { password, sign_out_of_other_sessions: 'true' })
    const elsewhere = fapiBrowser(e)
    const samSession = (await elsewhere.attemptEmailCode(await elsewhere.sendEmailCode('sam@example.com'))).json.response.created_session_id as string
    const forgot = fapiBrowser(e)
    const forgotId = (await forgot.call('POST', '/v1/client/sign_ins', { identifier: 'sam@example.com' })).json.response.id as string
    await reset(forgot, forgotId, 'too-early-1234')
    await forgot.call('POST', `/v1/client/sign_ins/${forgotId}/prepare_first_factor`, { strategy: 'reset_password_email_code', email_address_id: 'idn_email_sam' })
    await forgot.call('GET', `/v1/client/sign_ins/${forgotId}`)
    await forgot.call('POST', `/v1/client/sign_ins/${forgotId}/attempt_first_factor`, { strategy: 'reset_password_email_code', code: '000000' })
    await forgot.call('POST', `/v1/client/sign_ins/${forgotId}/attempt_first_factor`, { strategy: 'reset_password_email_code', code: EMULATOR_FIXED_CODE })
    await reset(forgot, forgotId, 'short')
    await reset(forgot, forgotId, 'password123')
    await reset(forgot, forgotId, 'a-new-stable-42')
    await forgot.call('POST', `/v1/client/sign_ins/${forgotId}/attempt_first_factor`, { strategy: 'reset_password_email_code', code: EMULATOR_FIXED_CODE })
    await elsewhere.call('POST', `/v1/client/sessions/${samSession}/tokens`, {})
    await elsewhere.call('GET', `/v1/client/sessions/${samSession}`)
    const philReset = fapiBrowser(e)
    const philResetId = (await philReset.call('POST', '/v1/client/sign_ins', { identifier: '+15555550100' })).json.response.id as string
    await philReset.call('POST', `/v1/client/sign_ins/${philResetId}/prepare_first_factor`, { strategy: 'reset_password_phone_code', phone_number_id: 'idn_phone_phil' })
    await philReset.call('POST', `/v1/client/sign_ins/${philResetId}/attempt_first_factor`, { strategy: 'reset_password_phone_code', code: EMULATOR_FIXED_CODE })
    await reset(philReset, philResetId, 'a-new-stable-42')
    const nina = fapiBrowser(e)
    const ninaId = (await nina.signInWithPassword('nina@example.com')).json.response.id as string
    await reset(nina, ninaId, 'a-new-stable-42')
    const miaReset = fapiBrowser(e)
    const miaResetId = (await miaReset.call('POST', '/v1/client/sign_ins', { identifier: 'mia@example.com' })).json.response.id as string
    await miaReset.call('POST', `/v1/client/sign_ins/${miaResetId}/prepare_first_factor`, { strategy: 'reset_password_email_code' })
    await miaReset.call('POST', `/v1/client/sign_ins/${miaResetId}/attempt_first_factor`, { strategy: 'reset_password_email_code', code: EMULATOR_FIXED_CODE })
    await reset(miaReset, miaResetId, 'a-new-stable-42')

    answers.push(...jane.log, ...phil.log, ...mia.log, ...lee.log, ...eager.log, ...rex.log, ...guarded.log, ...late.log)
    answers.push(...elsewhere.log, ...forgot.log, ...philReset.log, ...nina.log, ...miaReset.log)
    answers.push(await fapiBrowser(e).call('GET', '/.well-known/jwks.json'))

    // Strict enumeration protection, sign-ins counted per IP (new browsers each), and bulk.
    const strict = await startClerkEmulator({ port: 0, logger: () => {}, instance: { enumerationProtection: 'strict', rateLimits: { per: 'ip' } } })
    const bulk = await startClerkEmulator({ port: 0, logger: () => {}, instance: { enumerationProtection: 'bulk', rateLimits: { per: 'ip', signIns: false } } })
    others.push(strict, bulk)
    protectedAnswers.push(await fapiBrowser(strict).call('GET', '/v1/environment'))
    protectedAnswers.push(await fapiBrowser(strict).signInWithPassword('nobody@example.com'))
    for (let i = 0; i < 5; i++) protectedAnswers.push(await fapiBrowser(strict).signInWithPassword('jane@example.com'))
    for (let i = 0; i < 11; i++) protectedAnswers.push(await fapiBrowser(bulk).signInWithPassword(`nobody${i}@example.com`))
    // "Forgot password?" for nobody, by email and by phone: a sign-in, a code "sent", a wrong code.
    const strictReset = await startClerkEmulator({ port: 0, logger: () => {}, instance: { enumerationProtection: 'strict' } })
    others.push(strictReset)
    for (const [identifier, strategy] of [['nobody@example.com', 'reset_password_email_code'], ['+15550000000', 'reset_password_phone_code']] as const) {
      const browser = fapiBrowser(strictReset)
      const created = await browser.call('POST', '/v1/client/sign_ins', { identifier })
      const id = created.json.response.id as string
      await browser.call('POST', `/v1/client/sign_ins/${id}/prepare_first_factor`, { strategy })
      await browser.call('POST', `/v1/client/sign_ins/${id}/attempt_first_factor`, { strategy, code: EMULATOR_FIXED_CODE })
      standInAnswers.push(...browser.log)
    }
    answers.push(...protectedAnswers, ...standInAnswers)
  })

  afterAll(async () => {
    await emulator?.close()
    for (const other of others) await other.close()
  })

  it('covers strict and bulk enumeration protection and the per-IP sign-in limit', () => {
    const outcome = protectedAnswers.map(a => `${a.status} ${a.json?.errors?.[0]?.code ?? a.json?.response?.status ?? (a.json?.auth_config ? 'environment' : '?')}`)
    expect(outcome).toEqual([
      '200 environment',
      '422 form_password_incorrect',
      ...Array.from({ length: 4 }, () => '200 needs_client_trust'),
      '429 too_many_requests',
      ...Array.from({ length: 10 }, () => '422 form_identifier_not_found'),
      '429 too_many_requests',
    ])
    expect(protectedAnswers[0]?.json.user_settings.attack_protection.enumeration_protection).toEqual({ enabled: true })
    expect(protectedAnswers.filter(a => a.status === 429).map(a => a.headers.get('retry-after'))).toEqual(['10', '600'])
  })

  it('covers strict protection\'s answer to "Forgot password?" for an identifier with no account', () => {
    const outcome = standInAnswers.map(a => `${a.status} ${a.json?.errors?.[0]?.code ?? a.json?.response?.status}`)
    expect(outcome).toEqual(Array.from({ length: 2 }, () => ['200 needs_first_factor', '200 needs_first_factor', '422 form_code_incorrect']).flat())
    expect(standInAnswers.filter(a => a.path.endsWith('/prepare_first_factor')).map(a => a.json.response.first_factor_verification.strategy)).toEqual(['reset_password_email_code', 'reset_password_phone_code'])
  })

  it('covers the statuses the flows are meant to produce', () => {
    const statuses = new Set(answers.map(a => a.status))
    for (const status of [200, 400, 401, 403, 404, 413, 422, 429, 503]) expect(statuses, `status ${status}`).toContain(status)
    const completes = answers.filter(a => a.json?.response?.status === 'complete')
    expect(completes.length).toBeGreaterThanOrEqual(4)
    const codes = new Set(answers.flatMap(a => (a.json?.errors ?? []).map((e: { code: string }) => e.code)))
    for (const code of ['too_many_requests', 'verification_code_too_many_requests', 'user_locked', 'verification_expired', 'form_code_incorrect', 'client_state_invalid', 'form_password_length_too_short', 'form_password_pwned', 'verification_already_verified', 'authentication_invalid']) expect(codes, code).toContain(code)
    const statusesSeen = new Set(answers.map(a => a.json?.response?.status))
    for (const status of ['needs_protect_check', 'needs_client_trust', 'needs_second_factor', 'needs_first_factor', 'needs_new_password', 'complete', 'revoked']) expect(statusesSeen, status).toContain(status)
    expect(answers.filter(a => a.path.endsWith('/reset_password') && a.status === 200).map(a => a.json.response.status)).toEqual(['complete', 'complete', 'complete', 'needs_second_factor'])
  })

  it('sends only bodies that match the spec\'s schema for the operation and status', () => {
    const validatorFor = loadContract()
    const failures: string[] = []
    for (const answer of answers) {
      const { key, validate } = validatorFor(answer)
      if (!validate) continue
      if (!validate(answer.json)) failures.push(`${key}: ${JSON.stringify(validate.errors?.slice(0, 5))}`)
    }
    expect(failures).toEqual([])
  })

  it('sends every field clerk-js\'s own *JSON types declare, of the declared type', () => {
    const types = loadClerkJsonTypes()
    const problems: string[] = []
    const checked = new Set<string>()
    const check = (type: string, value: unknown, where: string) => {
      checked.add(type)
      problems.push(...types.check(type, value, type).map(p => `${where}: ${p}`))
    }
    for (const answer of answers.filter(a => a.status === 200 && a.json)) {
      const where = `${answer.method} ${answer.path}`
      const { json } = answer
      if (answer.path === '/v1/environment') check('EnvironmentJSON', json, where)
      if (answer.path.endsWith('/tokens')) check('TokenJSON', json, where)
      const kind = { sign_in_attempt: 'SignInJSON', session: 'SessionJSON', client: 'ClientJSON' }[json.response?.object as string]
      if (kind) check(kind, json.response, where)
      if (json.client && typeof json.client === 'object') check('ClientJSON', json.client, where)
    }
    expect([...checked].sort()).toEqual(['ClientJSON', 'EnvironmentJSON', 'SessionJSON', 'SignInJSON', 'TokenJSON'])
    const unexplained = problems.filter(p => !FOLLOWS_SPEC.some(f => f.problem.test(p)))
    expect([...new Set(unexplained.map(p => p.replace(/^\S+ \S+: /, '')))]).toEqual([])
    const unused = FOLLOWS_SPEC.filter(f => !problems.some(p => f.problem.test(p))).map(f => f.why)
    expect(unused, 'FOLLOWS_SPEC entries no longer needed').toEqual([])
  }, 60_000)

  it('would notice a field clerk-js reads going missing or changing type', () => {
    const types = loadClerkJsonTypes()
    const signedIn = answers.find(a => a.json?.client?.sessions?.length)
    expect(signedIn).toBeDefined()
    const client = structuredClone(signedIn!.json.client)
    delete client.sessions[0].user.timezone
    client.sessions[0].factor_verification_age = [0]
    client.sessions[0].status = 'signed_in_somehow'
    expect(types.check('ClientJSON', client)).toEqual(expect.arrayContaining([
      expect.stringMatching(/^ClientJSON\.sessions\[0\]\.user\.timezone: missing/),
      expect.stringMatching(/^ClientJSON\.sessions\[0\]\.factor_verification_age: .*(tuple|null)/),
      expect.stringMatching(/^ClientJSON\.sessions\[0\]\.status: "signed_in_somehow" is not/),
    ]))
  }, 60_000)

  it('would notice a body that breaks the spec', () => {
    const validatorFor = loadContract()
    const signIn = answers.find(a => a.status === 200 && a.json?.response?.object === 'sign_in_attempt')
    expect(signIn).toBeDefined()
    const broken = structuredClone(signIn!)
    broken.json.response.status = 'signed_in_somehow'
    delete broken.json.client.captcha_bypass
    const { validate } = validatorFor(broken)
    expect(validate?.(broken.json)).toBe(false)
  })
})

describe.skipIf(!specPresent)('FAPI contract of an older application (instance.clientTrustStatus: needs_second_factor)', () => {
  it('answers a new device, an email link and real MFA with bodies of the spec and of clerk-js\'s types', async () => {
    const e = await startClerkEmulator({ port: 0, logger: () => {}, instance: { clientTrustStatus: 'needs_second_factor' } })
    try {
      const jane = fapiBrowser(e, 'http://localhost:3000')
      const id = (await jane.signInWithPassword('jane@example.com')).json.response.id as string
      await jane.call('POST', `/v1/client/sign_ins/${id}/prepare_second_factor`, { strategy: 'email_code', email_address_id: 'idn_email_jane' })
      await jane.attemptEmailCode(id, '000000')
      await jane.attemptEmailCode(id)
      const lee = fapiBrowser(e)
      const leeId = (await lee.signInWithPassword('lee@example.com')).json.response.id as string
      await lee.call('POST', `/v1/client/sign_ins/${leeId}/prepare_second_factor`, { strategy: 'email_link', redirect_url: 'http://localhost:3000/' })
      const mia = fapiBrowser(e)
      const miaId = (await mia.signInWithPassword('mia@example.com')).json.response.id as string
      await mia.call('POST', `/v1/client/sign_ins/${miaId}/attempt_second_factor`, { strategy: 'totp', code: totpCode(SEEDED_TOTP_SECRET, Date.now()) })
      const older = [...jane.log, ...lee.log, ...mia.log]
      const signIns = older.filter(a => a.json?.response?.object === 'sign_in_attempt').map(a => a.json.response)
      expect(signIns.filter(s => s.status === 'needs_second_factor' && s.client_trust_state === 'new').length).toBeGreaterThanOrEqual(4)
      expect(signIns.some(s => s.status === 'needs_client_trust')).toBe(false)
      expect(older.filter(a => a.json?.response?.status === 'complete')).toHaveLength(2)

      const validatorFor = loadContract()
      const types = loadClerkJsonTypes()
      const failures: string[] = []
      for (const answer of older) {
        const { key, validate } = validatorFor(answer)
        if (validate && !validate(answer.json)) failures.push(`${key}: ${JSON.stringify(validate.errors?.slice(0, 5))}`)
        if (answer.status !== 200) continue
        if (answer.json.response?.object === 'sign_in_attempt') failures.push(...types.check('SignInJSON', answer.json.response, 'SignInJSON'))
        if (answer.json.client) failures.push(...types.check('ClientJSON', answer.json.client, 'ClientJSON'))
      }
      expect(failures.filter(p => !FOLLOWS_SPEC.some(f => f.problem.test(p)))).toEqual([])
    }
    finally {
      await e.close()
    }
  }, 60_000)
})
