import { randomBytes } from 'node:crypto'
import type { EmulatorRequest } from '../http/request'
import type { EmulatorState } from '../state/emulatorState'
import type { EmulatorUser } from '../types'
import type { UserRecord } from '../state/users'
import { buildUserRecords, findUser, normalizePhone } from '../state/users'

// Strict user enumeration protection for a sign-in created with an identifier alone (what
// "Forgot password?" starts with: clerk-js `signIn.create({ identifier })`). Under strict, Clerk
// never tells whether an identifier has an account before it is verified: a code strategy for
// an unknown one "shows the verification screen" without sending a code (clerk/clerk-docs
// `docs/guides/secure/user-enumeration-protection.mdx`, "Strict user enumeration protection"),
// and the sign-in "advertises every first factor the instance supports, password included"
// (clerk/javascript `packages/ui/src/utils/warnAboutPasswordInSignInOrUpFlow.ts`). The emulator
// answers with a stand-in account: the sign-in looks like a real one (`needs_first_factor`,
// masked factors for the typed email or phone), its reset code goes nowhere, and every code
// or password tried on it is wrong.

/** Stand-ins kept at most; the oldest goes first (each is a few strings). */
const MAX_STAND_INS = 10_000

/** Whether `user` is a stand-in for an unknown identifier (nothing is ever sent to it). */
export function isStandIn(emulator: EmulatorState, user: UserRecord): boolean {
  return emulator.store.standIns.get(user.id) === user
}

/**
 * Under strict protection, a sign-in started with an identifier and no password for an
 * identifier with no account gets the same stand-in account each time (so its lockout counts as
 * a real one's); otherwise undefined, and the caller answers as before.
 */
export function standInUnderStrict(req: EmulatorRequest, identifier: string, password: string | undefined): UserRecord | undefined {
  if (req.emulator.instance.enumerationProtection !== 'strict' || password !== undefined) return undefined
  const { standIns } = req.emulator.store
  const known = findUser([...standIns.values()], identifier)
  if (known) return known
  const typed = identifier.trim()
  const isEmail = typed.includes('@')
  const isPhone = !isEmail && /^\+?[\d\s().-]{7,}$/.test(typed)
  const source: EmulatorUser = {
    ...(isEmail ? { emailAddress: typed.toLowerCase() } : isPhone ? { phoneNumber: normalizePhone(typed) } : { username: typed.toLowerCase() }),
    // A password nobody has: a password attempt on the stand-in is a wrong password.
    password: randomBytes(24).toString('base64url'),
  }
  // Ids shaped as a configured user's (users.ts), never one already taken.
  const taken = (id: string) => req.emulator.userById(id) !== undefined
  const first = buildUserRecords([source], req.emulator.now())[0]!.id
  let id = first
  for (let n = req.emulator.users.length; taken(id); n++) id = `${first}_${n}`
  const user = buildUserRecords([{ ...source, id }], req.emulator.now())[0]!
  standIns.set(user.id, user)
  if (standIns.size > MAX_STAND_INS) standIns.delete(standIns.keys().next().value!)
  return user
}
