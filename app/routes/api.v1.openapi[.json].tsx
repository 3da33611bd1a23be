import { openApiDocument } from '~/api/openapi.server'

// GET /api/v1/openapi.json (issue 20): the contract, generated from the endpoint registry. Public,
// like any API's description: it says what may be asked, never what is stored.
export function loader() {
  return new Response(JSON.stringify(openApiDocument({ version: '1.0.0' }), null, 2), {
    headers: { 'Content-Type': 'application/json; charset=utf-8' },
  })
}
