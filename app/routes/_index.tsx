import { redirect, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { Overview } from '~/components/dashboard/overview'
import { LabHome } from '~/components/lab-home/lab-home'
import { ServiceSection } from '~/components/requests/service-section'
import { pageTitle } from '~/i18n/meta'
import { dashboardData } from '~/models/dashboard.server'
import { labHomeData } from '~/models/lab-home.server'
import { requestServiceStats } from '~/models/request-stats.server'
import { actorOf, requireUser } from '~/utils/auth.server'
import { today as todayInShanghai } from '~/utils/clock.server'

// One address, three homes: the dashboard (bureau, district), the lab home, the expert's review tasks.
export async function loader({ request }: LoaderFunctionArgs) {
  const user = requireUser(request)
  const actor = actorOf(user)
  const today = todayInShanghai()
  if (user.role === 'expert') throw redirect('/assignments')
  // the certification round's accounts (issue 21): their home is their applications
  if (user.role === 'applicant' || user.role === 'department') throw redirect('/applications')
  if (user.role === 'lab') return { kind: 'lab' as const, lab: labHomeData({ actor, today }) }
  return {
    kind: 'overview' as const,
    overview: dashboardData({ actor, today, search: new URL(request.url).searchParams }),
    // how the bureau serves labs (resource requests), scoped like the rest
    requestService: requestServiceStats({ actor, today }),
  }
}

export default function Home() {
  const data = useLoaderData<typeof loader>()
  if (data.kind === 'lab') return <LabHome data={data.lab} />
  return (
    <div className="space-y-6">
      <Overview data={data.overview} />
      <ServiceSection stats={data.requestService} scope={data.overview.scope} />
    </div>
  )
}

export const meta: MetaFunction = (args) => pageTitle(args, 'nav.dashboard')
