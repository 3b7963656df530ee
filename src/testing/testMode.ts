import { TestingError } from './errors'

/** The code Clerk's test mode accepts for every test email address and test phone number. */
export const CLERK_TEST_CODE = '424242'

/** Clerk's Frontend API host suffixes of development instances. */
const DEV_SUFFIXES = ['.accounts.dev', '.lcl.dev', '.accountsstage.dev', '.clerkstage.dev', '.dev.lclclerk.com']

/**
 * Whether Clerk's test mode treats `identifier` as a test address: an email with the
 * `+clerk_test` subaddress (`jane+clerk_test@example.com`), or a fictional US number
 * `+1 (XXX) 555-0100` to `555-0199` (`+12015550100`).
 */
export function isClerkTestIdentifier(identifier: string): boolean {
  const value = identifier.trim()
  if (value.includes('@')) return /^[^@\s]+\+clerk_test@[^@\s]+$/i.test(value)
  return /^\+1\d{3}55501\d{2}$/.test(value.replace(/[\s\-().]/g, ''))
}

/** Throws the error a user can act on when `identifier` is not a Clerk test address; `who` starts it. */
export function assertClerkTestIdentifier(identifier: string, who = `signIn('${identifier}')`): void {
  if (isClerkTestIdentifier(identifier)) return
  throw new TestingError(
    `${who}: against a real Clerk instance the kit can only get codes for Clerk test-mode addresses, and '${identifier}' is not one. `
    + 'Use an email with the +clerk_test subaddress (jane+clerk_test@example.com) or a fictional phone number +1 (XXX) 555-0100 to 555-0199 (+12015550100): '
    + `Clerk sends them nothing and accepts the code ${CLERK_TEST_CODE}. Test mode is on by default in development instances (Clerk dashboard: Settings).`,
    'not_a_test_identifier',
  )
}

/** The Frontend API host a publishable key names (`pk_test_` + base64 of `<host>$`), or null. */
export function frontendApiOf(publishableKey: string): string | null {
  const match = /^pk_(?:test|live)_(.+)$/.exec(publishableKey)
  if (!match) return null
  try {
    const decoded = Buffer.from(match[1]!, 'base64').toString('utf8')
    return decoded.endsWith('$') ? decoded.slice(0, -1) : null
  }
  catch {
    return null
  }
}

/** Which back end a page's Clerk talks to: the local emulator, or a real Clerk instance in test mode. */
export type Backend = 'emulator' | 'clerk'

/**
 * Guesses the back end from the page's publishable key: a development instance's Frontend API
 * (`*.accounts.dev`, …) is real Clerk; any other `pk_test_` host is taken for the emulator.
 * A `pk_live_` key fails: production instances have no test mode by default, and a test suite
 * signing in to production is a mistake worth stopping.
 */
export function detectBackend(publishableKey: string): Backend {
  if (publishableKey.startsWith('pk_live_')) {
    throw new TestingError(
      'The page uses a production Clerk key (pk_live_): the testing kit signs in only against the emulator or a development instance (pk_test_) in test mode. '
      + 'Run your tests with your development keys, or with no key at all so the module runs the emulator.',
      'production_instance',
    )
  }
  const host = frontendApiOf(publishableKey)
  return host && DEV_SUFFIXES.some(suffix => host.endsWith(suffix)) ? 'clerk' : 'emulator'
}
