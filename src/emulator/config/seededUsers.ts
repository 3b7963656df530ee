import type { EmulatorUser } from '../types'

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
