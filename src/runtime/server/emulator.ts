import { defineEventHandler } from 'h3'
import type { EventHandler } from 'h3'
import { useRuntimeConfig } from '#imports'
// Aliased by the module to src/emulator (dev) or dist/emulator (published). This
// handler is only registered in `nuxi dev` and test builds, so production bundles
// never contain the emulator.
import { createClerkEmulator } from '#client-trust-emulator'

let handler: EventHandler | undefined

// Registered as a middleware ahead of @clerk/nuxt's, so it sees every request: it answers
// those under the emulator's path and lets everything else through untouched.
export default defineEventHandler((event) => {
  const config = useRuntimeConfig(event).clientTrustEmulator as Parameters<typeof createClerkEmulator>[0] & { basePath: string }
  const path = event.path.split('?')[0] ?? ''
  if (path !== config.basePath && !path.startsWith(`${config.basePath}/`)) return
  handler ??= createClerkEmulator(config).handler
  return handler(event)
})
