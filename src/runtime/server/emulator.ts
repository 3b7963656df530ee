import { defineEventHandler } from 'h3'
import type { EventHandler } from 'h3'
import { useRuntimeConfig } from '#imports'
// src/emulator in a checkout, dist/emulator once published. This handler is only
// registered in `nuxi dev` and test builds, so production bundles never contain the emulator.
import { createClerkEmulator } from '../../emulator/index'

let handler: EventHandler | undefined

// Registered as a middleware ahead of @clerk/nuxt's, so it sees every request: it answers
// those under the emulator's path and lets everything else through untouched.
export default defineEventHandler((event) => {
  const config = useRuntimeConfig(event).clientTrustEmulator as Parameters<typeof createClerkEmulator>[0] & { basePath: string }
  const path = event.path.split('?')[0] ?? ''
  if (path !== config.basePath && !path.startsWith(`${config.basePath}/`)) return
  // Nitro stores unset runtime-config values (users, instance) as '': pass them on as absent.
  const emulator = handler ??= createClerkEmulator(Object.fromEntries(Object.entries(config).filter(([, value]) => value !== ''))).handler
  return emulator(event)
})
