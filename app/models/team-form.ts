import { z } from 'zod'
import { DEGREES, TEAM_ROLES, TITLE_LEVELS } from '~db/schema/enums'
import { requiredText } from '~/utils/forms'

// The team page's forms, told apart by `intent`; team.server.ts writes what they carry.
// Zod with message keys and no server code, so the page's components may share it.

const memberFields = {
  name: requiredText(50),
  titleLevel: z.enum(TITLE_LEVELS, { error: 'form.invalidChoice' }),
  degree: z.enum(DEGREES, { error: 'form.invalidChoice' }),
  role: z.enum(TEAM_ROLES, { error: 'form.invalidChoice' }),
}
const memberId = z.coerce.number().int().positive()

// A member's fields alone, as the roster import (app/models/imports/rosters.server.ts) checks them.
export const MemberFields = z.object(memberFields)

export const TeamAction = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('add'), ...memberFields }),
  z.object({ intent: z.literal('update'), memberId, ...memberFields }),
  z.object({ intent: z.literal('setActive'), memberId, active: z.enum(['true', 'false']) }),
  z.object({ intent: z.literal('remove'), memberId }),
])
