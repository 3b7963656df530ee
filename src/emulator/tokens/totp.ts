import { createHmac, timingSafeEqual } from 'node:crypto'

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'

function base32Decode(secret: string): Buffer {
  const clean = secret.toUpperCase().replace(/[\s=-]/g, '')
  let bits = 0
  let value = 0
  const out: number[] = []
  for (const ch of clean) {
    const index = ALPHABET.indexOf(ch)
    if (index < 0) throw new Error(`Invalid base32 character in TOTP secret: ${ch}`)
    value = (value << 5) | index
    bits += 5
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xFF)
      bits -= 8
    }
  }
  return Buffer.from(out)
}

/** RFC 6238 code (SHA-1, 6 digits, 30 s steps) for the time `now` in epoch milliseconds. */
export function totpCode(secret: string, now: number, stepOffset = 0): string {
  const counter = Math.floor(now / 30_000) + stepOffset
  const message = Buffer.alloc(8)
  message.writeBigUInt64BE(BigInt(counter))
  const hmac = createHmac('sha1', base32Decode(secret)).update(message).digest()
  const offset = (hmac[hmac.length - 1] ?? 0) & 0x0F
  const binary = hmac.readUInt32BE(offset) & 0x7FFFFFFF
  return String(binary % 1_000_000).padStart(6, '0')
}

/** Accepts the current step and one on either side, as authenticator apps drift. */
export function verifyTotp(secret: string, code: string, now: number): boolean {
  const given = Buffer.from(code.trim())
  return [-1, 0, 1].some((offset) => {
    const expected = Buffer.from(totpCode(secret, now, offset))
    return expected.length === given.length && timingSafeEqual(expected, given)
  })
}
