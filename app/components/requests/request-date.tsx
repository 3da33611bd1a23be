import type { RequestStatus } from '~db/schema/enums'
import { awaitsDecision } from '~/domain/resource-requests'
import { useT } from '~/i18n/use-t'

// An open request's date is the deadline the bureau decides by, a decided one's the day it was
// decided: each says which it is (a decision date under a deadline label misread as a deadline).
export function RequestDate({ request: r }: { request: { status: RequestStatus; deadline: string | null; decidedOn: string | null } }) {
  const t = useT()
  if (awaitsDecision(r.status) && r.deadline) return <>{t('requests.dated.deadline', { date: r.deadline })}</>
  if (r.decidedOn) return <>{t('requests.dated.decided', { date: r.decidedOn })}</>
  return <>—</>
}
