export const timelineZh = {} as const

export const timelineEn: Record<keyof typeof timelineZh, string> = {}
