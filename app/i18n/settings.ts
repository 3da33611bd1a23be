export const settingsZh = {} as const

export const settingsEn: Record<keyof typeof settingsZh, string> = {}
