// The email-trust flow as the browser puts it on the wire after page load (browser.ts counts it:
// 6 requests; /work/shared notes and captures for methods, queries and bodies), for the load
// generator and for the ceiling server's capture of one real answer per route.
import { request } from 'node:http'
import type { Agent, IncomingHttpHeaders } from 'node:http'

/** Every clerk-js call carries these; PATCH goes as POST with `_method=PATCH` in the query. */
const QUERY = '__clerk_api_version=2026-08-20&_clerk_js_version=6.40.0'

/** The routes of the flow in order; the name is the last path segment, which is all the ceiling routes on. */
export const FLOW_ROUTES = ['environment', 'client', 'sign_ins', 'prepare_second_factor', 'attempt_second_factor', 'touch'] as const
export type FlowRoute = typeof FLOW_ROUTES[number]

export interface Answer { status: number, headers: IncomingHttpHeaders, body: Buffer }

interface Resource {
  id?: string
  status?: string
  created_session_id?: string | null
  last_active_token?: { jwt?: string } | null
  supported_second_factors?: Array<{ strategy: string, email_address_id?: string }>
}

/**
 * One browser: its own cookies (`__client_uat=0` as clerk-js writes it on a development
 * instance, then the `__client` cookie FAPI sets), every request bounded by a timeout.
 */
export class Device {
  private client = ''
  constructor(
    private base: string,
    private agent: Agent,
    private onAnswer: (route: FlowRoute, answer: Answer, ms: number) => void,
  ) {}

  // node:http with a keep-alive Agent rather than fetch: Node's bundled undici exposes no
  // pool settings, and the lighter client leaves more of the 2 cores to the server.
  call(route: FlowRoute, method: 'GET' | 'POST', path: string, extraQuery = '', form?: Record<string, string>): Promise<Answer> {
    const started = performance.now()
    const payload = form ? new URLSearchParams(form).toString() : ''
    return new Promise((resolve, reject) => {
      const req = request(`${this.base}${path}?${QUERY}${extraQuery}`, {
        method,
        agent: this.agent,
        timeout: 5_000,
        headers: {
          ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
          ...(method === 'POST' ? { 'content-length': Buffer.byteLength(payload) } : {}),
          cookie: this.client ? `__client_uat=0; ${this.client}` : '__client_uat=0',
        },
      }, (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('error', reject)
        res.on('end', () => {
          const cookie = (res.headers['set-cookie'] ?? []).map(c => c.split(';')[0]!).find(c => c.startsWith('__client='))
          if (cookie) this.client = cookie
          const answer = { status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }
          this.onAnswer(route, answer, performance.now() - started)
          if (answer.status >= 400) return reject(new Error(`${method} ${path} answered ${answer.status}: ${answer.body.toString('utf8').slice(0, 200)}`))
          resolve(answer)
        })
      })
      req.on('timeout', () => req.destroy(new Error(`${method} ${path}: no answer within 5 s`)))
      req.on('error', reject)
      req.end(payload)
    })
  }

  async resource(...args: Parameters<Device['call']>): Promise<Resource | undefined> {
    const answer = await this.call(...args)
    return (JSON.parse(answer.body.toString('utf8')) as { response?: Resource }).response
  }
}

/**
 * A new device signs in with the email trust code, as clerk-js does it after the page loaded:
 * environment (PATCH) → client → sign_ins (needs_client_trust) → prepare → attempt 424242 →
 * touch (finalize; its session carries a fresh token, so clerk-js makes no /tokens call).
 */
export async function emailTrustFlow(device: Device) {
  await device.call('environment', 'POST', '/v1/environment', '&_method=PATCH')
  await device.call('client', 'GET', '/v1/client')
  const signIn = await device.resource('sign_ins', 'POST', '/v1/client/sign_ins', '', { identifier: 'jane@example.com', password: 'correct-horse', locale: 'en-US', timezone: 'UTC' })
  const factor = signIn?.supported_second_factors?.find(f => f.strategy === 'email_code')
  if (signIn?.status !== 'needs_client_trust' || !signIn.id || !factor?.email_address_id) throw new Error(`unexpected sign-in: ${JSON.stringify(signIn).slice(0, 200)}`)
  await device.call('prepare_second_factor', 'POST', `/v1/client/sign_ins/${signIn.id}/prepare_second_factor`, '', { email_address_id: factor.email_address_id, strategy: 'email_code' })
  const attempted = await device.resource('attempt_second_factor', 'POST', `/v1/client/sign_ins/${signIn.id}/attempt_second_factor`, '', { code: '424242', strategy: 'email_code' })
  const sessionId = attempted?.created_session_id
  if (attempted?.status !== 'complete' || !sessionId) throw new Error('attempt did not complete the sign-in')
  const session = await device.resource('touch', 'POST', `/v1/client/sessions/${sessionId}/touch`, '', { active_organization_id: '', intent: 'select_session' })
  if (!session?.last_active_token?.jwt) throw new Error('touch answered no last_active_token: the browser would call /tokens too')
}
