import { Form } from '@remix-run/react'
import { formatShanghaiDay, formatShanghaiMinute } from '~/domain/dates'
import { formatNumber } from '~/domain/numbers'
import { TOKEN_LIFETIMES, TOKEN_NAME_MAX, type TokenState } from '~/domain/api-tokens'
import { useT } from '~/i18n/use-t'
import type { FieldErrors } from '~/utils/forms'
import { Field, FormAlert } from './ui/field'
import { ConfirmSubmit } from './ui/confirm-submit'
import { CopyableSecret } from './ui/copyable-secret'
import { SavedNotice } from './ui/saved-notice'
import { TableScroll } from './ui/table-scroll'

export type TokenListRow = {
  id: number
  name: string
  createdAt: string
  expiresAt: string
  lastUsedAt: string | null
  callCount: number
  state: TokenState
}

// 我的账户 › API 令牌 (issue 20): the user's tokens, a form for a new one, and the new token
// itself shown once with the warning that it will not be shown again.
export function ApiTokensSection({
  tokens,
  created,
  errors,
  values,
  revoked,
}: {
  tokens: TokenListRow[]
  created?: { token: string; name: string; expiresAt: string }
  errors?: FieldErrors
  values?: { name: string; days: string }
  revoked: boolean
}) {
  const t = useT()
  return (
    <section className="card space-y-3" id="tokens" data-testid="api-tokens">
      <h2 className="font-semibold">{t('tokens.title')}</h2>
      <p className="text-sm text-slate-600">
        {t('tokens.intro')}{' '}
        <a className="link underline" href="/api/v1/docs">
          {t('tokens.docsLink')}
        </a>
      </p>
      {revoked ? <SavedNotice>{t('tokens.revoked')}</SavedNotice> : null}
      {created ? <NewToken {...created} /> : null}
      {tokens.length === 0 ? (
        <p className="text-sm text-slate-500">{t('tokens.none')}</p>
      ) : (
        <TableScroll>
          <table className="w-full text-sm" data-testid="token-list">
            <thead>
              <tr className="text-left text-slate-500">
                <th className="py-1 pr-3">{t('tokens.col.name')}</th>
                <th className="py-1 pr-3">{t('tokens.col.created')}</th>
                <th className="py-1 pr-3">{t('tokens.col.expires')}</th>
                <th className="py-1 pr-3">{t('tokens.col.lastUsed')}</th>
                <th className="py-1 pr-3 text-right">{t('tokens.col.calls')}</th>
                <th className="py-1 pr-3">{t('tokens.col.state')}</th>
                <th className="py-1" />
              </tr>
            </thead>
            <tbody>
              {tokens.map((token) => (
                <tr key={token.id} className="border-t border-slate-200" data-testid={`token-${token.id}`}>
                  <td className="py-1 pr-3">{token.name}</td>
                  <td className="token py-1 pr-3 tabular-nums">{formatShanghaiDay(token.createdAt)}</td>
                  <td className="token py-1 pr-3 tabular-nums">{formatShanghaiDay(token.expiresAt)}</td>
                  <td className="py-1 pr-3 tabular-nums">
                    {token.lastUsedAt ? formatShanghaiMinute(token.lastUsedAt) : t('tokens.neverUsed')}
                  </td>
                  <td className="token py-1 pr-3 text-right tabular-nums">{formatNumber(token.callCount)}</td>
                  <td className="py-1 pr-3">{t(`tokens.state.${token.state}`)}</td>
                  <td className="py-1">
                    {token.state === 'active' ? (
                      <Form method="post">
                        <input type="hidden" name="intent" value="revokeToken" />
                        <input type="hidden" name="tokenId" value={token.id} />
                        <ConfirmSubmit
                          label={t('tokens.revoke')}
                          className="btn-danger"
                          question={t('tokens.revoke.question', { name: token.name })}
                          consequence={t('tokens.revoke.consequence')}
                          testId={`revoke-token-${token.id}`}
                        />
                      </Form>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      <Form method="post" className="space-y-3" noValidate data-testid="new-token">
        <h3 className="text-sm font-semibold">{t('tokens.new')}</h3>
        <FormAlert errors={errors} />
        <input type="hidden" name="intent" value="createToken" />
        <Field idPrefix="token" name="name" label={t('tokens.field.name')} hint={t('tokens.field.nameHint')} errors={errors} required>
          {(props) => <input {...props} className="input" maxLength={TOKEN_NAME_MAX} defaultValue={values?.name ?? ''} />}
        </Field>
        <Field idPrefix="token" name="days" label={t('tokens.field.days')} errors={errors} required>
          {(props) => (
            <select {...props} className="input" defaultValue={values?.days || '90'}>
              {TOKEN_LIFETIMES.map((n) => (
                <option key={n} value={n}>
                  {t('tokens.days', { n })}
                </option>
              ))}
            </select>
          )}
        </Field>
        <button type="submit" className="btn-primary">
          {t('tokens.create')}
        </button>
      </Form>
    </section>
  )
}

function NewToken({ token, name, expiresAt }: { token: string; name: string; expiresAt: string }) {
  const t = useT()
  return (
    <div role="status" className="space-y-2 rounded border border-amber-300 bg-amber-50 p-3 text-sm" data-testid="new-token-shown">
      <p className="font-semibold">{t('tokens.created.title', { name, date: formatShanghaiDay(expiresAt) })}</p>
      <p className="text-amber-900">{t('tokens.created.warning')}</p>
      <CopyableSecret id="new-token-value" label={t('tokens.created.label')} value={token} testId="new-token-value" />
    </div>
  )
}
