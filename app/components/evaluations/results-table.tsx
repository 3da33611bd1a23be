import { Form, Link } from '@remix-run/react'
import { Field, FormAlert } from '~/components/ui/field'
import { VersionField } from '~/components/ui/stale-notice'
import { EVALUATION_COMPONENTS } from '~/domain/evaluation'
import type { MessageKey } from '~/i18n'
import { useT } from '~/i18n/use-t'
import { resultParamsHref, type ResultParams, type ResultSort } from '~/models/evaluation-form'
import type { FieldErrors } from '~/utils/forms'
import { EVALUATION_GRADES, type EvaluationGrade } from '~db/schema/enums'
import { ComponentScore, formatScore, GradeBadge } from './parts'
import { TableScroll } from '~/components/ui/table-scroll'

// The round's table (issue 16, part 5): one row per lab in the reader's scope, sortable by every
// column (the sort runs in SQL, app/models/evaluations.server.ts getRoundPage), with the bureau's
// adjust form under each row while the round is open.

export type ResultRow = {
  id: number
  labId: number
  labName: string
  districtCode: string
  scoreReport: number | null
  scorePlan: number | null
  scoreCompliance: number | null
  scoreSecurity: number | null
  score: number | null
  rank: number
  proposedGrade: EvaluationGrade | null
  finalGrade: EvaluationGrade | null
  adjustmentReason: string
  adjustedAt: string | null
  adjustedBy: string | null
  details: Record<string, unknown>
  rowVersion: number
}

const COMPONENT_COLUMN = { report: 'scoreReport', plan: 'scorePlan', compliance: 'scoreCompliance', security: 'scoreSecurity' } as const

export function ResultsTable({
  base,
  params,
  rows,
  canManage,
  adjusting,
}: {
  base: string
  params: ResultParams
  rows: ResultRow[]
  canManage: boolean
  // the row whose adjustment was refused: its form is open with what was typed and the messages
  adjusting: { resultId: string; errors?: FieldErrors; values?: Record<string, string> } | null
}) {
  const t = useT()
  const header = (sort: ResultSort, label: string) => {
    const active = params.sort === sort
    const dir =
      active && params.dir === 'desc' ? 'asc' : active ? 'desc' : sort === 'rank' || sort === 'lab' || sort === 'district' ? 'asc' : 'desc'
    return (
      <th key={sort} className="th" aria-sort={active ? (params.dir === 'asc' ? 'ascending' : 'descending') : undefined}>
        <Link to={resultParamsHref(base, params, { sort, dir })} className="link" data-sort={sort}>
          {label}
          {active ? (params.dir === 'asc' ? ' ▲' : ' ▼') : ''}
        </Link>
      </th>
    )
  }
  return (
    <TableScroll>
      <table className="min-w-full text-sm" data-testid="evaluation-results">
        <thead>
          <tr>
            {header('rank', t('evaluation.col.rank'))}
            {header('lab', t('evaluation.col.lab'))}
            {header('district', t('evaluation.col.district'))}
            {EVALUATION_COMPONENTS.map((c) => header(c, t(`evaluation.component.${c}`)))}
            {header('score', t('evaluation.col.score'))}
            <th className="th">{t('evaluation.col.proposed')}</th>
            {header('final', t('evaluation.col.final'))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <ResultRowView key={r.id} row={r} canManage={canManage} adjusting={adjusting?.resultId === String(r.id) ? adjusting : null} />
          ))}
        </tbody>
      </table>
    </TableScroll>
  )
}

function ResultRowView({
  row: r,
  canManage,
  adjusting,
}: {
  row: ResultRow
  canManage: boolean
  adjusting: { errors?: FieldErrors; values?: Record<string, string> } | null
}) {
  const t = useT()
  return (
    <>
      <tr data-result-lab={r.labId}>
        <td className="td token tabular-nums">{r.rank}</td>
        <td className="td">
          <Link to={`/labs/${r.labId}`} className="link">
            {r.labName}
          </Link>
        </td>
        <td className="td">{t(`district.${r.districtCode}` as MessageKey)}</td>
        {EVALUATION_COMPONENTS.map((c) => (
          <td key={c} className="td" title={detailOf(t, c, r.details) ?? undefined}>
            <ComponentScore value={r[COMPONENT_COLUMN[c]]} />
          </td>
        ))}
        <td className="td token tabular-nums" data-testid="result-score">
          {formatScore(r.score) ?? t('evaluation.na')}
        </td>
        <td className="td">
          <GradeBadge grade={r.proposedGrade} />
        </td>
        <td className="td" data-testid="result-final">
          <GradeBadge grade={r.finalGrade} />
          {r.adjustedAt ? (
            <p className="mt-1 text-xs text-slate-600" data-testid="result-adjusted">
              {t('evaluation.adjusted', { who: r.adjustedBy ?? '—' })}: {r.adjustmentReason}
            </p>
          ) : null}
        </td>
      </tr>
      {canManage ? (
        <tr className="bg-slate-50">
          <td className="td" colSpan={10}>
            <details open={adjusting !== null}>
              <summary className="cursor-pointer text-sm text-slate-700">{t('evaluation.adjust')}</summary>
              <Form method="post" className="mt-2 flex flex-wrap items-end gap-3" noValidate>
                <input type="hidden" name="resultId" value={r.id} />
                <VersionField version={r.rowVersion} />
                <FormAlert errors={adjusting?.errors} />
                <Field name="grade" label={t('evaluation.adjust.grade')} errors={adjusting?.errors} idPrefix={`adjust-${r.id}`}>
                  {(p) => (
                    <select {...p} className="input w-auto" defaultValue={adjusting?.values?.grade ?? r.finalGrade ?? ''}>
                      {EVALUATION_GRADES.map((g) => (
                        <option key={g} value={g}>
                          {t(`evaluation.grade.${g}`)}
                        </option>
                      ))}
                    </select>
                  )}
                </Field>
                <div className="min-w-64 flex-1">
                  <Field name="reason" label={t('evaluation.adjust.reason')} errors={adjusting?.errors} idPrefix={`adjust-${r.id}`}>
                    {(p) => <input {...p} className="input" defaultValue={adjusting?.values?.reason ?? ''} />}
                  </Field>
                </div>
                <button className="btn" name="intent" value="adjust">
                  {t('evaluation.adjust.submit')}
                </button>
              </Form>
            </details>
          </td>
        </tr>
      ) : null}
    </>
  )
}

type T = ReturnType<typeof useT>

// the facts behind a component, as its cell's title
function detailOf(t: T, component: string, details: Record<string, unknown>): string | null {
  const d = details[component] as Record<string, unknown> | undefined
  if (component === 'report') {
    const reports = details.reports as unknown[] | undefined
    return t('evaluation.details.reports', { n: reports?.length ?? 0 })
  }
  if (!d) return null
  if (component === 'plan')
    return d.fulfilment === null || d.status !== 'approved'
      ? t('evaluation.details.noPlan')
      : t('evaluation.details.plan', { period: Number(d.periodSequence), fulfilment: Number(d.fulfilment), elapsed: Number(d.elapsed) })
  if (component === 'compliance')
    return t('evaluation.details.compliance', { months: Number(d.months), failing: Number(d.failing), warnings: Number(d.warnings) })
  return t('evaluation.details.security', {
    incidents: Number(d.incidents),
    serious: Number(d.serious),
    late: Number(d.late),
    drills: Number(d.drills),
    plan: t(d.planCurrent ? 'evaluation.details.planCurrent' : 'evaluation.details.planMissing'),
  })
}
