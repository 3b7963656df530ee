import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

// The package's own modules import each other in one direction only: a cycle makes
// initialisation order matter and hides which part owns what.
const src = fileURLToPath(new URL('../../src', import.meta.url))

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap(entry =>
    entry.isDirectory() ? sourceFiles(join(dir, entry.name)) : /\.(?:ts|vue)$/.test(entry.name) ? [join(dir, entry.name)] : [])
}

/** Relative imports of `file`, as paths; `values` skips `import type` (gone once built) and keeps package imports as written. */
function importsOf(file: string, { values = false } = {}): string[] {
  const text = readFileSync(file, 'utf8')
  // Unless `values`, type-only imports count too: they tie the files' designs together all the same.
  const pattern = values
    ? /(?:^|\n)\s*(?:import|export)\s(?!type\s)[^'"]*?from\s+'([^']+)'/g
    : /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+'(\.{1,2}\/[^']+)'/g
  const specifiers = [...text.matchAll(pattern)].map(([, spec]) => spec!)
  return specifiers.map((spec) => {
    if (!spec.startsWith('.')) return spec
    const base = resolve(dirname(file), spec)
    return [base, `${base}.ts`, join(base, 'index.ts')].find(path => existsSync(path) && /\.(?:ts|vue)$/.test(path)) ?? base
  })
}

function findCycle(graph: Map<string, string[]>): string[] | null {
  const state = new Map<string, 'visiting' | 'done'>()
  const stack: string[] = []
  const visit = (node: string): string[] | null => {
    if (state.get(node) === 'done') return null
    if (state.get(node) === 'visiting') return [...stack.slice(stack.indexOf(node)), node]
    state.set(node, 'visiting')
    stack.push(node)
    for (const next of graph.get(node) ?? []) {
      const cycle = visit(next)
      if (cycle) return cycle
    }
    stack.pop()
    state.set(node, 'done')
    return null
  }
  for (const node of graph.keys()) {
    const cycle = visit(node)
    if (cycle) return cycle
  }
  return null
}

describe('the source tree', () => {
  it('has no import cycle', () => {
    const files = sourceFiles(src)
    const graph = new Map(files.map(file => [file, importsOf(file).filter(target => files.includes(target))]))
    expect(graph.size).toBeGreaterThan(50)
    expect([...graph.values()].flat().length).toBeGreaterThan(100)
    expect(findCycle(graph)?.map(file => relative(src, file)).join(' → ') ?? null).toBeNull()
  })

  it('lets the Nuxt module load only the emulator\'s config/ files at build time, and those no package', () => {
    // What src/setup/emulator.ts promises: h3, jose and the routes stay out of the module's build.
    const emulator = join(src, 'emulator')
    const loaded = new Set<string>()
    const visit = (file: string) => {
      if (loaded.has(file)) return
      loaded.add(file)
      for (const target of importsOf(file, { values: true })) {
        if (target.startsWith('/')) visit(target)
        else if (file.startsWith(emulator)) expect(target, `${relative(src, file)} imports a package`).toMatch(/^node:/)
      }
    }
    visit(join(src, 'module.ts'))
    const fromEmulator = [...loaded].filter(file => file.startsWith(`${emulator}/`)).map(file => relative(emulator, file))
    expect(fromEmulator).toContain('config/publishableKey.ts')
    expect(fromEmulator.filter(file => !file.startsWith('config/'))).toEqual([])
  })

  it('finds a cycle when there is one', () => {
    expect(findCycle(new Map([['a', ['b']], ['b', ['c']], ['c', ['a']]]))).toEqual(['a', 'b', 'c', 'a'])
  })
})

// Which folder may import which: pure logic at the bottom, the Vue layers above it, the parts
// of the form reached only through the entries. Each rule lists the imports that break it.
describe('the layers', () => {
  const files = sourceFiles(src)
  const edges = files.flatMap(file => importsOf(file).filter(target => files.includes(target))
    .map(target => ({ from: relative(src, file), to: relative(src, target) })))
  const breaking = (rule: (edge: { from: string, to: string }) => boolean) =>
    edges.filter(edge => !rule(edge)).map(({ from, to }) => `${from} → ${to}`)
  const inside = (dir: string) => (path: string) => path.startsWith(`${dir}/`)
  const core = inside('runtime/core')
  const controller = inside('runtime/controller')
  const components = inside('runtime/components')
  const entries = ['vue.ts', 'module.ts']

  it('are read from the real import graph', () => {
    expect(edges.filter(({ from }) => core(from)).length).toBeGreaterThan(3)
    expect(edges.filter(({ from }) => controller(from)).length).toBeGreaterThan(10)
    expect(edges.filter(({ to }) => components(to)).length).toBeGreaterThan(10)
  })

  it('keep core/ to itself: pure logic imports nothing of the package outside core/', () => {
    expect(breaking(({ from, to }) => !core(from) || core(to))).toEqual([])
  })

  it('keep controller/ and core/ off composables/: the composable is built on them, not the reverse', () => {
    expect(breaking(({ from, to }) => !(controller(from) || core(from)) || !inside('runtime/composables')(to))).toEqual([])
  })

  it('reach components/ only from components/ and the entries (vue.ts, module.ts)', () => {
    expect(breaking(({ from, to }) => !components(to) || components(from) || entries.includes(from))).toEqual([])
  })

  it('keep the app\'s code out of the module build: module.ts and setup/ import no composable, controller, plugin or .vue file', () => {
    const buildTime = (path: string) => path === 'module.ts' || inside('setup')(path)
    const appCode = (path: string) => ['runtime/composables', 'runtime/controller', 'runtime/plugins'].some(dir => inside(dir)(path)) || path.endsWith('.vue')
    expect(breaking(({ from, to }) => !buildTime(from) || !appCode(to))).toEqual([])
  })
})
