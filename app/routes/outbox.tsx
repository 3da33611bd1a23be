import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { z } from 'zod'
import { Pagination } from '~/components/data-table/data-table'
import { SimpleTable } from '~/components/data-table/simple-table'
import { FormAlert } from '~/components/ui/field'
import { PageHeader } from '~/components/ui/page-header'
import { SavedNotice } from '~/components/ui/saved-notice'
import { MAIL_STATUSES, OUTBOX_CHANNELS, type MailStatus } from '~db/schema/enums'
import { formatShanghaiTime } from '~/domain/dates'
import { isMessageKey } from '~/i18n'
import { pageTitle } from '~/i18n/meta'
import { useT } from '~/i18n/use-t'
import { listOutbox, retryMail } from '~/models/mail.server'
import { auditActorOf } from '~/models/result.server'
import { actingUserOf, requireCapability } from '~/utils/auth.server'
import { now } from '~/utils/clock.server'
import { db } from '~/utils/db.server'
import { env } from '~/utils/env.server'
import { formValues, type FieldErrors } from '~/utils/forms'
import { optionalEnum, PAGE_SIZES, pageParams, searchEntries } from '~/utils/list-params'
import { readForm } from '~/utils/form-body.server'

const OutboxParams = z.object({ status: optionalEnum(MAIL_STATUSES), channel: optionalEnum(OUTBOX_CHANNELS), ...pageParams(20) })
const Retry = z.object({ intent: z.literal('retry'), id: z.coerce.number().int().positive() })

// the SMTP host only: the URL may carry a password
function smtpHost(url: string | undefined) {
  if (!url) return null
  try {
    const u = new URL(url)
    return `${u.protocol}//${u.host}`
  } catch {
    return null
  }
}

export async function loader({ request }: LoaderFunctionArgs) {
  requireCapability(request, 'mail:manage')
  const p = OutboxParams.parse(searchEntries(new URL(request.url).searchParams))
  const { rows, total, byStatus } = listOutbox({ db: db(), status: p.status, channel: p.channel, page: p.page, pageSize: p.size })
  return {
    messages: rows.map((m) => ({
      id: m.id,
      channel: m.channel,
      // a robot message: its robot's name and office; a deleted robot's shows the name it had
      robot: m.channel === 'robot' ? (m.robot ?? { name: m.toAddress, districtCode: null, deleted: true }) : null,
      createdAt: formatShanghaiTime(m.createdAt),
      toAddress: m.toAddress,
      subject: m.subject,
      body: m.body,
      status: m.status,
      attempts: m.attempts,
      nextAttemptAt: m.nextAttemptAt && m.status !== 'sent' ? formatShanghaiTime(m.nextAttemptAt) : null,
      sentAt: m.sentAt ? formatShanghaiTime(m.sentAt) : null,
      lastError: m.lastError,
    })),
    total,
    byStatus,
    smtp: smtpHost(env().SMTP_URL),
    params: p,
  }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = requireCapability(request, 'mail:manage')
  const parsed = Retry.safeParse(formValues(await readForm(request)))
  if (!parsed.success) return data({ errors: { _form: { key: 'form.invalidChoice' } } as FieldErrors }, { status: 400 })
  const result = retryMail({ db: db(), id: parsed.data.id, actor: auditActorOf(actingUserOf(user, context)), now: now() })
  if (result === 'not_found') throw new Response('Not found', { status: 404 })
  if (result === 'sent') return data({ errors: { _form: { key: 'outbox.notRetriable' } } as FieldErrors }, { status: 400 })
  return redirect(`/outbox?retried=${parsed.data.id}`)
}

const TONE: Record<MailStatus, string> = {
  queued: 'bg-sky-100 text-sky-800',
  sending: 'bg-amber-100 text-amber-800',
  sent: 'bg-green-100 text-green-800',
  failed: 'bg-red-100 text-red-800',
}

