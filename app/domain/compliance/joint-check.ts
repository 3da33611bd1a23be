import { MAX_JOINT_APPLICATIONS } from '~/domain/joint-applications'
import type { Check } from './types'

// Guide 一(二): no organisation takes part in more than 3 joint applications. Counts come from
// every lab in the registry, this one included.
export const jointLimitCheck: Check = (facts) => {
  const fixPath = `/labs/${facts.labId}#partners`
  if (facts.jointParticipants.length === 0) {
    return [
      {
        checkId: 'joint_limit',
        subject: '',
        result: 'ok',
        reason: { key: 'compliance.joint.notJoint', params: {} },
        concernsDate: null,
        fixPath,
      },
    ]
  }
  const over = facts.jointParticipants.filter((p) => p.jointCount > MAX_JOINT_APPLICATIONS)
  if (over.length === 0) {
    return [
      {
        checkId: 'joint_limit',
        subject: '',
        result: 'ok',
        reason: {
          key: 'compliance.joint.ok',
          params: { max: MAX_JOINT_APPLICATIONS },
        },
        concernsDate: null,
        fixPath,
      },
    ]
  }
  const worst = over.reduce((a, b) => (b.jointCount > a.jointCount ? b : a))
  return [
    {
      checkId: 'joint_limit',
      subject: '',
      result: 'failing',
      reason: {
        key: 'compliance.joint.failing',
        params: {
          org: over.map((p) => p.name).join('、'),
          count: worst.jointCount,
          max: MAX_JOINT_APPLICATIONS,
        },
      },
      concernsDate: null,
      fixPath,
    },
  ]
}
