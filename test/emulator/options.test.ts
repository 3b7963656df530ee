import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { EmulatorOptionsError, createClerkEmulator, startClerkEmulator, validateEmulatorOptions } from '../../src/emulator'
import { parseCliArgs } from '../../src/emulator/cli'
import { setupEmulator } from '../../src/setup/emulator'

// One validator for flags, config files, startClerkEmulator and the module.

const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.()
})

async function configFile(content: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'emu-options-'))
  cleanups.push(() => rm(dir, { recursive: true, force: true }))
  const file = join(dir, 'emulator.json')
  await writeFile(file, content)
  return file
}

/** What a config file with `content` makes `parseCliArgs` say (or 'accepted'). */
async function fromConfig(content: string): Promise<string> {
  const file = await configFile(content)
  try {
    parseCliArgs(['--config', file])
    return 'accepted'
  }
  catch (error) {
    return (error as Error).message.replaceAll(file, '<file>')
  }
}

describe('given a config file', () => {
  it.each([
    ['{"codes":"maybe"}', 'config file <file>: codes must be "fixed" or "random", not "maybe".'],
    ['{"port":"abc"}', 'config file <file>: port must be an integer from 0 to 65535, not "abc".'],
    ['{"maxBodyBytes":"abc"}', 'config file <file>: maxBodyBytes must be an integer from 1 to 67108864, not "abc".'],
    ['{"users":"jane"}', 'config file <file>: users must be an array of user objects, not "jane".'],
    ['{"host":"0.0.0.0"}', 'config file <file>: host must be "127.0.0.1" or "localhost" or "::1", not "0.0.0.0".'],
    ['{"origin":"http://localhost:3000/app"}', 'config file <file>: origin must be an origin such as "http://localhost:5173" (scheme, host and port, no path), or an array of them, not "http://localhost:3000/app".'],
    ['{"basePath":"/../etc"}', 'config file <file>: basePath must be a path such as "/__clerk" (or "" for none), not "/../etc".'],
    ['{"prot":4455}', /^config file <file>: unknown option prot \(known: basePath, users, .*port, host\)\.$/],
    ['{"port":', /^config file <file>: not valid JSON \(/],
    ['[]', 'config file <file>: options must be an object, not [].'],
    ['{"users":[{"emailAddress":"ops@example.com"}]}', 'config file <file>: users[0].password must be set, not missing.'],
    ['{"users":[{"password":"pw-123456"}]}', 'config file <file>: users[0] must be a user with an emailAddress, phoneNumber or username, not {"password":"pw-123456"}.'],
    ['{"users":[{"username":"mo","password":"pw","mfa":["totp"]}]}', 'config file <file>: users[0].totpSecret must be set when mfa has "totp", not missing.'],
    ['{"instance":{"lockout":{"maxAttempts":0}}}', 'config file <file>: instance.lockout.maxAttempts must be an integer from 1 to 10000, not 0.'],
    ['{"instance":{"rateLimits":{"signIns":{"requests":5}}}}', 'config file <file>: instance.rateLimits.signIns.windowSeconds must be set, not missing.'],
    ['{"instance":{"passwordSettings":{"minLength":6}}}', 'config file <file>: instance.passwordSettings.minLength must be an integer from 8 to 72, not 6.'],
    ['{"instance":{"passwordSettings":{"maxLength":128}}}', 'config file <file>: instance.passwordSettings.maxLength must be an integer from 8 to 72, not 128.'],
    ['{"instance":{"passwordSettings":{"minLength":72}}}', 'config file <file>: instance.passwordSettings.maxLength must be more than minLength (72): a password must be shorter than maxLength, not 72.'],
    ['{"instance":{"passwordSettings":{"minZxcvbnStrength":5}}}', 'config file <file>: instance.passwordSettings.minZxcvbnStrength must be an integer from 0 to 4, not 5.'],
    ['{"instance":{"passwordSettings":{"requireNumbers":"yes"}}}', 'config file <file>: instance.passwordSettings.requireNumbers must be true or false, not "yes".'],
    ['{"instance":{"passwordSettings":{"minimumLength":12}}}', /^config file <file>: instance\.passwordSettings\.minimumLength must be one of minLength, maxLength, .* \(unknown key\), not 12\.$/],
  ])('refuses %s and says which option and what it must be', async (content, message) => {
    const said = await fromConfig(content)
    if (typeof message === 'string') expect(said).toBe(message)
    else expect(said).toMatch(message)
  })

  it('reports every bad option at once', async () => {
    const said = await fromConfig('{"port":"abc","codes":"maybe"}')
    expect(said.split('\n')).toHaveLength(2)
  })

  it('accepts a good one unchanged, merged with the flags', async () => {
    const users = [{ emailAddress: 'ops@example.com', password: 'pw-123456', mfa: ['totp'], totpSecret: 'JBSWY3DPEHPK3PXP' }]
    const instance = { clientTrust: false, rateLimits: { attempts: false }, lockout: { maxAttempts: 5 }, passwordSettings: { minLength: 12, requireNumbers: true } }
    const file = await configFile(JSON.stringify({ users, instance, codes: 'random', basePath: '/__clerk' }))
    expect(parseCliArgs(['--config', file, '--port', '0'])).toEqual({ port: 0, users, instance, codes: 'random', basePath: '/__clerk' })
  })
})

describe('given flags', () => {
  it('names the flag as typed', () => {
    expect(() => parseCliArgs(['--base-path', '/a b'])).toThrow('the command line: --base-path must be a path such as "/__clerk" (or "" for none), not "/a b".')
    expect(() => parseCliArgs(['--host', '0.0.0.0'])).toThrow('the command line: --host must be "127.0.0.1" or "localhost" or "::1", not "0.0.0.0".')
    expect(() => parseCliArgs(['--origin', 'localhost:3000'])).toThrow(/--origin must be an origin/)
  })
})

describe('given options in code', () => {
  it('refuses them in createClerkEmulator and startClerkEmulator with the same messages', async () => {
    expect(() => createClerkEmulator({ users: 'jane' as never })).toThrow('createClerkEmulator: users must be an array of user objects, not "jane".')
    expect(() => createClerkEmulator({ maxClients: -1 })).toThrow(EmulatorOptionsError)
    await expect(startClerkEmulator({ port: 'abc' as never })).rejects.toThrow('startClerkEmulator: port must be an integer from 0 to 65535, not "abc".')
    await expect(startClerkEmulator({ logger: 'console' as never })).rejects.toThrow('startClerkEmulator: logger must be a function, not "console".')
    // port and host belong to startClerkEmulator only.
    expect(() => createClerkEmulator({ port: 1 } as never)).toThrow(/unknown option port/)
  })

  it('lets absent options take their defaults', () => {
    expect(validateEmulatorOptions({ users: undefined, codes: undefined }, { source: 'test' })).toEqual({ users: undefined, codes: undefined })
  })

  it('refuses them in the Nuxt module, named as nuxt.config spells them', async () => {
    const call = (emulator: Record<string, unknown>) => setupEmulator({ path: '/__clerk', ...emulator } as never, {} as never, {} as never)
    await expect(call({ users: 'jane' })).rejects.toThrow('[nuxt-clerk-client-trust]: clientTrust.emulator.users must be an array of user objects, not "jane".')
    await expect(call({ codes: 'maybe' })).rejects.toThrow('clientTrust.emulator.codes must be "fixed" or "random"')
    await expect(call({ path: 'x/../y' })).rejects.toThrow('clientTrust.emulator.path must be a path')
    await expect(call({ instance: { lockout: { durationMinutes: 'long' } } })).rejects.toThrow('clientTrust.emulator.instance.lockout.durationMinutes must be an integer')
  })
})
