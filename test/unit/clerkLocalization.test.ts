import * as clerkLocales from '@clerk/localizations'
import type { LocalizationResource } from '@clerk/shared/types'
import { describe, expect, it } from 'vitest'
import { CLERK_SOURCES, directionOf, fillClerkPlaceholders, messagesFromClerk } from '../../src/runtime/core/clerkLocalization'
import type { ClerkReader } from '../../src/runtime/core/clerkLocalization'
import { formatMessage } from '../../src/runtime/core/messages'
import { defaultMessages } from '../../src/runtime/core/defaultMessages'
import type { Messages } from '../../src/runtime/core/messages'

// Every language @clerk/localizations ships maps completely onto our messages.

const locales = Object.entries(clerkLocales as Record<string, LocalizationResource>)
const keys = Object.keys(defaultMessages) as Array<keyof Messages>
const ours = (text: string) => [...text.matchAll(/(?<!\{)\{(\w+)\}(?!\})/g)].map(m => m[1]).sort()

/** The property path a reader walks, recorded by a proxy that answers every key. */
function pathOf(read: ClerkReader): string[] {
  const paths: string[][] = []
  const record = (path: string[]): unknown => new Proxy({}, {
    get: (_target, key) => {
      if (typeof key === 'symbol') return undefined
      const next = [...path, key]
      paths.push(next)
      return record(next)
    },
  })
  read(record([]) as LocalizationResource)
  return paths.reduce((longest, p) => p.length > longest.length ? p : longest, [] as string[])
}

function hasPath(resource: object, path: string[]): boolean {
  let node: unknown = resource
  for (const key of path) {
    if (!node || typeof node !== 'object' || !(key in node)) return false
    node = (node as Record<string, unknown>)[key]
  }
  return true
}

describe('given every locale of @clerk/localizations', () => {
  it('finds them all (50 in 4.18)', () => {
    expect(locales.length).toBeGreaterThanOrEqual(50)
    expect(locales.map(([, r]) => r.locale)).toContain('ar-SA')
  })

  describe.each(locales)('%s', (_name, resource) => {
    const messages = messagesFromClerk(resource, { applicationName: 'Acme' })

    it('resolves every message key to a non-empty string', () => {
      expect(Object.keys(messages).sort()).toEqual([...keys].sort())
      expect(keys.filter(key => typeof messages[key] !== 'string' || !messages[key].trim())).toEqual([])
    })

    it('leaves no Clerk {{placeholder}} unfilled, and only our own {placeholders} of that key', () => {
      for (const key of keys) {
        expect(messages[key], key).not.toMatch(/\{\{|\}\}/)
        expect(ours(messages[key]).every(name => ours(defaultMessages[key]).includes(name)), `${key}: ${messages[key]}`).toBe(true)
      }
      // The countdowns must count.
      expect(formatMessage(messages.resendIn, { seconds: 7 })).toContain('7')
      expect(formatMessage(messages.resendLinkIn, { seconds: 7 })).toContain('7')
    })

    it('leaves no {{placeholder}} either before the application name is known (server render)', () => {
      const early = messagesFromClerk(resource)
      expect(keys.filter(key => /\{\{|\}\}/.test(early[key]))).toEqual([])
      // Clerk's title when it needs no name, else "Sign in" in that language (the sign-up
      // card's link): never English, never half a sentence.
      const title = resource.signIn?.start?.title
      expect(early.signInTitle).toBe(title && !title.includes('{{') ? title : resource.signUp?.start?.actionLink)
    })
  })
})

describe('given the adapter\'s table', () => {
  it('reads only keys that exist in Clerk\'s reference resource (enUS), each one named once per source', () => {
    const read = keys.flatMap(key => CLERK_SOURCES[key].map(reader => ({ key, path: pathOf(reader) })))
    expect(read.length).toBeGreaterThan(40)
    expect(read.filter(({ path }) => path.length === 0)).toEqual([])
    expect(pathOf(r => r.signIn?.emailCodeMfa?.title)).toEqual(['signIn', 'emailCodeMfa', 'title'])
    expect(hasPath(clerkLocales.enUS, ['signIn', 'emailCodeMfa', 'noSuchTitle'])).toBe(false)
    const missing = read.filter(({ path }) => !hasPath(clerkLocales.enUS, path)).map(({ key, path }) => `${key} ← ${path.join('.')}`)
    expect(missing).toEqual([])
  })

  it('is typed against LocalizationResource: an unknown key does not compile', () => {
    // @ts-expect-error `noSuchTitle` is not a key of Clerk's signIn.start: renames upstream fail vue-tsc like this.
    const unknown: ClerkReader = r => r.signIn?.start?.noSuchTitle
    expect(unknown(clerkLocales.enUS)).toBeUndefined()
  })

  it('takes app overrides first, then the Clerk resource, then English', () => {
    const partial: LocalizationResource = { locale: 'xx-XX', formButtonPrimary: 'Weiter', formFieldLabel__password: 'Kennwort' }
    const messages = messagesFromClerk(partial, { overrides: { passwordLabel: 'Geheimwort' } })
    expect(messages.continue).toBe('Weiter')
    expect(messages.passwordLabel).toBe('Geheimwort')
    expect(messages.verify).toBe(defaultMessages.verify)
    // An empty override or an empty Clerk string is no text: the chain goes on.
    expect(messagesFromClerk({ formButtonPrimary: ' ' }, { overrides: { continue: '' } }).continue).toBe(defaultMessages.continue)
    expect(messagesFromClerk(null)).toEqual(defaultMessages)
  })

  it('follows deDE word for word on the new-device screens', () => {
    const de = messagesFromClerk(clerkLocales.deDE, { applicationName: 'Acme' })
    expect(de.signInTitle).toBe(clerkLocales.deDE.signIn!.start!.title!.replace('{{applicationName}}', 'Acme'))
    expect(de.newDeviceNotice).toBe(clerkLocales.deDE.signIn!.newDeviceVerificationNotice)
    expect(de.verifyTitle).toBe(clerkLocales.deDE.signIn!.emailCodeMfa!.title)
    expect(de.codeIncorrect).toBe(clerkLocales.deDE.unstable__errors!.form_code_incorrect)
    expect(formatMessage(de.methodEmailCode, { identifier: 'j***@example.com' })).toContain('j***@example.com')
  })
})

describe('fillClerkPlaceholders', () => {
  it('fills the application name, turns {{identifier}} into ours, and refuses what it cannot fill', () => {
    expect(fillClerkPlaceholders('Sign in to {{applicationName}}', { applicationName: 'Acme' })).toBe('Sign in to Acme')
    expect(fillClerkPlaceholders('Code to {{ identifier }}')).toBe('Code to {identifier}')
    expect(fillClerkPlaceholders('Sign in to {{applicationName}}')).toBeUndefined()
    expect(fillClerkPlaceholders('Continue with {{provider|titleize}}', { applicationName: 'Acme' })).toBeUndefined()
  })
})

describe('directionOf', () => {
  it('is rtl exactly for Clerk\'s Arabic, Hebrew and Persian', () => {
    const rtl = locales.map(([, r]) => r.locale!).filter(locale => directionOf(locale) === 'rtl').sort()
    expect(rtl).toEqual(['ar-SA', 'fa-IR', 'he-IL'])
    expect(directionOf('ur_PK')).toBe('rtl')
    expect(directionOf('de')).toBe('ltr')
  })
})
