import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { DELIVERABLE_FORMS, OUTCOME_KINDS, OUTCOME_VERIFICATIONS } from '~db/schema/enums'
import { Pagination } from '~/components/data-table/data-table'
import { FilterForm, FilterSelect } from '~/components/data-table/filter-form'
import { SimpleTable } from '~/components/data-table/simple-table'
import { YearLabel } from '~/components/deliverables/year-label'
import { OutcomeVerificationBadge } from '~/components/outcomes/verification-badge'
import { PageHeader } from '~/components/ui/page-header'
import { formatWan } from '~/domain/money'
import { canRecordOutcome } from '~/domain/outcomes'
import { pageTitle } from '~/i18n/meta'
import { useT } from '~/i18n/use-t'
import { listOutcomes } from '~/models/outcomes.server'
import { OutcomeListParams, parseOutcomeListParams } from '~/models/outcome-list-params'
import { getLab } from '~/models/labs.server'
import { actorOf, requireUser } from '~/utils/auth.server'
import { PAGE_SIZES } from '~/utils/list-params'
import { idParam } from '~/utils/params'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = requireUser(request)
  const actor = actorOf(user)
  const detail = getLab({ id: idParam(params.labId), actor })
  if (!detail) throw new Response('Not found', { status: 404 })
  const search = new URL(request.url).searchParams
  const filter = OutcomeListParams.parse(Object.fromEntries(search))
  const listed = listOutcomes({ actor, labId: detail.lab.id, filter: parseOutcomeListParams(search) })
  if (!listed) throw new Response('Not found', { status: 404 })
  return {
    lab: { id: detail.lab.id, name: detail.lab.name },
    rows: listed.rows.map(({ valueYuan, ...r }) => ({ ...r, value: valueYuan === null ? '' : formatWan(valueYuan) })),
    total: listed.total,
    page: listed.page,
    size: listed.size,
    fromDeliverables: listed.fromDeliverables,
    filter,
    // the export takes the list's filters
    query: search.size > 0 ? `?${search}` : '',
    periods: detail.periods.map((p) => ({ id: p.id, sequence: p.sequence, startDate: p.startDate, endDate: p.endDate })),
    canCreate: canRecordOutcome(actor, detail.lab),
  }
}

export default function OutcomesPage() {
  const d = useLoaderData<typeof loader>()
  const t = useT()
  const filtered = Boolean(d.filter.form || d.filter.kind || d.filter.period || d.filter.verification)
  return (
    <div className="space-y-4">
      <PageHeader
        title={`${t('outcomes.title')} · ${d.lab.name}`}
        actions={
          <>
            <Link to={`/labs/${d.lab.id}`} className="btn">
              {t('outcomes.backToLab')}
            </Link>
            <a href={`/labs/${d.lab.id}/outcomes/csv${d.query}`} className="btn" data-testid="outcomes-csv">
              {t('outcomes.csv')}
            </a>
            <a href={`/labs/${d.lab.id}/outcomes/xlsx${d.query}`} className="btn" data-testid="outcomes-xlsx">
              {t('outcomes.xlsx')}
            </a>
            {d.canCreate ? (
              <Link to={`/labs/${d.lab.id}/outcomes/new`} className="btn-primary" data-testid="new-outcome">
                {t('outcomes.new')}
              </Link>
            ) : null}
          </>
        }
        subtitle={t('outcomes.intro')}
      />
      <FilterForm hidden={{}} resetTo={`/labs/${d.lab.id}/outcomes`}>
        <FilterSelect
          name="form"
          label={t('outcomes.filter.form')}
          value={d.filter.form}
          options={DELIVERABLE_FORMS.map((f) => [f, t(`deliverables.form.${f}`)] as const)}
        />
        <FilterSelect
          name="kind"
          label={t('outcomes.filter.kind')}
          value={d.filter.kind}
          options={OUTCOME_KINDS.map((k) => [k, t(`outcomes.kind.${k}`)] as const)}
        />
        <FilterSelect
          name="period"
          label={t('outcomes.filter.period')}
          value={d.filter.period === undefined ? undefined : String(d.filter.period)}
          options={d.periods.map(
            (p) =>
              [String(p.id), t('outcomes.periodOption', { sequence: p.sequence, startDate: p.startDate, endDate: p.endDate })] as const,
          )}
        />
        <FilterSelect
          name="verification"
          label={t('outcomes.filter.verification')}
          value={d.filter.verification}
          options={OUTCOME_VERIFICATIONS.map((v) => [v, t(`outcomes.verification.${v}`)] as const)}
        />
      </FilterForm>
      {d.total === 0 && !filtered ? (
        <p className="card text-sm text-slate-600">{t('outcomes.empty')}</p>
      ) : (
        <div>
          <SimpleTable
            testId="outcomes-table"
            headings={[
              t('outcomes.col.title'),
              t('outcomes.col.form'),
              t('outcomes.col.kind'),
              t('outcomes.col.occurredOn'),
              t('outcomes.col.year'),
              t('outcomes.col.value'),
              t('outcomes.col.verification'),
            ]}
          >
            {d.rows.map((r) => (
              <tr key={r.id} className="border-t">
                <td className="td">
                  <Link to={`/labs/${d.lab.id}/outcomes/${r.id}`} className="link font-medium">
                    {r.title}
                  </Link>
                </td>
                <td className="td">{t(`deliverables.form.${r.form}`)}</td>
                <td className="td">{t(`outcomes.kind.${r.kind}`)}</td>
                <td className="td token tabular-nums">{r.occurredOn}</td>
                <td className="td">{t('outcomes.periodLabel', { sequence: r.periodSequence, year: r.validityYear })}</td>
                <td className="td token tabular-nums">{r.value}</td>
                <td className="td">
                  <OutcomeVerificationBadge verification={r.verification} />
                </td>
              </tr>
            ))}
          </SimpleTable>
          <Pagination page={d.page} pageSize={d.size} total={d.total} sizes={PAGE_SIZES} />
        </div>
      )}
      {d.fromDeliverables.length > 0 ? (
        <section className="card" aria-labelledby="from-deliverables">
          <h2 id="from-deliverables" className="mb-1 font-semibold">
            {t('outcomes.fromDeliverables')}
          </h2>
          <p className="mb-3 text-sm text-slate-600">{t('outcomes.fromDeliverablesHint')}</p>
          <SimpleTable
            testId="outcomes-from-deliverables"
            headings={[
              t('outcomes.col.title'),
              t('outcomes.col.form'),
              t('outcomes.col.occurredOn'),
              t('outcomes.col.year'),
              t('outcomes.col.verification'),
            ]}
          >
            {d.fromDeliverables.map((r) => (
              <tr key={r.id} className="border-t">
                <td className="td">
                  <Link to={`/labs/${d.lab.id}/deliverables/${r.id}`} className="link font-medium">
                    {r.title}
                  </Link>
                </td>
                <td className="td">{r.forms.map((f) => t(`deliverables.form.${f}`)).join('、')}</td>
                <td className="td token tabular-nums">{r.completedOn}</td>
                <td className="td">
                  <YearLabel placement={r.placement} />
                </td>
                <td className="td">{t('outcomes.fromDeliverable')}</td>
              </tr>
            ))}
          </SimpleTable>
        </section>
      ) : null}
    </div>
  )
}

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args, 'outcomes.title', args.data?.lab.name)
