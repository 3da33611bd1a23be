import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { RoundSettingsForm } from '~/components/rounds/round-settings-form'
import { FormAlert } from '~/components/ui/field'
import { PageHeader } from '~/components/ui/page-header'
import { DEFAULT_DUE_TIME } from '~/domain/certification/round-dates'
import { addDays, shanghaiDate } from '~/domain/dates'
import { pageTitle } from '~/i18n/meta'
import { usePageMessages, useT } from '~/i18n/use-t'
import { refusalResponse } from '~/models/result.server'
import { createRound, ROUND_DEFAULTS } from '~/models/rounds.server'
import { actingUserOf, requireCapability } from '~/utils/auth.server'
import { roundPageMessages } from '~/i18n/messages-asset.server'
import { localeOf } from '~/utils/locale.server'
import { now } from '~/utils/clock.server'
import { formValues } from '~/utils/forms'
import { readForm } from '~/utils/form-body.server'

// 新建申报批次 (issue 21): the round's name, year, deadlines and default quotas; it starts with
// the two 申报表 attachments and a copy of the renewal criteria, edited on its settings page.
export async function loader({ request }: LoaderFunctionArgs) {
  const user = requireCapability(request, 'round:manage')
  const today = shanghaiDate(now())
  const year = today.slice(0, 4)
  const at = (days: number) => `${addDays(today, days)}T${DEFAULT_DUE_TIME}`
  // the guide's shape: applications by a day at 17:00, the offices' recommendations two weeks on
  return {
    defaults: {
      nameZh: `${year}年度苏州市大数据创新应用实验室申报`,
      nameEn: `${year} Suzhou Big Data Innovation Application Laboratory call`,
      year,
      applicationsDueAt: at(30),
      recommendationsDueAt: at(44),
      districtQuota: String(ROUND_DEFAULTS.districtQuota),
      departmentQuota: String(ROUND_DEFAULTS.departmentQuota),
    },
    messages: roundPageMessages(localeOf(request, user.locale)),
  }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = requireCapability(request, 'round:manage')
  const values = formValues(await readForm(request))
  const result = createRound({ by: actingUserOf(user, context), values })
  if (!result.ok) return refusalResponse(result, { values })
  return redirect(`/rounds/${result.id}?saved=created`)
}

export default function NewRoundPage() {
  const { defaults, messages } = useLoaderData<typeof loader>()
  usePageMessages(messages)
  const sent = useActionData<typeof action>()
  const t = useT()
  return (
    <div className="space-y-4">
      <PageHeader title={t('rounds.new')} back={{ to: '/rounds', label: t('rounds.title') }} subtitle={t('rounds.newIntro')} />
      <FormAlert errors={sent?.errors} />
      <section className="card max-w-3xl">
        <RoundSettingsForm values={{ ...defaults, ...sent?.values }} errors={sent?.errors} submitLabel={t('rounds.create')} />
      </section>
    </div>
  )
}

export const meta: MetaFunction = (args) => pageTitle(args, 'rounds.new')
