import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { z } from 'zod'
import { ROBOT_PROVIDERS } from '~db/schema/enums'
import { Field, FormAlert } from '~/components/ui/field'
import { PageHeader } from '~/components/ui/page-header'
import { SavedNotice } from '~/components/ui/saved-notice'
import { revalidateWhenStale, StaleNotice, VersionField } from '~/components/ui/stale-notice'
import { isMessageKey } from '~/i18n'
import { pageTitle } from '~/i18n/meta'
import { useT } from '~/i18n/use-t'
import { refusalResponse } from '~/models/result.server'
import { createRobot, deleteRobot, parseRobotForm, robotsPage, testRobot, updateRobot } from '~/models/robots.server'
import { VERSION_FIELD } from '~/models/stale-state'
import { actingUserOf, requireCapability } from '~/utils/auth.server'
import { now } from '~/utils/clock.server'
import { readForm } from '~/utils/form-body.server'
import { formValues, type FieldErrors } from '~/utils/forms'
import { ConfirmSubmit } from '~/components/ui/confirm-submit'

// An office's chat robots (issue 15): the bureau and each district office register, edit, switch
// off, delete and test their own; the bureau also sees the districts' robots, read only. Every
// change is audited with the webhook address and the secret masked.

const Intent = z.enum(['create', 'update', 'delete', 'test'])
const Posted = z.object({ intent: Intent, id: z.coerce.number().int().positive().optional() })

// what a refused form gets back of what was typed: everything but the address and the secret
const typedBack = (values: Record<string, string>) =>
  Object.fromEntries(Object.entries(values).filter(([k]) => k !== 'webhookUrl' && k !== 'secret'))

export async function loader({ request }: LoaderFunctionArgs) {
  const user = requireCapability(request, 'robot:manage')
  const page = robotsPage(user)
  if (!page) throw new Response('Not found', { status: 404 })
  return { ...page, bureau: user.role === 'bureau' }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = actingUserOf(requireCapability(request, 'robot:manage'), context)
  const values = formValues(await readForm(request))
  const parsed = Posted.safeParse(values)
  if (!parsed.success || (parsed.data.intent !== 'create' && !parsed.data.id))
    return data(
      { intent: '', id: 0, errors: { _form: { key: 'form.invalidChoice' } } as FieldErrors, values: typedBack(values) },
      { status: 400 },
    )
  const { intent } = parsed.data
  const id = parsed.data.id ?? 0
  const at = now()
  const body = { intent, id, values: typedBack(values) }
  if (intent === 'test') {
    const result = await testRobot({ user, id, at })
    if (!result.ok) return refusalResponse(result, body)
    return data({ ...body, tested: { name: result.name, sent: result.sent, error: result.error } })
  }
  if (intent === 'delete') {
    const result = deleteRobot({ user, id, version: values[VERSION_FIELD], at })
    if (!result.ok) return refusalResponse(result, body)
    return redirect('/settings/robots?saved=deleted')
  }
  const form = parseRobotForm(values, { creating: intent === 'create' })
  if (!form.ok) return refusalResponse(form, body)
  const result =
    intent === 'create'
      ? createRobot({ user, input: form.input, at })
      : updateRobot({ user, id, input: form.input, version: values[VERSION_FIELD], at })
  if (!result.ok) return refusalResponse(result, body)
  const saved = 'id' in result ? 'created' : result.changed ? 'updated' : 'unchanged'
  return redirect(`/settings/robots?saved=${saved}&robot=${'id' in result ? result.id : id}`)
}

type Robot = ReturnType<typeof useLoaderData<typeof loader>>['mine'][number]
type Sent = {
  intent: string
  id: number
  errors?: FieldErrors
  values?: Record<string, string>
  tested?: { name: string; sent: boolean; error: string | null }
}

