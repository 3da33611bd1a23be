import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { BureauForms } from '~/components/calendar/bureau-forms'
import { Calculator } from '~/components/calendar/calculator'
import { Legend } from '~/components/calendar/legend'
import { MonthGrid } from '~/components/calendar/month-grid'
import { SpecialDays } from '~/components/calendar/special-days'
import { YearBanner } from '~/components/calendar/year-banner'
import { YearNav } from '~/components/calendar/year-nav'
import { PageHeader } from '~/components/ui/page-header'
import { SavedNotice } from '~/components/ui/saved-notice'
import { monthsOfYear, yearOf } from '~/domain/calendar'
import { can } from '~/domain/permissions'
import type { MessageKey } from '~/i18n'
import { pageTitle } from '~/i18n/meta'
import { useT } from '~/i18n/use-t'
import {
  confirmCalendarYear,
  listCalendarYear,
  packageCoverage,
  removeCalendarDay,
  setCalendarDay,
  unconfirmCalendarYear,
  workCalendar,
} from '~/models/calendar.server'
import {
  calculate,
  ConfirmYearSchema,
  DaySchema,
  RemoveDaySchema,
  YearSchema,
  yearParam,
  type CalendarIntent,
} from '~/models/calendar-form'
import { auditActorOf, invalid, refusalResponse, type Refusal } from '~/models/result.server'
import { actingUserOf, actorOf, requireCapability } from '~/utils/auth.server'
import { today } from '~/utils/clock.server'
import { fieldErrorsOf, formValues } from '~/utils/forms'
import { readForm } from '~/utils/form-body.server'

export async function loader({ request }: LoaderFunctionArgs) {
  const user = requireCapability(request, 'calendar:view')
  const search = new URL(request.url).searchParams
  const todayDate = today()
  const year = yearParam(search, yearOf(todayDate))
  const calc = calculate(search, workCalendar())
  const payload = {
    ...listCalendarYear(year),
    coverage: packageCoverage(),
    canManage: can(actorOf(user), 'calendar:manage'),
    today: todayDate,
    calc,
  }
  return data(payload, { status: calc?.errors ? 400 : 200 })
}

export async function action({ request, context }: ActionFunctionArgs) {
  // Experts get the loader's 404; the other viewers may look but not change.
  const user = requireCapability(request, 'calendar:view')
  if (!can(actorOf(user), 'calendar:manage')) throw new Response('Forbidden', { status: 403 })
  const form = await readForm(request)
  const values = formValues(form)
  const actor = auditActorOf(actingUserOf(user, context))
  // through the one adapter: 404 thrown, bad input 400 with the intent, so the page shows the
  // messages on that form and keeps what was typed
  const fail = (intent: CalendarIntent, failure: Refusal) => refusalResponse(failure, { intent, values })
  const done = (year: number, saved: string) => redirect(`/calendar?year=${year}&saved=${saved}`)

  switch (values.intent) {
    case 'setDay': {
      const parsed = DaySchema.safeParse(values)
      if (!parsed.success) return fail('setDay', invalid(fieldErrorsOf(parsed.error)))
      setCalendarDay({ input: parsed.data, actor })
      return done(yearOf(parsed.data.date), 'day')
    }
    case 'removeDay': {
      const parsed = RemoveDaySchema.safeParse(values)
      if (!parsed.success) return fail('removeDay', invalid(fieldErrorsOf(parsed.error)))
      const result = removeCalendarDay({ date: parsed.data.date, actor })
      if (!result.ok) return fail('removeDay', result)
      return done(yearOf(parsed.data.date), 'removed')
    }
    case 'confirmYear': {
      const parsed = ConfirmYearSchema.safeParse(values)
      if (!parsed.success) return fail('confirmYear', invalid(fieldErrorsOf(parsed.error)))
      const { year, source } = parsed.data
      const result = confirmCalendarYear({ year, source, actor })
      if (!result.ok) return fail('confirmYear', result)
      return done(year, 'confirmed')
    }
    case 'unconfirmYear': {
      const parsed = YearSchema.safeParse(values)
      if (!parsed.success) return fail('unconfirmYear', invalid(fieldErrorsOf(parsed.error)))
      const result = unconfirmCalendarYear({ year: parsed.data.year, actor })
      if (!result.ok) return fail('unconfirmYear', result)
      return done(parsed.data.year, 'unconfirmed')
    }
    default:
      throw new Response('Bad request', { status: 400 })
  }
}

const SAVED: Record<string, MessageKey> = {
  day: 'calendar.saved.day',
  removed: 'calendar.saved.removed',
  confirmed: 'calendar.saved.confirmed',
  unconfirmed: 'calendar.saved.unconfirmed',
}

export default function CalendarPage() {
  const page = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [params] = useSearchParams()
  const t = useT()
  const { year, coverage } = page
  const saved = SAVED[params.get('saved') ?? '']
  return (
    <div className="space-y-4">
      <PageHeader
        title={`${t('calendar.title')} · ${t('calendar.yearTitle', { year })}`}
        badges={<YearNav year={year} />}
        subtitle={t('calendar.intro')}
      />
      {saved && !actionData ? <SavedNotice>{t(saved)}</SavedNotice> : null}
      <YearBanner page={page} />
      <p className="text-sm text-slate-600" data-testid="coverage">
        {t('calendar.coverage', { version: coverage.version, first: coverage.first, last: coverage.last })}
      </p>
      <Calculator calc={page.calc} year={year} today={page.today} />
      <section className="card" aria-labelledby="grid-title">
        <h2 id="grid-title" className="mb-2 font-semibold">
          {t('calendar.yearTitle', { year })}
        </h2>
        <Legend known={page.known} />
        <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3 xl:grid-cols-4">
          {monthsOfYear(year, page.days).map((m) => (
            <MonthGrid key={m.month} month={m} />
          ))}
        </div>
      </section>
      <SpecialDays year={year} days={page.days} canManage={page.canManage} />
      {page.canManage ? <BureauForms page={page} actionData={actionData} /> : null}
    </div>
  )
}

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args, 'calendar.title', args.data ? String(args.data.year) : null)
