import { describe, expect, it } from 'vitest'
import { defaultMessages } from '../../src/runtime/core/messages'
import { fr } from '../../src/vue'

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map(m => m[1]).sort()

describe('given the French messages', () => {
  it('translate every English key, no more, none empty', () => {
    expect(Object.keys(fr).sort()).toEqual(Object.keys(defaultMessages).sort())
    expect(Object.entries(fr).filter(([, text]) => !text.trim())).toEqual([])
  })

  it('keep every placeholder of the English text ({identifier}, {seconds}, {minutes})', () => {
    for (const key of Object.keys(defaultMessages) as Array<keyof typeof defaultMessages>) {
      expect(placeholders(fr[key]), key).toEqual(placeholders(defaultMessages[key]))
    }
  })
})
