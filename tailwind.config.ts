import type { Config } from 'tailwindcss'

// Muted text (text-slate-400 and text-slate-500) is one tone that reads at 4.5:1 or better on
// every surface the app puts it on: white cards, the slate-100 page, slate-50 table heads and the
// red-50/amber-50 rows of overdue items (issue 19; axe's colour-contrast rule in the crawl). Only
// the text colours change: borders and chart fills keep Tailwind's slate.
// tests/components/contrast.test.ts checks these values.
export const MUTED_TEXT = '#5a6678'

export default {
  content: ['./app/**/*.{ts,tsx}'],
  theme: {
    extend: {
      fontFamily: {
        sans: ['"PingFang SC"', '"Noto Sans CJK SC"', '"Microsoft YaHei"', 'system-ui', 'sans-serif'],
      },
      textColor: {
        slate: { 400: MUTED_TEXT, 500: MUTED_TEXT },
      },
    },
  },
  plugins: [],
} satisfies Config
