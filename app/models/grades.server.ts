import { asc, eq } from 'drizzle-orm'
import { grades, users } from '~db/schema'
import { planGradeEdit, type Grade, type GradeChange, type GradeEdit, type GradeErrors } from '~/domain/grades'
import { db, type Db } from '~/utils/db.server'
import { recordAudit, type AuditActor } from './audit.server'
import type { Invalid, NotFound } from './result.server'

// The bureau's grade scale (app/domain/grades.ts has its rules). Every page may read it: a
// filing's grade is shown by its label. Grades are never deleted, since filings keep their codes.

const columns = {
  code: grades.code,
  labelZh: grades.labelZh,
  labelEn: grades.labelEn,
  position: grades.position,
  active: grades.active,
}

function scaleOf(q: Pick<Db, 'select'>): Grade[] {
  return q.select(columns).from(grades).orderBy(asc(grades.position), asc(grades.code)).all()
}

/** Every grade, inactive ones too (old filings still show their labels), in the scale's order. */
export function allGrades(): Grade[] {
  return scaleOf(db())
}

/** The grades the bureau gives now, in the order the forms offer them. */
export function activeGrades(): Grade[] {
  return allGrades().filter((g) => g.active)
}

/** The scale for the settings page, with who changed each grade last. */
export function gradeSettingRows() {
  return db()
    .select({ ...columns, updatedAt: grades.updatedAt, updatedBy: users.displayName })
    .from(grades)
    .leftJoin(users, eq(users.id, grades.updatedBy))
    .orderBy(asc(grades.position), asc(grades.code))
    .all()
}

export type GradeResult = { ok: true; grade: Grade; changed: boolean } | NotFound | Invalid<GradeErrors>

type GradeActor = AuditActor & { id: number }

// Reads the scale, plans the edit and writes its rows with one audit row each, in one
// transaction: two bureau users editing at once cannot both take the last active grade away.
function applyGradeEdit({ edit, actor, at }: { edit: GradeEdit; actor: GradeActor; at: Date }): GradeResult {
  return db().transaction((tx): GradeResult => {
    const plan = planGradeEdit(scaleOf(tx), edit)
    if (!plan.ok) return plan
    const stamp = { updatedAt: at.toISOString(), updatedBy: actor.id }
    for (const { before, after } of plan.writes) {
      if (before)
        tx.update(grades)
          .set({ ...after, ...stamp })
          .where(eq(grades.code, after.code))
          .run()
      else
        tx.insert(grades)
          .values({ ...after, ...stamp })
          .run()
      recordAudit(tx, { actor, action: before ? 'update' : 'create', entityType: 'grade', entityId: after.code, before, after, at })
    }
    const grade = scaleOf(tx).find((g) => g.code === plan.code)!
    return { ok: true, grade, changed: plan.writes.length > 0 }
  })
}

/** A new grade, active and last, with a code no grade has had. */
export function addGrade({ labelZh, labelEn, actor, at }: { labelZh: string; labelEn: string; actor: GradeActor; at: Date }): GradeResult {
  return applyGradeEdit({ edit: { kind: 'add', labelZh, labelEn }, actor, at })
}

/** Renames, moves, deactivates or reactivates a grade; its code never changes. */
export function updateGrade({ code, change, actor, at }: { code: string; change: GradeChange; actor: GradeActor; at: Date }): GradeResult {
  return applyGradeEdit({ edit: { code, ...change }, actor, at })
}
