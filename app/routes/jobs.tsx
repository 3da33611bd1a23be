import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { z } from 'zod'
import { Pagination } from '~/components/data-table/data-table'
import { SimpleTable } from '~/components/data-table/simple-table'
import { FormAlert } from '~/components/ui/field'
import { summaryText } from '~/components/jobs/job-summary'
import { PageHeader } from '~/components/ui/page-header'
import { SavedNotice } from '~/components/ui/saved-notice'
import { formatShanghaiTime } from '~/domain/dates'
import { isMessageKey, type Translate } from '~/i18n'
import { pageTitle } from '~/i18n/meta'
import { usePageMessages, useT } from '~/i18n/use-t'
import { pageMessages } from '~/i18n/messages-asset.server'
import { localeOf } from '~/utils/locale.server'
import { getJobRun, isJobName, listJobRuns, listJobsWithLastRun, runJobNow } from '~/models/jobs.server'
import { auditActorOf } from '~/models/result.server'
import { actingUserOf, requireCapability } from '~/utils/auth.server'
import { now } from '~/utils/clock.server'
import { formValues, type FieldErrors } from '~/utils/forms'
import { PAGE_SIZES, pageParams, searchEntries } from '~/utils/list-params'
import { readForm } from '~/utils/form-body.server'

const JobsParams = z.object({ ran: z.coerce.number().int().positive().optional().catch(undefined), ...pageParams(20) })
const RunNow = z.object({ intent: z.literal('run'), job: z.string().refine(isJobName) })

type RunRow = ReturnType<typeof listJobRuns>['rows'][number]

// what the page shows of a run: times in Beijing time, the duration, and who pressed the button
function shownRun(run: RunRow) {
  return {
    id: run.id,
    job: run.job,
    startedAt: formatShanghaiTime(run.startedAt),
    durationMs: run.finishedAt ? Date.parse(run.finishedAt) - Date.parse(run.startedAt) : null,
    status: run.status,
    trigger: run.trigger,
    dryRun: run.dryRun,
    summary: run.summary,
    error: run.error,
  }
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = requireCapability(request, 'jobs:manage')
  const p = JobsParams.parse(searchEntries(new URL(request.url).searchParams))
  const { rows, total } = listJobRuns({ page: p.page, pageSize: p.size })
  const ran = p.ran ? getJobRun(p.ran) : null
  return {
    jobs: listJobsWithLastRun().map((job) => ({ ...job, lastRun: job.lastRun ? shownRun(job.lastRun) : null })),
    runs: rows.map(shownRun),
    total,
    params: p,
    ran: ran ? shownRun(ran) : null,
    // the page's words travel with it (docs/decisions/018): only the bureau ever opens it
    messages: pageMessages(localeOf(request, user.locale), 'jobs.'),
  }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = requireCapability(request, 'jobs:manage')
  const parsed = RunNow.safeParse(formValues(await readForm(request)))
  if (!parsed.success) return data({ errors: { _form: { key: 'form.invalidChoice' } } as FieldErrors }, { status: 400 })
  const run = await runJobNow({
    name: parsed.data.job,
    actor: auditActorOf(actingUserOf(user, context)),
    now: now(),
  })
  return redirect(`/jobs?ran=${run.runId}`)
}

// Jobs registered after these messages were written show their name as registered.
function jobLabel(t: Translate, name: string, part: '' | '.description' = '') {
  const key = `jobs.job.${name}${part}`
  return isMessageKey(key) ? t(key) : part ? '' : name
}

// "M H * * *" reads as a daily time, "M H * * 1" as Mondays; anything else is shown as the expression itself
function scheduleText(t: Translate, cron: string) {
  const daily = /^(\d{1,2}) (\d{1,2}) \* \* \*$/.exec(cron)
  const monday = /^(\d{1,2}) (\d{1,2}) \* \* 1$/.exec(cron)
  const hourly = /^(\d{1,2}) \* \* \* \*$/.exec(cron)
  if (hourly) return t('jobs.hourly', { minute: hourly[1].padStart(2, '0') })
  if (monday) return t('jobs.weekly', { time: `${monday[2].padStart(2, '0')}:${monday[1].padStart(2, '0')}` })
  if (!daily) return t('jobs.cron', { cron })
  return t('jobs.daily', { time: `${daily[2].padStart(2, '0')}:${daily[1].padStart(2, '0')}` })
}

