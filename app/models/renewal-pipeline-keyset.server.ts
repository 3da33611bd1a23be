import { and, eq, inArray, sql } from 'drizzle-orm'
import { labs, reviewAssignments, validityPeriods } from '~db/schema'
import type { IsoDate } from '~/domain/dates'
import { meanTotal } from '~/domain/expert-review'
import type { Actor } from '~/domain/permissions'
import { db } from '~/utils/db.server'
import { PIPELINE_STAGES, type PipelineFilter, type PipelineRow } from './renewal-pipeline-params'
import {
  countPipelineStages,
  pipelinePageQuery,
  pipelineRowsOf,
  pipelineSource,
  type PipelineKey,
  type PipelineRaw,
} from './renewal-pipeline.server'

// The renewal pipeline for the read API (issue 20): the /renewals page's rows, filters and
// counts (renewal-pipeline.server.ts), paged by a keyset in its end order instead of by page
// number, so rows added or settled between two calls neither repeat nor skip one that stays.
// Scope as for the pages: the bureau every lab, a district its own, a lab its own rows (its
// renewal page), an expert the renewals assigned to it (its /assignments queue).

/** The rows after `after` (a period id and its end; the lab's name is read here) in end order. */
export function listPipelineAfter({
  actor,
  today,
  filter,
  after,
  limit,
}: {
  actor: Actor
  today: IsoDate
  filter: PipelineFilter
  after: { endDate: string; periodId: number } | null
  limit: number
}): { rows: PipelineRow[]; total: number; more: boolean } {
  const key: PipelineKey | undefined = after ? { ...after, labName: labNameOfPeriod(after.periodId) } : undefined
  const raw = db().all<PipelineRaw>(
    pipelinePageQuery({ actor, today, filter, sort: 'end', direction: sql`ASC`, limit: limit + 1, offset: 0, after: key }),
  )
  return { rows: pipelineRowsOf(raw.slice(0, limit), today), total: countPipelineRows({ actor, today, filter }), more: raw.length > limit }
}

// The cursor names the period, not the name (a name of 100 characters would not fit a cursor).
// A period deleted meanwhile reads as '': the rows of its end day follow from the first name.
function labNameOfPeriod(periodId: number): string {
  return (
    db()
      .select({ name: labs.name })
      .from(validityPeriods)
      .innerJoin(labs, eq(labs.id, validityPeriods.labId))
      .where(eq(validityPeriods.id, periodId))
      .get()?.name ?? ''
  )
}

/**
 * Rows under the filters: the page's count (renewal_stage_tally) for the bureau and a district;
 * a lab's or an expert's few rows counted from the pipeline itself, which the tally, kept per
 * district and direction, cannot tell apart.
 */
function countPipelineRows({ actor, today, filter }: { actor: Actor; today: IsoDate; filter: PipelineFilter }): number {
  if (actor.role === 'bureau' || actor.role === 'district') {
    const counts = countPipelineStages({ actor, today, filter })
    return filter.stage ? counts[filter.stage] : PIPELINE_STAGES.reduce((sum, stage) => sum + counts[stage], 0)
  }
  return db().get<{ n: number }>(sql`SELECT count(*) AS n FROM ${pipelineSource({ actor, filter, today })} p`)?.n ?? 0
}

/** The mean of the submitted reviews' totals per renewal (the bureau's review panel), null before any. */
export function meanReviewTotals(renewalIds: number[]): Map<number, number | null> {
  const totals = new Map<number, (number | null)[]>()
  for (let i = 0; i < renewalIds.length; i += 500) {
    const rows = db()
      .select({ renewalId: reviewAssignments.renewalId, total: reviewAssignments.totalScore })
      .from(reviewAssignments)
      // review_assignments_renewal_expert_uq leads with the renewal
      .where(and(inArray(reviewAssignments.renewalId, renewalIds.slice(i, i + 500)), eq(reviewAssignments.status, 'submitted')))
      .all()
    for (const r of rows) totals.set(r.renewalId, [...(totals.get(r.renewalId) ?? []), r.total])
  }
  return new Map(renewalIds.map((id) => [id, meanTotal(totals.get(id) ?? [])]))
}
