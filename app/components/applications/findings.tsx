import type { ConditionFinding } from '~/domain/certification/application-conditions'
import { useT } from '~/i18n/use-t'

const MARK = { ok: '✓', warning: '!', failing: '✗' } as const
const TONE = { ok: 'text-green-800', warning: 'text-amber-900', failing: 'text-red-800' } as const

/** The guide's conditions as the server found them on the last save (application-conditions.ts). */
export function Findings({ findings }: { findings: readonly ConditionFinding[] }) {
  const t = useT()
  return (
    <section className="card space-y-2" aria-labelledby="findings-title" data-testid="findings">
      <h2 id="findings-title" className="font-semibold">
        {t('applications.findings')}
      </h2>
      <ul className="space-y-1 text-sm">
        {findings.map((f) => (
          <li key={f.id} className={TONE[f.result]} data-finding={f.id} data-result={f.result}>
            <span aria-hidden className="mr-1 font-bold">
              {MARK[f.result]}
            </span>
            <span className="sr-only">{t(`applications.result.${f.result}`)}</span>
            {t(f.key, f.params)}
            {f.detail?.length ? (
              <span className="ml-1 text-slate-600">（{f.detail.map((d) => detailText(t, f.id, d)).join('、')}）</span>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  )
}

function detailText(t: ReturnType<typeof useT>, id: ConditionFinding['id'], d: string | number): string {
  if (id === 'commitments') return t(`applications.commitment.${d}` as never)
  if (id === 'plan_content') return t(`applications.plan.${d}` as never)
  if (id === 'attachments' && (d === 'application_pdf' || d === 'application_docx')) return t(`applications.file.${d}`)
  return String(d)
}
