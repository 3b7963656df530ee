import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import ts from 'typescript'

/**
 * Checks JSON against the `*JSON` interfaces clerk-js itself is typed with (`@clerk/shared/types`,
 * the version installed next to clerk-js): every property a type declares must be present
 * (unless optional) and of the declared type, recursively. Read with the TypeScript compiler,
 * so nothing is copied from Clerk: a new field in a clerk-js upgrade shows up here by itself.
 */
export interface JsonTypeChecker {
  /** Problems as `path: message`, empty when `value` fits the named type. */
  check: (typeName: string, value: unknown, path?: string) => string[]
}

let loaded: JsonTypeChecker | undefined

/** Reads the types once per test file (a TypeScript program takes seconds to build). */
export function loadClerkJsonTypes(): JsonTypeChecker {
  loaded ??= buildChecker()
  return loaded
}

function buildChecker(): JsonTypeChecker {
  const require = createRequire(import.meta.url)
  const entry = join(dirname(require.resolve('@clerk/shared/package.json')), 'dist/types/index.d.ts')
  const program = ts.createProgram([entry], { strict: true, noEmit: true, skipLibCheck: true, types: [] })
  const checker = program.getTypeChecker()
  const source = program.getSourceFile(entry)
  const moduleSymbol = source && checker.getSymbolAtLocation(source)
  if (!moduleSymbol) throw new Error(`Cannot read ${entry}`)
  const exported = new Map(checker.getExportsOfModule(moduleSymbol).map(s => [s.name, s]))

  function typeNamed(name: string): ts.Type {
    const symbol = exported.get(name)
    if (!symbol) throw new Error(`@clerk/shared/types exports no ${name}`)
    const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol
    return checker.getDeclaredTypeOfSymbol(target)
  }

  const show = (type: ts.Type) => checker.typeToString(type).slice(0, 80)

  function check(type: ts.Type, value: unknown, path: string, depth: number): string[] {
    if (depth > 16) return []
    const f = type.flags
    if (f & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return []
    if (f & ts.TypeFlags.Never) return [`${path}: present, but the type allows nothing here`]
    if (type.isUnion()) {
      // A member that fits wins; otherwise report the closest member of the value's own kind
      // (for `VerificationJSON | null` and an object, the object member's missing fields).
      const top = (problems: string[]) => problems.some(p => p.startsWith(`${path}: `))
      let best: string[] | null = null
      for (const member of type.types) {
        const problems = check(member, value, path, depth + 1)
        if (problems.length === 0) return []
        if (!best || (top(best) && !top(problems)) || (top(best) === top(problems) && problems.length < best.length)) best = problems
      }
      return best && !top(best) ? best : [`${path}: ${JSON.stringify(value)?.slice(0, 60)} is not ${show(type)}`]
    }
    if (type.isIntersection()) return type.types.flatMap(member => check(member, value, path, depth + 1))
    if (type.isStringLiteral() || type.isNumberLiteral()) return value === type.value ? [] : [`${path}: ${JSON.stringify(value)} is not ${show(type)}`]
    if (f & ts.TypeFlags.BooleanLiteral) return value === (show(type) === 'true') ? [] : [`${path}: ${JSON.stringify(value)} is not ${show(type)}`]
    if (f & (ts.TypeFlags.String | ts.TypeFlags.TemplateLiteral | ts.TypeFlags.StringMapping)) return typeof value === 'string' ? [] : [`${path}: ${JSON.stringify(value)} is not a string`]
    if (f & ts.TypeFlags.Number) return typeof value === 'number' ? [] : [`${path}: ${JSON.stringify(value)} is not a number`]
    if (f & ts.TypeFlags.Boolean) return typeof value === 'boolean' ? [] : [`${path}: ${JSON.stringify(value)} is not a boolean`]
    if (f & ts.TypeFlags.Null) return value === null ? [] : [`${path}: ${JSON.stringify(value)} is not null`]
    if (f & (ts.TypeFlags.Undefined | ts.TypeFlags.Void)) return value === undefined ? [] : [`${path}: present, but declared undefined`]
    if (checker.isTupleType(type)) {
      const elements = checker.getTypeArguments(type as ts.TypeReference)
      if (!Array.isArray(value) || value.length !== elements.length) return [`${path}: ${JSON.stringify(value)} is not a ${elements.length}-tuple`]
      return elements.flatMap((element, i) => check(element, value[i], `${path}[${i}]`, depth + 1))
    }
    if (checker.isArrayType(type)) {
      if (!Array.isArray(value)) return [`${path}: ${JSON.stringify(value)?.slice(0, 60)} is not an array`]
      const [element] = checker.getTypeArguments(type as ts.TypeReference)
      return element ? value.flatMap((item, i) => check(element, item, `${path}[${i}]`, depth + 1)) : []
    }
    if (f & ts.TypeFlags.Object) {
      if (!value || typeof value !== 'object' || Array.isArray(value)) return [`${path}: ${JSON.stringify(value)?.slice(0, 60)} is not an object (${show(type)})`]
      const record = value as Record<string, unknown>
      const problems: string[] = []
      for (const property of checker.getPropertiesOfType(type)) {
        const declaration = property.valueDeclaration ?? property.declarations?.[0]
        const propertyType = declaration ? checker.getTypeOfSymbolAtLocation(property, declaration) : checker.getTypeOfSymbol(property)
        const optional = (property.flags & ts.SymbolFlags.Optional) !== 0
        const at = `${path}.${property.name}`
        if (!(property.name in record) || record[property.name] === undefined) {
          // `never` (e.g. an `Omit`ted id) means "must not be there".
          if (!optional && !(propertyType.flags & ts.TypeFlags.Never)) problems.push(`${at}: missing (${show(propertyType)})`)
          continue
        }
        // Present: an optional property's `undefined` member simply does not match.
        problems.push(...check(propertyType, record[property.name], at, depth + 1))
      }
      const index = checker.getIndexInfosOfType(type)[0]
      if (index) {
        const declared = new Set(checker.getPropertiesOfType(type).map(p => p.name))
        for (const [key, entry] of Object.entries(record)) {
          if (!declared.has(key)) problems.push(...check(index.type, entry, `${path}.${key}`, depth + 1))
        }
      }
      return problems
    }
    return []
  }

  return {
    check: (typeName, value, path = typeName) => check(typeNamed(typeName), value, path, 0),
  }
}
