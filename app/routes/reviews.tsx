import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import type { ColumnDef } from '~/components/data-table/data-table'
import { useEffect, useMemo, useState } from 'react'
import { z } from 'zod'
import { FILING_KINDS } from '~db/schema/enums'
import { DataTable, Pagination } from '~/components/data-table/data-table'
import { DistrictFilter, FilterForm, FilterSelect } from '~/components/data-table/filter-form'
import { BULK_FORM_ID, BulkAcceptBar, type BulkFeedback } from '~/components/reviews/bulk-accept'
import { PageHeader } from '~/components/ui/page-header'
import { XlsxLink } from '~/components/data-table/xlsx-link'
import { formatShanghaiTime } from '~/domain/dates'
import { pageTitle } from '~/i18n/meta'
import { useT } from '~/i18n/use-t'
import { acceptFilings, BULK_ACCEPT_MAX } from '~/models/bulk-accept.server'
import { allGrades } from '~/models/grades.server'
import { REFUSAL_STATUS } from '~/models/result.server'
import { reviewQueue, type QueueRow } from '~/models/review-queue.server'
import { OPINION_STATE_LABELS, type OpinionFilter } from '~/models/review-queue-params'
import { actingUserOf, actorOf, requireCapability, requireUser } from '~/utils/auth.server'
import { today } from '~/utils/clock.server'
import { readForm } from '~/utils/form-body.server'
import { PAGE_SIZES } from '~/utils/list-params'
import { parseReviewParams, waitingDays } from '~/models/list-exports.server'

// One selected filing as its checkbox posts it: kind, id and the row version the queue showed
const Selected = z.string().regex(/^(deliverable|annual_report):\d{1,9}:\d{1,9}$/)
const BulkAccept = z.object({
  intent: z.literal('acceptSelected'),
  selected: z.array(Selected).max(BULK_ACCEPT_MAX),
  grade: z.string().trim().max(40).optional(),
})

export async function loader({ request }: LoaderFunctionArgs) {
  const user = requireCapability(request, 'review:view')
  const actor = actorOf(user)
  const p = parseReviewParams(new URL(request.url).searchParams, actor)
  const filter = p.filter
  const { rows, total } = reviewQueue({ actor, filter, sort: p.sort, dir: p.dir, page: p.page, pageSize: p.size })
  const date = today()
  return {
    role: user.role,
    filter,
    sort: p.sort,
    dir: p.dir,
    page: p.page,
    pageSize: p.size,
    total,
    rows: rows.map((r) => ({ ...r, waitingDays: waitingDays(r.submittedAt, date) })),
    // the bureau's bulk accept offers the active grades (an annual report is accepted with one)
    grades: user.role === 'bureau' ? allGrades() : [],
  }
}

// The bureau accepts the ticked filings (issue 19 item 9); a district or a lab is refused (403).
export async function action({ request, context }: ActionFunctionArgs) {
  const user = requireUser(request)
  if (user.role !== 'bureau') throw new Response('Forbidden', { status: REFUSAL_STATUS.forbidden })
  const form = await readForm(request)
  const parsed = BulkAccept.safeParse({
    intent: form.get('intent'),
    selected: form.getAll('selected').map(String),
    grade: form.get('grade') ?? undefined,
  })
  if (!parsed.success) {
    const tooMany = form.getAll('selected').length > BULK_ACCEPT_MAX
    const key = tooMany ? 'filings.bulk.tooMany' : 'form.invalidChoice'
    return data({ errors: { selected: { key, vars: { max: BULK_ACCEPT_MAX } } } } satisfies BulkFeedback, { status: 400 })
  }
  const items = [...new Set(parsed.data.selected)].map((s) => {
    const [kind, id, rowVersion] = s.split(':')
    return { kind: kind as (typeof FILING_KINDS)[number], id: Number(id), rowVersion: Number(rowVersion) }
  })
  const result = acceptFilings({ by: actingUserOf(user, context), items, grade: parsed.data.grade || undefined })
  if (result.ok) return data({ results: result.results } satisfies BulkFeedback)
  if (result.error === 'invalid') return data({ errors: result.errors } satisfies BulkFeedback, { status: 400 })
  throw new Response(result.error === 'forbidden' ? 'Forbidden' : 'Not found', { status: REFUSAL_STATUS[result.error] })
}

type Row = QueueRow & { waitingDays: number }

