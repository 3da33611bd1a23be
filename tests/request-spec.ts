import type { RequestStatus } from '~db/schema/enums'
import type { Actor } from '~/domain/permissions'
import type { RequestStep } from '~/domain/request-workflow'

// The requesting lab: lab 7 in 姑苏区.
export const lab = { id: 7, districtCode: '320508' }

export const ACTORS = {
  own_lab: { id: 1, role: 'lab', districtCode: null, labId: 7 },
  other_lab: { id: 2, role: 'lab', districtCode: null, labId: 8 },
  lab_without_lab: { id: 3, role: 'lab', districtCode: null, labId: null },
  lab_district: { id: 4, role: 'district', districtCode: '320508', labId: null },
  other_district: { id: 5, role: 'district', districtCode: '320583', labId: null },
  bureau: { id: 6, role: 'bureau', districtCode: null, labId: null },
  expert: { id: 7, role: 'expert', districtCode: null, labId: null },
} as const satisfies Record<string, Actor>
export type Who = keyof typeof ACTORS

// The workflow restated independently of REQUEST_STEPS, so a change to the table has to be
// made here too. `opinion`: only when the bureau asked for the district's opinion ('required'),
// only when it did not ('not_required'), or either way.
export type Allowed = { who: Who; from: RequestStatus; to: RequestStatus; opinion?: 'required' | 'not_required' }
export const REQUEST_SPEC: Record<RequestStep, Allowed[]> = {
  submit: [{ who: 'own_lab', from: 'draft', to: 'submitted' }],
  district_opinion: [{ who: 'lab_district', from: 'submitted', to: 'district_reviewed', opinion: 'required' }],
  return: (['submitted', 'district_reviewed', 'accepted'] as const).map((from) => ({ who: 'bureau', from, to: 'returned' })),
  resubmit: [{ who: 'own_lab', from: 'returned', to: 'submitted' }],
  accept: [
    { who: 'bureau', from: 'submitted', to: 'accepted', opinion: 'not_required' },
    { who: 'bureau', from: 'district_reviewed', to: 'accepted' },
  ],
  approve: [{ who: 'bureau', from: 'accepted', to: 'approved' }],
  partly_approve: [{ who: 'bureau', from: 'accepted', to: 'partly_approved' }],
  reject: [{ who: 'bureau', from: 'accepted', to: 'rejected' }],
  fulfil: [
    { who: 'bureau', from: 'approved', to: 'fulfilled' },
    { who: 'bureau', from: 'partly_approved', to: 'fulfilled' },
  ],
  close: (['own_lab', 'bureau'] as const).flatMap((who) =>
    (['fulfilled', 'rejected'] as const).map((from) => ({ who, from, to: 'closed' as const })),
  ),
  withdraw: (['draft', 'submitted', 'district_reviewed', 'returned', 'accepted'] as const).map((from) => ({
    who: 'own_lab',
    from,
    to: 'withdrawn',
  })),
}

export function expectedStep(step: RequestStep, who: Who, from: RequestStatus, opinionRequired: boolean) {
  return REQUEST_SPEC[step].find(
    (a) => a.who === who && a.from === from && (a.opinion === undefined || (a.opinion === 'required') === opinionRequired),
  )
}
