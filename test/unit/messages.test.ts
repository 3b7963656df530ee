import { describe, expect, it } from 'vitest'
import { mapClerkError } from '../../src/runtime/core/errors'
import { formatMessage } from '../../src/runtime/core/messages'
import { defaultMessages } from '../../src/runtime/core/defaultMessages'

describe('formatMessage', () => {
  it('fills placeholders and keeps unknown ones', () => {
    expect(formatMessage(defaultMessages.codeSentTo, { identifier: 'j***@example.com' }))
      .toBe('Enter the code sent to j***@example.com')
    expect(formatMessage(defaultMessages.resendIn, { seconds: 12 })).toBe('Resend code (12s)')
    expect(formatMessage('{a} {b}', { a: 1 })).toBe('1 {b}')
  })

  it('reads placeholders as `{word}`, whatever surrounds them', () => {
    const vars = { a: 'X', b_2: 7, constructor: '!' }
    expect(formatMessage('{{a}}', vars)).toBe('{X}')
    expect(formatMessage('{a{b_2}}', vars)).toBe('{a7}')
    expect(formatMessage('{}{ a}{a }{é}', vars)).toBe('{}{ a}{a }{é}')
    expect(formatMessage('{toString}{constructor}', vars)).toBe('{toString}!')
    expect(formatMessage('{a}', { a: '{a}' })).toBe('{a}')
  })
})

describe('mapClerkError', () => {
  const apiError = (code: string, paramName?: string, longMessage = 'Clerk says no') =>
    ({ code, message: 'msg', longMessage, meta: paramName ? { paramName } : {} })

  it.each([
    ['form_code_incorrect', 'code', defaultMessages.codeIncorrect],
    ['verification_expired', 'code', defaultMessages.codeExpired],
    ['form_password_incorrect', 'password', defaultMessages.passwordIncorrect],
    ['form_identifier_not_found', 'identifier', defaultMessages.identifierNotFound],
    ['too_many_requests', null, defaultMessages.tooManyRequests],
    // Clerk's two documented rate-limit codes (clerk.com/docs/errors/rate-limits).
    ['verification_code_too_many_requests', null, defaultMessages.tooManyRequests],
  ] as const)('translates %s', (code, field, message) => {
    expect(mapClerkError(apiError(code))).toEqual({ field, message, code })
  })

  it('reads the first error of a ClerkAPIResponseError', () => {
    const error = Object.assign(new Error('x'), { errors: [apiError('form_code_incorrect', 'code')], status: 422 })
    expect(mapClerkError(error)).toMatchObject({ field: 'code', message: defaultMessages.codeIncorrect })
  })

  it('uses meta.paramName for the field of unknown codes and keeps Clerk\'s text', () => {
    expect(mapClerkError(apiError('form_param_format_invalid', 'identifier', '<b>bad</b>')))
      .toEqual({ field: 'identifier', message: '<b>bad</b>', code: 'form_param_format_invalid' })
  })

  it('falls back to message, then to the generic error', () => {
    expect(mapClerkError({ code: 'weird', message: 'Weird' })).toMatchObject({ field: null, message: 'Weird' })
    expect(mapClerkError({})).toMatchObject({ message: defaultMessages.genericError })
    expect(mapClerkError(null)).toMatchObject({ message: defaultMessages.genericError })
  })

  it('recognises network failures and 429', () => {
    expect(mapClerkError(new TypeError('Failed to fetch')).message).toBe(defaultMessages.networkError)
    expect(mapClerkError({ status: 429, errors: [] }).message).toBe(defaultMessages.tooManyRequests)
  })

  it('uses overridden messages', () => {
    const messages = { ...defaultMessages, codeIncorrect: 'Falsch' }
    expect(mapClerkError(apiError('form_code_incorrect'), messages).message).toBe('Falsch')
  })
})
