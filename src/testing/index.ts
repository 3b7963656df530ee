// nuxt-clerk-client-trust/testing: sign in through Clerk's new-device check (and MFA), or reset
// a forgotten password, in one call from your own tests, against the emulator or a development
// instance in test mode.
// Playwright (playwright-core or @playwright/test) and @nuxt/test-utils are optional peers:
// this file imports their types only, and loads @nuxt/test-utils when its helper is called.

export type { EmulatorScenario, OutboxEntry, OutboxPurpose, RecordedRequest, EmulatorUser } from '../emulator/types'
export { totpCode } from '../emulator/tokens/totp'
export type { EmulatorClient, EmulatorRef, LastCodeOptions } from './emulatorClient'
export { emulatorAt } from './emulatorClient'
export { TestingError } from './errors'
export type { SignInOptions, SignInResult } from './signIn'
export { signIn } from './signIn'
export type { ResetPasswordOptions, ResetPasswordResult, ResetPasswordStrategy } from './resetPassword'
export { resetPassword } from './resetPassword'
export type { EmulatorTarget, ScenarioHandle } from './session'
export { emulatorOf, forgetDevice, lastCode, signOut, useScenario } from './session'
export type { Backend } from './testMode'
export { CLERK_TEST_CODE, detectBackend, isClerkTestIdentifier } from './testMode'
export type { NuxtEmulatorOptions, SetupWithEmulatorOptions } from './nuxt'
export { setupWithClerkEmulator, withClerkEmulator } from './nuxt'
export type { EmulatorGlobalSetupOptions, ProvidedClerkEmulator } from './vite'
export { clerkEmulatorGlobalSetup } from './vite'
