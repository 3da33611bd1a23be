import { Form } from '@remix-run/react'
import { useT } from '~/i18n/use-t'
import type { FieldErrors } from '~/utils/forms'
import { AttachmentInput } from './attachment-input'

// A form of its own to add files to a filing whose main form is long (the annual report), so a
// file can be added without resubmitting every section. Posts intent=addAttachments.
export function AttachmentUploadForm({ maxMb, errors }: { maxMb: number; errors?: FieldErrors }) {
  const t = useT()
  return (
    <Form method="post" encType="multipart/form-data" className="mt-3 space-y-2" noValidate data-testid="attachment-upload">
      <input type="hidden" name="intent" value="addAttachments" />
      <AttachmentInput maxMb={maxMb} errors={errors} required />
      <button type="submit" className="btn">
        {t('attachments.upload')}
      </button>
    </Form>
  )
}
