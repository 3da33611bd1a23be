import { useLocale, useT } from '~/i18n/use-t'
import type { Contact, Contacts } from '~/models/help.server'
import type { Role } from '~db/schema/enums'

// Whom to ask: the viewer's own contacts, or, for the bureau reading another role's guide, who
// that role asks.
export function ContactsSection({ role, contacts }: { role: Role; contacts: Contacts | null }) {
  const t = useT()
  return (
    <section className="card space-y-2" aria-labelledby="help-contacts" data-testid="help-contacts">
      <h2 id="help-contacts" className="font-semibold">
        {t('help.contactsTitle')}
      </h2>
      {contacts === null ? (
        <p>{role === 'bureau' ? t('help.contacts.administrators') : t(`help.contacts.generic.${role}`)}</p>
      ) : (
        <Own contacts={contacts} />
      )}
    </section>
  )
}

function Own({ contacts }: { contacts: Contacts }) {
  const t = useT()
  const locale = useLocale()
  if (contacts.kind === 'office') {
    const office = contacts.districtCode
      ? t(`district.${contacts.districtCode}`)
      : ((locale === 'en' ? contacts.departmentNameEn : contacts.departmentNameZh) ?? '')
    if (contacts.people.length === 0) return <p>{t('help.contacts.officeNone', { office })}</p>
    return (
      <>
        <p>{t('help.contacts.office', { office })}</p>
        <People people={contacts.people} />
      </>
    )
  }
  if (contacts.kind === 'district') {
    if (contacts.districtCode === null) return <p>{t('help.contacts.noLab')}</p>
    const district = t(`district.${contacts.districtCode}`)
    if (contacts.people.length === 0) return <p>{t('help.contacts.districtNone', { district })}</p>
    return (
      <>
        <p>{t('help.contacts.district', { district })}</p>
        <People people={contacts.people} />
      </>
    )
  }
  return (
    <>
      <p>{t(contacts.kind === 'bureau' ? 'help.contacts.bureau' : 'help.contacts.administrators')}</p>
      <People people={contacts.people} />
    </>
  )
}

function People({ people }: { people: Contact[] }) {
  const t = useT()
  return (
    <ul className="list-disc pl-5" data-testid="help-people">
      {people.map((p, i) => (
        <li key={i}>
          {p.displayName} ·{' '}
          {p.email ? (
            <a className="link" href={`mailto:${p.email}`}>
              {p.email}
            </a>
          ) : (
            <span className="text-slate-600">{t('help.contacts.noEmail')}</span>
          )}
        </li>
      ))}
    </ul>
  )
}
