import { and, eq, inArray, ne, sql } from 'drizzle-orm'
import { withCacheSize } from '~db/client.server'
import { mailOutbox, mailPreferences, notices, reminderKindRules, reminderRules, users } from '~db/schema'
import {
  REMINDER_KINDS,
  type Locale,
  type NoticeChannel,
  type ReminderAudience,
  type ReminderKind,
  type ReminderSource,
} from '~db/schema/enums'
import type { WorkCalendar } from '~/domain/calendar'
import { shanghaiDate, type IsoDate } from '~/domain/dates'
import { composeDigest, type DigestItem } from '~/domain/mail'
import { DEFAULT_REMINDER_RULES, dueReminders, type Recipient, type ReminderRules, type ReminderStep } from '~/domain/reminders'
import { kindDefault, resolveKindRules, rulesForObligation, rulesOnly, type KindRules } from '~/domain/reminder-kinds'
import type { RuleSettings } from '~/domain/settings'
import type { Db } from '~/utils/db.server'
import { recordAudit, type AuditActor } from './audit.server'
import { ok, type Invalid, type Result } from './result.server'
import { checkVersion, nextVersion, seenVersion, type StaleRefusal } from './row-version.server'
import { snoozesOf } from './reminder-snoozes.server'
import { labsInForce } from './reminder-sources/labs.server'
import { SOURCES, type OpenObligation } from './reminder-sources/index.server'

// ---------------------------------------------------------------- rules

type Changed = { changed: boolean }
type Stamp = { updatedAt: string | null; updatedBy: string | null; rowVersion: number }

export function readReminderRules(db: Db): ReminderRules & Stamp {
  const row = db
    .select({ rules: reminderRules, updatedBy: users.displayName })
    .from(reminderRules)
    .leftJoin(users, eq(users.id, reminderRules.updatedBy))
    .where(eq(reminderRules.id, 1))
    .get()
  // rowVersion 0 while the defaults stand: the version the form posts back
  if (!row) return { ...DEFAULT_REMINDER_RULES, updatedAt: null, updatedBy: null, rowVersion: 0 }
  return { ...rulesOnly(row.rules), updatedAt: row.rules.updatedAt, updatedBy: row.updatedBy, rowVersion: row.rules.rowVersion }
}

/** Every kind's steps in force, where they come from, and who last changed the kind's own. */
export function readKindRules(db: Db): (KindRules & Stamp & { followsDefault: boolean })[] {
  const general = rulesOnly(readReminderRules(db))
  const stored = db
    .select({ row: reminderKindRules, updatedBy: users.displayName })
    .from(reminderKindRules)
    .leftJoin(users, eq(users.id, reminderKindRules.updatedBy))
    .all()
  const byKind = resolveKindRules(
    general,
    stored.map((s) => s.row),
  )
  return REMINDER_KINDS.map((kind) => {
    const row = stored.find((s) => s.row.kind === kind)
    return {
      ...byKind[kind],
      followsDefault: byKind[kind].origin !== 'own',
      updatedAt: row?.row.updatedAt ?? null,
      updatedBy: row?.updatedBy ?? null,
      rowVersion: row?.row.rowVersion ?? 0,
    }
  })
}

/** The steps in force for every kind, for the plan. */
function kindRulesInForce(db: Db, general: ReminderRules) {
  return resolveKindRules(general, db.select().from(reminderKindRules).all())
}

/**
 * Saves the bureau's default rules with an audit row in the same transaction. `version` is the
 * row version the form showed (0: the defaults); if someone saved since, nothing is written (409).
 */
export function updateReminderRules({
  db,
  rules,
  actor,
  at,
  version,
}: {
  db: Db
  rules: ReminderRules
  actor: AuditActor & { id: number }
  at: Date
  version: unknown
}): Result<Changed, Invalid | StaleRefusal> {
  return db.transaction((tx) => {
    const current = readReminderRules(tx as unknown as Db)
    const moved = checkVersion(current, seenVersion(version), { entityType: 'reminder_rules', entityId: 1 }, tx)
    if (moved) return moved
    const before = rulesOnly(current)
    const after = rulesOnly(rules)
    if (JSON.stringify(before) === JSON.stringify(after)) return ok({ changed: false })
    const values = { ...after, updatedAt: at.toISOString(), updatedBy: actor.id }
    tx.insert(reminderRules)
      .values({ id: 1, ...values })
      .onConflictDoUpdate({ target: reminderRules.id, set: { ...values, rowVersion: nextVersion(reminderRules.rowVersion) } })
      .run()
    recordAudit(tx, { actor, action: 'update', entityType: 'reminder_rules', entityId: 1, before, after, at })
    return ok({ changed: true })
  })
}

