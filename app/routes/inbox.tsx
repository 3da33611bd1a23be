import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { z } from 'zod'
import { REMINDER_SOURCES } from '~db/schema/enums'
import { noticeKindsFor } from '~/domain/notice-kinds'
import { Pagination } from '~/components/data-table/data-table'
import { SimpleTable } from '~/components/data-table/simple-table'
import { RefusalNotice } from '~/components/ui/field'
import { PageHeader } from '~/components/ui/page-header'
import { SavedNotice } from '~/components/ui/saved-notice'
import { formatShanghaiTime } from '~/domain/dates'
import { stateText, titleText } from '~/domain/mail'
import { translatorFor } from '~/utils/locale.server'
import { isEscalation, isEventNotice } from '~/domain/reminders'
import { pageTitle } from '~/i18n/meta'
import { useT } from '~/i18n/use-t'
import { listInbox, markAllRead, markRead, markSelectedRead } from '~/models/inbox.server'
import { requireUser } from '~/utils/auth.server'
import { now, today } from '~/utils/clock.server'
import { db } from '~/utils/db.server'
import { formValues, type FieldErrors } from '~/utils/forms'
import { optionalEnum, PAGE_SIZES, pageParams, searchEntries } from '~/utils/list-params'
import { readForm } from '~/utils/form-body.server'

const InboxParams = z.object({ ...pageParams(20), kind: optionalEnum(REMINDER_SOURCES), unread: optionalEnum(['1']) })
// 'open' marks the item read and goes to it; 'read' only marks it; 'readAll' marks every unread item
const InboxAction = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('open'), id: z.coerce.number().int().positive() }),
  z.object({ intent: z.literal('read'), id: z.coerce.number().int().positive() }),
  z.object({ intent: z.literal('readAll') }),
  // the checked items of the page (at most a page of 100)
  z.object({ intent: z.literal('readSelected'), ids: z.array(z.coerce.number().int().positive()).max(100) }),
])

export async function loader({ request }: LoaderFunctionArgs) {
  const user = requireUser(request)
  const t = translatorFor(request, user.locale)
  const p = InboxParams.parse(searchEntries(new URL(request.url).searchParams))
  const { rows, total, unread } = listInbox({
    db: db(),
    userId: user.id,
    page: p.page,
    pageSize: p.size,
    kind: p.kind,
    unreadOnly: p.unread === '1',
  })
  return {
    // the kinds this person can receive, to filter by
    kinds: noticeKindsFor(user.role),
    // titles are written here, in the reader's language: the certification round's and the
    // applicants' notice titles are server-only messages (app/i18n/messages-asset.server.ts)
    items: rows.map((r) => ({ ...r, titleText: titleText(t, r.title), createdAt: formatShanghaiTime(r.createdAt) })),
    total,
    unread,
    today: today(),
    params: p,
  }
}

export async function action({ request }: ActionFunctionArgs) {
  const user = requireUser(request)
  const form = await readForm(request)
  const parsed = InboxAction.safeParse({ ...formValues(form), ids: form.getAll('ids').map(String) })
  if (!parsed.success) return data({ errors: { _form: { key: 'form.invalidChoice' } } as FieldErrors }, { status: 400 })
  const at = now()
  if (parsed.data.intent === 'readAll') return redirect(`/inbox?marked=${markAllRead({ db: db(), userId: user.id, at })}`)
  if (parsed.data.intent === 'readSelected') {
    if (parsed.data.ids.length === 0) return data({ errors: { _form: { key: 'inbox.noneSelected' } } as FieldErrors }, { status: 400 })
    // back to the same page and filters, saying how many were marked
    const back = new URLSearchParams(new URL(request.url).search)
    back.set('marked', String(markSelectedRead({ db: db(), userId: user.id, itemIds: parsed.data.ids, at })))
    return redirect(`/inbox?${back}`)
  }
  const link = markRead({ db: db(), userId: user.id, itemId: parsed.data.id, at })
  // another person's item does not exist for this user
  if (link === null) throw new Response('Not found', { status: 404 })
  return redirect(parsed.data.intent === 'open' ? link : '/inbox')
}