const durationText = (ms: number | null) => (ms === null ? '—' : ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`)

export default function JobsPage() {
  const { jobs, runs, total, params, ran, messages } = useLoaderData<typeof loader>()
  usePageMessages(messages)
  const sent = useActionData<typeof action>()
  const navigation = useNavigation()
  const busyJob = navigation.state === 'submitting' ? navigation.formData?.get('job') : null
  const t = useT()
  return (
    <div className="space-y-4">
      <PageHeader title={t('jobs.title')} subtitle={t('jobs.intro')} />
      <FormAlert errors={sent?.errors} />
      {ran ? (
        <SavedNotice tone={ran.status === 'failed' ? 'failed' : 'saved'}>
          {t('jobs.ran', { job: jobLabel(t, ran.job), status: t(`jobs.status.${ran.status}`) })}
          {ran.error ? ` — ${ran.error}` : ''}
        </SavedNotice>
      ) : null}
      <SimpleTable headings={[t('jobs.col.job'), t('jobs.col.schedule'), t('jobs.col.lastRun'), null]}>
        {jobs.map((job) => (
          <tr key={job.name} data-job={job.name}>
            <td className="td align-top">
              <p className="font-medium">{jobLabel(t, job.name)}</p>
              <p className="text-xs text-slate-600">{jobLabel(t, job.name, '.description')}</p>
              {/* the name `npm run jobs -- <name>` takes: literal, in either language */}
              <code translate="no" className="text-xs text-slate-500">
                {job.name}
              </code>
            </td>
            <td className="td align-top text-sm">{scheduleText(t, job.cron)}</td>
            <td className="td align-top text-sm">
              {job.lastRun ? (
                <>
                  <span className="token tabular-nums">{job.lastRun.startedAt}</span> · <StatusBadge status={job.lastRun.status} />
                </>
              ) : (
                <span className="text-slate-500">{t('jobs.never')}</span>
              )}
            </td>
            <td className="td align-top">
              <Form method="post">
                <input type="hidden" name="intent" value="run" />
                <input type="hidden" name="job" value={job.name} />
                <button type="submit" className="btn-primary whitespace-nowrap" disabled={busyJob === job.name}>
                  {t('jobs.runNow')}
                </button>
              </Form>
            </td>
          </tr>
        ))}
      </SimpleTable>

      <h2 className="text-lg font-semibold">{t('jobs.history')}</h2>
      {runs.length === 0 ? (
        <p className="text-sm text-slate-600">{t('jobs.noRuns')}</p>
      ) : (
        <SimpleTable
          testId="job-runs"
          headings={[
            t('jobs.col.started'),
            t('jobs.col.job'),
            t('jobs.col.status'),
            t('jobs.col.trigger'),
            t('jobs.col.duration'),
            t('jobs.col.summary'),
            t('jobs.col.error'),
          ]}
        >
          {runs.map((run) => (
            <tr key={run.id} data-run={run.id}>
              <td className="td token tabular-nums">{run.startedAt}</td>
              <td className="td">{jobLabel(t, run.job)}</td>
              <td className="td">
                <StatusBadge status={run.status} />
              </td>
              <td className="td whitespace-nowrap">
                {t(`jobs.trigger.${run.trigger}`)}
                {run.dryRun ? <span className="ml-1 text-xs text-slate-500">({t('jobs.dryRun')})</span> : null}
              </td>
              <td className="td token tabular-nums">{durationText(run.durationMs)}</td>
              <td className="td text-sm">{summaryText(t, run.summary)}</td>
              <td className="td break-all text-sm text-red-800">{run.error ?? ''}</td>
            </tr>
          ))}
        </SimpleTable>
      )}
      <Pagination page={params.page} pageSize={params.size} total={total} sizes={PAGE_SIZES} />
    </div>
  )
}

function StatusBadge({ status }: { status: 'running' | 'ok' | 'failed' | 'skipped_locked' }) {
  const t = useT()
  const tone = {
    ok: 'bg-green-100 text-green-800',
    failed: 'bg-red-100 text-red-800',
    running: 'bg-sky-100 text-sky-800',
    skipped_locked: 'bg-slate-200 text-slate-700',
  }[status]
  return <span className={`rounded px-1.5 py-0.5 text-xs font-medium ${tone}`}>{t(`jobs.status.${status}`)}</span>
}

export const meta: MetaFunction = (args) => pageTitle(args, 'jobs.title')
