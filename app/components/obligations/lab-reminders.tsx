import { Form } from '@remix-run/react'
import { RefusalNotice } from '~/components/ui/field'
import type { ReminderSource } from '~db/schema/enums'
import { addDays, type IsoDate } from '~/domain/dates'
import { stateText, titleText } from '~/domain/mail'
import { SNOOZE_CHOICES, SNOOZE_MAX_DAYS } from '~/domain/reminder-kinds'
import { useT } from '~/i18n/use-t'
import type { FieldErrors } from '~/utils/forms'
import { TableScroll } from '~/components/ui/table-scroll'

type Reminder = {
  source: ReminderSource
  sourceId: number
  dueDate: IsoDate
  title: { key: string; params: Record<string, string | number> }
  link: string
  snoozedUntil: IsoDate | null
  snoozedBy: string | null
  snoozable: boolean
}

// The lab's open obligations of every reminder kind (issue 15 part 6). Everyone who sees the lab
// sees each one and whether the lab snoozed its reminders; the lab's own accounts may snooze or
// end a snooze here.
export function LabReminders({
  reminders,
  canSnooze,
  today,
  sent,
}: {
  reminders: Reminder[]
  canSnooze: boolean
  today: IsoDate
  sent?: { key: string; errors: FieldErrors }
}) {
  const t = useT()
  // a refusal about no row shown (a tampered or stale id): said above the table, never silent
  const stray = sent && !reminders.some((r) => `${r.source}:${r.sourceId}` === sent.key) ? sent.errors : undefined
  return (
    <section id="reminders" className="card space-y-2" data-testid="lab-reminders">
      <h2 className="font-semibold">{t('snooze.sectionTitle')}</h2>
      <p className="text-sm text-slate-600">{t('snooze.sectionIntro')}</p>
      <RefusalNotice errors={stray} />
      {reminders.length === 0 ? (
        <p className="text-sm text-slate-600">{t('snooze.none')}</p>
      ) : (
        <TableScroll>
          <table className="min-w-full">
            <thead>
              <tr>
                <th className="th">{t('snooze.col.kind')}</th>
                <th className="th">{t('snooze.col.item')}</th>
                <th className="th">{t('snooze.col.due')}</th>
                <th className="th">{t('snooze.col.state')}</th>
              </tr>
            </thead>
            <tbody>
              {reminders.map((r) => {
                const key = `${r.source}:${r.sourceId}`
                const errors = sent?.key === key ? sent.errors : undefined
                const error = errors ? Object.values(errors)[0] : undefined
                return (
                  <tr key={key} data-reminder={key} data-snoozed={r.snoozedUntil ?? undefined}>
                    <td className="td whitespace-nowrap text-sm">{t(`reminders.source.${r.source}`)}</td>
                    <td className="td text-sm">
                      <a href={r.link} className="link">
                        {titleText(t, r.title)}
                      </a>
                    </td>
                    <td className="td whitespace-nowrap text-sm">{stateText(t, r.dueDate, today)}</td>
                    <td className="td space-y-1 text-sm">
                      {r.snoozedUntil ? (
                        <p className="text-amber-800" data-testid="snoozed">
                          {r.snoozedBy
                            ? t('snooze.activeBy', { until: r.snoozedUntil, by: r.snoozedBy })
                            : t('snooze.active', { until: r.snoozedUntil })}
                        </p>
                      ) : null}
                      {canSnooze && r.snoozable ? <SnoozeForms reminder={r} today={today} /> : null}
                      {error ? (
                        <p className="field-error" role="alert">
                          {t(error.key, error.vars)}
                        </p>
                      ) : null}
                    </td>
                  </tr>
                )
              })}
            </tbody>
          </table>
        </TableScroll>
      )}
    </section>
  )
}

function SnoozeForms({ reminder, today }: { reminder: Reminder; today: IsoDate }) {
  const t = useT()
  const hidden = (
    <>
      <input type="hidden" name="source" value={reminder.source} />
      <input type="hidden" name="sourceId" value={reminder.sourceId} />
    </>
  )
  if (reminder.snoozedUntil)
    return (
      <Form method="post">
        <input type="hidden" name="intent" value="unsnooze" />
        {hidden}
        <button type="submit" className="btn text-xs">
          {t('snooze.cancel')}
        </button>
      </Form>
    )
  return (
    <div className="flex flex-wrap items-center gap-1">
      {SNOOZE_CHOICES.map((n) => (
        <Form method="post" key={n}>
          <input type="hidden" name="intent" value="snooze" />
          {hidden}
          <button type="submit" name="days" value={n} className="btn text-xs">
            {t('snooze.days', { n })}
          </button>
        </Form>
      ))}
      <Form method="post" className="flex items-center gap-1">
        <input type="hidden" name="intent" value="snooze" />
        {hidden}
        <input
          type="date"
          name="until"
          className="input w-40 text-xs"
          min={addDays(today, 1)}
          max={addDays(today, SNOOZE_MAX_DAYS)}
          aria-label={t('snooze.until')}
        />
        <button type="submit" className="btn text-xs">
          {t('snooze.untilSubmit')}
        </button>
      </Form>
    </div>
  )
}
