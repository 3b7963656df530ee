import type { ClientTrustFactor, EmulatorInstance, EmulatorUser } from '../types'

// The users an emulator was given, with the ids Clerk's JSON needs, and the lookups the
// routes make; the seeded users themselves are an option's default (config/seededUsers.ts).

/** A user with the ids the wire format needs. */
export interface UserRecord {
  source: EmulatorUser
  id: string
  emailId: string | null
  phoneId: string | null
  createdAt: number
}

function slug(value: string): string {
  return value.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '').slice(0, 40) || 'user'
}

export function buildUserRecords(users: EmulatorUser[], now: number): UserRecord[] {
  const seen = new Set<string>()
  return users.map((user, index) => {
    const name = user.username ?? user.emailAddress?.split('@')[0] ?? user.phoneNumber ?? `user${index}`
    let id = user.id ?? `user_${slug(name)}`
    // Two users may share a local part; ids must stay unique.
    if (seen.has(id)) id = `${id}_${index}`
    seen.add(id)
    const key = id.replace(/^user_/, '')
    return {
      source: user,
      id,
      emailId: user.emailAddress ? `idn_email_${key}` : null,
      phoneId: user.phoneNumber ? `idn_phone_${key}` : null,
      createdAt: now - 86_400_000,
    }
  })
}

/** A phone number as typed, without the spaces, dashes and brackets people add. */
export function normalizePhone(value: string): string {
  return value.trim().replace(/[\s\-().]/g, '')
}

/** Finds a user by email (case-insensitive), E.164 phone (spaces and dashes ignored) or username. */
export function findUser(users: UserRecord[], identifier: string): UserRecord | undefined {
  const wanted = identifier.trim().toLowerCase()
  if (!wanted) return undefined
  const phone = normalizePhone(wanted)
  return users.find(({ source }) =>
    source.emailAddress?.toLowerCase() === wanted
    || (source.phoneNumber !== undefined && normalizePhone(source.phoneNumber) === phone)
    || source.username?.toLowerCase() === wanted,
  )
}

/** Client-trust factors a user is offered under the given instance settings. */
export function clientTrustFactors(user: EmulatorUser, instance: EmulatorInstance): ClientTrustFactor[] {
  const wanted: ClientTrustFactor[] = user.clientTrust ?? [
    ...(user.emailAddress ? ['email_code' as const] : []),
    ...(user.phoneNumber ? ['phone_code' as const] : []),
  ]
  return wanted.filter((factor) => {
    if (factor === 'phone_code') return instance.phoneCode && !!user.phoneNumber
    return !!user.emailAddress && (factor === 'email_link' || instance.emailCode)
  })
}

/** Masks an address like Clerk's `safe_identifier`: `j***@example.com`, `+1*******0100`. */
export function safeIdentifier(value: string): string {
  const at = value.indexOf('@')
  if (at > 0) return `${value[0]}***${value.slice(at)}`
  if (value.length <= 6) return '*'.repeat(value.length)
  return `${value.slice(0, 2)}${'*'.repeat(value.length - 6)}${value.slice(-4)}`
}
