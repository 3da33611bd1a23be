import { and, asc, eq, inArray, isNull, ne } from 'drizzle-orm'
import { addDays, shanghaiDate } from '~/domain/dates'
import { notifyFilingStep } from '~/models/filing-notices.server'
import { writeStep, type Tx } from '~/models/filing-steps.server'
import { db } from '~/utils/db.server'
import { annualReports, deliverables, filingEvents, labs, users } from '~db/schema'
import type { FilingKind } from '~db/schema/enums'
import type { FilingEvent } from '~db/schema/filings'

// The demo's filing notices (issue 15): what the demo accounts were told of the filings still in
// play, through the workflow's own notifyFilingStep, fed from the seeded thread (filing_events):
// each submitted filing's latest submission (its district office asked for an opinion, the
// 姑苏区 office for the 'lab' account's deliverable) and any opinion since (the bureau's turn),
// each returned filing's return (the 'lab2' account's, with the reason), and the acceptances of
// the last ACCEPTED_DAYS days. The seeded filings never carry an opinion on a filing still
// submitted, so one district office gives one here, through writeStep as its page would: the
// bureau's inbox then shows a filing awaiting its decision.

const ACCEPTED_DAYS = 60
const OPINION = '材料基本齐全，经核实已在辖区内试点应用，同意报送市局审核。'

type FilingRow = { id: number; status: string }

export function seedFilingNotices({ now }: { now: Date }) {
  db().transaction((tx) => {
    giveOneOpinion(tx, now)
    const since = addDays(shanghaiDate(now), -ACCEPTED_DAYS)
    for (const kind of ['deliverable', 'annual_report'] as const) {
      for (const filing of filingsOf(tx, kind)) {
        const thread = tx
          .select()
          .from(filingEvents)
          .where(and(eq(filingEvents.filingKind, kind), eq(filingEvents.filingId, filing.id)))
          .orderBy(asc(filingEvents.at), asc(filingEvents.id))
          .all()
        for (const event of stillInPlay(thread, filing.status, since)) notifyFilingStep(tx, event)
      }
    }
  })
}

function filingsOf(tx: Tx, kind: FilingKind): FilingRow[] {
  const table = kind === 'deliverable' ? deliverables : annualReports
  return tx.select({ id: table.id, status: table.status }).from(table).where(ne(table.status, 'draft')).all()
}

// The steps of a filing someone still has to act on, or that told the lab its decision lately.
function stillInPlay(thread: FilingEvent[], status: string, since: string): FilingEvent[] {
  const lastFiled = thread.map((e) => e.action === 'submit' || e.action === 'resubmit').lastIndexOf(true)
  if (lastFiled < 0) return []
  const round = thread.slice(lastFiled)
  if (status === 'submitted') return round.filter((e) => e.action !== 'create')
  const decision = round.find((e) => e.action === 'return' || e.action === 'accept')
  if (!decision) return []
  if (decision.action === 'return') return [decision]
  return shanghaiDate(new Date(decision.at)) >= since ? [decision] : []
}

// The oldest submitted filing outside 姑苏区 (whose office keeps its filing awaiting an opinion)
// gets its district office's opinion an hour before the demo starts.
function giveOneOpinion(tx: Tx, now: Date) {
  const at = new Date(now.getTime() - 60 * 60 * 1000)
  const offices = tx
    .select({ id: users.id, displayName: users.displayName, districtCode: users.districtCode })
    .from(users)
    .where(and(eq(users.role, 'district'), eq(users.active, true)))
    .all()
  const districts = offices.map((o) => o.districtCode!).filter((code) => code !== '320508')
  if (!districts.length) return
  const candidates = (['deliverable', 'annual_report'] as const).flatMap((kind) => {
    const table = kind === 'deliverable' ? deliverables : annualReports
    return tx
      .select({ id: table.id, labId: table.labId, submittedAt: table.submittedAt, districtCode: labs.districtCode })
      .from(table)
      .innerJoin(labs, eq(labs.id, table.labId))
      .where(and(eq(table.status, 'submitted'), isNull(table.districtOpinionAt), inArray(labs.districtCode, districts)))
      .all()
      .map((row) => ({ ...row, kind }))
  })
  const chosen = candidates
    .filter((c) => c.submittedAt && c.submittedAt < at.toISOString())
    .sort((a, b) => a.submittedAt!.localeCompare(b.submittedAt!) || a.id - b.id)[0]
  if (!chosen) return
  const office = offices.find((o) => o.districtCode === chosen.districtCode)!
  const actor = { id: office.id, displayName: office.displayName, ip: '' }
  // an opinion leaves the status as it is
  const ctx = {
    tx,
    step: 'district_opinion' as const,
    comment: OPINION,
    grade: null,
    opinion: 'support' as const,
    filed: undefined,
    actor,
    at,
  }
  if (chosen.kind === 'deliverable') {
    const before = tx.select().from(deliverables).where(eq(deliverables.id, chosen.id)).get()!
    writeStep({ ...ctx, kind: 'deliverable', before, to: before.status }, (changes) =>
      tx.update(deliverables).set(changes).where(eq(deliverables.id, chosen.id)).returning().get(),
    )
  } else {
    const before = tx.select().from(annualReports).where(eq(annualReports.id, chosen.id)).get()!
    writeStep({ ...ctx, kind: 'annual_report', before, to: before.status }, (changes) =>
      tx.update(annualReports).set(changes).where(eq(annualReports.id, chosen.id)).returning().get(),
    )
  }
}
