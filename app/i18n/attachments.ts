export const attachmentsZh = {} as const

export const attachmentsEn: Record<keyof typeof attachmentsZh, string> = {}