/**
 * Saves one kind's own steps (`rules`), or puts the kind back on its default (`rules: null`),
 * audited with the steps in force before and after. Stale-protected like the default rules.
 */
export function updateKindRules({
  db,
  kind,
  rules,
  actor,
  at,
  version,
}: {
  db: Db
  kind: ReminderKind
  rules: ReminderRules | null
  actor: AuditActor & { id: number }
  at: Date
  version: unknown
}): Result<Changed, Invalid | StaleRefusal> {
  return db.transaction((tx) => {
    const q = tx as unknown as Db
    const row = tx.select().from(reminderKindRules).where(eq(reminderKindRules.kind, kind)).get()
    const moved = checkVersion(
      { rowVersion: row?.rowVersion ?? 0 },
      seenVersion(version),
      { entityType: 'reminder_kind_rules', entityId: kind },
      tx,
    )
    if (moved) return moved
    const current = kindRulesInForce(q, rulesOnly(readReminderRules(q)))[kind]
    const before = { origin: current.origin, ...current.rules }
    const fallback = kindDefault(kind, rulesOnly(readReminderRules(q)))
    const after = rules ? { origin: 'own' as const, ...rulesOnly(rules) } : { origin: fallback.origin, ...fallback.rules }
    if (JSON.stringify(before) === JSON.stringify(after)) return ok({ changed: false })
    const stored = rules ? rulesOnly(rules) : rulesOnly(row ?? fallback.rules)
    const values = { ...stored, followsDefault: rules === null, updatedAt: at.toISOString(), updatedBy: actor.id }
    tx.insert(reminderKindRules)
      .values({ kind, ...values })
      .onConflictDoUpdate({ target: reminderKindRules.kind, set: { ...values, rowVersion: nextVersion(reminderKindRules.rowVersion) } })
      .run()
    recordAudit(tx, { actor, action: rules ? 'update' : 'reset', entityType: 'reminder_kind_rules', entityId: kind, before, after, at })
    return ok({ changed: true })
  })
}

// ---------------------------------------------------------------- preferences

/** The sources a user does not want by e-mail. */
export function mailOptOuts(db: Db, userId: number): Set<ReminderSource> {
  return new Set(
    db
      .select({ source: mailPreferences.source })
      .from(mailPreferences)
      .where(and(eq(mailPreferences.userId, userId), eq(mailPreferences.mail, false)))
      .all()
      .map((r) => r.source),
  )
}

/** Saves a person's mail switches for the kinds their role receives (app/domain/notice-kinds.ts). */
export function saveMailPreferences({
  db,
  userId,
  kinds,
  mailed,
  at,
}: {
  db: Db
  userId: number
  kinds: readonly ReminderSource[]
  mailed: ReadonlySet<ReminderSource>
  at: Date
}) {
  db.transaction((tx) => {
    for (const source of kinds) {
      const mail = mailed.has(source)
      tx.insert(mailPreferences)
        .values({ userId, source, mail, updatedAt: at.toISOString() })
        .onConflictDoUpdate({ target: [mailPreferences.userId, mailPreferences.source], set: { mail, updatedAt: at.toISOString() } })
        .run()
    }
  })
}

// ---------------------------------------------------------------- the run

type Person = Recipient & { email: string; locale: Locale; displayName: string }

export type PlannedReminder = { obligation: OpenObligation; userId: number; step: ReminderStep }

export type ReminderPlan = {
  today: IsoDate
  checked: number
  completed: number
  superseded: number
  due: PlannedReminder[]
  people: Map<number, Person>
}

// What was already sent (inbox channel) for these obligations at their current due dates,
// per obligation key and recipient. One statement per source, the ids passed as one JSON array;
// served by the prefix of notices_key_uq.
function sentOffsets(db: Db, open: readonly OpenObligation[]) {
  const out = new Map<string, Map<number, Set<number>>>()
  const bySource = new Map<ReminderSource, number[]>()
  for (const o of open) {
    const ids = bySource.get(o.source)
    if (ids) ids.push(o.sourceId)
    else bySource.set(o.source, [o.sourceId])
  }
  const query = db
    .select({ sourceId: notices.sourceId, dueDate: notices.dueDate, recipientId: notices.recipientId, offsetDays: notices.offsetDays })
    .from(notices)
    .where(
      and(
        eq(notices.source, sql.placeholder('source')),
        inArray(notices.sourceId, sql`(SELECT value FROM json_each(${sql.placeholder('ids')}))`),
        eq(notices.channel, 'inbox'),
      ),
    )
    .prepare()
  for (const [source, ids] of bySource) {
    for (const r of query.all({ source, ids: JSON.stringify(ids) })) {
      // an inbox notice always has a user (only robot notices have none)
      if (r.recipientId === null) continue
      const key = `${source}:${r.sourceId}:${r.dueDate}`
      const perUser = out.get(key) ?? new Map<number, Set<number>>()
      perUser.set(r.recipientId, (perUser.get(r.recipientId) ?? new Set()).add(r.offsetDays))
      out.set(key, perUser)
    }
  }
  return out
}

