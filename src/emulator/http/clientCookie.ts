import { createHmac, timingSafeEqual } from 'node:crypto'

// Clerk's `__client` cookie is an opaque token signed with the instance key, never the client
// id that every answer shows to page scripts. Ours is `<payload>.<mac>`: the payload holds the
// id and a random per-client secret, the MAC is HMAC-SHA256 with a key derived from the
// instance's signing key. Knowing an id (or replaying it as a cookie) opens nothing.

const encode = (value: Buffer | string) => Buffer.from(value).toString('base64url')

function mac(key: Buffer, payload: string): Buffer {
  return createHmac('sha256', key).update(payload).digest()
}

/** The cookie value for client `id` with its secret `rotatingToken`. */
export function sealClientCookie(key: Buffer, id: string, rotatingToken: string): string {
  const payload = encode(JSON.stringify({ id, rt: rotatingToken }))
  return `${payload}.${encode(mac(key, payload))}`
}

/** `{ id, rotatingToken }` of a cookie this key signed, or null for anything else. */
export function openClientCookie(key: Buffer, value: string | undefined): { id: string, rotatingToken: string } | null {
  if (!value || value.length > 512) return null
  const [payload, signature, extra] = value.split('.')
  if (!payload || !signature || extra !== undefined) return null
  const given = Buffer.from(signature, 'base64url')
  const expected = mac(key, payload)
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null
  try {
    const parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { id?: unknown, rt?: unknown }
    return typeof parsed.id === 'string' && typeof parsed.rt === 'string' ? { id: parsed.id, rotatingToken: parsed.rt } : null
  }
  catch {
    return null
  }
}

/** Constant-time string comparison of the secret half. */
export function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a)
  const right = Buffer.from(b)
  return left.length === right.length && timingSafeEqual(left, right)
}
