// The notices of resource-request steps (issue 15; app/models/request-notices.server.ts). A
// parameter ending in _zh or _en is stored in both languages (a unit, an opinion) so each reader
// sees it in their own.
export const noticesRequestsZh = {
  'notices.request.submitted.bureau': '{lab}：资源申请“{request}”已提交，待受理',
  'notices.request.submitted.district': '{lab}：资源申请“{request}”已提交，请出具区级意见',
  'notices.request.resubmitted.bureau': '{lab}：资源申请“{request}”补正后重新提交，待受理',
  'notices.request.resubmitted.district': '{lab}：资源申请“{request}”补正后重新提交，请出具区级意见',
  'notices.request.opinionGiven': '{lab}：资源申请“{request}”的区级意见为“{opinion_zh}”，待受理',
  'notices.request.returned': '{lab}：资源申请“{request}”被退回补正，原因：{reason}',
  'notices.request.accepted': '{lab}：资源申请“{request}”已受理，应于 {deadline} 前作出决定',
  'notices.request.approved': '{lab}：资源申请“{request}”已批准，批准 {granted_zh}',
  'notices.request.partlyApproved': '{lab}：资源申请“{request}”部分批准，批准 {granted_zh}（申请 {asked_zh}）',
  'notices.request.rejected': '{lab}：资源申请“{request}”未获批准，原因：{reason}',
  'notices.request.fulfilled': '{lab}：资源申请“{request}”已交付（{note}），请确认收到',
  'notices.request.fulfilledQuantity': '{lab}：资源申请“{request}”已交付 {delivered_zh}（{note}），请确认收到',
  'notices.request.closed': '{lab}：资源申请“{request}”已由市局办结',
  'notices.request.withdrawn': '{lab}：资源申请“{request}”已由实验室撤回，无需再办理',
} as const

export const noticesRequestsEn: Record<keyof typeof noticesRequestsZh, string> = {
  'notices.request.submitted.bureau': '{lab}: resource request “{request}” submitted, awaiting acceptance',
  'notices.request.submitted.district': '{lab}: resource request “{request}” submitted, awaiting your district opinion',
  'notices.request.resubmitted.bureau': '{lab}: resource request “{request}” resubmitted after its return, awaiting acceptance',
  'notices.request.resubmitted.district':
    '{lab}: resource request “{request}” resubmitted after its return, awaiting your district opinion',
  'notices.request.opinionGiven': '{lab}: district opinion on resource request “{request}”: {opinion_en}; awaiting acceptance',
  'notices.request.returned': '{lab}: resource request “{request}” returned for more information: {reason}',
  'notices.request.accepted': '{lab}: resource request “{request}” accepted; decision due by {deadline}',
  'notices.request.approved': '{lab}: resource request “{request}” approved, {granted_en} granted',
  'notices.request.partlyApproved': '{lab}: resource request “{request}” partly approved, {granted_en} granted of {asked_en} asked',
  'notices.request.rejected': '{lab}: resource request “{request}” rejected: {reason}',
  'notices.request.fulfilled': '{lab}: resource request “{request}” delivered ({note}); please confirm receipt',
  'notices.request.fulfilledQuantity': '{lab}: resource request “{request}” delivered, {delivered_en} ({note}); please confirm receipt',
  'notices.request.closed': '{lab}: resource request “{request}” closed by the bureau',
  'notices.request.withdrawn': '{lab}: resource request “{request}” withdrawn by the lab; nothing more to do',
}
