import type { CertifiedLabRow } from '~/domain/certification/announcement'
import { certificateDateParts } from '~/domain/certification/certificate'
import type { MessageKey, Translate } from '~/i18n'
import { buildDocx, dataTable, subtitle, title } from '~/utils/docx.server'

// The announcement list (认定名单) of one certification day as an editable Word file: the bureau
// edits and publishes it with its notice. One row per lab in certificate order.
export function certificationAnnouncementDocx({
  on,
  rows,
  t,
}: {
  on: string
  rows: readonly (CertifiedLabRow & { position: number })[]
  t: Translate
}): Promise<Buffer> {
  const date = (day: string) => t('certificate.date', certificateDateParts(day))
  const col = (key: string) => t(`certification.announcement.col.${key}` as MessageKey)
  return buildDocx({
    docTitle: `${t('certification.announcement.title')} · ${on}`,
    pageLabel: t('word.page'),
    children: [
      title(t('certification.announcement.title')),
      subtitle(t('certification.announcement.subtitle', { date: date(on) })),
      dataTable(
        {
          headers: ['seq', 'number', 'lab', 'host', 'district', 'direction', 'validity'].map(col),
          rows: rows.map((r) => [
            r.position,
            r.certificateNo,
            r.labName,
            r.hostName,
            t(`district.${r.districtCode}` as MessageKey),
            t(`direction.${r.direction}` as MessageKey),
            t('certificate.validity', { from: date(r.startDate), to: date(r.endDate) }),
          ]),
        },
        t('certification.announcement.empty'),
      ),
    ],
  })
}
