// Team thresholds, guide 三、认定标准 (二): "实验室团队人员配置应不少于15人，其中具有副高职称或
// 硕士学位及以上的科研人员不少于3人". Counted from the roster, never typed (shared/domain.md).
import type { Degree, TeamRole, TitleLevel } from '~db/schema/enums'

export const MIN_TEAM_SIZE = 15
export const MIN_QUALIFIED_RESEARCHERS = 3

export interface TeamMember {
  active: boolean
  role: TeamRole
  titleLevel: TitleLevel
  degree: Degree
}

export interface TeamThresholds {
  headcount: number
  qualifiedCount: number
  minHeadcount: typeof MIN_TEAM_SIZE
  minQualified: typeof MIN_QUALIFIED_RESEARCHERS
  meetsHeadcount: boolean
  meetsQualified: boolean
}

export const QUALIFYING_TITLES: readonly TitleLevel[] = ['associate_senior', 'senior']
export const QUALIFYING_DEGREES: readonly Degree[] = ['master', 'doctorate']

/** The guide asks for 科研人员 (researchers): support staff do not count, whatever their degree. */
export function isQualifiedResearcher(m: TeamMember): boolean {
  if (!m.active || m.role === 'administrator') return false
  return QUALIFYING_TITLES.includes(m.titleLevel) || QUALIFYING_DEGREES.includes(m.degree)
}

export function teamThresholds(members: readonly TeamMember[]): TeamThresholds {
  // Members who left stay on the roster for the record but no longer count.
  const headcount = members.filter((m) => m.active).length
  const qualifiedCount = members.filter(isQualifiedResearcher).length
  return {
    headcount,
    qualifiedCount,
    minHeadcount: MIN_TEAM_SIZE,
    minQualified: MIN_QUALIFIED_RESEARCHERS,
    meetsHeadcount: headcount >= MIN_TEAM_SIZE,
    meetsQualified: qualifiedCount >= MIN_QUALIFIED_RESEARCHERS,
  }
}
