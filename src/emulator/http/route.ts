import type { EmulatorRequest } from './request'

/** A non-JSON or non-200 answer. */
export class Reply {
  constructor(
    public readonly status: number,
    public readonly body: string | Buffer | Record<string, unknown> | null,
    public readonly headers: Record<string, string> = {},
  ) {}
}

export interface Route {
  method: string
  pattern: RegExp
  /** A plain object is sent as JSON with status 200. */
  handler: (req: EmulatorRequest) => Promise<Record<string, unknown> | Reply> | Record<string, unknown> | Reply
  /** Subject to the `rateLimit` scenario. */
  limited?: boolean
  /**
   * Refuse other sites' requests even for GET: the answer shows the caller's own state (which
   * users its browser is trusted for) or is a page that acts with the caller's cookie.
   */
  sameSiteOnly?: boolean
}
