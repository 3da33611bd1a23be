import { parseArgs } from 'node:util'
import { eq, sql } from 'drizzle-orm'
import { dbFileIn, openDb } from '~db/client.server'
import { runMigrations } from '~db/migrate'
import { users } from '~db/schema'
import { TOKEN_NAME_MAX } from '~/domain/api-tokens'
import { createApiToken, revokeApiToken } from '~/models/api-tokens.server'
import { setDb } from '~/utils/db.server'

// Personal API tokens for service accounts (issue 20), whose owners never open 我的账户:
//   npm run api-token -- --username district_sync --name "区县系统" --days 365
//   npm run api-token -- --revoke 12
// The token is printed once, as on the account page; only its hash is kept. Creation and
// revocation are audited as done by the command line.
const { values } = parseArgs({
  options: {
    username: { type: 'string' },
    name: { type: 'string' },
    days: { type: 'string', default: '90' },
    revoke: { type: 'string' },
  },
})

const COMMAND_LINE = { id: null, displayName: 'command line' }
const fail = (message: string): never => {
  console.error(message)
  process.exit(2)
}

const db = openDb(dbFileIn(process.env.DATA_DIR ?? './data'), { busyTimeoutMs: 10_000 })
runMigrations(db)
setDb(db)

if (values.revoke !== undefined) {
  const tokenId = Number(values.revoke)
  if (!Number.isSafeInteger(tokenId) || tokenId <= 0) fail('--revoke: a token id (a positive whole number)')
  const result = revokeApiToken({ tokenId, userId: null, actor: COMMAND_LINE, now: new Date() })
  if (!result.ok) fail(`no token with id ${tokenId}`)
  else console.log(JSON.stringify({ revoked: { id: tokenId, alreadyRevoked: result.alreadyRevoked } }))
} else {
  const username = values.username ?? fail('--username: whose token (an existing, active account)')
  const name = (values.name ?? '').trim()
  if (!name || [...name].length > TOKEN_NAME_MAX) fail(`--name: 1 to ${TOKEN_NAME_MAX} characters saying what the token is for`)
  const days = Number(values.days)
  // any lifetime from a day to two years: a service account's may differ from the page's choices
  if (!Number.isInteger(days) || days < 1 || days > 730) fail('--days: a whole number of days from 1 to 730')
  const user = db
    .select({ id: users.id, active: users.active })
    .from(users)
    .where(eq(sql`lower(${users.username})`, username.toLowerCase()))
    .get()
  if (!user) fail(`no user named ${username}`)
  else if (!user.active) fail(`${username} is deactivated: its tokens would not work`)
  else {
    const created = createApiToken({ userId: user.id, name, days, actor: COMMAND_LINE, now: new Date() })
    console.log(JSON.stringify({ created: { id: created.id, username, name, expiresAt: created.expiresAt, token: created.token } }))
  }
}
db.$client.close()
