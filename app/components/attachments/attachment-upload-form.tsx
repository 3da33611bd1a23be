import { useT } from '~/i18n/use-t'
import type { FieldErrors } from '~/utils/forms'
import { AttachmentInput } from './attachment-input'

/**
 * Nothing typed is lost (issue 19 item 6): the upload of a filing being written belongs to its
 * main form (`form` names it), so choosing a file and uploading sends every field typed so far
 * with it, multipart, as intent=saveDraftAndUpload: the action saves the draft, then the files,
 * and the page comes back with both. Works without JavaScript (form and formenctype are HTML).
 */
export function DraftUploadFields({ form, maxMb, errors }: { form: string; maxMb: number; errors?: FieldErrors }) {
  const t = useT()
  return (
    <div className="mt-3 space-y-2" data-testid="attachment-upload">
      <AttachmentInput maxMb={maxMb} errors={errors} form={form} required />
      <p className="text-xs text-slate-600">{t('attachments.savesDraft')}</p>
      <button
        type="submit"
        form={form}
        name="intent"
        value="saveDraftAndUpload"
        formEncType="multipart/form-data"
        formNoValidate
        className="btn"
      >
        {t('attachments.saveDraftAndUpload')}
      </button>
    </div>
  )
}
