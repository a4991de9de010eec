// actionError: the plain-language text of a failed workflow step for the role pages.
import { errorText } from '../../api/errors'
import { t } from '../../i18n'
import { conflictKey } from './logic'

/** actionError explains a known CONFLICT in its own words, anything else with the app's common text. */
export function actionError(err: unknown): string {
  const key = conflictKey(err)
  return key ? t(key) : errorText(err)
}
