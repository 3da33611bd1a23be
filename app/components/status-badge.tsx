import type { LabStatus } from '~db/schema/enums'
import { useT } from '~/i18n/use-t'

export const STATUS_COLOURS: Record<LabStatus, string> = {
  active: '#15803d',
  expiring: '#d97706',
  expired: '#b91c1c',
  renewed: '#0369a1',
  not_renewed: '#6b7280',
  revoked: '#111827',
  uncertified: '#a1a1aa',
}

export function StatusBadge({ status }: { status: LabStatus }) {
  const t = useT()
  return (
    <span
      className="inline-block whitespace-nowrap rounded px-2 py-0.5 text-xs font-medium text-white"
      style={{ backgroundColor: STATUS_COLOURS[status] }}
      data-status={status}
    >
      {t(`status.${status}`)}
    </span>
  )
}
