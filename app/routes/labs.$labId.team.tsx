import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { DEGREES, TEAM_ROLES, TITLE_LEVELS } from '~db/schema/enums'
import { Field, FormAlert, RefusalNotice } from '~/components/ui/field'
import { PageHeader } from '~/components/ui/page-header'
import { canEditTeam } from '~/domain/permissions'
import { teamThresholds } from '~/domain/team'
import { pageTitle } from '~/i18n/meta'
import { useT } from '~/i18n/use-t'
import { getLab } from '~/models/labs.server'
import { auditActorOf } from '~/models/result.server'
import { TeamAction } from '~/models/team-form'
import { addMember, removeMember, updateMember } from '~/models/team.server'
import { actingUserOf, actorOf, requireUser } from '~/utils/auth.server'
import { fieldErrorsOf, formValues } from '~/utils/forms'
import { idParam } from '~/utils/params'
import { readForm } from '~/utils/form-body.server'

function loadEditable(request: Request, labIdRaw: string | undefined) {
  const user = requireUser(request)
  const actor = actorOf(user)
  const detail = getLab({ id: idParam(labIdRaw), actor })
  if (!detail) throw new Response('Not found', { status: 404 })
  if (!canEditTeam(actor, detail.lab)) throw new Response('Forbidden', { status: 403 })
  return { user, detail }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { detail } = loadEditable(request, params.labId)
  return { lab: detail.lab, team: detail.team, thresholds: teamThresholds(detail.team) }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, detail } = loadEditable(request, params.labId)
  const labId = detail.lab.id
  const form = await readForm(request)
  const values = formValues(form)
  const parsed = TeamAction.safeParse(values)
  if (!parsed.success) return data({ errors: fieldErrorsOf(parsed.error), values }, { status: 400 })
  const actor = auditActorOf(actingUserOf(user, context))
  const input = parsed.data
  let found = true
  switch (input.intent) {
    case 'add': {
      const { intent: _intent, ...member } = input
      addMember({ labId, input: { ...member, active: true }, actor })
      break
    }
    case 'update': {
      const { intent: _intent, memberId: id, ...member } = input
      found = updateMember({ labId, memberId: id, input: member, actor }) !== null
      break
    }
    case 'setActive':
      found = updateMember({ labId, memberId: input.memberId, input: { active: input.active === 'true' }, actor }) !== null
      break
    case 'remove':
      found = removeMember({ labId, memberId: input.memberId, actor })
      break
  }
  if (!found) throw new Response('Not found', { status: 404 })
  return redirect(`/labs/${labId}/team`)
}

export default function TeamPage() {
  const { lab, team, thresholds } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const t = useT()
  const errors = actionData?.values.intent === 'add' ? actionData.errors : undefined
  const v = actionData?.values.intent === 'add' ? actionData.values : {}
  return (
    <div className="space-y-4">
      <PageHeader
        title={`${t('team.title')} · ${lab.name}`}
        actions={
          <>
            <Link to="/imports/new?kind=rosters" className="btn" data-testid="import-roster-link">
              {t('imports.link.team')}
            </Link>
            <Link to={`/labs/${lab.id}#team`} className="btn">
              {t('common.back')}
            </Link>
          </>
        }
      />
      {/* the add form shows its own messages; a row's form is a button or two with no room for them */}
      {actionData && actionData.values.intent !== 'add' ? <RefusalNotice errors={actionData.errors} /> : null}
      <p className="text-sm" data-testid="team-thresholds">
        {t('labs.threshold.headcount', { n: thresholds.headcount, min: thresholds.minHeadcount })} ·{' '}
        {t('labs.threshold.qualified', { n: thresholds.qualifiedCount, min: thresholds.minQualified })}
      </p>
      <Form method="post" className="card grid items-end gap-3 md:grid-cols-5" noValidate>
        <input type="hidden" name="intent" value="add" />
        <div className="md:col-span-5">
          <FormAlert errors={errors} />
        </div>
        <Field name="name" label={t('team.name')} errors={errors} required>
          {(p) => <input {...p} className="input" defaultValue={v.name ?? ''} />}
        </Field>
        <MemberSelects values={v} />
        <button type="submit" className="btn-primary">
          {t('team.add')}
        </button>
      </Form>
      <div className="table-scroll rounded-lg border border-slate-200 bg-white" tabIndex={0}>
        <table className="min-w-full" data-testid="roster">
          <thead>
            <tr>
              <th className="th">{t('team.name')}</th>
              <th className="th">{t('team.titleLevel')}</th>
              <th className="th">{t('team.degree')}</th>
              <th className="th">{t('team.role')}</th>
              <th className="th">{t('common.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {team.map((m) => (
              <tr key={m.id} className={m.active ? '' : 'bg-slate-50 text-slate-500'}>
                <td className="td" colSpan={4}>
                  <Form method="post" className="flex flex-wrap items-center gap-2">
                    <input type="hidden" name="intent" value="update" />
                    <input type="hidden" name="memberId" value={m.id} />
                    <input name="name" aria-label={t('team.name')} defaultValue={m.name} className="input w-32" required />
                    <MemberSelects values={m} compact />
                    <button type="submit" className="btn">
                      {t('common.save')}
                    </button>
                  </Form>
                </td>
                <td className="td">
                  <div className="flex gap-2">
                    <Form method="post">
                      <input type="hidden" name="intent" value="setActive" />
                      <input type="hidden" name="memberId" value={m.id} />
                      <input type="hidden" name="active" value={m.active ? 'false' : 'true'} />
                      <button type="submit" className="btn">
                        {m.active ? t('team.markLeft') : t('team.markActive')}
                      </button>
                    </Form>
                    <Form method="post">
                      <input type="hidden" name="intent" value="remove" />
                      <input type="hidden" name="memberId" value={m.id} />
                      <button type="submit" className="btn text-red-700">
                        {t('common.delete')}
                      </button>
                    </Form>
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  )
}

function MemberSelects({ values, compact }: { values: Record<string, unknown>; compact?: boolean }) {
  const t = useT()
  const selects = [
    { name: 'titleLevel', label: t('team.titleLevel'), options: TITLE_LEVELS.map((v) => [v, t(`title.${v}`)] as const) },
    { name: 'degree', label: t('team.degree'), options: DEGREES.map((v) => [v, t(`degree.${v}`)] as const) },
    { name: 'role', label: t('team.role'), options: TEAM_ROLES.map((v) => [v, t(`teamRole.${v}`)] as const) },
  ]
  return (
    <>
      {selects.map((s) => (
        <label key={s.name} className={compact ? '' : 'block'}>
          <span className={compact ? 'sr-only' : 'label'}>{s.label}</span>
          <select name={s.name} aria-label={s.label} className="input" defaultValue={String(values[s.name] ?? s.options[0][0])}>
            {s.options.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
      ))}
    </>
  )
}

export const meta: MetaFunction = (args) => pageTitle(args, 'team.title')
