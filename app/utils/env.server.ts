import { z } from 'zod'

const booleanish = z.enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off']).transform((v) => ['true', '1', 'yes', 'on'].includes(v))

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('production'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATA_DIR: z.string().default('./data'),
  SEED_DEMO: booleanish.default(true),
  // Send the session cookie only over HTTPS. Unset: on when the request came over HTTPS, which
  // behind a TLS proxy with TRUST_PROXY=true is what X-Forwarded-Proto says (req.protocol).
  COOKIE_SECURE: booleanish.optional(),
  // Behind a reverse proxy: trust X-Forwarded-* for the client address, scheme and host (the
  // Secure cookie, HSTS and the Origin check follow the scheme; docs/decisions/011).
  TRUST_PROXY: booleanish.default(false),
  SESSION_IDLE_HOURS: z.coerce.number().positive().default(12),
  SESSION_MAX_DAYS: z.coerce.number().positive().default(7),
  // SCHEDULER=off: this process runs no cron jobs (tests, or a second server next to the one that does)
  SCHEDULER: booleanish.default(true),
  // SMTP server for reminder mail, e.g. smtp://user:pass@mail.example.org:587 or smtps://…:465;
  // unset: mail stays in the outbox (/outbox)
  SMTP_URL: z.preprocess((v) => (v === '' ? undefined : v), z.url().optional()),
  // the sender of reminder mail
  MAIL_FROM: z.string().default('Labcycle <labcycle@localhost>'),
  // the address people open the app at, for the links in reminder mail
  APP_URL: z.string().url().default('http://localhost:3000'),
  // the hosts chat robots' webhooks may point at, comma separated: the server posts to them, so an
  // address elsewhere would let whoever registers a robot make the server call it (SSRF)
  ROBOT_HOSTS: z.string().default('oapi.dingtalk.com,qyapi.weixin.qq.com'),
})

export type Env = z.infer<typeof EnvSchema>

let cached: Env | undefined

export function env(): Env {
  if (!cached) {
    const parsed = EnvSchema.safeParse(process.env)
    if (!parsed.success) {
      throw new Error(`Invalid environment: ${z.prettifyError(parsed.error)}`)
    }
    cached = parsed.data
  }
  return cached
}

/** Reads the environment afresh on the next env() (tests that point SMTP_URL at their own server). */
export function forgetEnv() {
  cached = undefined
}
