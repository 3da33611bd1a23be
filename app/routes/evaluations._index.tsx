import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { z } from 'zod'
import { StatusBadge } from '~/components/evaluations/parts'
import { Field, FormAlert, RefusalNotice } from '~/components/ui/field'
import { PageHeader } from '~/components/ui/page-header'
import { XlsxLink } from '~/components/data-table/xlsx-link'
import { SavedNotice } from '~/components/ui/saved-notice'
import { formatShanghaiDay } from '~/domain/dates'
import { DEFAULT_ROUND_SETTINGS, EVALUATION_COMPONENTS, type RoundSettings } from '~/domain/evaluation'
import { can } from '~/domain/permissions'
import { pageTitle } from '~/i18n/meta'
import { useT } from '~/i18n/use-t'
import { listRounds, openRound, openRoundDefaults } from '~/models/evaluations.server'
import { refusalResponse } from '~/models/result.server'
import { actingUserOf, actorOf, requireUser } from '~/utils/auth.server'
import { today } from '~/utils/clock.server'
import { readForm } from '~/utils/form-body.server'
import { formValues, type FieldErrors } from '~/utils/forms'
import { EVALUATION_GRADES } from '~db/schema/enums'

// /evaluations — 年度评估 (issue 16, part 5). The bureau lists its rounds and opens the round of a
// year with its weights and caps (the last round's, or the defaults, prefilled); a district
// office lists the published rounds with its own district's grades; a lab is sent to its own
// results. Nobody else has the page.
const Intent = z.enum(['open'])

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = actorOf(requireUser(request))
  if (actor.role === 'lab' && actor.labId !== null) throw redirect(`/labs/${actor.labId}/evaluation`)
  if (!can(actor, 'evaluation:view')) throw new Response('Not found', { status: 404 })
  const manage = can(actor, 'evaluation:manage')
  const defaults = manage ? openRoundDefaults(today()) : null
  return {
    rounds: listRounds(actor),
    canManage: manage,
    defaults: defaults ? { year: defaults.year, settings: defaults.settings ?? DEFAULT_ROUND_SETTINGS } : null,
    role: actor.role,
  }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const by = actingUserOf(requireUser(request), context)
  // the page does not exist for an expert or the certification round's accounts (issue 21); a
  // district office or a lab sees it but may not open a round
  if (by.role === 'expert' || by.role === 'applicant' || by.role === 'department') throw new Response('Not found', { status: 404 })
  const values = formValues(await readForm(request))
  const intent = Intent.safeParse(values.intent)
  if (!intent.success) return data({ intent: '', errors: { _form: { key: 'form.invalidChoice' } } as FieldErrors, values }, { status: 400 })
  const result = openRound({ by, raw: values })
  if (!result.ok) return refusalResponse(result, { intent: intent.data, values })
  return redirect(`/evaluations/${result.roundId}?saved=open`)
}

const SETTING_FIELDS = ['capExcellentPercent', 'capGoodPercent', 'minExcellent', 'minGood', 'minPass'] as const

