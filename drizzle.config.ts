import { defineConfig } from 'drizzle-kit'

// `npm run db:generate` writes a new migration into db/migrations from the schema; commit it.
export default defineConfig({
  dialect: 'sqlite',
  schema: './db/schema/index.ts',
  out: './db/migrations',
  casing: 'snake_case',
})
