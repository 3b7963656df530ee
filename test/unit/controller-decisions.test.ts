// The controller's pure decisions, without Vue and without clerk-js: the effects table, which
// factor a step uses, the errors shown, the language, the origins a destination may go to.
import { beforeEach, describe, expect, it } from 'vitest'
import type { LocalizationResource, SignInFutureResource } from '@clerk/shared/types'
import { createEffectRunner, FLOW_EFFECTS } from '../../src/runtime/controller/effects'
import type { EffectTarget, FlowView } from '../../src/runtime/controller/effects'
import { forgetAll, recall, remember } from '../../src/runtime/controller/memory'
import { formErrors } from '../../src/runtime/core/errors'
import { currentFactor, offeredFactors } from '../../src/runtime/core/factors'
import type { SecondFactor } from '../../src/runtime/core/factors'
import { resolveLanguage } from '../../src/runtime/core/language'
import { defaultMessages } from '../../src/runtime/core/defaultMessages'
import { configuredOrigins } from '../../src/runtime/core/redirect'

const effect = (name: string) => {
  const found = FLOW_EFFECTS.find(e => e.name === name)
  if (!found) throw new Error(`no effect named ${name}`)
  return found
}

function target(calls: string[]): EffectTarget {
  const record = (name: string) => () => void calls.push(name)
  return {
    autoFinalize: true,
    redirectIfSignedIn: () => true,
    ensureSent: record('ensureSent'),
    stopEmailLink: record('stopEmailLink'),
    finalize: record('finalize'),
    isFinishing: () => false,
    reset: record('reset'),
    dropIfAbandoned: record('dropIfAbandoned'),
    leave: record('leave'),
    runProtectCheck: record('runProtectCheck'),
    loadOffPath: record('loadOffPath'),
    left: false,
  }
}

const signIn = (fields: Partial<SignInFutureResource>) => fields as SignInFutureResource
const view = (fields: Partial<FlowView>): FlowView => ({
  isLoaded: true, step: 'credentials', signIn: null, phase: 'idle', factor: null, factorKey: null, sessionId: null, protectToken: null, showingAlternatives: false, emailLinkStatus: null, ...fields,
})

describe('the effects table', () => {
  beforeEach(() => forgetAll())

  it('names every effect once, and says what it watches', () => {
    const names = FLOW_EFFECTS.map(e => e.name)
    expect(new Set(names).size).toBe(names.length)
    expect(names).toEqual(['send the code', 'stop polling', 'finalize', 'forget on sign-out', 'drop abandoned', 'run the Protect check', 'load what is off the path', 'leave when signed in'])
  })

  it('run the Protect check: runs each challenge token once, none without one', () => {
    const protect = effect('run the Protect check')
    const calls: string[] = []
    const t = target(calls)
    expect(protect.watch(view({ step: 'protect-check', protectToken: 'pct_1' }))).toBe('pct_1')
    protect.run(t, 'pct_1', undefined, view({}))
    protect.run(t, null, 'pct_1', view({}))
    expect(calls).toEqual(['runProtectCheck'])
    expect(protect.immediate).toBe(true)
  })

  it('load what is off the path: loads on the first view off the email/SMS path, not on it', () => {
    const load = effect('load what is off the path')
    const emailCode = { strategy: 'email_code' } as SecondFactor
    for (const on of [view({ step: 'loading' }), view({}), view({ step: 'verify', factor: emailCode }), view({ step: 'complete' })]) expect(load.watch(on)).toBe(false)
    for (const off of [
      view({ step: 'second-factor' }), view({ step: 'reset-code' }), view({ step: 'new-password' }), view({ step: 'protect-check' }),
      view({ step: 'verify', factor: emailCode, showingAlternatives: true }),
      view({ step: 'verify', factor: { strategy: 'email_link' } as SecondFactor, emailLinkStatus: 'pending' }),
    ]) expect(load.watch(off)).toBe(true)
    const calls: string[] = []
    load.run(target(calls), false, undefined, view({}))
    load.run(target(calls), true, false, view({ step: 'new-password' }))
    expect(calls).toEqual(['loadOffPath'])
    expect(load.immediate).toBe(true)
  })

  it('send: due only on a code step with a factor and no request running', () => {
    const send = effect('send the code')
    const base = { step: 'verify' as const, signIn: signIn({ id: 'sia_1' }), factorKey: 'email_code:idn_1' }
    expect(send.watch(view(base))).toBe('verify sia_1 email_code:idn_1')
    expect(send.watch(view({ ...base, phase: 'running' }))).toBeNull()
    expect(send.watch(view({ ...base, step: 'credentials' }))).toBeNull()
    expect(send.watch(view({ ...base, factorKey: null }))).toBeNull()
  })

  it('finalize: once per session, remembered across forms', () => {
    const finalize = effect('finalize')
    const calls: string[] = []
    const t = target(calls)
    const v = view({ step: 'complete', signIn: signIn({ id: 'sia_1', createdSessionId: 'sess_1' }) })
    const due = finalize.watch(v)
    finalize.run(t, due, undefined, v)
    finalize.run(t, due, undefined, v)
    expect(calls).toEqual(['finalize'])
    expect(recall('sia_1').finalized).toBe('sess_1')
    expect(finalize.enabled?.({ ...t, autoFinalize: false })).toBe(false)
  })

  it('forget on sign-out: only when the session this sign-in created ends', () => {
    const forget = effect('forget on sign-out')
    const calls: string[] = []
    const v = view({ step: 'complete', signIn: signIn({ id: 'sia_1', status: 'complete', createdSessionId: 'sess_1' }) })
    forget.run(target(calls), null, 'sess_other', v)
    expect(calls).toEqual([])
    forget.run(target(calls), null, 'sess_1', v)
    expect(calls).toEqual(['reset'])
  })

  it('leave: once, from the credentials step when signed in; a stale complete sign-in signed out is reset', () => {
    const leave = effect('leave when signed in')
    const calls: string[] = []
    const t = target(calls)
    leave.run(t, '', undefined, view({ sessionId: null }))
    expect(calls).toEqual([])
    leave.run(t, '', undefined, view({ sessionId: 'sess_1' }))
    leave.run(t, '', undefined, view({ sessionId: 'sess_1' }))
    expect(calls).toEqual(['leave'])

    remember('sia_2', { finalized: 'sess_2' })
    const other: string[] = []
    leave.run(target(other), '', undefined, view({ step: 'complete', sessionId: null, signIn: signIn({ id: 'sia_2', createdSessionId: 'sess_2' }) }))
    expect(other).toEqual(['reset'])
  })
})

