import { notifyApplicantDecided, notifyApplicantRegistered } from '~/models/applicant-notices.server'
import { db } from '~/utils/db.server'
import { applicants } from './schema'

/**
 * The registration notices the demo would have sent (issue 21), through the functions the pages
 * use: each registration's office (姑苏区, whose demo account is gusu) and the bureau heard of it
 * when it arrived; the confirmed applicant heard of its confirmation. Returns the inbox notices written.
 */
export function seedApplicantNotices({ now }: { now: Date }): number {
  return db().transaction((tx) => {
    let sent = 0
    for (const applicant of tx.select().from(applicants).all()) {
      sent += notifyApplicantRegistered(tx, { applicant, at: new Date(applicant.createdAt) }).sent
      if (applicant.status !== 'pending')
        sent += notifyApplicantDecided(tx, { applicant, at: new Date(applicant.decidedAt ?? now.toISOString()) }).sent
    }
    return sent
  })
}
