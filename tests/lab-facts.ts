import type { LabFacts } from '~/domain/compliance/types'

// The facts the compliance engine reads, for a lab certified on 2025-03-01 for two years with a
// sufficient team, a plan and a drill, and nothing else on file. Each check's tests override
// what they examine.
export function labFacts(overrides: Partial<LabFacts> = {}): LabFacts {
  return {
    labId: 3,
    latest: { startDate: '2025-03-01', endDate: '2027-02-28', outcome: null },
    team: { headcount: 20, qualifiedCount: 5 },
    jointParticipants: [],
    violations: [],
    obligations: [],
    deliverables: [],
    reports: [],
    returnedReports: [],
    plan: { id: 1, version: 'V1.0', approvedOn: '2025-03-01', nextReviewOn: '2027-03-01' },
    lastDrillOn: '2025-10-01',
    certifiedOn: '2025-03-01',
    incidents: [],
    requests: [],
    renewal: null,
    ...overrides,
  }
}
