import { describe, expect, test } from 'vitest'
import { MAX_JOINT_APPLICATIONS, countJointApplications, jointLimitViolations, type JointLab } from '~/domain/joint-applications'

const lab = (id: number, hostOrgId: number, partnerOrgIds: number[] = []): JointLab => ({ id, hostOrgId, partnerOrgIds })

describe('countJointApplications', () => {
  const labs = [lab(1, 10, [20]), lab(2, 20, [10, 30]), lab(3, 10), lab(4, 40, [50])]
  test.each<[string, number, number]>([
    ['a host of one joint lab and partner in another has taken part twice; its solo lab does not count', 10, 2],
    ['a partner in one lab and host of another joint lab has taken part twice', 20, 2],
    ['an organisation only listed as partner once has taken part once', 30, 1],
    ['an organisation not in any lab has taken part zero times', 99, 0],
  ])('%s', (_name, orgId, expected) => {
    expect(countJointApplications({ orgId, labs })).toBe(expected)
  })

  test('a lab listing its host as its only partner is not a joint application', () => {
    expect(countJointApplications({ orgId: 10, labs: [lab(1, 10, [10])] })).toBe(0)
  })

  test('an organisation listed twice in one lab is counted once for that lab', () => {
    expect(countJointApplications({ orgId: 20, labs: [lab(1, 10, [20, 20])] })).toBe(1)
  })
})

describe('jointLimitViolations', () => {
  test('the limit is 3 joint applications', () => {
    expect(MAX_JOINT_APPLICATIONS).toBe(3)
  })

  const twoJoint = [lab(1, 10, [20]), lab(2, 30, [10])]
  const threeJoint = [...twoJoint, lab(3, 10, [40])]

  test('a third joint application is fine', () => {
    expect(jointLimitViolations({ lab: lab(0, 10, [50]), otherLabs: twoJoint })).toEqual([])
  })

  test('a fourth joint application is refused for the host', () => {
    expect(jointLimitViolations({ lab: lab(0, 10, [50]), otherLabs: threeJoint })).toEqual([10])
  })

  test('a fourth joint application is refused for a partner too', () => {
    expect(jointLimitViolations({ lab: lab(0, 50, [10]), otherLabs: threeJoint })).toEqual([10])
  })

  test('every organisation over the limit is reported, in ascending order', () => {
    const busy = [lab(1, 10, [20]), lab(2, 10, [20]), lab(3, 20, [10])]
    expect(jointLimitViolations({ lab: lab(0, 20, [60, 10]), otherLabs: busy })).toEqual([10, 20])
  })

  test('a solo application does not count against a host already in 3 joint applications', () => {
    expect(jointLimitViolations({ lab: lab(0, 10), otherLabs: threeJoint })).toEqual([])
  })

  test('solo labs among the others do not count', () => {
    const withSolos = [...twoJoint, lab(3, 10), lab(4, 10)]
    expect(jointLimitViolations({ lab: lab(0, 10, [50]), otherLabs: withSolos })).toEqual([])
  })

  test('editing a saved lab does not count it twice even if the caller left it in otherLabs', () => {
    const edited = lab(3, 10, [40, 50])
    expect(jointLimitViolations({ lab: edited, otherLabs: threeJoint })).toEqual([])
  })

  test('editing a saved lab passed without itself is fine at exactly 3', () => {
    expect(jointLimitViolations({ lab: lab(3, 10, [40, 50]), otherLabs: twoJoint })).toEqual([])
  })
})