export default function EvaluationsPage() {
  const d = useLoaderData<typeof loader>()
  const sent = useActionData<typeof action>()
  const [params] = useSearchParams()
  const t = useT()
  const errors: FieldErrors | undefined = sent?.errors
  const typed = sent?.values as Record<string, string> | undefined
  return (
    <div className="space-y-4">
      <PageHeader title={t('evaluation.title')} subtitle={d.canManage ? t('evaluation.intro') : t('evaluation.districtIntro')} />
      {sent?.intent === '' ? <RefusalNotice errors={sent.errors} /> : null}
      {params.get('saved') && !sent ? <SavedNotice>{t('evaluation.saved.open')}</SavedNotice> : null}
      <section className="card space-y-2 table-scroll" tabIndex={0} aria-labelledby="rounds-title">
        <div className="flex flex-wrap items-center gap-3">
          <h2 id="rounds-title" className="font-semibold">
            {t('evaluation.rounds')}
          </h2>
          {d.rounds.length ? (
            <span className="ml-auto">
              <XlsxLink path="/evaluations.xlsx" keep={false} />
            </span>
          ) : null}
        </div>
        {d.rounds.length === 0 ? (
          <p className="text-sm text-slate-600">{t('evaluation.none')}</p>
        ) : (
          <table className="min-w-full text-sm" data-testid="evaluation-rounds">
            <thead>
              <tr>
                <th className="th">{t('evaluation.col.year')}</th>
                <th className="th">{t('evaluation.col.status')}</th>
                <th className="th">{t('evaluation.col.grades')}</th>
                <th className="th">{t('evaluation.col.opened')}</th>
                <th className="th">{t('evaluation.col.published')}</th>
              </tr>
            </thead>
            <tbody>
              {d.rounds.map((r) => (
                <tr key={r.id} data-round-year={r.year}>
                  <td className="td">
                    <Link to={`/evaluations/${r.id}`} className="link">
                      {t('evaluation.year', { year: r.year })}
                    </Link>
                  </td>
                  <td className="td">
                    <StatusBadge status={r.status} />
                  </td>
                  <td className="td text-sm">
                    {EVALUATION_GRADES.map((g) => t('evaluation.gradeCount', { grade: t(`evaluation.grade.${g}`), n: r.grades[g] })).join(
                      ' · ',
                    )}
                  </td>
                  <td className="td text-sm">{t('evaluation.by', { who: r.openedByName ?? '—', at: formatShanghaiDay(r.openedAt) })}</td>
                  <td className="td text-sm">
                    {r.publishedAt ? t('evaluation.by', { who: r.publishedByName ?? '—', at: formatShanghaiDay(r.publishedAt) }) : '—'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      {d.canManage && d.defaults ? <OpenRoundForm defaults={d.defaults} errors={errors} typed={typed} /> : null}
    </div>
  )
}

function OpenRoundForm({
  defaults,
  errors,
  typed,
}: {
  defaults: { year: number; settings: RoundSettings }
  errors: FieldErrors | undefined
  typed: Record<string, string> | undefined
}) {
  const t = useT()
  const value = (name: keyof RoundSettings | 'year') => typed?.[name] ?? String(name === 'year' ? defaults.year : defaults.settings[name])
  const input = (name: keyof RoundSettings | 'year', label: string) => (
    <Field key={name} name={name} label={label} errors={errors} idPrefix="open">
      {(p) => <input {...p} className="input" inputMode="numeric" defaultValue={value(name)} />}
    </Field>
  )
  return (
    <section className="card space-y-3" aria-labelledby="open-title">
      <h2 id="open-title" className="font-semibold">
        {t('evaluation.open.title')}
      </h2>
      <p className="text-xs text-slate-500">{t('evaluation.open.hint')}</p>
      <Form method="post" className="space-y-3" noValidate>
        <FormAlert errors={errors} />
        <div className="max-w-xs">{input('year', t('evaluation.open.year'))}</div>
        <fieldset className="space-y-2">
          <legend className="label">{t('evaluation.open.weights')}</legend>
          <div className="grid gap-3 sm:grid-cols-4">{EVALUATION_COMPONENTS.map((c) => input(c, t(`evaluation.component.${c}`)))}</div>
        </fieldset>
        <fieldset className="space-y-2">
          <legend className="label">{t('evaluation.open.caps')}</legend>
          <div className="grid gap-3 sm:grid-cols-3">{SETTING_FIELDS.map((f) => input(f, t(`evaluation.field.${f}`)))}</div>
        </fieldset>
        <p className="text-xs text-slate-500">{t('evaluation.scoring')}</p>
        <button className="btn btn-primary" name="intent" value="open">
          {t('evaluation.open.submit')}
        </button>
      </Form>
    </section>
  )
}

export const meta: MetaFunction = (args) => pageTitle(args, 'evaluation.title')
