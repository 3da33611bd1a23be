import { type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { LabResultsTable } from '~/components/evaluations/lab-results'
import { PageHeader } from '~/components/ui/page-header'
import { pageTitle } from '~/i18n/meta'
import { useT } from '~/i18n/use-t'
import { getLabEvaluations } from '~/models/evaluations.server'
import { actorOf, requireUser } from '~/utils/auth.server'
import { idParam } from '~/utils/params'

// /labs/:labId/evaluation — a lab's results in the published annual evaluations (issue 16, part
// 5): the lab's own accounts, its district office and the bureau; an open round shows nothing
// here until it is published.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = actorOf(requireUser(request))
  const page = getLabEvaluations({ actor, labId: idParam(params.labId) })
  if (!page) throw new Response('Not found', { status: 404 })
  return page
}

export default function LabEvaluationPage() {
  const { lab, results } = useLoaderData<typeof loader>()
  const t = useT()
  return (
    <div className="space-y-4">
      <PageHeader
        title={`${t('evaluation.lab.title')} · ${lab.name}`}
        back={{ to: `/labs/${lab.id}`, label: lab.name }}
        subtitle={t('evaluation.scoring')}
      />
      {results.length === 0 ? (
        <p className="card text-sm text-slate-600">{t('evaluation.lab.none')}</p>
      ) : (
        <section className="card table-scroll" tabIndex={0}>
          <LabResultsTable results={results} />
        </section>
      )}
    </div>
  )
}

export const meta: MetaFunction = (args) => pageTitle(args, 'evaluation.lab.title')
