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

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8')
  // Type-only imports count too: they tie the files' designs together all the same.
  const specifiers = [...text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+'(\.{1,2}\/[^']+)'/g)].map(([, spec]) => spec!)
  return specifiers.map((spec) => {
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

  it('finds a cycle when there is one', () => {
    expect(findCycle(new Map([['a', ['b']], ['b', ['c']], ['c', ['a']]]))).toEqual(['a', 'b', 'c', 'a'])
  })
})
