import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react'
import { z } from 'zod'
import { CALENDAR_DAY_KINDS } from '../../db/schema/enums'
import { Field, FormAlert } from '~/components/ui/field'
import { OptionsSelect } from '~/components/ui/options-select'
import { addWorkingDays, CALENDAR_MAX_YEAR, CALENDAR_MIN_YEAR, isoWeekday, MAX_WORKING_DAYS, yearOf, type DayKind } from '~/domain/calendar'
import { formatShanghaiTime, isIsoDate } from '~/domain/dates'
import { can } from '~/domain/permissions'
import { useLocale, useT } from '~/i18n/use-t'
import type { MessageKey } from '~/i18n'
import {
  confirmCalendarYear,
  listCalendarYear,
  packageCoverage,
  removeCalendarDay,
  setCalendarDay,
  unconfirmCalendarYear,
  workCalendar,
} from '~/models/calendar.server'
import { actorOf, requireUser } from '~/utils/auth.server'
import { today } from '~/utils/clock.server'
import { fieldErrorsOf, formValues, optionalText, requiredText, type FieldErrors } from '~/utils/forms'
import { clientIpOf } from '~/utils/request.server'

const inRange = (y: number) => y >= CALENDAR_MIN_YEAR && y <= CALENDAR_MAX_YEAR
const Year = z.coerce.number({ error: 'calendar.error.yearRange' }).int('calendar.error.yearRange').refine(inRange, 'calendar.error.yearRange')
const DateField = z
  .string({ error: 'form.invalidDate' })
  .trim()
  .refine(isIsoDate, 'form.invalidDate')
  .refine((d) => inRange(yearOf(d)), 'calendar.error.yearRange')
const DaySchema = z.object({ date: DateField, kind: z.enum(CALENDAR_DAY_KINDS, { error: 'form.invalidChoice' }), name: optionalText(50) })
const ConfirmSchema = z.object({ year: Year, source: requiredText(100) })
const YearSchema = z.object({ year: Year })
const RemoveSchema = z.object({ date: DateField })
const CalcSchema = z.object({
  from: DateField,
  n: z.coerce
    .number({ error: 'calendar.error.daysRange' })
    .int('calendar.error.daysRange')
    .min(1, 'calendar.error.daysRange')
    .max(MAX_WORKING_DAYS, 'calendar.error.daysRange'),
})

// The calendar is open to every role that works with deadlines; experts have no page here.
function requireCalendarViewer(request: Request) {
  const user = requireUser(request)
  if (user.role === 'expert') throw new Response('Not found', { status: 404 })
  return user
}

// The calculator is a GET form, so district and lab users can use it and a result can be linked.
function calculate(search: URLSearchParams) {
  if (!search.has('from') && !search.has('n')) return null
  const values = { from: search.get('from') ?? '', n: search.get('n') ?? '' }
  const parsed = CalcSchema.safeParse(values)
  if (!parsed.success) return { values, errors: fieldErrorsOf(parsed.error), result: null }
  const { from, n } = parsed.data
  return { values, errors: null, result: { from, n, ...addWorkingDays(workCalendar(), from, n) } }
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = requireCalendarViewer(request)
  const search = new URL(request.url).searchParams
  const todayDate = today()
  const year = Year.catch(yearOf(todayDate)).parse(search.get('year') ?? undefined)
  const calc = calculate(search)
  const payload = { ...listCalendarYear(year), coverage: packageCoverage(), canManage: can(actorOf(user), 'calendar:manage'), today: todayDate, calc }
  return data(payload, { status: calc?.errors ? 400 : 200 })
}

type Intent = 'setDay' | 'removeDay' | 'confirmYear' | 'unconfirmYear'

