import { describe, expect, it } from 'vitest'
import { chooseTrustFactor } from '../../src/runtime/core/factors'
import {
  destinationFor, detectIdentifierKind, identifierInputType, navigationKind,
  normalizeCode, passwordParams, stepFromStatus,
} from '../../src/runtime/core/flow'

describe('stepFromStatus', () => {
  it.each([
    ['needs_client_trust', 'verify'],
    ['needs_second_factor', 'second-factor'],
    ['complete', 'complete'],
    ['needs_identifier', 'credentials'],
    ['needs_first_factor', 'credentials'],
    ['needs_new_password', 'new-password'],
    ['needs_protect_check', 'protect-check'],
    [null, 'credentials'],
    [undefined, 'credentials'],
  ] as const)('maps %s to %s', (status, step) => {
    expect(stepFromStatus(status)).toBe(step)
  })
})

describe('chooseTrustFactor', () => {
  const email = { strategy: 'email_code', safeIdentifier: 'j***@example.com', emailAddressId: 'idn_e' }
  const phone = { strategy: 'phone_code', safeIdentifier: '+1*******0100', phoneNumberId: 'idn_p' }
  const link = { strategy: 'email_link', safeIdentifier: 'j***@example.com' }
  const totp = { strategy: 'totp' }

  it('given only phone_code, picks it', () => {
    expect(chooseTrustFactor([phone])).toBe(phone)
  })
  it('given email_code and phone_code, picks email_code', () => {
    expect(chooseTrustFactor([phone, email])).toBe(email)
  })
  it('given only email_code, picks it', () => {
    expect(chooseTrustFactor([totp, email])).toBe(email)
  })
  it('given email_link with a code factor, picks the code factor', () => {
    expect(chooseTrustFactor([link, email])).toBe(email)
    expect(chooseTrustFactor([link, phone])).toBe(phone)
  })
  it('given only email_link, picks it', () => {
    expect(chooseTrustFactor([link])).toBe(link)
  })
  it('given nothing usable, returns null', () => {
    expect(chooseTrustFactor([totp])).toBeNull()
    expect(chooseTrustFactor([])).toBeNull()
    expect(chooseTrustFactor(null)).toBeNull()
  })
})

describe('normalizeCode', () => {
  it.each([
    ['424242', '424242'],
    [' 424242 ', '424242'],
    ['424 242', '424242'],
    ['424-242', '424242'],
    ['4\t2 4–2 4 2', '424242'],
    ['４２４２４２', '424242'],
  ])('accepts %j as %s', (input, code) => {
    expect(normalizeCode(input)).toEqual({ ok: true, code })
  })
  it.each(['', '   ', ' - ', null, undefined])('refuses %j as required', (input) => {
    expect(normalizeCode(input)).toEqual({ ok: false, reason: 'required' })
  })
  it.each(['42424', '4242424', 'abcdef', '42424a', '424.242', '¹²³⁴⁵⁶'])('refuses %j as invalid', (input) => {
    expect(normalizeCode(input)).toEqual({ ok: false, reason: 'invalid' })
  })
})

describe('identifier kind', () => {
  it.each([
    ['jane@example.com', 'email'],
    [' jane@example.com ', 'email'],
    ['+15555550100', 'phone'],
    ['+1 (555) 555-0100', 'phone'],
    ['phil', 'username'],
    ['5555550100', 'username'],
    ['+12', 'username'],
    ['jane@', 'username'],
  ] as const)('auto-detects %j as %s', (value, kind) => {
    expect(detectIdentifierKind(value)).toBe(kind)
  })
  it('given an explicit option, trusts it', () => {
    expect(detectIdentifierKind('phil', 'email')).toBe('email')
  })
  it('builds password() params with one identifier key', () => {
    expect(passwordParams(' jane@example.com ', 'pw')).toEqual({ emailAddress: 'jane@example.com', password: 'pw' })
    expect(passwordParams('+1 555 555 0100', 'pw')).toEqual({ phoneNumber: '+15555550100', password: 'pw' })
    expect(passwordParams('phil', ' pw ')).toEqual({ identifier: 'phil', password: ' pw ' })
  })
  it('maps the option to an input type', () => {
    expect(identifierInputType('email')).toBe('email')
    expect(identifierInputType('phone')).toBe('tel')
    expect(identifierInputType('username')).toBe('text')
    expect(identifierInputType('auto')).toBe('text')
  })
})

describe('navigation', () => {
  const config = { afterSignInUrl: '/dashboard', tasksUrl: '/tasks', taskUrls: { 'choose-organization': '/org' } }
  it('given no task, goes to afterSignInUrl', () => {
    expect(destinationFor({ currentTask: null }, config)).toBe('/dashboard')
    expect(destinationFor(null, config)).toBe('/dashboard')
  })
  it('given a known task, goes to its page', () => {
    expect(destinationFor({ currentTask: { key: 'choose-organization' } }, config)).toBe('/org')
  })
  it('given an unknown task, goes to tasksUrl, else afterSignInUrl', () => {
    expect(destinationFor({ currentTask: { key: 'reset-password' } }, config)).toBe('/tasks')
    expect(destinationFor({ currentTask: { key: 'x' } }, { afterSignInUrl: '/' })).toBe('/')
  })
  it('loads a document for absolute URLs, routes paths', () => {
    expect(navigationKind('https://clerk.example.com/v1/client/touch')).toBe('document')
    expect(navigationKind('HTTP://x')).toBe('document')
    expect(navigationKind('/dashboard')).toBe('router')
    expect(navigationKind('/http/thing')).toBe('router')
  })
})
