import { useMemo } from 'react'
import type { DossierProgress } from '~/domain/renewal-dossier'
import { useLocale, useT } from '~/i18n/use-t'
import { DossierSection, DossierTable, FieldTable } from './parts'
import { progressText } from './progress-tables'

/** 任务指标完成情况: the period's plan, target, achieved and verified per line and year (issue 16). */
export function DossierProgressSection({ progress }: { progress: DossierProgress | null }) {
  const t = useT()
  const locale = useLocale()
  const text = useMemo(() => progressText(progress, t, locale), [progress, t, locale])
  return (
    <DossierSection id="progress" title={t('dossier.progress.title')}>
      {text.fields.length ? <FieldTable fields={text.fields} testId="dossier-progress-summary" /> : null}
      <DossierTable table={text.table} empty={text.empty} testId="dossier-progress" />
      <p className="text-xs text-slate-500">{t('progress.intro')}</p>
    </DossierSection>
  )
}
