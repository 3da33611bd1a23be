import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { z } from 'zod'
import { CriteriaEditor } from '~/components/settings/criteria-editor'
import { FormAlert } from '~/components/ui/field'
import { PageHeader } from '~/components/ui/page-header'
import { SavedNotice } from '~/components/ui/saved-notice'
import { isStaleAnswer, revalidateWhenStale, StaleNotice } from '~/components/ui/stale-notice'
import { isMessageKey } from '~/i18n'
import { pageTitle } from '~/i18n/meta'
import { useT } from '~/i18n/use-t'
import {
  addCriterion,
  criteriaSettingRows,
  moveCriterion,
  renameCriterion,
  setCriteriaWeights,
  setCriterionActive,
  type ReviewResult,
  type ReviewUser,
} from '~/models/review-criteria.server'
import { refusalResponse } from '~/models/result.server'
import { VERSION_FIELD } from '~/models/stale-state'
import { actingUserOf, requireCapability } from '~/utils/auth.server'
import { formValues, type FieldErrors } from '~/utils/forms'
import { readForm } from '~/utils/form-body.server'

// 续期评审标准 (/settings/criteria): what experts score renewals against and with what weights.
// The bureau's alone, like the other rule settings.
const Intent = z.enum([
  'addCriterion',
  'renameCriterion',
  'setWeights',
  'moveCriterionUp',
  'moveCriterionDown',
  'deactivateCriterion',
  'reactivateCriterion',
])
type Intent = z.infer<typeof Intent>

// the word the page's notice uses for each change
const SAVED: Record<Intent, string> = {
  addCriterion: 'added',
  renameCriterion: 'renamed',
  setWeights: 'weights',
  moveCriterionUp: 'moved',
  moveCriterionDown: 'moved',
  deactivateCriterion: 'deactivated',
  reactivateCriterion: 'reactivated',
}

export async function loader({ request }: LoaderFunctionArgs) {
  requireCapability(request, 'settings:manage')
  return criteriaSettingRows()
}

function change(intent: Intent, values: Record<string, string>, by: ReviewUser): ReviewResult {
  const id = Number(values.id)
  switch (intent) {
    case 'addCriterion':
      return addCriterion({ by, labelZh: values.labelZh ?? '', labelEn: values.labelEn ?? '', weight: values.weight })
    case 'renameCriterion':
      return renameCriterion({ by, id, labelZh: values.labelZh ?? '', labelEn: values.labelEn ?? '', version: values.rowVersion })
    case 'setWeights':
      return setCriteriaWeights({
        by,
        weights: Object.fromEntries(
          Object.entries(values).flatMap(([k, v]) => (k.startsWith('weight-') ? [[k.slice('weight-'.length), v]] : [])),
        ),
        versions: Object.fromEntries(
          Object.entries(values).flatMap(([k, v]) => (k.startsWith(`${VERSION_FIELD}.`) ? [[k.slice(VERSION_FIELD.length + 1), v]] : [])),
        ),
      })
    case 'moveCriterionUp':
    case 'moveCriterionDown':
      return moveCriterion({ by, id, direction: intent === 'moveCriterionUp' ? 'up' : 'down', version: values.rowVersion })
    case 'deactivateCriterion':
    case 'reactivateCriterion':
      return setCriterionActive({ by, id, active: intent === 'reactivateCriterion', version: values.rowVersion })
  }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = requireCapability(request, 'settings:manage')
  const by: ReviewUser = actingUserOf(user, context)
  const values = formValues(await readForm(request))
  const intent = Intent.safeParse(values.intent)
  if (!intent.success)
    return data({ intent: '', id: '', errors: { _form: { key: 'form.invalidChoice' } } as FieldErrors, values }, { status: 400 })
  const result = change(intent.data, values, by)
  if (!result.ok) return refusalResponse(result, { intent: intent.data, id: values.id ?? '', values })
  return redirect(`/settings/criteria?saved=${result.changed ? SAVED[intent.data] : 'unchanged'}`)
}

export default function CriteriaPage() {
  const { rows, weightSum } = useLoaderData<typeof loader>()
  const sent = useActionData<typeof action>()
  const [params] = useSearchParams()
  const t = useT()
  const savedKey = `criteria.saved.${params.get('saved')}`
  return (
    <div className="space-y-4">
      <PageHeader
        title={t('criteria.title')}
        back={{ to: '/settings', label: t('settings.title') }}
        actions={
          <Link to="/audit?entityType=review_criterion" className="link text-sm">
            {t('settings.history')}
          </Link>
        }
        subtitle={t('criteria.intro')}
      />
      {isMessageKey(savedKey) && !sent ? <SavedNotice>{t(savedKey)}</SavedNotice> : null}
      {sent?.intent === '' ? <FormAlert errors={sent.errors} /> : null}
      <StaleNotice answer={sent} />
      <CriteriaEditor
        rows={rows}
        weightSum={weightSum}
        // a stale answer's message is the notice's above, said once
        feedback={sent && sent.intent !== '' ? (isStaleAnswer(sent) ? { ...sent, errors: {} } : sent) : undefined}
      />
    </div>
  )
}

export const shouldRevalidate = revalidateWhenStale

export const meta: MetaFunction = (args) => pageTitle(args, 'criteria.title')
