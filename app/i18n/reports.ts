export const reportsZh = {} as const

export const reportsEn: Record<keyof typeof reportsZh, string> = {}
