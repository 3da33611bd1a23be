import { and, asc, eq } from 'drizzle-orm'
import { teamMembers } from '~db/schema'
import type { Degree, TeamRole, TitleLevel } from '~db/schema/enums'
import { db, type Db } from '~/utils/db.server'
import { recordAudit, type AuditActor } from './audit.server'

export type MemberInput = { name: string; titleLevel: TitleLevel; degree: Degree; role: TeamRole; active: boolean }

function memberOf(labId: number, memberId: number) {
  return db()
    .select()
    .from(teamMembers)
    .where(and(eq(teamMembers.id, memberId), eq(teamMembers.labId, labId)))
    .get()
}

export function addMember({ labId, input, actor }: { labId: number; input: MemberInput; actor: AuditActor }) {
  const created = db().transaction((tx) => {
    const created = tx
      .insert(teamMembers)
      .values({ labId, ...input })
      .returning()
      .get()
    recordAudit(tx, { actor, action: 'create', entityType: 'team_member', entityId: created.id, labId, after: created })
    return created
  })
  return created
}

// Scoped by lab: a member id from another lab is "not found", whatever the caller may see.
export function updateMember({
  labId,
  memberId,
  input,
  actor,
}: {
  labId: number
  memberId: number
  input: Partial<MemberInput>
  actor: AuditActor
}) {
  const before = memberOf(labId, memberId)
  if (!before) return null
  const updated = db().transaction((tx) => {
    const after = tx
      .update(teamMembers)
      .set({ ...input, updatedAt: new Date().toISOString() })
      .where(eq(teamMembers.id, memberId))
      .returning()
      .get()
    recordAudit(tx, { actor, action: 'update', entityType: 'team_member', entityId: memberId, labId, before, after })
    return after
  })
  return updated
}

export function removeMember({ labId, memberId, actor }: { labId: number; memberId: number; actor: AuditActor }) {
  const before = memberOf(labId, memberId)
  if (!before) return false
  db().transaction((tx) => {
    tx.delete(teamMembers).where(eq(teamMembers.id, memberId)).run()
    recordAudit(tx, { actor, action: 'delete', entityType: 'team_member', entityId: memberId, labId, before })
  })
  return true
}

/** A lab's roster, active and former members in the order they were added: what the annual
 * report's snapshot and the renewal dossier's team section are taken from. */
export function rosterOf(q: Pick<Db, 'select'>, labId: number) {
  return q
    .select({
      id: teamMembers.id,
      name: teamMembers.name,
      titleLevel: teamMembers.titleLevel,
      degree: teamMembers.degree,
      role: teamMembers.role,
      active: teamMembers.active,
    })
    .from(teamMembers)
    .where(eq(teamMembers.labId, labId))
    .orderBy(asc(teamMembers.id))
    .all()
}
