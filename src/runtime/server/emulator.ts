import { defineEventHandler } from 'h3'
import type { EventHandler } from 'h3'
import { useRuntimeConfig } from '#imports'
// Aliased by the module to src/emulator (dev) or dist/emulator (published). This
// handler is only registered in `nuxi dev` and test builds, so production bundles
// never contain the emulator.
import { createClerkEmulator } from '#client-trust-emulator'

let handler: EventHandler | undefined

export default defineEventHandler((event) => {
  if (!handler) {
    const config = useRuntimeConfig(event).clientTrustEmulator as Parameters<typeof createClerkEmulator>[0]
    handler = createClerkEmulator(config).handler
  }
  return handler(event)
})