// The only accounts that can hear of a lab's obligation: its own, its district office's and the
// bureau's (app/domain/reminders.ts audienceOf decides among them). Indexed once per run, so a run
// costs obligations × (a lab's few accounts), not obligations × every account.
function recipientIndex(everyone: readonly Recipient[]) {
  const byLab = new Map<number, Recipient[]>()
  const byDistrict = new Map<string, Recipient[]>()
  const bureau: Recipient[] = []
  for (const u of everyone) {
    if (u.role === 'lab' && u.labId !== null) byLab.set(u.labId, [...(byLab.get(u.labId) ?? []), u])
    else if (u.role === 'district' && u.districtCode) byDistrict.set(u.districtCode, [...(byDistrict.get(u.districtCode) ?? []), u])
    else if (u.role === 'bureau') bureau.push(u)
  }
  return (o: { labId: number; districtCode: string }) => [
    ...(byLab.get(o.labId) ?? []),
    ...(byDistrict.get(o.districtCode) ?? []),
    ...bureau,
  ]
}

/** Reads every source and decides what is due for whom; writes nothing. */
export function planReminders({
  db,
  now,
  settings,
  calendar,
}: {
  db: Db
  now: Date
  settings: RuleSettings
  calendar: WorkCalendar
}): ReminderPlan {
  const today = shanghaiDate(now)
  const general = rulesOnly(readReminderRules(db))
  const byKind = kindRulesInForce(db, general)
  const labs = labsInForce({ db, today, settings })
  const obligations = SOURCES.flatMap((s) => s.list({ db, today, settings, labs }))
  const open = obligations.filter((o) => !o.completed)
  const people = new Map(
    db
      .select({
        id: users.id,
        role: users.role,
        labId: users.labId,
        districtCode: users.districtCode,
        active: users.active,
        email: users.email,
        locale: users.locale,
        displayName: users.displayName,
      })
      .from(users)
      .where(and(eq(users.active, true), ne(users.role, 'expert')))
      .all()
      .map((u) => [u.id, u]),
  )
  const candidates = recipientIndex([...people.values()])
  const sent = sentOffsets(db, open)
  const snoozed = snoozesOf(db, today)
  const due: PlannedReminder[] = []
  let superseded = 0
  for (const obligation of open) {
    const result = dueReminders({
      obligation: { ...obligation, snoozedUntil: snoozed.get(`${obligation.source}:${obligation.sourceId}`) },
      users: candidates(obligation),
      sent: sent.get(`${obligation.source}:${obligation.sourceId}:${obligation.dueDate}`) ?? new Map(),
      rules: rulesForObligation(byKind, general, obligation),
      calendar,
      today,
    })
    superseded += result.superseded
    for (const d of result.due) due.push({ obligation, userId: d.userId, step: d.step })
  }
  return { today, checked: obligations.length, completed: obligations.length - open.length, superseded, due, people }
}

export type RecordResult = { sent: number; skipped: number; queued: number; recipients: number }

/** Every user's sources switched off for mail, for a run that mails many people. */
function mailOptOutsByUser(db: Db): Map<number, Set<ReminderSource>> {
  const out = new Map<number, Set<ReminderSource>>()
  const rows = db
    .select({ userId: mailPreferences.userId, source: mailPreferences.source })
    .from(mailPreferences)
    .where(eq(mailPreferences.mail, false))
    .all()
  for (const r of rows) out.set(r.userId, (out.get(r.userId) ?? new Set()).add(r.source))
  return out
}

