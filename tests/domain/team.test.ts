import { describe, expect, test } from 'vitest'
import { MIN_QUALIFIED_RESEARCHERS, MIN_TEAM_SIZE, isQualifiedResearcher, teamThresholds, type TeamMember } from '~/domain/team'

const plain: TeamMember = { active: true, role: 'engineer', titleLevel: 'intermediate', degree: 'bachelor' }
const qualified: TeamMember = { active: true, role: 'researcher', titleLevel: 'associate_senior', degree: 'bachelor' }
const times = (n: number, m: TeamMember): TeamMember[] => Array.from({ length: n }, () => ({ ...m }))

describe('isQualifiedResearcher', () => {
  test.each<[string, boolean, Partial<TeamMember>]>([
    ['an associate-senior researcher with a bachelor’s degree counts', true, { titleLevel: 'associate_senior', degree: 'bachelor' }],
    ['a senior researcher with no degree listed counts', true, { titleLevel: 'senior', degree: 'below_bachelor' }],
    ['a junior researcher with a master’s degree counts', true, { titleLevel: 'junior', degree: 'master' }],
    ['a researcher with no title and a doctorate counts', true, { titleLevel: 'none', degree: 'doctorate' }],
    ['an intermediate researcher with a bachelor’s degree does not count', false, { titleLevel: 'intermediate', degree: 'bachelor' }],
    ['a director with a doctorate counts', true, { role: 'director', degree: 'doctorate' }],
    ['an engineer with a senior title counts', true, { role: 'engineer', titleLevel: 'senior' }],
    ['an administrator with a doctorate does not count', false, { role: 'administrator', degree: 'doctorate' }],
    ['an administrator with a senior title does not count', false, { role: 'administrator', titleLevel: 'senior' }],
    ['a researcher with a doctorate who has left does not count', false, { active: false, degree: 'doctorate' }],
  ])('%s', (_name, expected, overrides) => {
    const member: TeamMember = { active: true, role: 'researcher', titleLevel: 'none', degree: 'bachelor', ...overrides }
    expect(isQualifiedResearcher(member)).toBe(expected)
  })
})

describe('teamThresholds', () => {
  test('the thresholds are the guide’s 15 people and 3 qualified researchers', () => {
    expect([MIN_TEAM_SIZE, MIN_QUALIFIED_RESEARCHERS]).toEqual([15, 3])
  })

  test.each<[string, TeamMember[], number, boolean]>([
    ['14 active members fall short of the headcount', times(14, plain), 14, false],
    ['15 active members meet the headcount', times(15, plain), 15, true],
    ['16 active members meet the headcount', times(16, plain), 16, true],
    ['members who have left are not counted', [...times(14, plain), ...times(3, { ...plain, active: false })], 14, false],
    ['an empty roster counts nobody', [], 0, false],
  ])('%s', (_name, members, headcount, meetsHeadcount) => {
    expect(teamThresholds(members)).toMatchObject({ headcount, meetsHeadcount, minHeadcount: 15 })
  })

  test.each<[string, TeamMember[], number, boolean]>([
    ['2 qualified researchers fall short', [...times(2, qualified), ...times(13, plain)], 2, false],
    ['3 qualified researchers meet the threshold', [...times(3, qualified), ...times(12, plain)], 3, true],
    [
      'an administrator with a doctorate does not make up the third',
      [...times(2, qualified), { ...plain, role: 'administrator', degree: 'doctorate' }, ...times(12, plain)],
      2,
      false,
    ],
    [
      'a qualified researcher who has left does not make up the third',
      [...times(2, qualified), { ...qualified, active: false }, ...times(13, plain)],
      2,
      false,
    ],
  ])('%s', (_name, members, qualifiedCount, meetsQualified) => {
    expect(teamThresholds(members)).toMatchObject({ qualifiedCount, meetsQualified, minQualified: 3 })
  })

  test('a team can meet the headcount and still lack qualified researchers', () => {
    expect(teamThresholds(times(20, plain))).toEqual({
      headcount: 20,
      qualifiedCount: 0,
      minHeadcount: 15,
      minQualified: 3,
      meetsHeadcount: true,
      meetsQualified: false,
    })
  })
})
