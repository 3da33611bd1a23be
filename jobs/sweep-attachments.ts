import { sweepAttachmentFiles } from '~/models/attachments.server'
import type { Job } from './job'

// Removes staged uploads older than a day and stored attachment content no row refers to any
// more (sweepAttachmentFiles). Dry run: counts those files, removes none.
export const sweepAttachmentsJob: Job = {
  name: 'sweep-attachments',
  cron: '30 3 * * *',
  description: 'Remove abandoned uploads and attachment files no record uses',
  lockTtlMs: 30 * 60 * 1000,
  run({ now, dryRun }) {
    const { staleUploads, orphans } = sweepAttachmentFiles({ now, dryRun })
    return { checked: staleUploads + orphans, removed: dryRun ? 0 : staleUploads + orphans, staleUploads, orphans }
  },
}
