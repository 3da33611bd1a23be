import type { Translate } from '~/i18n'
import type { Label, LabelParam, LabelWord } from '~/domain/timeline'

// Turns a Label (app/domain/timeline.ts) into text: variables that are message keys are
// translated first, lists joined with the language's separator.
function wordText(t: Translate, word: LabelWord): string {
  return typeof word === 'object' ? t(word.key) : String(word)
}

function paramText(t: Translate, param: LabelParam): string {
  if (typeof param === 'object' && 'list' in param) return param.list.map((w) => wordText(t, w)).join(t('timeline.listSeparator'))
  return wordText(t, param)
}

export function labelText(t: Translate, label: Label): string {
  const vars: Record<string, string> = {}
  for (const [name, param] of Object.entries(label.params)) vars[name] = paramText(t, param)
  return t(label.key, vars)
}

export function actorText(t: Translate, actor: LabelWord): string {
  return wordText(t, actor)
}
