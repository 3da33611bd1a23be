export const deliverablesZh = {} as const

export const deliverablesEn: Record<keyof typeof deliverablesZh, string> = {}
