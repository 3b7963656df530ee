import type { ClientTrustFactor, EmulatorInstance, EmulatorUser } from '../types'

/** The code `codes: 'fixed'` sends. */
export const EMULATOR_FIXED_CODE = '424242'

/** Base32 TOTP secret of the seeded MFA user `mia@example.com`. */
export const SEEDED_TOTP_SECRET = 'JBSWY3DPEHPK3PXP'

/** Users available when no `users` option is given; all use the password `correct-horse`. */
export const seededUsers: EmulatorUser[] = [
  { emailAddress: 'jane@example.com', username: 'jane', password: 'correct-horse', firstName: 'Jane', lastName: 'Doe' },
  { phoneNumber: '+15555550100', username: 'phil', password: 'correct-horse', firstName: 'Phil' },
  {
    emailAddress: 'mia@example.com',
    phoneNumber: '+15555550111',
    password: 'correct-horse',
    firstName: 'Mia',
    mfa: ['totp', 'phone_code', 'backup_code'],
    totpSecret: SEEDED_TOTP_SECRET,
    backupCodes: ['backup-0001', 'backup-0002', 'backup-0003'],
  },
  { emailAddress: 'lee@example.com', password: 'correct-horse', firstName: 'Lee', clientTrust: ['email_link'] },
  // Client trust by email or SMS: the form offers "Use another method".
  { emailAddress: 'sam@example.com', phoneNumber: '+15555550122', password: 'correct-horse', firstName: 'Sam' },
  // MFA by email code (or a backup code).
  { emailAddress: 'ella@example.com', password: 'correct-horse', firstName: 'Ella', mfa: ['email_code', 'backup_code'], backupCodes: ['backup-0004', 'backup-0005'] },
  // Signs in to a `pending` session with the `choose-organization` task (after the new-device code).
  { emailAddress: 'otto@example.com', password: 'correct-horse', firstName: 'Otto', tasks: ['choose-organization'] },
  // A locked account: any password answers `user_locked`.
  { emailAddress: 'rex@example.com', password: 'correct-horse', firstName: 'Rex', locked: true },
  // Must reset the password: the sign-in stops at `needs_new_password`.
  { emailAddress: 'nina@example.com', password: 'correct-horse', firstName: 'Nina', needsNewPassword: true },
]

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

/** Finds a user by email (case-insensitive), E.164 phone (spaces and dashes ignored) or username. */
export function findUser(users: UserRecord[], identifier: string): UserRecord | undefined {
  const wanted = identifier.trim().toLowerCase()
  if (!wanted) return undefined
  const phone = wanted.replace(/[\s\-().]/g, '')
  return users.find(({ source }) =>
    source.emailAddress?.toLowerCase() === wanted
    || (source.phoneNumber !== undefined && source.phoneNumber.replace(/[\s\-().]/g, '') === phone)
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

/** One line per user for banners and the CLI: identifiers and what a new device goes through. */
export function describeUsers(users: readonly EmulatorUser[]): string[] {
  return users.map((user) => {
    const ids = [user.emailAddress, user.phoneNumber, user.username].filter(Boolean).join(' | ')
    const how = user.locked
      ? 'locked'
      : user.needsNewPassword
        ? 'must reset the password'
        : user.mfa?.length
          ? `MFA ${user.mfa.join('/')}`
          : `new device: ${(user.clientTrust ?? [...(user.emailAddress ? ['email_code'] : []), ...(user.phoneNumber ? ['phone_code'] : [])]).join(' or ')}`
    return `${ids}  (${how}${user.tasks?.length ? `, then task ${user.tasks.join(', ')}` : ''})`
  })
}
