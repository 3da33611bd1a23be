import type { Actor } from '~/domain/permissions'
import type { Translate } from '~/i18n'
import { now, today } from '~/utils/clock.server'
import { dossierEvaluations } from './evaluations.server'
import { findRenewal } from './renewal-access.server'
import { renewalDossier } from './renewal-dossier.server'

// The renewal dossier as its downloads (Word and xlsx) read it: findRenewal's access, as for every
// renewal page, the dossier of the renewal's period as of today, its evaluation rows, and the
// download's names. Null when this actor may not have it (a 404).
export function dossierDownload(actor: Actor, labId: number, renewalId: number) {
  const found = findRenewal(actor, labId, renewalId)
  if (!found) return null
  const date = today()
  const dossier = renewalDossier({ labId: found.lab.id, periodId: found.renewal.periodId, today: date, now: now() })
  if (!dossier) return null
  return {
    application: found.renewal,
    dossier,
    evaluations: dossierEvaluations({ labId: found.lab.id, ...dossier.period }),
    names: (t: Translate) => ({
      fileName: `${t('dossier.fileName')}-${dossier.lab.name}-${date}`,
      asciiName: `renewal-dossier-${dossier.lab.id}-${date}`,
    }),
  }
}