export default function ReviewQueuePage() {
  const { role, filter, sort, dir, page, pageSize, total, rows, grades } = useLoaderData<typeof loader>()
  const feedback = useActionData<typeof action>() as BulkFeedback | undefined
  const t = useT()
  const bulk = role === 'bureau'
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set())
  // a new page of rows (after a bulk accept, a filter, a page turn) starts with nothing ticked
  useEffect(() => setSelected(new Set()), [rows])
  const columns = useMemo<ColumnDef<Row>[]>(() => {
    const toggle = (value: string, on: boolean) =>
      setSelected((was) => {
        const next = new Set(was)
        if (on) next.add(value)
        else next.delete(value)
        return next
      })
    const select: ColumnDef<Row> = {
      id: 'select',
      header: t('filings.bulk.accept'),
      cell: ({ row: { original: r } }) => {
        const label =
          r.kind === 'deliverable' ? r.title : t('reviews.reportTitle', { period: r.periodSequence ?? '', year: r.validityYear ?? '' })
        // the district is asked first: the bureau opens the filing to decide without its opinion
        if (r.opinion === 'awaited') return <span className="text-xs text-slate-500">{t('filings.bulk.notSelectable')}</span>
        const value = `${r.kind}:${r.id}:${r.rowVersion}`
        return (
          <input
            type="checkbox"
            name="selected"
            value={value}
            form={BULK_FORM_ID}
            aria-label={t('filings.bulk.select', { item: label })}
            onChange={(e) => toggle(value, e.currentTarget.checked)}
          />
        )
      },
    }
    const rest: ColumnDef<Row>[] = [
      {
        id: 'item',
        header: t('reviews.col.item'),
        cell: ({ row: { original: r } }) => (
          <Link
            to={r.kind === 'deliverable' ? `/labs/${r.labId}/deliverables/${r.id}` : `/labs/${r.labId}/reports/${r.id}`}
            className="link font-medium"
          >
            {r.kind === 'deliverable' ? r.title : t('reviews.reportTitle', { period: r.periodSequence ?? '', year: r.validityYear ?? '' })}
          </Link>
        ),
      },
      { id: 'kind', header: t('reviews.col.kind'), cell: ({ row }) => t(`reviews.kind.${row.original.kind}`) },
      {
        id: 'lab',
        header: t('reviews.col.lab'),
        meta: { sortKey: 'lab' },
        cell: ({ row }) => (
          <Link to={`/labs/${row.original.labId}`} className="link">
            {row.original.labName}
          </Link>
        ),
      },
      { id: 'district', header: t('reviews.col.district'), cell: ({ row }) => t(`district.${row.original.districtCode}`) },
      {
        id: 'submitted',
        header: t('reviews.col.submitted'),
        meta: { sortKey: 'submitted' },
        cell: ({ row }) => <span className="token tabular-nums">{formatShanghaiTime(row.original.submittedAt)}</span>,
      },
      {
        id: 'waiting',
        header: t('reviews.col.waiting'),
        meta: { sortKey: 'waiting' },
        cell: ({ row }) => (
          <span className={`token tabular-nums ${row.original.waitingDays > 20 ? 'font-semibold text-red-700' : ''}`}>
            {t('reviews.days', { n: row.original.waitingDays })}
          </span>
        ),
      },
      {
        id: 'opinion',
        header: t('reviews.col.opinion'),
        cell: ({ row }) => (
          <span
            className={row.original.opinion === 'oppose' ? 'font-medium text-amber-800' : undefined}
            data-opinion={row.original.opinion}
          >
            {t(OPINION_STATE_LABELS[row.original.opinion])}
          </span>
        ),
      },
    ]
    return bulk ? [select, ...rest] : rest
  }, [t, bulk])
  // a district has an office by definition: 'not required' never applies to its own labs
  const opinionOptions: OpinionFilter[] =
    role === 'bureau' ? ['awaited', 'support', 'oppose', 'not_required'] : ['support', 'oppose', 'all']
  return (
    <div className="space-y-4">
      <PageHeader
        title={t('reviews.title')}
        subtitle={t(role === 'bureau' ? 'reviews.intro.bureau' : 'reviews.intro.district')}
        actions={<XlsxLink path="/reviews.xlsx" />}
      />
      <FilterForm hidden={{ size: pageSize, sort, dir }} resetTo="/reviews" search={{ value: filter.q, placeholder: t('reviews.search') }}>
        <FilterSelect
          name="kind"
          label={t('reviews.filter.kind')}
          value={filter.kind}
          options={FILING_KINDS.map((k) => [k, t(`reviews.kind.${k}`)] as const)}
        />
        <FilterSelect
          name="opinion"
          label={t('reviews.col.opinion')}
          value={filter.opinion}
          options={opinionOptions.map((o) => [o, o === 'all' ? t('common.all') : t(OPINION_STATE_LABELS[o])] as const)}
          blank={role === 'bureau' ? undefined : t('filings.opinion.awaited')}
        />
        {role === 'bureau' ? <DistrictFilter label={t('reviews.filter.district')} value={filter.districtCode} /> : null}
      </FilterForm>
      {bulk && rows.length > 0 ? <BulkAcceptBar selected={selected.size} grades={grades} feedback={feedback} /> : null}
      {bulk && rows.length === 0 && feedback ? <BulkAcceptBar selected={0} grades={grades} feedback={feedback} /> : null}
      {rows.length === 0 ? (
        <p className="card text-slate-600" data-testid="queue-empty">
          {t('reviews.empty')}
        </p>
      ) : (
        <>
          <DataTable rows={rows} columns={columns} visibility={{}} sort={sort} dir={dir} getRowId={(r) => `${r.kind}:${r.id}`} />
          <Pagination page={page} pageSize={pageSize} total={total} sizes={PAGE_SIZES} />
        </>
      )}
    </div>
  )
}

export const meta: MetaFunction = (args) => pageTitle(args, 'reviews.title')
