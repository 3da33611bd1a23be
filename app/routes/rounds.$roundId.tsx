import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { z } from 'zod'
import { OfficeQuotas } from '~/components/rounds/office-quotas'
import { RequiredAttachments } from '~/components/rounds/required-attachments'
import { RoundCriteria } from '~/components/rounds/round-criteria'
import { RoundSettingsForm } from '~/components/rounds/round-settings-form'
import { RoundStageBadge } from '~/components/rounds/stage-badge'
import { FormAlert } from '~/components/ui/field'
import { PageHeader } from '~/components/ui/page-header'
import { SavedNotice } from '~/components/ui/saved-notice'
import { isStaleAnswer, revalidateWhenStale, StaleNotice } from '~/components/ui/stale-notice'
import { shanghaiInputValue } from '~/domain/dates'
import { isMessageKey } from '~/i18n'
import { localeOfMatches, pageTitle } from '~/i18n/meta'
import { useLocale, usePageMessages, useT } from '~/i18n/use-t'
import { refusalResponse } from '~/models/result.server'
import {
  addRequiredAttachment,
  getRound,
  removeRequiredAttachment,
  saveRoundCriteria,
  setOfficeQuotas,
  updateRoundSettings,
} from '~/models/rounds.server'
import { actingUserOf, requireCapability } from '~/utils/auth.server'
import { roundPageMessages } from '~/i18n/messages-asset.server'
import { localeOf } from '~/utils/locale.server'
import { formValues, type FieldErrors } from '~/utils/forms'
import { readForm } from '~/utils/form-body.server'

// A certification round's settings (issue 21): its dates and default quotas, the per-office
// overrides, the attachments every application carries and the round's review criteria. Each
// section is its own form told apart by `intent`, all on the round's one row version.
const Intent = z.enum(['saveSettings', 'saveQuotas', 'addAttachment', 'removeAttachment', 'saveCriteria'])
type Intent = z.infer<typeof Intent>

const CHANGE = {
  saveSettings: updateRoundSettings,
  saveQuotas: setOfficeQuotas,
  addAttachment: addRequiredAttachment,
  removeAttachment: removeRequiredAttachment,
  saveCriteria: saveRoundCriteria,
} satisfies Record<Intent, unknown>

const IdParam = z.coerce.number().int().positive()

function roundIdOf(params: { roundId?: string }) {
  const id = IdParam.safeParse(params.roundId)
  if (!id.success) throw new Response('Not found', { status: 404 })
  return id.data
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = requireCapability(request, 'round:manage')
  const detail = getRound(roundIdOf(params))
  if (!detail) throw new Response('Not found', { status: 404 })
  return { ...detail, messages: roundPageMessages(localeOf(request, user.locale)) }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = requireCapability(request, 'round:manage')
  const id = roundIdOf(params)
  const values = formValues(await readForm(request))
  const intent = Intent.safeParse(values.intent)
  if (!intent.success) return data({ intent: '', errors: { _form: { key: 'form.invalidChoice' } } as FieldErrors, values }, { status: 400 })
  const result = CHANGE[intent.data]({ by: actingUserOf(user, context), id, values })
  if (!result.ok) return refusalResponse(result, { intent: intent.data, values })
  return redirect(`/rounds/${id}?saved=${result.changed ? intent.data : 'unchanged'}`)
}

export default function RoundPage() {
  const { round, stage, criteriaEditable, criteria, overrides, departments, messages } = useLoaderData<typeof loader>()
  usePageMessages(messages)
  const sent = useActionData<typeof action>()
  const [params] = useSearchParams()
  const t = useT()
  const locale = useLocale()
  const savedKey = `rounds.saved.${params.get('saved')}`
  // a section's own refusal: its errors and what was typed (a stale answer's message is the notice's)
  const mine = (intent: Intent) => (sent?.intent === intent && !isStaleAnswer(sent) ? sent : undefined)
  const settings = mine('saveSettings')
  const attachment = mine('addAttachment') ?? mine('removeAttachment')
  return (
    <div className="space-y-4">
      <PageHeader
        title={locale === 'zh' ? round.nameZh : round.nameEn}
        back={{ to: '/rounds', label: t('rounds.title') }}
        badges={<RoundStageBadge stage={stage} />}
        actions={
          <>
            <Link to={`/rounds/${round.id}/funnel`} className="link text-sm" data-testid="funnel-link">
              {t('rounds.funnel.link')}
            </Link>
            <Link to={`/rounds/${round.id}/review`} className="link text-sm">
              {t('rounds.review.link')}
            </Link>
            <Link to={`/audit?entityType=certification_round&entityId=${round.id}`} className="link text-sm">
              {t('settings.history')}
            </Link>
          </>
        }
      />
      {isMessageKey(savedKey) && !sent ? <SavedNotice>{t(savedKey)}</SavedNotice> : null}
      {sent?.intent === '' ? <FormAlert errors={sent.errors} /> : null}
      <StaleNotice answer={sent} />

      <Section title={t('rounds.section.settings')}>
        <FormAlert errors={settings?.errors} />
        <RoundSettingsForm
          version={round.rowVersion}
          errors={settings?.errors}
          submitLabel={t('common.save')}
          values={{
            nameZh: round.nameZh,
            nameEn: round.nameEn,
            year: String(round.year),
            applicationsDueAt: shanghaiInputValue(round.applicationsDueAt),
            recommendationsDueAt: shanghaiInputValue(round.recommendationsDueAt),
            districtQuota: String(round.districtQuota),
            departmentQuota: String(round.departmentQuota),
            ...settings?.values,
          }}
        />
      </Section>

      <Section title={t('rounds.section.quotas')}>
        <FormAlert errors={mine('saveQuotas')?.errors} />
        <OfficeQuotas
          version={round.rowVersion}
          defaults={round}
          overrides={overrides}
          departments={departments}
          values={mine('saveQuotas')?.values}
          errors={mine('saveQuotas')?.errors}
        />
      </Section>

      <Section title={t('rounds.section.attachments')}>
        {attachment?.errors._form ? <FormAlert errors={attachment.errors} /> : null}
        <RequiredAttachments
          version={round.rowVersion}
          attachments={round.requiredAttachments}
          values={mine('addAttachment')?.values}
          errors={attachment?.errors}
        />
      </Section>

      <Section title={t('rounds.section.criteria')}>
        <FormAlert errors={mine('saveCriteria')?.errors} />
        <RoundCriteria
          version={round.rowVersion}
          criteria={criteria}
          editable={criteriaEditable}
          values={mine('saveCriteria')?.values}
          errors={mine('saveCriteria')?.errors}
        />
      </Section>
    </div>
  )
}

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <section className="card space-y-3">
      <h2 className="font-semibold">{title}</h2>
      {children}
    </section>
  )
}

export const shouldRevalidate = revalidateWhenStale

// the round's name in the reader's language
export const meta: MetaFunction<typeof loader> = (args) =>
  pageTitle(args, 'rounds.title', args.data ? args.data.round[localeOfMatches(args.matches) === 'zh' ? 'nameZh' : 'nameEn'] : null)
