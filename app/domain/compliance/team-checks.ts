import { MIN_QUALIFIED_RESEARCHERS, MIN_TEAM_SIZE } from '~/domain/team'
import type { Check } from './types'

// Guide 三(二): at least 15 people, at least 3 of them researchers with an associate-senior
// title or a master's degree. Counted from the active roster (app/domain/team.ts).
export const teamSizeCheck: Check = (facts) => {
  const { headcount } = facts.team
  const ok = headcount >= MIN_TEAM_SIZE
  return [
    {
      checkId: 'team_size',
      subject: '',
      result: ok ? 'ok' : 'failing',
      reason: {
        key: ok ? 'compliance.teamSize.ok' : 'compliance.teamSize.failing',
        params: { count: headcount, min: MIN_TEAM_SIZE },
      },
      concernsDate: null,
      fixPath: `/labs/${facts.labId}/team`,
    },
  ]
}

export const teamQualifiedCheck: Check = (facts) => {
  const { qualifiedCount } = facts.team
  const ok = qualifiedCount >= MIN_QUALIFIED_RESEARCHERS
  return [
    {
      checkId: 'team_qualified',
      subject: '',
      result: ok ? 'ok' : 'failing',
      reason: {
        key: ok ? 'compliance.teamQualified.ok' : 'compliance.teamQualified.failing',
        params: { count: qualifiedCount, min: MIN_QUALIFIED_RESEARCHERS },
      },
      concernsDate: null,
      fixPath: `/labs/${facts.labId}/team`,
    },
  ]
}
