import type { ReactNode } from 'react'
import { useT } from '~/i18n/use-t'

// The print view's page set-up. The app's layout (app/root.tsx) renders its header and a padded
// <main> around every page; for paper those are hidden here, in this page's own stylesheet, so
// the layout needs no print mode of its own.
const PRINT_CSS = `
@page { size: A4; margin: 20mm 18mm 20mm 18mm; }
@media print {
  html, body { background: #fff !important; }
  body > header { display: none !important; }
  body > main { max-width: none !important; margin: 0 !important; padding: 0 !important; }
  .report-sheet { width: auto !important; max-width: none !important; min-height: 0 !important; margin: 0 !important; padding: 0 !important; border: 0 !important; box-shadow: none !important; }
  .report-sheet a { color: inherit; text-decoration: none; }
  .report-table { page-break-inside: auto; }
  .report-table tr { page-break-inside: avoid; }
  .report-table thead { display: table-header-group; }
  .report-section h2 { page-break-after: avoid; }
}
`

/** An A4 sheet on screen, and only the sheet on paper. */
export function PrintSheet({ toolbar, children }: { toolbar: ReactNode; children: ReactNode }) {
  return (
    <>
      {/* not a text child: React would escape the `>` of the selectors on the server */}
      <style dangerouslySetInnerHTML={{ __html: PRINT_CSS }} />
      <div className="mx-auto mb-4 flex max-w-[210mm] flex-wrap items-center gap-3 print:hidden">{toolbar}</div>
      <article
        className="report-sheet mx-auto min-h-[297mm] w-full max-w-[210mm] bg-white px-[18mm] py-[20mm] font-serif text-[10.5pt] leading-relaxed text-black shadow"
        data-testid="print-sheet"
      >
        {children}
      </article>
    </>
  )
}

export function PrintButton() {
  const t = useT()
  return (
    <button type="button" className="btn-primary" onClick={() => window.print()}>
      {t('reports.printNow')}
    </button>
  )
}
