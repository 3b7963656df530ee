import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { freePort, repoRoot, run, startServer } from '../helpers/processes'
import { tempDir, userEnv } from './apps'
import { launch } from './browser'
import { commands, readme } from './readme'

// The README's first two commands on a clean clone of HEAD: `npm install && npm run dev`
// must serve a working sign-in with no other step.

describe('given a fresh clone of this repository', () => {
  let browser: Browser | undefined
  afterAll(async () => {
    await browser?.close()
  })

  it('`npm install && npm run dev` serves the playground\'s sign-in, and Clerk loads in it', async () => {
    const first = readme().split('\n## ')[0]!
    expect(commands(first).slice(0, 2)).toEqual(['npm install', 'npm run dev'])

    const clone = join(tempDir('clone'), 'repo')
    const cloned = await run('git', ['clone', '--quiet', repoRoot, clone], { env: userEnv(), timeoutMs: 120_000 })
    expect(cloned.code, cloned.output).toBe(0)
    const installed = await run('npm', ['install', '--prefer-offline'], { cwd: clone, env: userEnv(), timeoutMs: 900_000 })
    expect(installed.code, installed.output.slice(-4000)).toBe(0)

    const port = await freePort()
    const base = `http://localhost:${port}`
    const dev = await startServer('npm', ['run', 'dev', '--', '--port', String(port)], `${base}/sign-in`, {
      cwd: clone,
      env: userEnv(),
      timeoutMs: 300_000,
      ready: status => status === 200,
    })
    try {
      const html = await (await fetch(`${base}/sign-in`)).text()
      expect(html).toContain('autocomplete="username"')
      browser ??= await launch()
      const page = await browser.newPage()
      await page.goto(`${base}/sign-in`)
      await page.locator('.cts[data-step="credentials"]').waitFor({ timeout: 120_000 })
      await page.close()
    }
    finally {
      await dev.stop()
    }
  })
})
