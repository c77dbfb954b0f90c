/**
 * Lint on snapshots names what it could not read, with the gap codes of the snapshot loader: a page
 * that says more pages follow without its last page (`snapshot.truncated-page`), an attached managed
 * policy or group the snapshot lacks, a role without trust policy. Pages of one account given as
 * several files are read together, so a complete set of pages is not a gap.
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccountAuthorizationDetails.html
 */
import { loadSnapshot } from '../snapshot/loadSnapshot.js'
import type { LintSource, RuleMeta } from './types.js'
import { DOCS } from './docs.js'

/** The finding a snapshot gap is reported with. */
export const SNAPSHOT_GAP_RULE: RuleMeta = {
  id: 'snapshot-incomplete',
  name: 'SnapshotIncomplete',
  severity: 'medium',
  summary: 'a snapshot input was not read fully (truncated page, attached policy or group it lacks, role without trust policy)',
  description: 'What a snapshot lacks cannot be linted: the policies on a missing page, or the managed policies a `--filter` run left out. The finding names the gap code and the file, so that "no findings" is never read as "nothing to find".',
  help: 'Give every page of `aws iam get-account-authorization-details` (the AWS CLI merges them unless --max-items or --no-paginate is used), and collect without --filter.',
  helpUri: DOCS.GAAD,
  tags: ['input'],
}

/** One gap of the snapshot files (read together): the file it names, where, and the message with its code. */
export interface SnapshotGapNote {
  readonly file: string
  readonly pointer: string
  readonly message: string
}

/** The gaps of the snapshot inputs, read together (pages of one account complete each other). */
export function snapshotGaps(sources: readonly LintSource[]): SnapshotGapNote[] {
  if (sources.length === 0) return []
  const snapshot = loadSnapshot(sources.map((s) => ({ file: s.path, text: s.text })))
  return snapshot.gaps
    .filter((g) => g.code !== 'snapshot.unknown-shape')
    .map((g) => ({ file: g.file ?? sources[0]?.path ?? '', pointer: g.pointer ?? '', message: `[${g.code}] ${g.message}` }))
}