describe('the effects runner', () => {
  beforeEach(() => forgetAll())

  it('reads nothing while the view is the same object, and every row again once a row changed it', () => {
    const calls: string[] = []
    const t = target(calls)
    // The view as the controller keeps it: the same object until something in it changed.
    let current = view({ isLoaded: false, step: 'loading' })
    let reads = 0
    const run = createEffectRunner(t, () => {
      reads++
      return current
    })
    run()
    const first = reads
    run()
    run()
    expect(reads - first).toBe(2) // one look each, no row read

    // A later row ("drop abandoned") acts and changes the view after "send the code" read it:
    // the next run, with nothing new, still shows the earlier row the view it has not seen.
    t.dropIfAbandoned = () => {
      calls.push('dropIfAbandoned')
      current = view({ step: 'verify', signIn: signIn({ id: 'sia_2' }), factorKey: 'email_code:idn_1' })
    }
    current = view({ signIn: signIn({ id: 'sia_2' }) })
    run()
    expect(calls).toEqual(['dropIfAbandoned'])
    run()
    expect(calls).toEqual(['dropIfAbandoned', 'ensureSent'])
    run()
    expect(calls).toEqual(['dropIfAbandoned', 'ensureSent'])
  })
})

describe('which factor a code step uses', () => {
  const offered = [
    { strategy: 'reset_password_email_code', safeIdentifier: 'j***@example.com', emailAddressId: 'idn_1' },
    { strategy: 'email_link', safeIdentifier: 'j***@example.com', emailAddressId: 'idn_1' },
    { strategy: 'phone_code', safeIdentifier: '+1***00', phoneNumberId: 'idn_2' },
    { strategy: 'email_code', safeIdentifier: 'j***@example.com', emailAddressId: 'idn_1' },
    { strategy: 'passkey' },
    { strategy: 'totp' },
  ]

  it('offers only new-device factors on verify, every usable one on second-factor, none elsewhere', () => {
    expect(offeredFactors('verify', { second: offered }).map(f => f.strategy)).toEqual(['email_link', 'phone_code', 'email_code'])
    expect(offeredFactors('second-factor', { second: offered }).map(f => f.strategy)).toEqual(['email_link', 'phone_code', 'email_code', 'totp'])
    expect(offeredFactors('credentials', { first: offered, second: offered })).toEqual([])
    // The reset codes come from the first factors, and only on the reset step.
    const reset = [{ strategy: 'password' }, { strategy: 'reset_password_phone_code', phoneNumberId: 'idn_2' }, offered[0]!]
    expect(offeredFactors('reset-code', { first: reset, second: offered }).map(f => f.strategy)).toEqual(['reset_password_phone_code', 'reset_password_email_code'])
  })

  it('takes the picked one, else the one already sent, else the default', () => {
    const list = offeredFactors('verify', { second: offered })
    expect(currentFactor(list, 'verify', undefined, null)?.strategy).toBe('email_code')
    expect(currentFactor(list, 'verify', undefined, { strategy: 'phone_code', status: 'unverified' })?.strategy).toBe('phone_code')
    expect(currentFactor(list, 'verify', 'email_link:idn_1', { strategy: 'phone_code', status: 'unverified' })?.strategy).toBe('email_link')
    expect(currentFactor(offeredFactors('second-factor', { second: offered }), 'second-factor', undefined, null)?.strategy).toBe('totp')
    const reset = offeredFactors('reset-code', { first: [{ strategy: 'reset_password_phone_code', phoneNumberId: 'idn_2' }, offered[0]!] })
    expect(currentFactor(reset, 'reset-code', undefined, null)?.strategy).toBe('reset_password_email_code')
    expect(currentFactor(reset, 'reset-code', undefined, { strategy: 'reset_password_phone_code', status: 'unverified' })?.strategy).toBe('reset_password_phone_code')
  })
})

