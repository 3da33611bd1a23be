// The announcement list (认定名单) of one certification day: the labs certified that day in the
// order of their certificate numbers, as the bureau publishes it (guide 四(五) 授牌).
import type { IsoDate } from '~/domain/dates'
import { certificateSequence, certificateYear, DEFAULT_CERTIFICATE_PATTERN } from './certificate'

export type CertifiedLabRow = {
  labId: number
  certificateNo: string
  labName: string
  hostName: string
  districtCode: string
  direction: number
  startDate: IsoDate
  endDate: IsoDate
}

/**
 * The rows in certificate order: by the number's sequence in its year when it follows the pattern,
 * numbers of another form after them by text, then by lab id so the order never depends on storage.
 */
export function announcementRows(
  rows: readonly CertifiedLabRow[],
  pattern = DEFAULT_CERTIFICATE_PATTERN,
): (CertifiedLabRow & { position: number })[] {
  const key = (r: CertifiedLabRow) =>
    certificateSequence(r.certificateNo, certificateYear(r.startDate), pattern) ?? Number.POSITIVE_INFINITY
  return [...rows]
    .sort((a, b) => key(a) - key(b) || a.certificateNo.localeCompare(b.certificateNo) || a.labId - b.labId)
    .map((r, i) => ({ ...r, position: i + 1 }))
}
