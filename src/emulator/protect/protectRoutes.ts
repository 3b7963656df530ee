import type { Route } from '../http/route'
import { Reply } from '../http/route'
import { mintProof } from './challenge'
import { PROTECT_PROOFS_PATH, PROTECT_SDK_PATH, protectSdkSource } from './sdk'

const escape = (path: string) => path.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')

/**
 * The stand-in challenge: its module (GET, any page may import it, as the real SDK) and its
 * proofs (POST: the handler refuses other sites, as for every state-changing route outside
 * `/v1/`). Tests without a browser post the challenge token here themselves (the testing kit's
 * `solveProtectCheck`).
 */
export const protectRoutes: Route[] = [
  {
    method: 'GET',
    pattern: new RegExp(`^${escape(PROTECT_SDK_PATH)}$`),
    // A module script: `import()` needs a JavaScript MIME type (and CORS across origins: the handler's).
    handler: req => new Reply(200, protectSdkSource(`${req.selfOrigin}${req.emulator.basePath}${PROTECT_PROOFS_PATH}`), { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' }),
  },
  { method: 'POST', pattern: new RegExp(`^${escape(PROTECT_PROOFS_PATH)}$`), handler: req => mintProof(req.emulator, req.body.token) },
]
