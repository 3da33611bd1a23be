export const complianceZh = {} as const

export const complianceEn: Record<keyof typeof complianceZh, string> = {}
