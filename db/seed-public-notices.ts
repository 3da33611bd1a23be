import { asc, eq, inArray } from 'drizzle-orm'
import { addDays, shanghaiDate } from '~/domain/dates'
import { activeGrades } from '~/models/grades.server'
import { publishNotice } from '~/models/notice-records.server'
import { notifyRenewalNotice } from '~/models/renewal-notices.server'
import { recordRenewalEvent, type CheckedDecision } from '~/models/renewals.server'
import { db } from '~/utils/db.server'
import { noticeObjections, renewals, settings, users } from './schema'

/**
 * 公示 in the demo (issue 21 item 6, docs/decisions/025-public-notice.md): the bureau's switch is
 * on here (new installs keep it off), and one submitted renewal is under notice since two days
 * ago with one objection waiting for the bureau's decision. Published through the model's own
 * functions, so the public page, the renewal page and the inboxes show it as they would.
 */
export function seedDemoPublicNotice({ now }: { now: Date }) {
  const bureau = db().select({ id: users.id, displayName: users.displayName }).from(users).where(eq(users.username, 'bureau')).get()
  const renewal = db()
    .select()
    .from(renewals)
    .where(inArray(renewals.status, ['submitted', 'under_review']))
    .orderBy(asc(renewals.id))
    .get()
  if (!bureau || !renewal) return
  const at = new Date(now.getTime() - 2 * 86_400_000)
  db().transaction((tx) => {
    tx.insert(settings)
      .values({ key: 'renewalNoticeStep', value: 1, updatedAt: at.toISOString(), updatedBy: bureau.id })
      .onConflictDoUpdate({ target: settings.key, set: { value: 1 } })
      .run()
    const decided: CheckedDecision = {
      decision: 'renew',
      grade: activeGrades()[0]?.code ?? null,
      reasons: '两个有效年度均完成年度成果并按期提交年度报告，数据安全应急预案在有效期内，团队满足要求，同意续期。',
      rectificationDeadline: null,
      rectificationRequirements: '',
    }
    const notice = publishNotice(tx, {
      subjectKind: 'renewal',
      subjectId: renewal.id,
      proposal: decided,
      labId: renewal.labId,
      by: bureau,
      at,
    })
    recordRenewalEvent(tx, {
      renewal,
      action: 'notice',
      fromStatus: renewal.status,
      toStatus: renewal.status,
      comment: decided.reasons,
      by: bureau,
      at,
    })
    notifyRenewalNotice(tx, {
      sourceId: notice.id,
      step: 0,
      renewalId: renewal.id,
      labId: renewal.labId,
      key: 'renewals.notice.inNotice',
      at,
    })
    tx.insert(noticeObjections)
      .values({
        noticeId: notice.id,
        receivedOn: addDays(shanghaiDate(at), 1),
        objector: '',
        contact: '',
        content: '来信反映该实验室第二年度成果中的应用案例尚未实际落地，请核实。',
        recordedBy: bureau.id,
        createdAt: now.toISOString(),
        updatedAt: now.toISOString(),
      })
      .run()
  })
}