export default function InboxPage() {
  const { items, total, unread, today, params, kinds } = useLoaderData<typeof loader>()
  const filtered = Boolean(params.kind || params.unread)
  const [search] = useSearchParams()
  const t = useT()
  const marked = search.get('marked')
  const refused = useActionData<typeof action>()
  return (
    <div className="space-y-4">
      <PageHeader
        title={t('inbox.title')}
        actions={
          unread > 0 ? (
            <Form method="post">
              <input type="hidden" name="intent" value="readAll" />
              <button type="submit" className="btn">
                {t('inbox.markAllRead')}
              </button>
            </Form>
          ) : null
        }
        subtitle={t('inbox.intro')}
      />
      <RefusalNotice errors={refused?.errors} />
      {marked !== null ? <SavedNotice>{t('inbox.markedAll', { n: marked })}</SavedNotice> : null}
      <Form method="get" className="flex flex-wrap items-end gap-3" data-testid="inbox-filter">
        <label className="text-sm">
          <span className="mb-1 block text-slate-600">{t('inbox.filter.kind')}</span>
          <select name="kind" defaultValue={params.kind ?? ''} className="input">
            <option value="">{t('inbox.filter.allKinds')}</option>
            {kinds.map((k) => (
              <option key={k} value={k}>
                {t(`reminders.source.${k}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" name="unread" value="1" defaultChecked={params.unread === '1'} />
          {t('inbox.filter.unreadOnly')}
        </label>
        <button type="submit" className="btn">
          {t('inbox.filter.apply')}
        </button>
      </Form>
      {items.some((item) => !item.readAt) ? <SelectionBar /> : null}
      {items.length === 0 ? (
        <p className="text-sm text-slate-600">{filtered ? t('inbox.filter.none') : t('inbox.empty')}</p>
      ) : (
        <SimpleTable testId="inbox" headings={[t('inbox.col.item'), t('inbox.col.state'), t('inbox.col.received'), null]}>
          {items.map((item) => (
            <tr
              key={item.id}
              data-item={item.id}
              data-unread={item.readAt ? undefined : 'true'}
              className={item.readAt ? 'text-slate-600' : 'font-medium'}
            >
              <td className="td">
                {item.readAt ? null : (
                  <input
                    type="checkbox"
                    name="ids"
                    value={item.id}
                    form={SELECTION_FORM}
                    className="mr-2 align-middle"
                    aria-label={t('inbox.select', { title: item.titleText })}
                    data-testid="inbox-select"
                  />
                )}
                {item.readAt ? null : (
                  <span className="mr-2 rounded bg-amber-400 px-1.5 text-xs font-semibold text-slate-900">{t('inbox.unread')}</span>
                )}
                {isEscalation(item.source, item.audience) ? (
                  <span className="mr-2 rounded bg-red-100 px-1.5 text-xs text-red-800">{t('reminders.escalation')}</span>
                ) : null}
                <span className="mr-2 rounded bg-slate-100 px-1.5 text-xs text-slate-700">{t(`reminders.source.${item.source}`)}</span>
                <Form method="post" className="inline">
                  <input type="hidden" name="intent" value="open" />
                  <input type="hidden" name="id" value={item.id} />
                  <button type="submit" className="link text-left">
                    {item.titleText}
                  </button>
                </Form>
              </td>
              <td className="td whitespace-nowrap text-sm">
                {isEventNotice(item.source) ? item.dueDate : stateText(t, item.dueDate, today)}
              </td>
              <td className="td whitespace-nowrap text-sm token tabular-nums">{item.createdAt}</td>
              <td className="td">
                {item.readAt ? null : (
                  <Form method="post">
                    <input type="hidden" name="intent" value="read" />
                    <input type="hidden" name="id" value={item.id} />
                    <button type="submit" className="btn whitespace-nowrap text-xs">
                      {t('inbox.markRead')}
                    </button>
                  </Form>
                )}
              </td>
            </tr>
          ))}
        </SimpleTable>
      )}
      <Pagination page={params.page} pageSize={params.size} total={total} sizes={PAGE_SIZES} />
    </div>
  )
}

// The rows' checkboxes belong to this form (their own row holds other forms, and forms do not nest).
const SELECTION_FORM = 'inbox-selection'

/** Marks the ticked unread messages of the page read at once (issue 19, item 9). */
function SelectionBar() {
  const t = useT()
  const selectAll = (checked: boolean) => {
    for (const box of document.querySelectorAll<HTMLInputElement>(`input[name=ids][form=${SELECTION_FORM}]`)) box.checked = checked
  }
  return (
    <Form method="post" id={SELECTION_FORM} className="flex flex-wrap items-center gap-3" data-unsaved-ok="">
      <input type="hidden" name="intent" value="readSelected" />
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" onChange={(event) => selectAll(event.currentTarget.checked)} data-testid="inbox-select-all" />
        {t('inbox.selectAll')}
      </label>
      <button type="submit" className="btn" data-testid="inbox-mark-selected">
        {t('inbox.markSelectedRead')}
      </button>
    </Form>
  )
}

export const meta: MetaFunction = (args) => pageTitle(args, 'inbox.title')
