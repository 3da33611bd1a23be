import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { ApplicationStatusBadge } from '~/components/applications/status-badge'
import { CsvLink } from '~/components/data-table/csv-link'
import { XlsxLink } from '~/components/data-table/xlsx-link'
import { FormAlert } from '~/components/ui/field'
import { PageHeader } from '~/components/ui/page-header'
import { TableScroll } from '~/components/ui/table-scroll'
import { DISTRICT_CODES } from '~db/schema/enums'
import { APPLICATION_STATUSES } from '~/domain/certification/application-steps'
import { formatShanghaiMinute } from '~/domain/dates'
import { applicationPageMessages } from '~/i18n/messages-asset.server'
import { pageTitle } from '~/i18n/meta'
import { useLocale, usePageMessages, useT } from '~/i18n/use-t'
import { refusalResponse } from '~/models/result.server'
import { parseApplicationListParams, type ApplicationListFilter } from '~/models/application-list-params'
import { SORTS } from '~/models/round-application-form'
import { applicantHome, officeList } from '~/models/round-application-lists.server'
import { startApplication } from '~/models/round-applications.server'
import { actingUserOf, actorOf, requireCapability } from '~/utils/auth.server'
import { now } from '~/utils/clock.server'
import { readForm } from '~/utils/form-body.server'
import { formValues, type FieldErrors } from '~/utils/forms'
import { localeOf } from '~/utils/locale.server'

// 认定申报 (issue 21): the applicant's home (open rounds, its own applications with their
// deadlines) and the offices' and the bureau's list of a round's submitted applications.
const Start = z.object({ intent: z.literal('start'), roundId: z.coerce.number().int().positive() })

export async function loader({ request }: LoaderFunctionArgs) {
  const user = requireCapability(request, 'application:view')
  const actor = actorOf(user)
  const at = now()
  const messages = applicationPageMessages(localeOf(request, user.locale))
  if (user.role === 'applicant') return { kind: 'applicant' as const, home: applicantHome({ actor, at }), now: at.toISOString(), messages }
  const f = parseApplicationListParams(new URL(request.url).searchParams)
  const list = officeList({ actor, at, filter: { ...f, roundId: f.round } })
  if (!list) throw new Response('Not found', { status: 404 })
  return { kind: 'office' as const, list, filter: f, messages }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = requireCapability(request, 'application:view')
  const values = formValues(await readForm(request))
  const parsed = Start.safeParse(values)
  if (!parsed.success) return data({ errors: { _form: { key: 'form.invalidChoice' } } as FieldErrors }, { status: 400 })
  const result = startApplication({ by: actingUserOf(user, context), roundId: parsed.data.roundId })
  if (!result.ok) return refusalResponse(result, { values })
  return redirect(`/applications/${result.id}`)
}

export default function ApplicationsPage() {
  const loaded = useLoaderData<typeof loader>()
  usePageMessages(loaded.messages)
  const t = useT()
  return (
    <div className="space-y-4">
      <PageHeader
        title={t('applications.title')}
        subtitle={t(loaded.kind === 'applicant' ? 'applications.intro.applicant' : 'applications.intro.office')}
      />
      {loaded.kind === 'applicant' ? (
        <ApplicantHome home={loaded.home} now={loaded.now} />
      ) : (
        <OfficeList list={loaded.list} filter={loaded.filter} />
      )}
    </div>
  )
}

type Home = NonNullable<ReturnType<typeof applicantHome>>

// Days and hours left until the deadline in Beijing time, counted from the server's clock.
function Countdown({ dueAt, now }: { dueAt: string; now: string }) {
  const t = useT()
  const ms = new Date(dueAt).getTime() - new Date(now).getTime()
  if (ms < 0) return <span className="text-red-700">{t('applications.closed')}</span>
  const hours = Math.floor(ms / 3_600_000)
  return <span>{t('applications.countdown', { days: Math.floor(hours / 24), hours: hours % 24 })}</span>
}

