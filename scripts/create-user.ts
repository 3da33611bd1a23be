import readline from 'node:readline'
import { parseArgs } from 'node:util'
import { dbFileIn, openDb } from '~db/client.server'
import { runMigrations } from '~db/migrate'
import { setDb } from '~/utils/db.server'
import { hashPassword, MIN_PASSWORD_LENGTH } from '~/utils/password.server'
import { createUser, parseNewUserForm } from '~/models/users.server'
import { translator } from '~/i18n'

// `npm run create-user -- --username admin --name "管理员" --role bureau [--district 320508]
// [--lab 12] [--email a@b.cn]`: the first bureau account of a production installation. The
// password comes from LABCYCLE_PASSWORD or is asked for on the terminal (not echoed).
const { values } = parseArgs({
  options: {
    username: { type: 'string' },
    name: { type: 'string' },
    role: { type: 'string', default: 'bureau' },
    district: { type: 'string' },
    lab: { type: 'string' },
    email: { type: 'string' },
  },
})

async function askPassword(prompt: string): Promise<string> {
  if (!process.stdin.isTTY) {
    const chunks: Buffer[] = []
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
    return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? ''
  }
  const rl = readline.createInterface({ input: process.stdin, output: process.stdout, terminal: true })
  const output = rl as unknown as { _writeToOutput: (s: string) => void }
  process.stdout.write(prompt)
  output._writeToOutput = () => {}
  const answer = await new Promise<string>((resolve) => rl.question('', resolve))
  rl.close()
  process.stdout.write('\n')
  return answer
}

const db = openDb(dbFileIn(process.env.DATA_DIR ?? './data'), { busyTimeoutMs: 10_000 })
runMigrations(db)
setDb(db)

const password = process.env.LABCYCLE_PASSWORD ?? (await askPassword(`Password (at least ${MIN_PASSWORD_LENGTH} characters): `))
const form = new FormData()
for (const [k, v] of Object.entries({
  username: values.username ?? '',
  displayName: values.name ?? values.username ?? '',
  role: values.role ?? '',
  districtCode: values.district ?? '',
  labId: values.lab ?? '',
  email: values.email ?? '',
  active: 'on',
  password,
})) {
  form.set(k, v)
}

const parsed = parseNewUserForm(form)
if (!parsed.ok) {
  const t = translator('en')
  for (const [field, error] of Object.entries(parsed.errors)) if (error) console.error(`${field}: ${t(error.key, error.vars)}`)
  process.exit(2)
}
const result = createUser({
  username: parsed.username,
  passwordHash: await hashPassword(parsed.password),
  fields: parsed.fields,
  actor: { id: null, displayName: 'command line' },
})
if (!result.ok) {
  console.error('username: already taken')
  process.exit(2)
}
console.log(JSON.stringify({ created: { id: result.user.id, username: result.user.username, role: result.user.role } }))
db.$client.close()