export default function OutboxPage() {
  const { messages, total, byStatus, smtp, params } = useLoaderData<typeof loader>()
  const sent = useActionData<typeof action>()
  const [search] = useSearchParams()
  const t = useT()
  const retried = search.get('retried')
  return (
    <div className="space-y-4">
      <PageHeader title={t('outbox.title')} subtitle={t('outbox.intro')} />
      <p
        className={`rounded border p-3 text-sm ${smtp ? 'border-slate-300 bg-white' : 'border-amber-300 bg-amber-50 text-amber-900'}`}
        data-testid="smtp-state"
      >
        {smtp ? t('outbox.smtpOn', { host: smtp }) : t('outbox.smtpOff')}
      </p>
      <FormAlert errors={sent?.errors} />
      {retried && !sent ? <SavedNotice>{t('outbox.retried', { id: retried })}</SavedNotice> : null}
      <nav className="flex flex-wrap gap-2 text-sm" aria-label="status">
        <Link to={filterUrl({ channel: params.channel })} className={params.status ? 'link' : 'font-semibold'}>
          {t('outbox.filter.all')}
        </Link>
        {MAIL_STATUSES.map((s) => (
          <Link key={s} to={filterUrl({ status: s, channel: params.channel })} className={params.status === s ? 'font-semibold' : 'link'}>
            {t(`outbox.status.${s}`)} ({byStatus[s] ?? 0})
          </Link>
        ))}
      </nav>
      <nav className="flex flex-wrap gap-2 text-sm" aria-label="channel" data-testid="channel-filter">
        <span className="text-slate-600">{t('outbox.filter.channel')}</span>
        <Link to={filterUrl({ status: params.status })} className={params.channel ? 'link' : 'font-semibold'}>
          {t('outbox.filter.all')}
        </Link>
        {OUTBOX_CHANNELS.map((c) => (
          <Link key={c} to={filterUrl({ status: params.status, channel: c })} className={params.channel === c ? 'font-semibold' : 'link'}>
            {t(`outbox.channel.${c}`)}
          </Link>
        ))}
      </nav>
      {messages.length === 0 ? (
        <p className="text-sm text-slate-600">{t('outbox.empty')}</p>
      ) : (
        <SimpleTable
          testId="outbox"
          headings={[
            t('outbox.col.created'),
            t('outbox.channel'),
            t('outbox.col.to'),
            t('outbox.col.subject'),
            t('outbox.col.status'),
            t('outbox.col.attempts'),
            t('outbox.col.next'),
            t('outbox.col.error'),
            null,
          ]}
        >
          {messages.map((m) => (
            <tr key={m.id} data-message={m.id}>
              <td className="td whitespace-nowrap align-top token tabular-nums">{m.createdAt}</td>
              <td className="td align-top whitespace-nowrap">{t(`outbox.channel.${m.channel}`)}</td>
              <td className="td align-top">
                {m.robot ? (
                  <>
                    {m.robot.name}
                    <span className="ml-1 text-xs text-slate-500">
                      {'deleted' in m.robot
                        ? t('outbox.robotDeleted')
                        : `（${m.robot.districtCode ? t(`district.${m.robot.districtCode}`) : t('robots.office.bureau')}）`}
                    </span>
                  </>
                ) : (
                  m.toAddress
                )}
              </td>
              <td className="td align-top">
                <details>
                  <summary className="cursor-pointer">{m.subject}</summary>
                  <pre className="mt-2 whitespace-pre-wrap text-xs text-slate-700" aria-label={t('outbox.body')}>
                    {m.body}
                  </pre>
                </details>
              </td>
              <td className="td align-top">
                <span className={`rounded px-1.5 py-0.5 text-xs font-medium ${TONE[m.status]}`}>{t(`outbox.status.${m.status}`)}</span>
                {m.sentAt ? <span className="ml-1 text-xs token tabular-nums text-slate-500">{m.sentAt}</span> : null}
              </td>
              <td className="td align-top token tabular-nums">{m.attempts}</td>
              <td className="td whitespace-nowrap align-top token tabular-nums">{m.nextAttemptAt ?? '—'}</td>
              <td className="td break-all align-top text-sm text-red-800">
                {m.lastError && isMessageKey(m.lastError) ? t(m.lastError) : (m.lastError ?? '')}
              </td>
              <td className="td align-top">
                {m.status === 'failed' || m.status === 'sending' ? (
                  <Form method="post">
                    <input type="hidden" name="intent" value="retry" />
                    <input type="hidden" name="id" value={m.id} />
                    <button type="submit" className="btn whitespace-nowrap">
                      {t('outbox.retry')}
                    </button>
                  </Form>
                ) : null}
              </td>
            </tr>
          ))}
        </SimpleTable>
      )}
      <Pagination page={params.page} pageSize={params.size} total={total} sizes={PAGE_SIZES} />
    </div>
  )
}

// the outbox's address with these filters (page 1)
function filterUrl({ status, channel }: { status?: string; channel?: string }) {
  const q = new URLSearchParams({ ...(status ? { status } : {}), ...(channel ? { channel } : {}) }).toString()
  return q ? `/outbox?${q}` : '/outbox'
}

export const meta: MetaFunction = (args) => pageTitle(args, 'outbox.title')