function ApplicantHome({ home, now }: { home: Home | null; now: string }) {
  const t = useT()
  const locale = useLocale()
  const sent = useActionData<typeof action>()
  if (!home) return <p className="card text-sm text-slate-600">{t('applications.pendingAccount')}</p>
  const name = (r: { nameZh: string; nameEn: string }) => (locale === 'zh' ? r.nameZh : r.nameEn)
  return (
    <>
      <FormAlert errors={sent?.errors as FieldErrors | undefined} />
      <section className="card space-y-2" aria-labelledby="open-rounds">
        <h2 id="open-rounds" className="font-semibold">
          {t('applications.openRounds')}
        </h2>
        {home.openRounds.length === 0 ? <p className="text-sm text-slate-500">{t('applications.noOpenRound')}</p> : null}
        {home.openRounds.map((r) => (
          <Form method="post" key={r.id} className="flex flex-wrap items-center gap-3 text-sm">
            <input type="hidden" name="intent" value="start" />
            <input type="hidden" name="roundId" value={r.id} />
            <span className="font-medium">{name(r)}</span>
            <span className="token tabular-nums">{t('applications.dueAt', { at: formatShanghaiMinute(r.applicationsDueAt) })}</span>
            <Countdown dueAt={r.applicationsDueAt} now={now} />
            <button type="submit" className="btn-primary">
              {t('applications.start')}
            </button>
          </Form>
        ))}
      </section>
      <section className="card space-y-2" aria-labelledby="own-applications">
        <h2 id="own-applications" className="font-semibold">
          {t('applications.own')}
        </h2>
        {home.applications.length === 0 ? <p className="text-sm text-slate-500">{t('applications.none')}</p> : null}
        <ul className="space-y-2 text-sm" data-testid="own-applications">
          {home.applications.map((a) => (
            <li key={a.id} className="flex flex-wrap items-center gap-3">
              <Link to={`/applications/${a.id}`} className="link font-medium">
                {a.labName || t('applications.untitled')} · {name(a.round)}
              </Link>
              <ApplicationStatusBadge status={a.status} />
              <span className="token tabular-nums">{t('applications.dueAt', { at: formatShanghaiMinute(a.round.applicationsDueAt) })}</span>
              <Countdown dueAt={a.round.applicationsDueAt} now={now} />
            </li>
          ))}
        </ul>
      </section>
    </>
  )
}

type List = NonNullable<ReturnType<typeof officeList>>