export default function RobotsPage() {
  const { mine, districts, hosts, bureau } = useLoaderData<typeof loader>()
  const sent = useActionData<typeof action>() as Sent | undefined
  const [params] = useSearchParams()
  const t = useT()
  const saved = params.get('saved')
  const savedName = mine.find((r) => String(r.id) === params.get('robot'))?.name ?? ''
  const tested = sent?.tested
  return (
    <div className="space-y-4">
      <PageHeader
        title={t('robots.title')}
        subtitle={t('robots.intro')}
        actions={
          bureau ? (
            <>
              <Link to="/audit?entityType=chat_robot" className="link text-sm">
                {t('settings.history')}
              </Link>
              <Link to="/settings" className="btn">
                {t('settings.title')}
              </Link>
            </>
          ) : null
        }
      />
      <div className="card space-y-2 text-sm text-slate-700" data-testid="robots-help">
        <p>{t('robots.ssrf', { hosts: hosts.join(', ') })}</p>
        <p>{t('robots.secretsNote')}</p>
      </div>
      {saved && !sent ? (
        <SavedNotice>
          {saved === 'deleted' || saved === 'unchanged'
            ? t(`robots.saved.${saved}`)
            : t(saved === 'created' ? 'robots.saved.created' : 'robots.saved.updated', { name: savedName })}
        </SavedNotice>
      ) : null}
      {tested ? (
        tested.sent ? (
          <SavedNotice>{t('robots.tested.ok', { name: tested.name })}</SavedNotice>
        ) : (
          <p role="alert" className="rounded border border-red-300 bg-red-50 p-3 text-sm text-red-800" data-testid="test-failed">
            {t('robots.tested.failed', { name: tested.name, error: errorText(t, tested.error) })}
          </p>
        )
      ) : null}
      <StaleNotice answer={sent} />
      {sent?.intent === '' ? <FormAlert errors={sent.errors} /> : null}
      <section className="space-y-3" aria-labelledby="robots-mine">
        <h2 id="robots-mine" className="text-lg font-semibold">
          {t('robots.mine')}
        </h2>
        {mine.length === 0 ? <p className="text-sm text-slate-600">{t('robots.none')}</p> : null}
        {mine.map((robot) => (
          <RobotForm
            key={`${robot.id}.${robot.rowVersion}`}
            robot={robot}
            sent={sent?.id === robot.id && !('stale' in (sent ?? {})) ? sent : undefined}
          />
        ))}
        <RobotForm sent={sent?.intent === 'create' ? sent : undefined} />
      </section>
      {bureau ? (
        <section className="space-y-2" aria-labelledby="robots-districts">
          <h2 id="robots-districts" className="text-lg font-semibold">
            {t('robots.others')}
          </h2>
          {districts.length === 0 ? (
            <p className="text-sm text-slate-600">{t('robots.none')}</p>
          ) : (
            <div className="card table-scroll" tabIndex={0}>
              <table className="min-w-full" data-testid="district-robots">
                <thead>
                  <tr>
                    <th className="th">{t('robots.col.office')}</th>
                    <th className="th">{t('robots.col.name')}</th>
                    <th className="th">{t('robots.col.provider')}</th>
                    <th className="th">{t('robots.col.webhook')}</th>
                    <th className="th">{t('robots.col.secret')}</th>
                    <th className="th">{t('robots.col.active')}</th>
                  </tr>
                </thead>
                <tbody>
                  {districts.map((r) => (
                    <tr key={r.id} data-robot={r.id}>
                      <td className="td">{r.districtCode ? t(`district.${r.districtCode}`) : t('robots.office.bureau')}</td>
                      <td className="td">{r.name}</td>
                      <td className="td">{t(`robots.provider.${r.provider}`)}</td>
                      <td className="td font-mono text-xs">{r.webhook}</td>
                      <td className="td font-mono text-xs">{r.secret ?? t('robots.noSecret')}</td>
                      <td className="td">{r.active ? t('robots.active') : t('robots.inactive')}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      ) : null}
    </div>
  )
}

// a robot's error as kept on the outbox row: a message key of ours, or the robot's own words
function errorText(t: ReturnType<typeof useT>, error: string | null): string {
  if (!error) return ''
  return isMessageKey(error) ? t(error) : error
}

/** One robot's edit form (with its delete and test buttons), or the form registering a new one. */
function RobotForm({ robot, sent }: { robot?: Robot; sent?: Sent }) {
  const t = useT()
  const errors = sent?.errors
  const typed = sent?.values
  const prefix = robot ? `robot-${robot.id}` : 'robot-new'
  const formId = `${prefix}-form`
  const active = typed ? typed.active === 'on' : (robot?.active ?? true)
  return (
    <div className="card space-y-3" data-robot={robot?.id ?? 'new'}>
      <h3 className="font-semibold">
        {robot ? (
          <>
            {robot.name}{' '}
            <span
              className={`ml-2 rounded px-1.5 py-0.5 text-xs ${robot.active ? 'bg-green-100 text-green-800' : 'bg-slate-200 text-slate-700'}`}
            >
              {robot.active ? t('robots.active') : t('robots.inactive')}
            </span>
          </>
        ) : (
          t('robots.new')
        )}
      </h3>
      {robot ? (
        <p className="text-xs text-slate-600">
          {t('robots.col.webhook')}:{' '}
          <span className="font-mono" data-testid="masked-webhook">
            {robot.webhook}
          </span>{' '}
          · {t('robots.col.secret')}:{' '}
          <span className="font-mono" data-testid="masked-secret">
            {robot.secret ?? t('robots.noSecret')}
          </span>
          {robot.updatedBy ? ` · ${t('settings.changedBy', { who: robot.updatedBy, at: robot.updatedAt })}` : null}
        </p>
      ) : null}
      <Form method="post" id={formId} className="grid gap-3 md:grid-cols-2" noValidate>
        <input type="hidden" name="intent" value={robot ? 'update' : 'create'} />
        {robot ? (
          <>
            <input type="hidden" name="id" value={robot.id} />
            <VersionField version={robot.rowVersion} />
          </>
        ) : null}
        {errors && !errors.provider && !errors.name && !errors.webhookUrl && !errors.secret ? <FormAlert errors={errors} /> : null}
        <Field idPrefix={prefix} name="provider" label={t('robots.field.provider')} errors={errors} required>
          {(p) => (
            <select {...p} className="input" defaultValue={typed?.provider ?? robot?.provider ?? 'dingtalk'}>
              {ROBOT_PROVIDERS.map((provider) => (
                <option key={provider} value={provider}>
                  {t(`robots.provider.${provider}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field idPrefix={prefix} name="name" label={t('robots.field.name')} errors={errors} required>
          {(p) => <input {...p} className="input" maxLength={60} defaultValue={typed?.name ?? robot?.name ?? ''} />}
        </Field>
        <Field
          idPrefix={prefix}
          name="webhookUrl"
          label={t('robots.field.webhookUrl')}
          errors={errors}
          required={!robot}
          hint={robot ? t('robots.field.webhookKeep', { masked: robot.webhook }) : undefined}
        >
          {(p) => <input {...p} type="url" className="input font-mono" autoComplete="off" defaultValue="" />}
        </Field>
        <Field
          idPrefix={prefix}
          name="secret"
          label={t('robots.field.secret')}
          errors={errors}
          hint={robot?.secret ? t('robots.field.secretKeep', { masked: robot.secret }) : t('robots.field.secretHint')}
        >
          {(p) => <input {...p} type="password" className="input font-mono" autoComplete="off" defaultValue="" />}
        </Field>
        <div className="flex flex-wrap items-center gap-4 md:col-span-2">
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" name="active" defaultChecked={active} />
            {t('robots.field.active')}
          </label>
          {robot?.secret ? (
            <label className="flex items-center gap-2 text-sm">
              <input type="checkbox" name="clearSecret" defaultChecked={typed?.clearSecret === 'on'} />
              {t('robots.field.clearSecret')}
            </label>
          ) : null}
          <button type="submit" className="btn-primary">
            {robot ? t('robots.save') : t('robots.create')}
          </button>
        </div>
      </Form>
      {robot ? (
        <div className="flex flex-wrap gap-2 border-t border-slate-200 pt-3">
          <Form method="post">
            <input type="hidden" name="intent" value="test" />
            <input type="hidden" name="id" value={robot.id} />
            <button type="submit" className="btn">
              {t('robots.test')}
            </button>
          </Form>
          <Form method="post">
            <input type="hidden" name="intent" value="delete" />
            <input type="hidden" name="id" value={robot.id} />
            <VersionField version={robot.rowVersion} />
            <ConfirmSubmit
              className="btn text-red-700"
              label={t('robots.delete')}
              question={t('confirm.robot.question', { name: robot.name })}
              consequence={<p>{t('confirm.robot.body')}</p>}
              confirmLabel={t('confirm.robot.ok')}
            />
          </Form>
        </div>
      ) : null}
    </div>
  )
}

export const shouldRevalidate = revalidateWhenStale

export const meta: MetaFunction = (args) => pageTitle(args, 'robots.title')
