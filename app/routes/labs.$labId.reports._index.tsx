import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { ReportYearsTable } from '~/components/reports/report-years-table'
import { FormAlert } from '~/components/ui/field'
import { PageHeader } from '~/components/ui/page-header'
import { DRAFT_OPENS_DAYS_BEFORE_YEAR_END } from '~/domain/annual-report'
import { pageTitle } from '~/i18n/meta'
import { useT } from '~/i18n/use-t'
import { isOwnLab } from '~/domain/permissions'
import { listReportYears, startReport } from '~/models/annual-reports.server'
import { allGrades } from '~/models/grades.server'
import { getLab } from '~/models/labs.server'
import { refusalResponse } from '~/models/result.server'
import { actingUserOf, actorOf, requireUser } from '~/utils/auth.server'
import { today } from '~/utils/clock.server'
import { fieldErrorsOf, formValues, type FieldErrors } from '~/utils/forms'
import { idParam } from '~/utils/params'
import { readForm } from '~/utils/form-body.server'

const StartSchema = z.object({
  intent: z.literal('start', { error: 'form.invalidChoice' }),
  periodId: z.coerce.number({ error: 'reports.error.noSuchYear' }).int('reports.error.noSuchYear').positive('reports.error.noSuchYear'),
  validityYear: z.coerce.number({ error: 'reports.error.noSuchYear' }).int('reports.error.noSuchYear'),
})

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = requireUser(request)
  const actor = actorOf(user)
  const detail = getLab({ id: idParam(params.labId), actor })
  if (!detail) throw new Response('Not found', { status: 404 })
  const rows = listReportYears({ actor, labId: detail.lab.id })
  if (!rows) throw new Response('Not found', { status: 404 })
  return {
    lab: { id: detail.lab.id, name: detail.lab.name },
    rows,
    today: today(),
    isOwnLab: isOwnLab(actor, detail.lab),
    grades: allGrades(),
  }
}

// Starting a report: the lab posts the period and the validity year.
export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = requireUser(request)
  const actor = actorOf(user)
  const detail = getLab({ id: idParam(params.labId), actor })
  if (!detail) throw new Response('Not found', { status: 404 })
  if (!isOwnLab(actor, detail.lab)) throw new Response('Forbidden', { status: 403 })
  const labId = detail.lab.id
  const values = formValues(await readForm(request))
  const parsed = StartSchema.safeParse(values)
  if (!parsed.success) return data({ errors: fieldErrorsOf(parsed.error) as FieldErrors, values }, { status: 400 })
  const by = actingUserOf(user, context)
  const result = startReport({ by, labId, periodId: parsed.data.periodId, validityYear: parsed.data.validityYear })
  if (result.ok) return redirect(`/labs/${labId}/reports/${result.report.id}?saved=start`)
  return refusalResponse(result, { values })
}

export default function LabReportsPage() {
  const { lab, rows, today, isOwnLab, grades } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const t = useT()
  return (
    <div className="space-y-4">
      <PageHeader
        title={`${t('reports.title')} · ${lab.name}`}
        actions={
          <Link to={`/labs/${lab.id}`} className="btn">
            {t('reports.backToLab')}
          </Link>
        }
        subtitle={t('reports.intro', { days: DRAFT_OPENS_DAYS_BEFORE_YEAR_END })}
      />
      <FormAlert errors={actionData?.errors} />
      {rows.length === 0 ? (
        <p className="card text-sm text-slate-600">{t('reports.empty')}</p>
      ) : (
        <ReportYearsTable labId={lab.id} rows={rows} today={today} isOwnLab={isOwnLab} grades={grades} />
      )}
    </div>
  )
}

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args, 'reports.title', args.data?.lab.name)
