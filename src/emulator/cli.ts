import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { startClerkEmulator } from './index'
import { parseConfigFile, validateEmulatorOptions } from './config/options'
import type { RunningClerkEmulator, StartClerkEmulatorOptions } from './types'
import { describeUsers } from './config/seededUsers'

const USAGE = `Usage: nuxt-clerk-client-trust-emulator [options]

A local Clerk Frontend API for the real clerk-js. Never expose it: it listens on loopback only.

  --port <n>          port, 0 = random (default 4455)
  --host <host>       127.0.0.1, localhost or ::1 (default: the host of --origin when it is
                      one of these, so the page and the emulator are one site and the
                      client cookie survives; else 127.0.0.1)
  --config <file>     JSON with emulator options (users, instance, codes, fixedCode, origin, basePath, port, host)
  --origin <url>      the app's origin, allowed to call with credentials (CORS), e.g.
                      http://localhost:5173; repeat or comma-separate for more
  --base-path <path>  path prefix, e.g. /__clerk (default none)
  --codes <mode>      fixed (424242, default) or random
  --help              this text`

/** Parses CLI arguments into emulator options; throws a message for the user on bad input. */
export function parseCliArgs(argv: string[], cwd = process.cwd()): StartClerkEmulatorOptions & { help?: boolean } {
  let options: StartClerkEmulatorOptions & { help?: boolean } = { port: 4455 }
  const origins: string[] = []
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? ''
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined]
    const value = () => {
      const next = inline ?? argv[++i]
      if (next === undefined) throw new Error(`${flag} needs a value`)
      return next
    }
    switch (flag) {
      case '--help':
      case '-h':
        options.help = true
        break
      case '--port': {
        const port = Number(value())
        if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error('--port must be an integer 0-65535')
        options.port = port
        break
      }
      case '--host':
        options.host = value()
        break
      case '--config': {
        const file = resolve(cwd, value())
        options = { ...options, ...parseConfigFile(readFileSync(file, 'utf8'), file) }
        break
      }
      case '--origin':
        origins.push(...value().split(',').map(o => o.trim()).filter(Boolean))
        break
      case '--base-path':
        options.basePath = value()
        break
      case '--codes': {
        const mode = value()
        if (mode !== 'fixed' && mode !== 'random') throw new Error('--codes must be fixed or random')
        options.codes = mode
        break
      }
      default:
        throw new Error(`Unknown option ${arg}`)
    }
  }
  if (origins.length) options.origin = origins
  // The same checks as a config file and startClerkEmulator, naming the flag (`--base-path`).
  return options.help ? options : validateEmulatorOptions(options, { source: 'the command line', kind: 'start', name: key => `--${key.replace(/[A-Z]/g, c => `-${c.toLowerCase()}`)}` })
}

/** Starts the emulator from CLI arguments and prints how to point clerk-js at it. */
export async function runCli(argv: string[], print: (line: string) => void = console.log): Promise<RunningClerkEmulator | undefined> {
  const options = parseCliArgs(argv)
  if (options.help) {
    print(USAGE)
    return undefined
  }
  const emulator = await startClerkEmulator(options)
  const origins = emulator.origins
  print(`Clerk emulator listening on ${emulator.url} (loopback only)`)
  print(origins.length
    ? `  for pages on ${origins.join(', ')}`
    : '  no --origin: only pages on this same origin may call it (e.g. --origin http://localhost:5173 for Vite)')
  print(`  publishable key: ${emulator.publishableKey}`)
  print(`  proxyUrl:        ${emulator.proxyUrl}`)
  print(`  dashboard:       ${emulator.proxyUrl}/ (outbox, users, scenarios, requests)`)
  print(`  outbox:          ${emulator.proxyUrl}/_outbox`)
  print('')
  print('  For a Vite app, in .env.development.local:')
  print(`    VITE_CLERK_PUBLISHABLE_KEY=${emulator.publishableKey}`)
  print(`    VITE_CLERK_PROXY_URL=${emulator.proxyUrl}`)
  print('')
  print(options.users ? '  users:' : '  users (password correct-horse):')
  for (const line of describeUsers(emulator.users())) print(`    ${line}`)
  return emulator
}

/** Entry of `bin/emulator.mjs`: runs until SIGINT/SIGTERM. */
export async function main(argv = process.argv.slice(2)): Promise<void> {
  let emulator: RunningClerkEmulator | undefined
  try {
    emulator = await runCli(argv)
  }
  catch (error) {
    console.error(`clerk-emulator: ${error instanceof Error ? error.message : String(error)}`)
    console.error('Run with --help for usage.')
    process.exitCode = 1
    return
  }
  if (!emulator) return
  const running = emulator
  const stop = () => {
    running.close().finally(() => process.exit(0))
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}
