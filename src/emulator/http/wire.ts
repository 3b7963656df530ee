import type { IncomingMessage } from 'node:http'
import type { H3Event } from 'h3'
import { readRawBody } from 'h3'

/** One entry of Clerk's `errors` array. */
export interface ClerkErrorItem {
  code: string
  message: string
  long_message: string
  meta: Record<string, unknown>
}

/** Thrown by route code; the dispatcher turns it into `{ errors: [item, ...more] }` with this status. */
export class ClerkHttpError extends Error {
  constructor(
    public readonly status: number,
    public readonly item: ClerkErrorItem,
    public readonly headers: Record<string, string> = {},
    /** Further errors of the same answer, e.g. each password rule a password breaks. */
    public readonly more: ClerkErrorItem[] = [],
  ) {
    super(item.message)
  }
}

export function clerkError(status: number, code: string, message: string, meta: Record<string, unknown> = {}, headers: Record<string, string> = {}, longMessage = message): ClerkHttpError {
  return new ClerkHttpError(status, { code, message, long_message: longMessage, meta }, headers)
}

/** Form errors use 422, never 401: clerk-js treats any 401 as "signed out". */
export function formError(code: string, message: string, paramName?: string): ClerkHttpError {
  return clerkError(422, code, message, paramName ? { param_name: paramName } : {})
}

export function notFound(what = 'resource'): ClerkHttpError {
  return clerkError(404, 'resource_not_found', `The requested ${what} could not be found.`)
}

/**
 * 429 with `Retry-After` (seconds), the header Clerk's docs promise and clerk-js reads into
 * `ClerkAPIResponseError.retryAfter` (clerk/javascript `packages/clerk-js/src/core/resources/Base.ts`).
 * No `meta.retry_after`: Clerk documents none, and clerk-js would drop it anyway.
 */
export function tooManyRequests(retryAfterSeconds: number, code: 'too_many_requests' | 'verification_code_too_many_requests' = 'too_many_requests'): ClerkHttpError {
  const seconds = Math.max(1, Math.ceil(retryAfterSeconds))
  const headers = { 'Retry-After': String(seconds) }
  if (code === 'verification_code_too_many_requests') {
    return clerkError(429, code, 'Too many verification code requests', {}, headers, `Too many verification code requests. Wait ${seconds} seconds before asking for another code.`)
  }
  return clerkError(429, code, 'Too many requests', {}, headers, 'Too many requests. Please try again in a bit.')
}

export function errorBody(item: ClerkErrorItem, more: ClerkErrorItem[] = []): Record<string, unknown> {
  return { errors: [item, ...more], meta: {}, clerk_trace_id: 'trace_emulator' }
}

async function readLimited(event: H3Event, req: IncomingMessage & { body?: unknown, rawBody?: unknown }, limit: number): Promise<string> {
  // Inside Nitro another handler may have read the stream already; h3 then holds the body.
  if (!req.readable || req.body !== undefined || req.rawBody !== undefined || (event as { _requestBody?: unknown })._requestBody !== undefined) {
    const raw = (await readRawBody(event, false)) ?? Buffer.alloc(0)
    if (raw.length > limit) throw clerkError(413, 'request_body_too_large', 'The request body is too large.')
    return raw.toString('utf8')
  }
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req as AsyncIterable<Buffer | string>) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk
    size += buf.length
    if (size > limit) throw clerkError(413, 'request_body_too_large', 'The request body is too large.')
    chunks.push(buf)
  }
  return Buffer.concat(chunks).toString('utf8')
}

const MAX_JSON_DEPTH = 32

/** Depth of nested arrays and objects, counted without recursion (the input may be 60 000 levels deep). */
function nestingDepth(value: unknown): number {
  let deepest = 0
  const stack: Array<[unknown, number]> = [[value, 0]]
  while (stack.length) {
    const [node, depth] = stack.pop()!
    if (!node || typeof node !== 'object') continue
    if (depth + 1 > deepest) deepest = depth + 1
    if (deepest > MAX_JSON_DEPTH) return deepest
    for (const child of Object.values(node)) stack.push([child, depth + 1])
  }
  return deepest
}

/**
 * Reads an urlencoded (or JSON) body, refusing more than `limit` bytes before buffering it all,
 * so a huge upload cannot exhaust memory.
 */
export async function readForm(event: H3Event, limit: number): Promise<Record<string, string>> {
  const req = event.node.req
  if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') return {}
  const declared = Number(req.headers['content-length'] ?? '0')
  if (declared > limit) throw clerkError(413, 'request_body_too_large', 'The request body is too large.')
  const text = await readLimited(event, req, limit)
  if (!text) return {}
  const type = String(req.headers['content-type'] ?? '')
  if (type.includes('application/json')) {
    let parsed: unknown
    try {
      parsed = JSON.parse(text)
    }
    catch {
      throw clerkError(400, 'malformed_request_parameters', 'The request body is not valid JSON.')
    }
    // Nested values are kept as JSON text; deep nesting would overflow JSON.stringify's stack.
    if (nestingDepth(parsed) > MAX_JSON_DEPTH) throw clerkError(400, 'malformed_request_parameters', `The request body nests deeper than ${MAX_JSON_DEPTH} levels.`)
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return {}
    return Object.fromEntries(Object.entries(parsed)
      .filter(([, value]) => value !== undefined)
      // `null` arrives as '' (what an empty form field sends): "clear this setting".
      .map(([key, value]) => [key, value === null ? '' : typeof value === 'string' ? value : JSON.stringify(value)]))
  }
  return Object.fromEntries(new URLSearchParams(text))
}

// Field names that carry secrets in FAPI bodies: passwords (`password`, `new_password`), codes,
// tokens (`token`, `proof_token`, `rotating_token_nonce`), `ticket`, web3 `signature`, `nonce`, JWTs.
const SECRET_KEY = /pass(?:word|code)?|code|token|secret|ticket|signature|nonce|jwt|otp|credential/i
const NOT_SECRET = new Set(['strategy', 'redirect_url', 'action_complete_redirect_url'])

function redactValue(value: unknown, depth: number): unknown {
  if (depth > MAX_JSON_DEPTH || !value || typeof value !== 'object') return value
  if (Array.isArray(value)) return value.map(item => redactValue(item, depth + 1))
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, SECRET_KEY.test(key) && !NOT_SECRET.has(key) ? '[redacted]' : redactValue(item, depth + 1)]))
}

/**
 * Keeps the request log free of secrets wherever they sit: a secret-looking field name at the
 * top (`password`, `ticket`), in a bracketed form key (`user[password]`), or inside a nested
 * JSON value (`{"data":{"password":…}}`), which JSON bodies keep as text.
 */
export function redact(body: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [key, value] of Object.entries(body)) {
    if (SECRET_KEY.test(key) && !NOT_SECRET.has(key)) {
      out[key] = '[redacted]'
      continue
    }
    let nested: unknown
    try {
      nested = /^\s*[[{]/.test(value) ? JSON.parse(value) : undefined
    }
    catch {
      nested = undefined
    }
    out[key] = nested && typeof nested === 'object' ? JSON.stringify(redactValue(nested, 0)) : value
  }
  return out
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, ch => `&#${ch.charCodeAt(0)};`)
}
