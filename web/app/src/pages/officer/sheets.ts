// Spreadsheet helpers: file names from Content-Disposition, authorised downloads saved as blobs,
// and Chinese wording of the importer's issue reasons.

/** fileNameFrom reads the file name of a Content-Disposition header; fallback when there is none. */
export function fileNameFrom(disposition: string | null, fallback: string): string {
  if (!disposition) return fallback
  const star = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(disposition)
  if (star) {
    try {
      return decodeURIComponent(star[1].trim())
    } catch {
      /* fall through to the plain name */
    }
  }
  const plain = /filename\s*=\s*"?([^";]+)"?/.exec(disposition)
  return plain ? plain[1].trim() : fallback
}

/** DownloadError is a refused download with its HTTP status and the server's text. */
export class DownloadError extends Error {
  status: number
  constructor(status: number, message: string) {
    super(message)
    this.name = 'DownloadError'
    this.status = status
  }
}

/**
 * fetchFile GETs url with the bearer token and returns the body and its file name; it throws a
 * DownloadError for a non-2xx answer.
 */
export async function fetchFile(url: string, token: string | null | undefined, fallbackName: string,
  fetchImpl: typeof fetch = fetch): Promise<{ blob: Blob; name: string }> {
  const headers: Record<string, string> = {}
  if (token) headers.Authorization = `Bearer ${token}`
  const res = await fetchImpl(url, { headers })
  if (!res.ok) {
    const text = (await res.text().catch(() => '')).trim()
    throw new DownloadError(res.status, text || res.statusText)
  }
  return { blob: await res.blob(), name: fileNameFrom(res.headers.get('Content-Disposition'), fallbackName) }
}

/** saveBlob offers a blob to the browser as a download named name. */
export function saveBlob(blob: Blob, name: string): void {
  const href = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = href
  a.download = name
  a.rel = 'noopener'
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(href), 10_000)
}

/** downloadStatusKey names the i18n key for a failed download's HTTP status. */
export function downloadStatusKey(status: number): string {
  if (status === 401) return 'officer.sheets.err401'
  if (status === 403) return 'officer.sheets.err403'
  if (status === 404) return 'officer.sheets.err404'
  if (status === 400) return 'officer.sheets.err400'
  return 'officer.sheets.errOther'
}

const entityZh: Record<string, string> = {
  region: '地区', union: '工会', enterprise: '企业', worker: '职工', skill: '工种', trade: '工种',
  studio: '工作室', employee: '工号', target: '目标', leader: '领办人', member: '成员',
}

const rules: [RegExp, (m: RegExpExecArray) => string][] = [
  [/^(.+?) must not be empty$/, (m) => `${m[1]}不能为空`],
  [/^"(.*)" is not a year such as (\d+)$/, (m) => `“${m[1]}”不是有效的年份（例如 ${m[2]}）`],
  [/^(\w+) "(.*)" not found$/, (m) => `未找到${entityZh[m[1]] ?? m[1]}“${m[2]}”`],
  [/^(.+?) or (.+?) is needed to identify the employer$/, (m) => `请填写${m[1]}或${m[2]}以确定工作单位`],
  [/^duplicate (.+): same as row (\d+)$/, (m) => `与第 ${m[2]} 行重复（${m[1]}）`],
  [/^(-?\d+) is outside 0–(\d+)$/, (m) => `${m[1]} 超出范围 0–${m[2]}`],
  [/^(.+?) is given without (.+)$/, (m) => `填写了${m[1]}但缺少${m[2]}`],
  [/^(.+?) must be given$/, (m) => `必须填写${m[1]}`],
  [/^trade (.+) is listed twice$/, (m) => `工种 ${m[1]} 重复填写`],
  [/^member (.+) is listed twice$/, (m) => `成员 ${m[1]} 重复填写`],
  [/^several enterprises have this name; give the unified social credit code$/, () => '有多家同名企业，请填写统一社会信用代码'],
  [/^merged cells (.+): unmerge them and fill in every cell$/, (m) => `合并单元格 ${m[1]}：请取消合并并填写每个单元格`],
  [/^formula without a saved value/, () => '公式没有保存的值：请在 Excel 中打开并保存，或粘贴为数值'],
  [/is outside your tree|forbidden/i, () => '超出您所在工会的管辖范围'],
]

/** reasonZh words an importer issue reason in Chinese where the pattern is known; others come back as given. */
export function reasonZh(reason: string): string {
  for (const [re, f] of rules) {
    const m = re.exec(reason)
    if (m) return f(m)
  }
  return reason
}
