import { request } from 'node:http'

export interface RawAnswer {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: string
  // Tests read arbitrary JSON; the assertions check the shape.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json: any
}

/**
 * One HTTP request with nothing normalised: the path goes out as written (`%ZZ`, a lone `%`),
 * the `Host`, `Origin` and `Sec-Fetch-Site` headers are ours to choose. Loopback only, and
 * bounded by `timeoutMs`.
 */
export function raw(base: string, path: string, options: { method?: string, headers?: Record<string, string>, body?: string | Buffer, timeoutMs?: number } = {}): Promise<RawAnswer> {
  const target = new URL(base)
  if (target.hostname !== '127.0.0.1' && target.hostname !== 'localhost' && target.hostname !== '[::1]') throw new Error(`raw(): loopback only, not ${target.hostname}`)
  return new Promise((resolve, reject) => {
    const req = request({
      host: target.hostname.replace(/^\[|\]$/g, ''),
      port: target.port,
      method: options.method ?? 'GET',
      path,
      headers: { ...(options.body !== undefined ? { 'content-length': String(Buffer.byteLength(options.body)) } : {}), ...options.headers },
      timeout: options.timeoutMs ?? 10_000,
    }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => (body += chunk))
      res.on('end', () => {
        let json: unknown = null
        try {
          json = body ? JSON.parse(body) : null
        }
        catch {
          json = null
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body, json })
      })
    })
    req.on('timeout', () => req.destroy(new Error(`raw(): no answer to ${options.method ?? 'GET'} ${path} within ${options.timeoutMs ?? 10_000} ms`)))
    req.on('error', reject)
    if (options.body !== undefined) req.write(options.body)
    req.end()
  })
}

/** Clerk's error envelope: `{ errors: [{ code, message, long_message, meta }] }`. */
export function isClerkError(json: unknown): boolean {
  const first = (json as { errors?: Array<Record<string, unknown>> } | null)?.errors?.[0]
  return !!first && typeof first.code === 'string' && typeof first.message === 'string' && typeof first.long_message === 'string' && typeof first.meta === 'object'
}