function OfficeList({ list, filter }: { list: List; filter: ApplicationListFilter }) {
  const t = useT()
  const locale = useLocale()
  if (!list.round) return <p className="card text-sm text-slate-500">{t('applications.noRound')}</p>
  const officeName = (r: { officeDistrictCode: string | null; officeDepartmentId: number | null }) => {
    if (r.officeDistrictCode) return t(`district.${r.officeDistrictCode}` as never)
    const d = list.departments.find((x) => x.id === r.officeDepartmentId)
    return d ? (locale === 'zh' ? d.nameZh : d.nameEn) : ''
  }
  const pages = Math.max(1, Math.ceil(list.total / 50))
  const query = (extra: Record<string, string | number | undefined>) => {
    const p = new URLSearchParams()
    for (const [k, v] of Object.entries({ ...filter, round: list.round!.id, ...extra }))
      if (v !== undefined && v !== '') p.set(k, String(v))
    return `?${p.toString()}`
  }
  return (
    <>
      <Form method="get" className="card flex flex-wrap items-end gap-3 text-sm" aria-label={t('applications.filter')}>
        <label className="flex flex-col">
          <span className="label">{t('applications.round')}</span>
          <select name="round" defaultValue={list.round.id} className="input">
            {list.rounds.map((r) => (
              <option key={r.id} value={r.id}>
                {locale === 'zh' ? r.nameZh : r.nameEn}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col">
          <span className="label">{t('applications.col.status')}</span>
          <select name="status" defaultValue={filter.status ?? ''} className="input">
            <option value="">{t('applications.all')}</option>
            {APPLICATION_STATUSES.filter((s) => s !== 'draft').map((s) => (
              <option key={s} value={s}>
                {t(`applications.status.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col">
          <span className="label">{t('applications.col.direction')}</span>
          <select name="direction" defaultValue={filter.direction ?? ''} className="input">
            <option value="">{t('applications.all')}</option>
            {Array.from({ length: 14 }, (_, i) => i + 1).map((d) => (
              <option key={d} value={d}>
                {t(`direction.${d}` as never)}
              </option>
            ))}
          </select>
        </label>
        {list.isBureau ? (
          <label className="flex flex-col">
            <span className="label">{t('applications.col.office')}</span>
            <select name="office" defaultValue={filter.office ?? ''} className="input">
              <option value="">{t('applications.all')}</option>
              {DISTRICT_CODES.map((c) => (
                <option key={c} value={`district:${c}`}>
                  {t(`district.${c}` as never)}
                </option>
              ))}
              {list.departments.map((d) => (
                <option key={d.id} value={`department:${d.id}`}>
                  {locale === 'zh' ? d.nameZh : d.nameEn}
                </option>
              ))}
            </select>
          </label>
        ) : null}
        <label className="flex flex-col">
          <span className="label">{t('applications.sort')}</span>
          <select name="sort" defaultValue={filter.sort ?? 'submitted'} className="input">
            {SORTS.map((s) => (
              <option key={s} value={s}>
                {t(`applications.sort.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="btn-secondary">
          {t('applications.apply')}
        </button>
        <span className="ml-auto flex gap-2">
          <CsvLink path="/applications.csv" label={t('applications.exportCsv')} />
          <XlsxLink path="/applications.xlsx" />
        </span>
      </Form>
      <section className="card flex flex-wrap gap-4 text-sm" aria-label={t('applications.counts')} data-testid="status-counts">
        {Object.entries(list.counts).map(([status, n]) => (
          <span key={status}>
            {t(`applications.status.${status}` as never)} <strong className="tabular-nums">{n}</strong>
          </span>
        ))}
        {list.quota ? <span data-testid="quota">{t('applications.quota', { used: list.quota.used, quota: list.quota.quota })}</span> : null}
        <span className="token tabular-nums">
          {t('applications.officeDueAt', { at: formatShanghaiMinute(list.round.recommendationsDueAt) })}
        </span>
        <Link to={`/rounds/${list.round.id}/funnel`} className="link" data-testid="funnel-link">
          {t('applications.funnelLink')}
        </Link>
      </section>
      {list.late.length ? (
        <p className="card text-sm text-amber-900" role="status" data-testid="late-items">
          {t('applications.late', { count: list.late.length })}
        </p>
      ) : null}
      {list.rows.length === 0 ? (
        <p className="card text-sm text-slate-500">{t('applications.noneSubmitted')}</p>
      ) : (
        <TableScroll className="card">
          <table className="w-full text-sm" data-testid="applications-table">
            <thead>
              <tr className="text-left text-slate-500">
                <th className="pr-3 font-medium">{t('applications.col.applicant')}</th>
                <th className="pr-3 font-medium">{t('applications.col.lab')}</th>
                <th className="pr-3 font-medium">{t('applications.col.direction')}</th>
                <th className="pr-3 font-medium">{t('applications.col.office')}</th>
                <th className="pr-3 font-medium">{t('applications.col.submittedAt')}</th>
                <th className="font-medium">{t('applications.col.status')}</th>
              </tr>
            </thead>
            <tbody>
              {list.rows.map((r) => (
                <tr key={r.id} className="border-t">
                  <td className="py-2 pr-3">
                    <Link to={`/applications/${r.id}`} className="link font-medium">
                      {r.applicantName}
                    </Link>
                  </td>
                  <td className="py-2 pr-3">{r.labName}</td>
                  <td className="py-2 pr-3">{r.direction ? t(`direction.${r.direction}` as never) : ''}</td>
                  <td className="py-2 pr-3">{officeName(r)}</td>
                  <td className="token py-2 pr-3 tabular-nums">{r.submittedAt ? formatShanghaiMinute(r.submittedAt) : ''}</td>
                  <td className="py-2">
                    <ApplicationStatusBadge status={r.status} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      {pages > 1 ? (
        <nav className="flex gap-3 text-sm" aria-label={t('applications.paging')}>
          {list.page! > 1 ? <Link to={query({ page: list.page! - 1 })}>{t('applications.prev')}</Link> : null}
          <span>{t('applications.pageOf', { page: list.page!, pages })}</span>
          {list.page! < pages ? <Link to={query({ page: list.page! + 1 })}>{t('applications.next')}</Link> : null}
        </nav>
      ) : null}
    </>
  )
}

export const meta: MetaFunction = (args) => pageTitle(args, 'applications.title')
