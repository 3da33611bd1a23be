import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { ChecksTable } from '~/components/compliance/checks-table'
import { EligibilitySection } from '~/components/eligibility/eligibility-section'
import { PeriodsSection } from '~/components/labs/periods-section'
import { ProgressPanel } from '~/components/progress/progress-table'
import { TeamSection } from '~/components/labs/team-section'
import { StatusBadge } from '~/components/status-badge'
import { LabTimeline } from '~/components/timeline/lab-timeline'
import { PageHeader } from '~/components/ui/page-header'
import { SavedNotice } from '~/components/ui/saved-notice'
import { can, canEditTeam } from '~/domain/permissions'
import { teamThresholds } from '~/domain/team'
import { timelineQuery } from '~/domain/timeline'
import { checkPeriodDates, daysUntilExpiry, labPeriods, labStatus, periodEndDate, validityYears } from '~/domain/validity'
import { pageTitle } from '~/i18n/meta'
import { useLocale, useT } from '~/i18n/use-t'
import { applicationOfLab } from '~/models/application-lab.server'
import { labChecksOf } from '~/models/compliance.server'
import { addViolation, removeViolation, violationsOfLab } from '~/models/eligibility.server'
import { addPeriod, latestPeriodOf } from '~/models/lab-mutations.server'
import { getLab } from '~/models/labs.server'
import { auditActorOf } from '~/models/result.server'
import { labTimeline } from '~/models/timeline.server'
import { progressPanel } from '~/models/progress.server'
import { ruleSettings } from '~/models/settings.server'
import { actingUserOf, actorOf, requireUser } from '~/utils/auth.server'
import { today } from '~/utils/clock.server'
import { fieldErrorsOf, formValues, type FieldErrors } from '~/utils/forms'
import { violationSchema } from '~/models/eligibility-form'
import { checkPeriod, PeriodSchema } from '~/models/lab-form'
import { idParam } from '~/utils/params'
import { readForm } from '~/utils/form-body.server'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = requireUser(request)
  const actor = actorOf(user)
  const detail = getLab({ id: idParam(params.labId), actor })
  if (!detail) throw new Response('Not found', { status: 404 })
  const date = today()
  const { latest, inForce } = labPeriods(detail.periods, date)
  const checks = labChecksOf({ labId: detail.lab.id, today: date })
  return {
    ...detail,
    today: date,
    status: labStatus({ latest, today: date, windowDays: ruleSettings().expiryWindowDays }),
    checks,
    // 任务指标完成情况 of the period in force (issue 16, part 3)
    progress: inForce ? progressPanel({ periodId: inForce.id, today: date }) : null,
    checksEvaluatedOn: checks[0]?.evaluatedOn ?? null,
    violations: violationsOfLab({ labId: detail.lab.id, hostOrgId: detail.lab.hostOrgId, today: date }),
    canManageEligibility: can(actor, 'eligibility:manage'),
    daysLeft: latest ? daysUntilExpiry({ endDate: latest.endDate, today: date }) : null,
    thresholds: teamThresholds(detail.team),
    periodRows: detail.periods.map((p) => ({
      ...p,
      years: validityYears(p),
      nonStandardEnd: checkPeriodDates({ ...p, today: date }).warnings.includes('end_not_two_years') ? periodEndDate(p.startDate) : null,
    })),
    canEdit: can(actor, 'lab:edit'),
    canManagePeriods: can(actor, 'period:manage'),
    canEditTeam: canEditTeam(actor, detail.lab),
    // the application 授牌 made it from (migration 0046), for whoever may open that page
    application: applicationOfLab({ actor, labId: detail.lab.id }),
    timeline: labTimeline({ labId: detail.lab.id, viewer: actor, today: date, ...timelineQuery(new URL(request.url).searchParams) }),
  }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = requireUser(request)
  const actor = actorOf(user)
  const labId = idParam(params.labId)
  const detail = getLab({ id: labId, actor })
  if (!detail) throw new Response('Not found', { status: 404 })
  const form = await readForm(request)
  const values = formValues(form)
  const auditActor = auditActorOf(actingUserOf(user, context))
  switch (values.intent ?? 'addPeriod') {
    case 'addPeriod': {
      if (!can(actor, 'period:manage')) throw new Response('Forbidden', { status: 403 })
      const errors = addPeriodOrErrors({ labId, values, actor: auditActor })
      if (errors) return data({ intent: 'addPeriod' as const, errors, values }, { status: 400 })
      return redirect(`/labs/${labId}#periods`)
    }
    case 'addViolation': {
      if (!can(actor, 'eligibility:manage')) throw new Response('Forbidden', { status: 403 })
      const parsed = violationSchema(today()).safeParse(values)
      if (!parsed.success) return data({ intent: 'addViolation' as const, errors: fieldErrorsOf(parsed.error), values }, { status: 400 })
      addViolation({ labId, input: parsed.data, actor: auditActor })
      return redirect(`/labs/${labId}?saved=violationAdded#eligibility`)
    }
    case 'removeViolation': {
      if (!can(actor, 'eligibility:manage')) throw new Response('Forbidden', { status: 403 })
      const violationId = Number(values.violationId)
      const removed = Number.isInteger(violationId) && violationId > 0 && removeViolation({ labId, violationId, actor: auditActor })
      if (!removed) {
        const errors: FieldErrors = { _form: { key: 'eligibility.error.notFound' } }
        return data({ intent: 'addViolation' as const, errors, values: {} }, { status: 404 })
      }
      return redirect(`/labs/${labId}?saved=violationRemoved#eligibility`)
    }
    default:
      return data(
        { intent: 'addPeriod' as const, errors: { _form: { key: 'form.invalidChoice' } } as FieldErrors, values },
        { status: 400 },
      )
  }
}

