// Guide 一(二) 申报方式: "所有申报单位联合申报次数均不能超过3次" — every organisation, host or
// partner, may take part in at most 3 joint applications in total. Which labs count (for
// example whether revoked ones do) is the caller's choice of `labs`; this file only counts.

export const MAX_JOINT_APPLICATIONS = 3

export interface JointLab {
  id: number // 0 for a lab not yet saved
  hostOrgId: number
  partnerOrgIds: readonly number[]
}

// A host applying alone is not a joint application; a partner equal to the host is a data slip.
function isJoint(lab: JointLab): boolean {
  return lab.partnerOrgIds.some((id) => id !== lab.hostOrgId)
}

function participants(lab: JointLab): Set<number> {
  return new Set([lab.hostOrgId, ...lab.partnerOrgIds])
}

export function countJointApplications({ orgId, labs }: { orgId: number; labs: readonly JointLab[] }): number {
  return labs.filter((lab) => isJoint(lab) && participants(lab).has(orgId)).length
}

/** Org ids (ascending) that would be in more than MAX_JOINT_APPLICATIONS joint labs once `lab` is saved. */
export function jointLimitViolations({ lab, otherLabs }: { lab: JointLab; otherLabs: readonly JointLab[] }): number[] {
  if (!isJoint(lab)) return []
  // otherLabs should already exclude `lab`; dropping a saved copy keeps an edit from counting twice.
  const others = lab.id > 0 ? otherLabs.filter((other) => other.id !== lab.id) : otherLabs
  return [...participants(lab)]
    .filter((orgId) => countJointApplications({ orgId, labs: others }) + 1 > MAX_JOINT_APPLICATIONS)
    .sort((a, b) => a - b)
}