describe('the errors shown', () => {
  const input = { step: 'verify', signInId: 'sia_1', status: 'needs_client_trust', clerkErrors: [], notice: null, localErrors: {}, unavailable: false, hasFactor: true }

  it('puts Clerk\'s error on its field, ours over it, and Clerk being unavailable first', () => {
    const wrong = { code: 'form_code_incorrect', message: 'Incorrect', meta: { paramName: 'code' } }
    expect(formErrors({ ...input, clerkErrors: [wrong] }, defaultMessages).fields.code).toBe(defaultMessages.codeIncorrect)
    expect(formErrors({ ...input, clerkErrors: [wrong], localErrors: { code: 'ours' } }, defaultMessages).fields.code).toBe('ours')
    expect(formErrors({ ...input, notice: 'a notice', unavailable: true }, defaultMessages).global).toBe(defaultMessages.clerkUnavailable)
    expect(formErrors({ ...input, hasFactor: false }, defaultMessages).global).toBe(defaultMessages.secondFactorUnsupported)
  })
})

describe('the form\'s language', () => {
  const de = { locale: 'de-DE' } as LocalizationResource
  const fr = { locale: 'fr-FR' } as LocalizationResource

  it('is this form\'s choice, else the app\'s, else Clerk\'s; null means English on purpose', () => {
    const clerk = { localization: fr, applicationName: 'Acme' }
    expect(resolveLanguage(de, fr, clerk).localization).toBe(de)
    expect(resolveLanguage(undefined, de, clerk).localization).toBe(de)
    expect(resolveLanguage(undefined, undefined, clerk)).toEqual({ localization: fr, applicationName: 'Acme' })
    expect(resolveLanguage(null, de, clerk).localization).toBeNull()
    expect(resolveLanguage(undefined, null, clerk).localization).toBeNull()
  })
})

describe('the origins a destination may point to', () => {
  it('are the listed ones and those of the absolute URLs the app configures, never a path', () => {
    expect(configuredOrigins({
      afterSignInUrl: 'https://app.example.com/home',
      tasksUrl: '/tasks',
      resetPasswordUrl: '',
      taskUrls: { 'choose-organization': 'https://org.example.com/pick' },
      allowedRedirectOrigins: ['https://docs.example.com'],
    })).toEqual(['https://docs.example.com', 'https://app.example.com/home', 'https://org.example.com/pick'])
  })
})

describe('a new password against the instance\'s rules', () => {
  it('follows Clerk\'s floor and ceiling, and each required kind of character', async () => {
    const { passwordRules } = await import('../../src/runtime/core/passwordRules')
    const { brokenRules } = await import('../../src/runtime/core/passwordCheck')
    expect(passwordRules(undefined)).toEqual([{ kind: 'minLength', length: 8 }])
    expect(passwordRules({ min_length: 4, max_length: 100 })).toEqual([{ kind: 'minLength', length: 8 }])
    const rules = passwordRules({ min_length: 10, max_length: 20, require_lowercase: true, require_uppercase: true, require_numbers: true, require_special_char: true, allowed_special_characters: '#' })
    expect(brokenRules('Abcdefgh1#', rules)).toEqual([])
    expect(brokenRules('Abcdefgh1!', rules).map(r => r.kind)).toEqual(['special'])
    expect(brokenRules('abc', rules).map(r => r.kind)).toEqual(['minLength', 'uppercase', 'number', 'special'])
    expect(brokenRules('Ä'.repeat(21), rules).map(r => r.kind)).toEqual(['maxLength', 'lowercase', 'number', 'special'])
  })
})
