import { Form } from '@remix-run/react'
import { formatShanghaiTime } from '~/domain/dates'
import { formatFileSize } from '~/domain/file-types'
import { useT } from '~/i18n/use-t'
import type { AttachmentListItem } from '~/models/attachments.server'
import { ConfirmSubmit } from '~/components/ui/confirm-submit'

// The files attached to something, each a download link (GET /attachments/:id, checked against
// the lab's visibility there). With `canRemove`, each has a button posting
// intent=removeAttachment and attachmentId to `action` (the current route by default).
export function AttachmentList({
  attachments,
  canRemove = false,
  action,
}: {
  attachments: readonly AttachmentListItem[]
  canRemove?: boolean
  action?: string
}) {
  const t = useT()
  if (attachments.length === 0) return <p className="text-sm text-slate-500">{t('attachments.none')}</p>
  return (
    <ul
      className="divide-y divide-slate-100 rounded border border-slate-200 bg-white"
      aria-label={t('attachments.list')}
      data-testid="attachment-list"
    >
      {attachments.map((a) => (
        <li key={a.id} className="flex flex-wrap items-center gap-x-3 gap-y-1 px-3 py-2 text-sm">
          <a
            href={`/attachments/${a.id}`}
            download
            className="link break-all font-medium"
            title={t('attachments.download', { name: a.originalName })}
          >
            {a.originalName}
          </a>
          <span className="text-slate-500">{formatFileSize(a.size)}</span>
          <span className="text-xs text-slate-500">
            {t('attachments.uploaded', { name: a.uploadedByName ?? '—', time: formatShanghaiTime(a.createdAt) })}
          </span>
          {canRemove ? (
            <Form method="post" action={action} className="ml-auto">
              <input type="hidden" name="intent" value="removeAttachment" />
              <input type="hidden" name="attachmentId" value={a.id} />
              <ConfirmSubmit
                className="btn text-red-700"
                ariaLabel={t('attachments.removeLabel', { name: a.originalName })}
                label={t('attachments.remove')}
                question={t('confirm.attachment.question', { name: a.originalName })}
                consequence={<p>{t('confirm.attachment.body')}</p>}
                confirmLabel={t('confirm.attachment.ok')}
              />
            </Form>
          ) : null}
        </li>
      ))}
    </ul>
  )
}
