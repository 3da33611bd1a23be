export const calendarZh = {} as const

export const calendarEn: Record<keyof typeof calendarZh, string> = {}
