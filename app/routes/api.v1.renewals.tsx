import { apiLoader } from '~/api/serve.server'
import { listRenewalsEndpoint } from '~/api/endpoints.server'

// GET /api/v1/renewals (issue 20): a resource route, GET only; the answer's shape is in app/api/schemas.ts.
export const loader = apiLoader(listRenewalsEndpoint)
