import { data, redirect } from '@remix-run/node'
import { z } from 'zod'
import { TOKEN_LIFETIMES, TOKEN_NAME_MAX } from '~/domain/api-tokens'
import { fieldErrorsOf, type FieldErrors } from '~/utils/forms'
import { createApiToken, revokeApiToken } from './api-tokens.server'
import type { AuditActor } from './audit.server'

// The account page's two token intents (issue 20). A new token is answered with the page's data,
// not a redirect: the secret is shown once and is never stored where a reload could find it.

export const TOKEN_INTENTS = ['createToken', 'revokeToken'] as const
export type TokenIntent = (typeof TOKEN_INTENTS)[number]

const CreateToken = z.object({
  intent: z.literal('createToken'),
  name: z.string({ error: 'form.required' }).trim().min(1, 'form.required').max(TOKEN_NAME_MAX, 'form.tooLong'),
  days: z.coerce
    .number({ error: 'form.invalidChoice' })
    .refine((n) => (TOKEN_LIFETIMES as readonly number[]).includes(n), 'form.invalidChoice'),
})

const RevokeToken = z.object({ intent: z.literal('revokeToken'), tokenId: z.coerce.number().int().positive() })

export function isTokenIntent(value: unknown): value is TokenIntent {
  return (TOKEN_INTENTS as readonly unknown[]).includes(value)
}

export type TokenFormAnswer = {
  form: 'token'
  errors?: FieldErrors
  values?: { name: string; days: string }
  created?: { token: string; name: string; expiresAt: string }
}

export function handleTokenIntent({ form, userId, actor, now }: { form: FormData; userId: number; actor: AuditActor; now: Date }) {
  const fields = Object.fromEntries(form)
  if (fields.intent === 'createToken') {
    const parsed = CreateToken.safeParse(fields)
    if (!parsed.success)
      return data<TokenFormAnswer>(
        {
          form: 'token',
          errors: fieldErrorsOf(parsed.error),
          values: { name: String(fields.name ?? ''), days: String(fields.days ?? '') },
        },
        { status: 400 },
      )
    const { token, expiresAt } = createApiToken({ userId, name: parsed.data.name, days: parsed.data.days, actor, now })
    return data<TokenFormAnswer>({ form: 'token', created: { token, name: parsed.data.name, expiresAt } })
  }
  const parsed = RevokeToken.safeParse(fields)
  if (!parsed.success) return data<TokenFormAnswer>({ form: 'token', errors: { _form: { key: 'form.invalidChoice' } } }, { status: 400 })
  // another user's token is not found: 404, as for anything out of one's scope
  const result = revokeApiToken({ tokenId: parsed.data.tokenId, userId, actor, now })
  if (!result.ok) throw new Response('Not found', { status: 404 })
  return redirect('/account?tokenRevoked=1#tokens')
}
