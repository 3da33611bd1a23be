import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import type { ColumnDef } from '~/components/data-table/data-table'
import { useMemo, useState } from 'react'
import { DIRECTIONS, DISTRICT_CODES, type DistrictCode } from '~db/schema/enums'
import { DataTable, Pagination } from '~/components/data-table/data-table'
import { DistrictFilter, FilterForm, FilterSelect } from '~/components/data-table/filter-form'
import { ListHeader } from '~/components/data-table/list-header'
import { OverdueBadge } from '~/components/data-table/overdue-badge'
import { useGradeLabel } from '~/components/filings/grade-label'
import { BulkAssignForm, RowCheckbox } from '~/components/renewals/bulk-assign'
import { PipelineCharts } from '~/components/renewals/pipeline-charts'
import { PipelineTiles } from '~/components/renewals/pipeline-tiles'
import { pageTitle } from '~/i18n/meta'
import { useT } from '~/i18n/use-t'
import { allGrades } from '~/models/grades.server'
import { countPipelineStages, listPipeline, pipelineAggregates } from '~/models/renewal-pipeline.server'
import { actingUserOf, actorOf, requireCapability, requireUser } from '~/utils/auth.server'
import { activeExperts, assignExpertToRenewals, BULK_MAX } from '~/models/bulk-assign.server'
import { readForm } from '~/utils/form-body.server'
import { today } from '~/utils/clock.server'
import { PAGE_SIZES } from '~/utils/list-params'
import { parsePipelineParams, PIPELINE_COLUMNS, PIPELINE_STAGES, pipelineRowHref, type PipelineRow } from '~/models/renewal-pipeline-params'

// 续期办理 (issue 8, item 5): the renewal of every lab near or past the end of its period, for the
// bureau and a district (its own labs); labs and experts have no such page (404).
export async function loader({ request }: LoaderFunctionArgs) {
  const user = requireCapability(request, 'renewal:pipeline')
  const actor = actorOf(user)
  const isDistrict = user.role === 'district'
  const state = parsePipelineParams(new URL(request.url).searchParams, { isDistrict })
  const day = today()
  // the tiles' counts are the table's total too (one pass over the pipeline instead of two)
  const counts = countPipelineStages({ actor, today: day, filter: state.filter })
  const { rows, total } = listPipeline({ actor, today: day, ...state, counts })
  return {
    rows,
    total,
    state,
    counts,
    aggregates: pipelineAggregates({ actor, filter: state.filter }),
    grades: allGrades(),
    // a district's filter is its scope; its chart shows its own district
    districts: isDistrict ? [] : DISTRICT_CODES,
    chartDistricts: isDistrict && user.districtCode ? [user.districtCode] : (DISTRICT_CODES as readonly DistrictCode[]),
    // the bulk assignment is the bureau's (issue 19 item 9)
    experts: user.role === 'bureau' ? activeExperts() : null,
  }
}

// One intent: the bureau assigns one expert to the ticked renewals. Anyone else is refused (403)
// before the form is read; each renewal then passes the single assignment's checks.
export async function action({ request, context }: ActionFunctionArgs) {
  const user = requireUser(request)
  if (user.role !== 'bureau') throw new Response('Forbidden', { status: 403 })
  const form = await readForm(request)
  const intent = form.get('intent')
  if (intent !== 'bulkAssignExpert') return data({ errors: { _form: { key: 'form.invalidChoice' as const } } }, { status: 400 })
  const raw = form.getAll('renewalId').map(String)
  const ids = raw.filter((v) => /^\d{1,12}$/.test(v)).map(Number)
  if (ids.length !== raw.length) return data({ errors: { renewalIds: { key: 'form.invalidChoice' as const } } }, { status: 400 })
  if (raw.length > BULK_MAX)
    return data({ errors: { renewalIds: { key: 'bulkAssign.error.tooMany' as const, vars: { max: BULK_MAX } } } }, { status: 400 })
  const expertId = String(form.get('expertId') ?? '')
  if (!/^\d{1,12}$/.test(expertId))
    return data({ errors: { expertId: { key: 'expertReview.error.expertInvalid' as const } } }, { status: 400 })
  const result = assignExpertToRenewals({ by: actingUserOf(user, context), renewalIds: ids, expertId })
  if (!result.ok && result.error === 'forbidden') throw new Response('Forbidden', { status: 403 })
  if (!result.ok) return data({ errors: result.errors }, { status: 400 })
  return data({ assigned: result.assigned, refused: result.refused })
}

