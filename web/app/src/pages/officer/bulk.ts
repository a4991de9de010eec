// Runs one action over many records with a small concurrency, reporting each outcome as it
// arrives, so that a bulk approval shows per-row success or CONFLICT and a summary.

/** RowState is the outcome of one row: pending, running, ok, conflict or error. */
export type RowState = 'pending' | 'running' | 'ok' | 'conflict' | 'error'

/** RowResult is one row's outcome with the error text when it failed. */
export interface RowResult {
  state: RowState
  message?: string
}

/** BulkSummary counts the outcomes of a bulk run. */
export interface BulkSummary {
  total: number
  ok: number
  conflict: number
  error: number
}

/**
 * runBulk calls action for every id, at most `concurrency` at a time, and reports each row as it
 * starts and ends; codeOf tells a CONFLICT from other errors and describe turns an error into
 * text. It never rejects; it resolves with the summary once every row has ended.
 */
export async function runBulk(
  ids: string[],
  action: (id: string) => Promise<unknown>,
  report: (id: string, r: RowResult) => void,
  opts: { concurrency?: number; codeOf?: (err: unknown) => string | undefined; describe?: (err: unknown) => string } = {},
): Promise<BulkSummary> {
  const concurrency = Math.max(1, opts.concurrency ?? 4)
  const codeOf = opts.codeOf ?? ((err: unknown) => (err as { code?: string })?.code)
  const describe = opts.describe ?? ((err: unknown) => (err instanceof Error ? err.message : String(err)))
  const summary: BulkSummary = { total: ids.length, ok: 0, conflict: 0, error: 0 }
  let next = 0
  const worker = async () => {
    while (next < ids.length) {
      const id = ids[next++]
      report(id, { state: 'running' })
      try {
        await action(id)
        summary.ok++
        report(id, { state: 'ok' })
      } catch (err) {
        const conflict = codeOf(err) === 'CONFLICT'
        if (conflict) summary.conflict++
        else summary.error++
        report(id, { state: conflict ? 'conflict' : 'error', message: describe(err) })
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, ids.length) }, worker))
  return summary
}