export async function action({ request, context }: ActionFunctionArgs) {
  const user = requireCalendarViewer(request)
  if (!can(actorOf(user), 'calendar:manage')) throw new Response('Forbidden', { status: 403 })
  const form = await request.formData()
  const values = formValues(form)
  const actor = { id: user.id, displayName: user.displayName, ip: clientIpOf(context) }
  const fail = (intent: Intent, errors: FieldErrors) => data({ intent, errors, values }, { status: 400 })
  const done = (year: number, saved: string) => redirect(`/calendar?year=${year}&saved=${saved}`)

  switch (values.intent) {
    case 'setDay': {
      const parsed = DaySchema.safeParse(values)
      if (!parsed.success) return fail('setDay', fieldErrorsOf(parsed.error))
      setCalendarDay({ input: parsed.data, actor })
      return done(yearOf(parsed.data.date), 'day')
    }
    case 'removeDay': {
      const parsed = RemoveSchema.safeParse(values)
      if (!parsed.success) return fail('removeDay', fieldErrorsOf(parsed.error))
      if (!removeCalendarDay({ date: parsed.data.date, actor }).ok) throw new Response('Not found', { status: 404 })
      return done(yearOf(parsed.data.date), 'removed')
    }
    case 'confirmYear': {
      const parsed = ConfirmSchema.safeParse(values)
      if (!parsed.success) return fail('confirmYear', fieldErrorsOf(parsed.error))
      const { year, source } = parsed.data
      const result = confirmCalendarYear({ year, source, actor })
      if (!result.ok) return fail('confirmYear', { _form: { key: `calendar.error.${result.reason}`, vars: { year } } })
      return done(year, 'confirmed')
    }
    case 'unconfirmYear': {
      const parsed = YearSchema.safeParse(values)
      if (!parsed.success) return fail('unconfirmYear', fieldErrorsOf(parsed.error))
      if (!unconfirmCalendarYear({ year: parsed.data.year, actor }).ok) throw new Response('Not found', { status: 404 })
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
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-xl font-semibold">
          {t('calendar.title')} · {t('calendar.yearTitle', { year })}
        </h1>
        <nav className="ml-auto flex items-center gap-2 text-sm" aria-label={t('calendar.yearPicker')}>
          {year > CALENDAR_MIN_YEAR ? (
            <Link to={`/calendar?year=${year - 1}`} className="btn">
              ← {t('calendar.prevYear')}
            </Link>
          ) : null}
          <Form method="get" className="flex items-center gap-1">
            <label htmlFor="year-picker" className="sr-only">
              {t('calendar.year')}
            </label>
            <input id="year-picker" name="year" type="number" min={CALENDAR_MIN_YEAR} max={CALENDAR_MAX_YEAR} defaultValue={year} className="input w-24" />
            <button type="submit" className="btn">
              {t('calendar.show')}
            </button>
          </Form>
          {year < CALENDAR_MAX_YEAR ? (
            <Link to={`/calendar?year=${year + 1}`} className="btn">
              {t('calendar.nextYear')} →
            </Link>
          ) : null}
        </nav>
      </div>
      <p className="text-sm text-slate-600">{t('calendar.intro')}</p>
      {saved && !actionData ? (
        <p role="status" className="rounded border border-green-300 bg-green-50 p-3 text-sm text-green-800">
          {t(saved)}
        </p>
      ) : null}
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
          {page.months.map((m) => (
            <MonthGrid key={m.month} month={m} />
          ))}
        </div>
      </section>
      <SpecialDays page={page} />
      {page.canManage ? <BureauForms page={page} actionData={actionData} /> : null}
    </div>
  )
}

type Page = ReturnType<typeof useLoaderData<typeof loader>>

function YearBanner({ page }: { page: Page }) {
  const t = useT()
  const { year, confirmation } = page
  if (!page.known) {
    return (
      <div role="alert" className="rounded border border-amber-400 bg-amber-50 p-3 text-sm text-amber-900" data-testid="unknown-year">
        <p className="font-semibold">⚠ {t('calendar.banner.unknown', { year })}</p>
        {page.bureauDayCount > 0 ? <p>{t('calendar.banner.unknownRows', { n: page.bureauDayCount })}</p> : null}
        {page.canManage ? <p>{t('calendar.banner.unknownManage')}</p> : null}
      </div>
    )
  }
  const text = confirmation
    ? t('calendar.banner.confirmed', { year, source: confirmation.source, name: confirmation.updatedByName ?? '—', at: formatShanghaiTime(confirmation.updatedAt) })
    : t('calendar.banner.package', { year })
  return (
    <p className="rounded border border-sky-200 bg-sky-50 p-3 text-sm text-sky-900" data-testid="known-year">
      {text}
    </p>
  )
}

function Calculator({ calc, year, today }: { calc: Page['calc']; year: number; today: string }) {
  const t = useT()
  const navigation = useNavigation()
  const result = calc?.result
  return (
    <section className="card" aria-labelledby="calc-title">
      <h2 id="calc-title" className="mb-1 font-semibold">
        {t('calendar.calc.title')}
      </h2>
      <p className="mb-3 text-sm text-slate-600">{t('calendar.calc.hint')}</p>
      <Form method="get" className="flex flex-wrap items-end gap-3" noValidate>
        <input type="hidden" name="year" value={year} />
        <Field name="from" label={t('calendar.field.from')} errors={calc?.errors ?? undefined} required>
          {(p) => <input {...p} type="date" className="input" defaultValue={calc?.values.from ?? today} />}
        </Field>
        <Field name="n" label={t('calendar.field.n')} errors={calc?.errors ?? undefined} required>
          {(p) => <input {...p} type="number" min={1} max={MAX_WORKING_DAYS} className="input w-28" defaultValue={calc?.values.n ?? '10'} />}
        </Field>
        <button type="submit" className="btn-primary" disabled={navigation.state === 'loading'}>
          {t('calendar.calc.submit')}
        </button>
      </Form>
      {result ? (
        <div className="mt-3 space-y-1 text-sm" role="status" data-testid="calc-result">
          <p className="font-medium">
            {t('calendar.calc.result', { from: result.from, n: result.n, date: result.date, weekday: t(`calendar.weekdayLong.${isoWeekday(result.date)}` as MessageKey) })}
          </p>
          {result.estimated ? (
            <p className="rounded border border-amber-400 bg-amber-50 p-2 text-amber-900" data-testid="calc-estimated">
              ⚠ {t('calendar.calc.estimated', { years: result.unknownYears.join('、') })}
            </p>
          ) : null}
        </div>
      ) : null}
    </section>
  )
}

const CELL: Record<DayKind, string> = {
  workday: 'text-slate-800',
  weekend: 'text-slate-400',
  holiday: 'bg-red-100 font-semibold text-red-800',
  makeup_workday: 'bg-amber-100 font-semibold text-amber-900',
}

function Legend({ known }: { known: boolean }) {
  const t = useT()
  return (
    <div className="mb-3 text-xs text-slate-700">
      <h3 className="sr-only">{t('calendar.legend')}</h3>
      <ul className="flex flex-wrap gap-x-4 gap-y-1" aria-label={t('calendar.legend')}>
        <li>
          <span className={`rounded px-1 ${CELL.holiday}`}>{t('calendar.mark.holiday')}</span> {t('calendar.legend.holiday')}
        </li>
        <li>
          <span className={`rounded px-1 ${CELL.makeup_workday}`}>{t('calendar.mark.makeup_workday')}</span> {t('calendar.legend.makeup')}
        </li>
        <li>
          <span className={`px-1 ${CELL.weekend}`}>6 7</span> {t('calendar.legend.weekend')}
        </li>
        <li>
          <span className="rounded px-1 outline-dashed outline-1 outline-sky-700">{t('calendar.mark.bureau')}</span> {t('calendar.legend.bureau')}
        </li>
        {!known ? <li className="text-amber-800">⚠ {t('calendar.legend.estimated')}</li> : null}
      </ul>
    </div>
  )
}

type Month = Page['months'][number]

function MonthGrid({ month }: { month: Month }) {
  const t = useT()
  const cells: (Month['days'][number] | null)[] = [...Array<null>(month.days[0].weekday - 1).fill(null), ...month.days]
  const weeks = Array.from({ length: Math.ceil(cells.length / 7) }, (_, i) => cells.slice(i * 7, i * 7 + 7))
  return (
    <table className="w-full table-fixed text-center text-sm" data-testid={`month-${month.month}`}>
      <caption className="mb-1 text-left font-medium">{t(`calendar.month.${month.month}` as MessageKey)}</caption>
      <thead>
        <tr>
          {[1, 2, 3, 4, 5, 6, 7].map((w) => (
            <th key={w} scope="col" className={`text-xs font-normal ${w >= 6 ? 'text-slate-400' : 'text-slate-500'}`}>
              <abbr title={t(`calendar.weekdayLong.${w}` as MessageKey)} className="no-underline">
                {t(`calendar.weekday.${w}` as MessageKey)}
              </abbr>
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {weeks.map((week, i) => (
          <tr key={i}>
            {week.map((d, j) =>
              d ? (
                <td key={d.date} className="p-0.5" data-date={d.date} data-kind={d.kind} data-bureau={d.bureau || undefined}>
                  <DayCell day={d} />
                </td>
              ) : (
                <td key={`blank-${j}`} />
              ),
            )}
          </tr>
        ))}
      </tbody>
    </table>
  )
}

function DayCell({ day }: { day: Month['days'][number] }) {
  const t = useT()
  const mark = day.kind === 'holiday' || day.kind === 'makeup_workday' ? t(`calendar.mark.${day.kind}`) : ''
  const label =
    t('calendar.dayLabel', { date: day.date, weekday: t(`calendar.weekdayLong.${day.weekday}` as MessageKey), kind: t(`calendar.kind.${day.kind}`) }) +
    (day.name ? ` ${day.name}` : '') +
    (day.bureau ? t('calendar.dayLabelBureau') : '')
  return (
    <div title={label} className={`rounded px-0.5 py-0.5 leading-tight ${CELL[day.kind]} ${day.bureau ? 'outline-dashed outline-1 outline-sky-700' : ''}`}>
      <span aria-hidden>
        {day.day}
        {mark ? <sup className="ml-px text-[0.6rem]">{mark}</sup> : null}
        {day.bureau ? <sup className="text-[0.6rem] text-sky-800">{t('calendar.mark.bureau')}</sup> : null}
      </span>
      <span className="sr-only">{label}</span>
    </div>
  )
}

function SpecialDays({ page }: { page: Page }) {
  const t = useT()
  const locale = useLocale()
  return (
    <section className="card" aria-labelledby="days-title" id="days">
      <h2 id="days-title" className="mb-2 font-semibold">
        {t('calendar.days.title', { year: page.year })}
      </h2>
      {page.days.length === 0 ? (
        <p className="text-sm text-slate-500">{t('calendar.days.none')}</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full" data-testid="special-days">
            <thead>
              <tr>
                <th className="th">{t('calendar.col.date')}</th>
                <th className="th">{t('calendar.col.weekday')}</th>
                <th className="th">{t('calendar.col.kind')}</th>
                <th className="th">{t('calendar.col.name')}</th>
                <th className="th">{t('calendar.col.source')}</th>
                {page.canManage ? <th className="th">{t('common.actions')}</th> : null}
              </tr>
            </thead>
            <tbody>
              {page.days.map((d) => (
                <tr key={d.date} data-testid="special-day" data-date={d.date}>
                  <td className="td tabular-nums">{d.date}</td>
                  <td className="td">{t(`calendar.weekdayLong.${d.weekday}` as MessageKey)}</td>
                  <td className="td">{t(`calendar.kind.${d.kind}`)}</td>
                  <td className="td">{locale === 'en' && d.nameEn ? d.nameEn : d.name}</td>
                  <td className="td">
                    {t(`calendar.source.${d.source}`)}
                    {d.packageDay ? (
                      <span className="block text-xs text-slate-500">
                        {t('calendar.overrides', {
                          kind: t(`calendar.field.kind.${d.packageDay.kind}`),
                          name: locale === 'en' ? d.packageDay.nameEn : d.packageDay.name,
                        })}
                      </span>
                    ) : null}
                  </td>
                  {page.canManage ? (
                    <td className="td">
                      {d.source === 'bureau' ? (
                        <Form method="post">
                          <input type="hidden" name="intent" value="removeDay" />
                          <input type="hidden" name="date" value={d.date} />
                          <button type="submit" className="btn" aria-label={t('calendar.removeLabel', { date: d.date })}>
                            {t('calendar.remove')}
                          </button>
                        </Form>
                      ) : null}
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  )
}

type ActionData = { intent: Intent; errors: FieldErrors; values: Record<string, string> } | undefined

function BureauForms({ page, actionData }: { page: Page; actionData: ActionData }) {
  const t = useT()
  const busy = useNavigation().state === 'submitting'
  const { year } = page
  const dayErrors = actionData?.intent === 'setDay' ? actionData.errors : undefined
  const dayValues = actionData?.intent === 'setDay' ? actionData.values : undefined
  const yearErrors = actionData?.intent === 'confirmYear' || actionData?.intent === 'unconfirmYear' ? actionData.errors : undefined
  const yearValues = actionData?.intent === 'confirmYear' ? actionData.values : undefined
  return (
    <div className="grid gap-4 md:grid-cols-2">
      <section className="card" aria-labelledby="day-form-title">
        <h2 id="day-form-title" className="mb-1 font-semibold">
          {t('calendar.dayForm.title')}
        </h2>
        <p className="mb-3 text-sm text-slate-600">{t('calendar.dayForm.hint')}</p>
        <Form method="post" className="space-y-3" noValidate>
          <input type="hidden" name="intent" value="setDay" />
          <FormAlert errors={dayErrors} />
          <Field name="date" label={t('calendar.field.date')} errors={dayErrors} required>
            {(p) => <input {...p} type="date" className="input" defaultValue={dayValues?.date ?? ''} />}
          </Field>
          <Field name="kind" label={t('calendar.field.kind')} errors={dayErrors} required>
            {(p) => (
              <OptionsSelect
                {...p}
                defaultValue={dayValues?.kind ?? 'holiday'}
                options={CALENDAR_DAY_KINDS.map((k) => [k, t(`calendar.field.kind.${k}`)] as const)}
              />
            )}
          </Field>
          <Field name="name" label={t('calendar.field.name')} hint={t('calendar.field.nameHint')} errors={dayErrors}>
            {(p) => <input {...p} className="input" maxLength={50} defaultValue={dayValues?.name ?? ''} />}
          </Field>
          <button type="submit" className="btn-primary" disabled={busy}>
            {t('calendar.dayForm.submit')}
          </button>
        </Form>
      </section>
      {!page.inPackage ? (
        <section className="card" aria-labelledby="year-form-title">
          <h2 id="year-form-title" className="mb-1 font-semibold">
            {t(page.confirmation ? 'calendar.yearForm.withdrawTitle' : 'calendar.yearForm.title')}
          </h2>
          <p className="mb-3 text-sm text-slate-600">{t(page.confirmation ? 'calendar.yearForm.withdrawHint' : 'calendar.yearForm.hint', { year })}</p>
          <Form method="post" className="space-y-3" noValidate>
            <input type="hidden" name="intent" value={page.confirmation ? 'unconfirmYear' : 'confirmYear'} />
            <input type="hidden" name="year" value={year} />
            <FormAlert errors={yearErrors} />
            {page.confirmation ? (
              <button type="submit" className="btn-danger" disabled={busy}>
                {t('calendar.yearForm.withdraw', { year })}
              </button>
            ) : (
              <>
                <Field name="source" label={t('calendar.field.source')} hint={t('calendar.field.sourceHint')} errors={yearErrors} required>
                  {(p) => <input {...p} className="input" maxLength={100} defaultValue={yearValues?.source ?? ''} />}
                </Field>
                <button type="submit" className="btn-primary" disabled={busy}>
                  {t('calendar.yearForm.submit', { year })}
                </button>
              </>
            )}
          </Form>
        </section>
      ) : null}
    </div>
  )
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Labcycle · 工作日历${data ? ` ${data.year}` : ''}` }]
