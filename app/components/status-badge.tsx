import type { LabStatus } from '~db/schema/enums'
import { useT } from '~/i18n/use-t'
import { Badge } from '~/components/ui/badge'

export const STATUS_COLOURS: Record<LabStatus, string> = {
  active: '#15803d',
  expiring: '#b45309',
  expired: '#b91c1c',
  renewed: '#0369a1',
  not_renewed: '#6b7280',
  revoked: '#111827',
  uncertified: '#71717a',
}

export function StatusBadge({ status }: { status: LabStatus }) {
  const t = useT()
  return (
    <Badge className="text-white" style={{ backgroundColor: STATUS_COLOURS[status] }} data={{ 'data-status': status }}>
      {t(`status.${status}`)}
    </Badge>
  )
}
