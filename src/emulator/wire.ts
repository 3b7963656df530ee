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

/** Thrown by route code; the dispatcher turns it into `{ errors: [...] }` with this status. */
export class ClerkHttpError extends Error {
  constructor(
    public readonly status: number,
    public readonly item: ClerkErrorItem,
    public readonly headers: Record<string, string> = {},
  ) {
    super(item.message)
  }
}

export function clerkError(status: number, code: string, message: string, meta: Record<string, unknown> = {}, headers: Record<string, string> = {}): ClerkHttpError {
  return new ClerkHttpError(status, { code, message, long_message: message, meta }, headers)
}

/** Form errors use 422, never 401: clerk-js treats any 401 as "signed out". */
export function formError(code: string, message: string, paramName?: string): ClerkHttpError {
  return clerkError(422, code, message, paramName ? { param_name: paramName } : {})
}

export function notFound(what = 'resource'): ClerkHttpError {
  return clerkError(404, 'resource_not_found', `The requested ${what} could not be found.`)
}

export function tooManyRequests(retryAfterSeconds: number): ClerkHttpError {
  const seconds = Math.max(1, Math.ceil(retryAfterSeconds))
  return clerkError(429, 'too_many_requests', 'Too many requests. Please try again in a bit.', { retry_after: seconds }, { 'Retry-After': String(seconds) })
}

export function errorBody(item: ClerkErrorItem): Record<string, unknown> {
  return { errors: [item], meta: {}, clerk_trace_id: 'trace_emulator' }
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
    const out: Record<string, string> = {}
    if (parsed && typeof parsed === 'object') {
      for (const [key, value] of Object.entries(parsed)) {
        // `null` arrives as '' (what an empty form field sends): "clear this setting".
        if (value !== undefined) out[key] = value === null ? '' : typeof value === 'string' ? value : JSON.stringify(value)
      }
    }
    return out
  }
  return Object.fromEntries(new URLSearchParams(text))
}

/** Keeps the request log free of secrets. */
export function redact(body: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [key, value] of Object.entries(body)) {
    out[key] = /password|code|token|secret/i.test(key) && key !== 'strategy' ? '[redacted]' : value
  }
  return out
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, ch => `&#${ch.charCodeAt(0)};`)
}
