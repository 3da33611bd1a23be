import type { MessageKey } from '~/i18n'
import { jointLimitProblems, organisationExists, type LabInput } from '~/models/lab-mutations.server'
import type { FieldErrors } from './forms'

// Checks a lab's input against the database: the organisations exist, the host is not also a
// partner, and no organisation exceeds the joint-application limit.
export function labInputProblems(labId: number, input: LabInput): FieldErrors {
  const errors: FieldErrors = {}
  const set = (field: string, key: MessageKey, vars?: Record<string, string>) => (errors[field] ??= { key, vars })
  if (!organisationExists(input.hostOrgId)) set('hostOrgId', 'labs.error.hostOrg')
  if (input.partnerOrgIds.some((id) => !organisationExists(id))) set('partnerOrgIds', 'form.invalidChoice')
  if (input.partnerOrgIds.includes(input.hostOrgId)) set('partnerOrgIds', 'labs.error.partnerIsHost')
  if (Object.keys(errors).length === 0) {
    const over = jointLimitProblems({ labId, hostOrgId: input.hostOrgId, partnerOrgIds: input.partnerOrgIds })
    if (over.length) set('partnerOrgIds', 'labs.error.jointLimit', { orgs: over.join('、') })
  }
  return errors
}