const TABLE_COLUMNS = PIPELINE_COLUMNS.filter((c) => !c.csvOnly)
// the stages whose renewal may take an expert (ASSIGNABLE_STATUSES: submitted, under review)
const BULK_STAGES = new Set(['applied', 'under_review'])

export default function RenewalPipelinePage() {
  const { rows, total, state, counts, aggregates, grades, districts, chartDistricts, experts } = useLoaderData<typeof loader>()
  const answer = useActionData<typeof action>()
  const t = useT()
  // the ticked boxes, counted for the bulk form's button and its second look
  const [selected, setSelected] = useState(0)
  const gradeLabel = useGradeLabel(grades)
  const { filter } = state

  const columns = useMemo<ColumnDef<PipelineRow>[]>(
    () =>
      TABLE_COLUMNS.map((col) => ({
        id: col.id,
        header: t(col.label),
        meta: { sortKey: col.sort },
        cell: ({ row: { original: r } }) => {
          // what needs acting on reads red in every cell, with a badge by its stage
          const tone = r.overdue ? 'text-red-700' : ''
          if (col.id === 'lab')
            return (
              <span className="flex items-center gap-2">
                {experts && r.renewalId !== null && BULK_STAGES.has(r.stage) ? (
                  <RowCheckbox
                    renewalId={r.renewalId}
                    labName={r.labName}
                    onToggle={() => setSelected(document.querySelectorAll('input[name=renewalId]:checked').length)}
                  />
                ) : null}
                <Link to={pipelineRowHref(r)} className={`link font-medium ${tone}`}>
                  {r.labName}
                </Link>
              </span>
            )
          if (col.id === 'stage')
            return (
              <span className={`whitespace-nowrap ${tone}`} data-stage={r.stage}>
                {col.text(r, t, gradeLabel)}
                {r.overdue ? <OverdueBadge label={t('renewalPipeline.overdue')} /> : null}
              </span>
            )
          // dates, counts and grades read as one word each (issue 19: "不合/格" broken in two)
          const numeric = ['end', 'submitted', 'decided', 'reviews', 'rectificationDeadline'].includes(col.id)
          const token = numeric || col.id === 'grade'
          return <span className={`${tone} ${token ? 'token' : ''} ${numeric ? 'tabular-nums' : ''}`}>{col.text(r, t, gradeLabel)}</span>
        },
      })),
    [t, gradeLabel, experts],
  )

  return (
    <div className="space-y-4">
      <ListHeader
        title={t('renewals.pipeline.title')}
        count={t('renewals.count', { n: total })}
        countTestId="pipeline-count"
        exportPath="/renewals/csv"
        xlsxPath="/renewals/xlsx"
        exportLabel={t('renewalPipeline.export')}
      />
      <p className="text-sm text-slate-700">
        {t('renewals.pipeline.intro')}{' '}
        <Link to="/public/notices" className="link underline" data-testid="public-notices-link">
          {t('nav.publicNotices')}
        </Link>
      </p>

      <PipelineTiles counts={counts} filter={filter} />

      <FilterForm
        hidden={{ sort: state.sort, dir: state.dir, size: state.pageSize }}
        resetTo="/renewals"
        search={{ value: filter.q, placeholder: t('renewals.filter.search') }}
      >
        <FilterSelect
          name="stage"
          label={t('renewals.filter.stage')}
          value={filter.stage}
          options={PIPELINE_STAGES.map((s) => [s, t(`renewals.stage.${s}`)] as const)}
        />
        <DistrictFilter label={t('renewals.filter.district')} value={filter.districtCode} districts={districts} />
        <FilterSelect
          name="direction"
          label={t('renewals.filter.direction')}
          value={filter.direction}
          options={DIRECTIONS.map((d) => [String(d), `${d}. ${t(`direction.${d}`)}`] as const)}
        />
      </FilterForm>

      <p className="text-xs text-slate-500">{t('renewalPipeline.overdueHint')}</p>
      {rows.length === 0 ? (
        <p className="card text-slate-600" data-testid="pipeline-empty">
          {t('renewals.empty')}
        </p>
      ) : (
        <DataTable rows={rows} columns={columns} visibility={{}} sort={state.sort} dir={state.dir} getRowId={(r) => String(r.periodId)} />
      )}
      <Pagination page={state.page} pageSize={state.pageSize} total={total} sizes={PAGE_SIZES} />
      {experts ? <BulkAssignForm experts={experts} selected={selected} answer={answer} /> : null}

      <PipelineCharts aggregates={aggregates} grades={grades} districts={chartDistricts} />
    </div>
  )
}

export const meta: MetaFunction = (args) => pageTitle(args, 'renewals.pipeline.title')
