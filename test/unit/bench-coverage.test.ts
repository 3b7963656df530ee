// The bench's coverage pass (test/bench/coverage.ts) says which bytes of our code the email/SMS
// path ran; its weight report rests on this reading of V8's nested ranges.
import { describe, expect, it } from 'vitest'
import { ranBytes } from '../bench/coverage'

const ran = (bytes: Uint8Array) => [...bytes].join('')

describe('ranBytes, given V8 block coverage of one script', () => {
  it('takes each byte\'s count from the innermost range holding it, whatever order the functions come in', () => {
    const script = {
      url: 'x.js',
      functions: [
        // a function never called, listed before the script's own range
        { ranges: [{ startOffset: 14, endOffset: 18, count: 0 }] },
        { ranges: [{ startOffset: 0, endOffset: 20, count: 1 }] },
        // a function called twice, with a branch it never took
        { ranges: [{ startOffset: 2, endOffset: 12, count: 2 }, { startOffset: 5, endOffset: 9, count: 0 }] },
      ],
    }
    expect(ran(ranBytes(script, 20))).toBe('11111000011111000011')
  })

  it('counts a called function inside a block that never ran as run', () => {
    const script = {
      url: 'x.js',
      functions: [
        { ranges: [{ startOffset: 0, endOffset: 10, count: 1 }, { startOffset: 2, endOffset: 8, count: 0 }] },
        { ranges: [{ startOffset: 4, endOffset: 6, count: 1 }] },
      ],
    }
    expect(ran(ranBytes(script, 10))).toBe('1100110011')
  })
})
