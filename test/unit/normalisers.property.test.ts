import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { normalizeBackupCode } from '../../src/runtime/core/factors'
import { detectIdentifierKind, normalizeCode, normalizePhone, passwordParams } from '../../src/runtime/core/flow'
import { displayableError, mapClerkError, retryAfterSeconds } from '../../src/runtime/core/errors'

// Anything a person (or a password manager, or a fuzzer) can put in the fields.
const anyText = fc.oneof(
  fc.string({ maxLength: 64 }),
  fc.string({ unit: 'grapheme', maxLength: 32 }),
  fc.string({ unit: 'binary', maxLength: 32 }),
  fc.string({ maxLength: 10_000, minLength: 9_000 }),
)

describe('normalizeCode, for any input', () => {
  it('never throws, and accepts only six ASCII digits', () => {
    fc.assert(fc.property(anyText, (input) => {
      const result = normalizeCode(input)
      if (result.ok) expect(result.code).toMatch(/^\d{6}$/)
    }), { numRuns: 1500 })
  })

  it('accepts every six-digit code however it is spaced or dashed', () => {
    const separator = fc.constantFrom('', ' ', '-', '  ', ' - ', '\t')
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 6, maxLength: 6 }), fc.array(separator, { minLength: 7, maxLength: 7 }), (digits, seps) => {
      const typed = digits.map((d, i) => seps[i] + String(d)).join('') + seps[6]
      const result = normalizeCode(typed)
      expect(result.ok).toBe(true)
      if (result.ok) expect(result.code).toBe(digits.join(''))
    }))
  })
})

describe('identifier normalisers, for any input', () => {
  it('never throw and always pick exactly one identifier key for Clerk', () => {
    fc.assert(fc.property(anyText, fc.constantFrom('auto', 'email', 'phone', 'username') as fc.Arbitrary<'auto' | 'email' | 'phone' | 'username'>, (input, option) => {
      expect(['email', 'phone', 'username']).toContain(detectIdentifierKind(input, option))
      const params = passwordParams(input, 'pw', option) as unknown as Record<string, unknown>
      const keys = Object.keys(params).filter(k => k !== 'password')
      expect(keys).toHaveLength(1)
      const phone = normalizePhone(input)
      if (phone !== null) expect(phone).toMatch(/^\+\d+$/)
    }), { numRuns: 1500 })
  })
})

describe('normalizeBackupCode, for any input', () => {
  it('never throws, and accepts only a trimmed code of at most 64 characters without whitespace', () => {
    fc.assert(fc.property(anyText, (input) => {
      const result = normalizeBackupCode(input)
      if (result.ok) {
        expect(result.code).toBe(input.trim())
        expect(result.code.length).toBeGreaterThan(0)
        expect(result.code.length).toBeLessThanOrEqual(64)
        expect(result.code).not.toMatch(/\s/)
      }
    }), { numRuns: 1500 })
  })
})

describe('error messages, for anything clerk-js (or a broken answer) may produce', () => {
  it('never throw and always give a non-empty text to show', () => {
    const clerkish = fc.record({
      code: fc.option(fc.string(), { nil: undefined }),
      message: fc.option(fc.string(), { nil: undefined }),
      longMessage: fc.option(fc.string(), { nil: undefined }),
      status: fc.option(fc.integer({ min: 100, max: 599 }), { nil: undefined }),
      meta: fc.option(fc.dictionary(fc.string(), fc.anything()), { nil: undefined }),
    }, { requiredKeys: [] })
    const thrown = fc.oneof(fc.anything(), clerkish, fc.record({ errors: fc.array(fc.oneof(clerkish, fc.anything()), { maxLength: 3 }) }), fc.string().map(m => new Error(m)))
    fc.assert(fc.property(thrown, (error) => {
      const shown = mapClerkError(displayableError(error))
      expect(typeof shown.message).toBe('string')
      expect(shown.message.trim()).not.toBe('')
      expect(retryAfterSeconds(error) === null || (retryAfterSeconds(error)! >= 1 && retryAfterSeconds(error)! <= 3600)).toBe(true)
    }), { numRuns: 1000 })
  }, 20_000)
})