// A new validity period after the current one; field errors when it cannot be added.
function addPeriodOrErrors({
  labId,
  values,
  actor,
}: {
  labId: number
  values: Record<string, string>
  actor: { id: number; displayName: string; ip: string }
}) {
  const parsed = PeriodSchema.safeParse(values)
  if (!parsed.success) return fieldErrorsOf(parsed.error)
  const checked = checkPeriod(parsed.data, today())
  const errors: FieldErrors = {}
  if (checked.error) errors[checked.errorField] = { key: checked.error }
  const previous = latestPeriodOf(labId)
  if (!checked.error && previous && checked.period.startDate <= previous.endDate) errors.startDate = { key: 'labs.period.overlap' }
  if (Object.keys(errors).length) return errors
  addPeriod({ labId, period: checked.period, actor })
  return null
}

export default function LabPage() {
  const d = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const t = useT()
  const locale = useLocale()
  const [params] = useSearchParams()
  const { lab, host } = d
  const periodAction = actionData?.intent === 'addPeriod' ? actionData : undefined
  const violationAction = actionData?.intent === 'addViolation' ? actionData : undefined
  const saved = params.get('saved')
  return (
    <div className="space-y-6">
      <PageHeader
        title={lab.name}
        titleTestId="lab-name"
        badges={
          <>
            <StatusBadge status={d.status} />
            {d.daysLeft !== null ? (
              <span className="text-sm text-slate-600">
                {d.daysLeft >= 0 ? t('labs.daysLeft', { n: d.daysLeft }) : t('labs.daysOverdue', { n: -d.daysLeft })}
              </span>
            ) : null}
          </>
        }
        actions={
          d.canEdit ? (
            <Link to="edit" className="btn">
              {t('labs.edit')}
            </Link>
          ) : null
        }
      />

      {saved === 'violationAdded' || saved === 'violationRemoved' ? (
        <SavedNotice>{t(saved === 'violationAdded' ? 'eligibility.added' : 'eligibility.removed')}</SavedNotice>
      ) : null}

      <section className="card" id="compliance">
        <div className="mb-3 flex flex-wrap items-center gap-3">
          <h2 className="font-semibold">{t('compliance.title')}</h2>
          <nav className="ml-auto flex flex-wrap gap-3 text-sm" aria-label={t('labs.filingsNav')}>
            <Link to="deliverables" className="link">
              {t('labs.link.deliverables')}
            </Link>
            <Link to="outcomes" className="link">
              {t('outcomes.labLink')}
            </Link>
            <Link to="reports" className="link">
              {t('labs.link.reports')}
            </Link>
            <Link to="obligations" className="link">
              {t('obligations.link')}
            </Link>
            <Link to="security" className="link">
              {t('labs.link.security')}
            </Link>
            <Link to="plan" className="link">
              {t('plan.link')}
            </Link>
            <Link to="evaluation" className="link">
              {t('evaluation.lab.link')}
            </Link>
            <Link to="incidents" className="link">
              {t('labs.link.incidents')}
            </Link>
            <Link to="requests" className="link">
              {t('requests.title')}
            </Link>
            <Link to="renewal" className="link">
              {t('renewals.title')}
            </Link>
          </nav>
        </div>
        <ChecksTable checks={d.checks} evaluatedOn={d.checksEvaluatedOn} />
      </section>

      <ProgressPanel panel={d.progress} labId={lab.id} planLink />

      <section className="card">
        <h2 className="mb-3 font-semibold">{t('labs.section.overview')}</h2>
        <dl className="grid gap-x-6 gap-y-2 text-sm md:grid-cols-2">
          <Item term={t('labs.field.direction')} value={`${lab.direction}. ${t(`direction.${lab.direction}` as 'direction.1')}`} />
          <Item term={t('labs.field.district')} value={t(`district.${lab.districtCode}`)} />
          <Item term={t('labs.field.director')} value={lab.directorName} />
          <Item
            term={t('labs.field.contactName')}
            value={`${lab.contactName} · ${lab.contactPhone}${lab.contactEmail ? ` · ${lab.contactEmail}` : ''}`}
          />
          <Item term={t('labs.field.focus')} value={lab.focus} />
          <Item term={t('labs.field.address')} value={lab.address} />
          <Item className="md:col-span-2" term={t('labs.field.planSummary')} value={lab.planSummary} />
          {d.application ? (
            <div data-testid="lab-application">
              <dt className="text-slate-500">{t('labs.field.application')}</dt>
              <dd>
                <Link to={`/applications/${d.application.applicationId}`} className="link">
                  {locale === 'zh' ? d.application.roundNameZh : d.application.roundNameEn}
                </Link>
              </dd>
            </div>
          ) : null}
        </dl>
      </section>

      <section className="card" id="partners">
        <h2 className="mb-3 font-semibold">{t('labs.section.host')}</h2>
        <ul className="space-y-1 text-sm">
          <li>
            <span className="font-medium">{host.name}</span> · {t(`orgKind.${host.kind}`)} · {t('labs.creditCode')} {host.creditCode}
          </li>
          {d.partners.length === 0 ? <li className="text-slate-600">{t('labs.noPartners')}</li> : null}
          {d.partners.map((p) => (
            <li key={p.id}>
              {t('common.labelled', { label: t('labs.field.partners'), value: p.name })} · {t(`orgKind.${p.kind}`)} · {p.creditCode}
            </li>
          ))}
        </ul>
      </section>

      <TeamSection team={d.team} thresholds={d.thresholds} canEditTeam={d.canEditTeam} />

      <PeriodsSection periods={d.periodRows} canManage={d.canManagePeriods} action={periodAction} />

      <EligibilitySection
        rows={d.violations}
        canManage={d.canManageEligibility}
        errors={violationAction?.errors}
        values={violationAction?.values}
        today={d.today}
      />

      <section className="card" id="timeline" aria-labelledby="timeline-title">
        <h2 id="timeline-title" className="mb-1 font-semibold">
          {t('timeline.title')}
        </h2>
        <p className="mb-3 text-sm text-slate-600">{t('timeline.intro')}</p>
        <LabTimeline events={d.timeline.events} moreHref={d.timeline.moreHref} />
      </section>
    </div>
  )
}

// a term and its value; className places the pair in the list's grid (a <dl> holds dt/dd in a div, no deeper)
function Item({ term, value, className }: { term: string; value: string; className?: string }) {
  return (
    <div className={className}>
      <dt className="text-slate-500">{term}</dt>
      <dd className="whitespace-pre-line">{value || '—'}</dd>
    </div>
  )
}

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args, 'nav.labs', args.data?.lab.name)
