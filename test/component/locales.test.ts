import { frFR } from '@clerk/localizations'
import { describe, expect, it } from 'vitest'
import { messagesFromClerk } from '../../src/runtime/core/clerkLocalization'
import { defaultMessages } from '../../src/runtime/core/defaultMessages'
import type { Messages } from '../../src/runtime/core/messages'
import { fr } from '../../src/vue'

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map(m => m[1]).sort()

describe('given the French messages', () => {
  it('hold exactly what Clerk\'s frFR has no text for, none empty', () => {
    const fromClerk = messagesFromClerk(frFR, { applicationName: 'Acme' })
    const leftEnglish = (Object.keys(defaultMessages) as Array<keyof Messages>).filter(key => fromClerk[key] === defaultMessages[key])
    expect(Object.keys(fr).sort()).toEqual(leftEnglish.sort())
    expect(Object.entries(fr).filter(([, text]) => !text?.trim())).toEqual([])
  })

  it('keep every placeholder of the English text ({minutes})', () => {
    for (const [key, text] of Object.entries(fr) as Array<[keyof Messages, string]>) {
      expect(placeholders(text), key).toEqual(placeholders(defaultMessages[key]))
    }
  })

  it('make, with frFR, a form with no English left', () => {
    const messages = messagesFromClerk(frFR, { applicationName: 'Acme', overrides: fr })
    const english = (Object.keys(defaultMessages) as Array<keyof Messages>).filter(key => messages[key] === defaultMessages[key])
    expect(english).toEqual([])
  })
})
