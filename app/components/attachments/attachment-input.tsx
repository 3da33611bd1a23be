import { useState } from 'react'
import { Field } from '~/components/ui/field'
import { ACCEPT_ATTRIBUTE } from '~/domain/file-types'
import { useT } from '~/i18n/use-t'
import type { FieldErrors } from '~/utils/forms'

// The file input of a form with attachments. Its form needs encType="multipart/form-data"; the
// action reads it with withUploadForm (app/utils/upload.server.ts), which decides by content
// and size. The hint states both rules; a file over the limit is flagged as soon as it is
// chosen, before a long upload that would be refused anyway.
export function AttachmentInput({
  maxMb,
  errors,
  name = 'attachments',
  label,
  required,
  form,
}: {
  // the id of the form it belongs to when it stands outside it (the annual report's upload)
  form?: string
  maxMb: number
  errors?: FieldErrors
  name?: string
  label?: string
  required?: boolean
}) {
  const t = useT()
  const [warning, setWarning] = useState<string | null>(null)
  return (
    <Field
      name={name}
      label={label ?? t('attachments.label')}
      errors={errors}
      hint={t('attachments.hint', { max: maxMb })}
      warning={warning}
      required={required}
    >
      {(props) => (
        <input
          {...props}
          form={form}
          type="file"
          multiple
          accept={ACCEPT_ATTRIBUTE}
          className="block w-full text-sm file:mr-3 file:rounded file:border file:border-slate-300 file:bg-white file:px-3 file:py-1.5 file:text-sm"
          onChange={(event) => {
            const tooLarge = Array.from(event.currentTarget.files ?? []).find((file) => file.size > maxMb * 1024 * 1024)
            setWarning(tooLarge ? t('attachments.error.tooLarge', { name: tooLarge.name, max: maxMb }) : null)
          }}
        />
      )}
    </Field>
  )
}