/**
 * Records a plan in one immediate transaction: each due step as an inbox notice under the unique
 * key (ON CONFLICT DO NOTHING), its inbox item, and for recipients who take it by mail an e-mail
 * notice; then one digest per recipient in the outbox. Only rows this call inserted produce an
 * inbox item or mail, so a concurrent or repeated run that planned the same steps adds nothing.
 *
 * A province's first run writes some 400,000 rows (issue 18), so the rows go in as cheaply as
 * SQLite takes them: the three per-row statements are written in SQL and prepared once (drizzle's
 * per-call placeholder filling and JSON encoding cost about as much as SQLite's own work), each
 * obligation's title is encoded once for all its recipients, and the connection's page cache is
 * widened for the transaction so the indexes being inserted into stay in memory.
 */
export function recordReminders({ db, plan, now, baseUrl }: { db: Db; plan: ReminderPlan; now: Date; baseUrl: string }): RecordResult {
  const at = now.toISOString()
  return withCacheSize(db.$client, RECORD_CACHE_KIB, () =>
    db.transaction(
      (tx) => {
        const insertNotice = db.$client
          .prepare<NoticeRow, number>(
            `INSERT INTO notices (source, source_id, due_date, offset_days, recipient_id, audience, lab_id, title, link, channel, created_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING id`,
          )
          .pluck()
        const insertItem = db.$client.prepare<[noticeId: number, userId: number, createdAt: string]>(
          'INSERT INTO inbox_items (notice_id, user_id, created_at) VALUES (?, ?, ?)',
        )
        // the notices of one digest, their ids as one JSON array
        const attachToMessage = db.$client.prepare<[outboxId: number, noticeIds: string]>(
          'UPDATE notices SET outbox_id = ? WHERE id IN (SELECT value FROM json_each(?))',
        )
        const queueMessage = tx
          .insert(mailOutbox)
          .values({
            userId: sql.placeholder('userId'),
            toAddress: sql.placeholder('toAddress'),
            locale: sql.placeholder('locale'),
            subject: sql.placeholder('subject'),
            body: sql.placeholder('body'),
            status: 'queued',
            nextAttemptAt: at,
            createdAt: at,
          })
          .returning({ id: mailOutbox.id })
          .prepare()
        const optOuts = mailOptOutsByUser(tx as unknown as Db)
        const titles = new Map<OpenObligation, string>()
        let sent = 0
        let skipped = 0
        const digests = new Map<number, { items: DigestItem[]; noticeIds: number[] }>()
        for (const { obligation: o, userId, step } of plan.due) {
          let title = titles.get(o)
          if (title === undefined) titles.set(o, (title = JSON.stringify(o.title)))
          const row = [o.source, o.sourceId, o.dueDate, step.offset, userId, step.audience, o.labId, title, o.link] as const
          const inbox = insertNotice.get(...row, 'inbox', at)
          if (inbox === undefined) {
            skipped++
            continue
          }
          sent++
          insertItem.run(inbox, userId, at)
          const person = plan.people.get(userId)
          if (!person?.email) continue
          if (optOuts.get(userId)?.has(o.source)) continue
          const email = insertNotice.get(...row, 'email', at)
          if (email === undefined) continue
          const digest = digests.get(userId) ?? { items: [], noticeIds: [] }
          digest.items.push({ title: o.title, dueDate: o.dueDate, audience: step.audience, escalation: step.escalation, link: o.link })
          digest.noticeIds.push(email)
          digests.set(userId, digest)
        }
        for (const [userId, digest] of digests) {
          const person = plan.people.get(userId)!
          const { subject, body } = composeDigest({
            locale: person.locale,
            name: person.displayName,
            items: digest.items,
            today: plan.today,
            baseUrl,
          })
          const message = queueMessage.get({ userId, toAddress: person.email, locale: person.locale, subject, body })!
          attachToMessage.run(message.id, JSON.stringify(digest.noticeIds))
        }
        return { sent, skipped, queued: digests.size, recipients: new Set(plan.due.map((d) => d.userId)).size }
      },
      // taken at once: a second run waits here, then finds every key taken
      { behavior: 'immediate' },
    ),
  )
}

// The columns recordReminders writes, in its statement's order (title already JSON).
type NoticeRow = [
  source: ReminderSource,
  sourceId: number,
  dueDate: IsoDate,
  offsetDays: number,
  recipientId: number,
  audience: ReminderAudience,
  labId: number,
  title: string,
  link: string,
  channel: NoticeChannel,
  createdAt: string,
]

// 128 MiB at most, taken only as pages are read: the indexes a province's run inserts into stay
// in memory, where the default 2 MiB cache would spill and re-read them row after row (a larger
// cache measured no faster)
const RECORD_CACHE_KIB = 128 * 1024
