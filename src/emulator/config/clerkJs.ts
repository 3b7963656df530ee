import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { pathToFileURL } from 'node:url'

/**
 * The folder holding `@clerk/clerk-js`'s browser bundle (`clerk.browser.js`), or `undefined`.
 *
 * clerk-js is a dependency of this package, so it resolves from here first; `from` (an app's
 * root) is tried first so an app that pins its own clerk-js gets that one. clerk-js 6 exports
 * no `./package.json`, so the package entry is resolved and its folder walked up to the bundle.
 */
export function resolveClerkJsDir(from?: string): string | undefined {
  const bases = [...(from ? [pathToFileURL(join(from, 'package.json')).href] : []), import.meta.url]
  for (const base of bases) {
    let entry: string
    try {
      entry = createRequire(base).resolve('@clerk/clerk-js')
    }
    catch {
      continue
    }
    for (let dir = dirname(entry), i = 0; i < 4; dir = dirname(dir), i++) {
      if (existsSync(join(dir, 'clerk.browser.js'))) return dir
    }
  }
  return undefined
}
