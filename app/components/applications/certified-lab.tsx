import { Link } from '@remix-run/react'
import type { ApplicationLab } from '~/models/application-lab.server'
import { useT } from '~/i18n/use-t'

// A certified application's lab (授牌, migration 0046): its name and certificate number to whoever
// reads the application; the lab page and the certificate linked only for those they admit (the
// bureau, the lab's district office), so the applicant and an expert get no link to a 404.
export function CertifiedLab({ lab }: { lab: ApplicationLab }) {
  const t = useT()
  return (
    <section className="card space-y-1 text-sm" data-testid="certified-lab">
      <h2 className="font-semibold">{t('applications.certifiedLab.title')}</h2>
      <p>
        {t('applications.certifiedLab.lab')}{' '}
        {lab.canOpenLab ? (
          <Link to={`/labs/${lab.labId}`} className="link" data-testid="certified-lab-link">
            {lab.labName}
          </Link>
        ) : (
          <span className="font-medium">{lab.labName}</span>
        )}
      </p>
      {lab.certificateNo ? (
        <p className="flex flex-wrap gap-4">
          <span>{t('common.labelled', { label: t('applications.certifiedLab.number'), value: lab.certificateNo })}</span>
          {lab.canOpenCertificate ? (
            // the certificate is a print view with its own layout: a full page load, as the lab page links it
            <a href={`/labs/${lab.labId}/certificate`} className="link" data-testid="certified-lab-certificate">
              {t('applications.certifiedLab.certificate')}
            </a>
          ) : null}
        </p>
      ) : null}
    </section>
  )
}
