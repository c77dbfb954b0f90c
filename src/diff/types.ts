/**
 * The answers of `diff`: for each compared pair of inputs, every principal (or class of principals) that
 * gained, lost or changed its access to a role, with the access before and after, a witness request the
 * evaluator confirms for every gain, and where the change is in the AFTER version.
 */
import type { Access, Residual, UncertainReason, Witness } from '../analysis/types.js'
import type { PrincipalRef } from '../graph/canAssume.js'
import type { Decision } from '../trace/types.js'

/**
 * What changed for one principal: `gained` (a request AFTER allows and BEFORE denies, with a confirmed
 * witness), `lost` (it could before and can no longer at all), `changed` (it still can, under narrower
 * conditions: the difference is lost access), or `uncertain` (a new access cannot be ruled out, and no
 * witness confirms one).
 */
export type ChangeKind = 'gained' | 'lost' | 'changed' | 'uncertain'

/** Access in one version: the analysis's answer. */
export interface VersionAccess {
  readonly access: Access
  readonly conditions: Residual | null
  readonly uncertain: readonly UncertainReason[]
}

/** A request one version allows and the other denies, decided by the evaluator in both. */
export interface ChangeWitness {
  /** The request (in AFTER's terms; scenario-file shape). */
  readonly request: Witness
  /** The same request in BEFORE's terms, when facts the versions disagree on (tags, organization) differ. */
  readonly beforeRequest?: Witness
  readonly beforeDecision: Decision
  readonly afterDecision: Decision
}

/** Where a change is in the AFTER input (or BEFORE, for a role that was removed). */
export interface ChangeLocation {
  readonly file: string
  readonly line?: number
  readonly column?: number
  /** JSON pointer in the file (templates: to the statement inside the resource). */
  readonly pointer?: string
}

/** The layers whose policies differ between the versions of a question. */
export type ChangeCause = 'trust' | 'identity' | 'boundary' | 'scp' | 'rcp' | 'principal' | 'organization'

/** One change. */
export interface DiffChange {
  /** The role: its ARN, template logical id or Terraform address, or the policy file. */
  readonly role: string
  readonly kind: ChangeKind
  readonly principal: PrincipalRef
  /** Access before and after; null where the role (or principal) does not exist or access is denied. */
  readonly before: VersionAccess | null
  readonly after: VersionAccess | null
  /** For `gained`: a request AFTER allows and BEFORE denies; for `lost` and `changed`: one BEFORE allows and AFTER denies. */
  readonly witness?: ChangeWitness
  /** For `uncertain`: why a new access cannot be ruled out. */
  readonly uncertain?: readonly UncertainReason[]
  /** For a new chain: the roles passed through, in order, before `role`. */
  readonly via?: readonly string[]
  /** Snapshots: the layers whose policies changed for this question. */
  readonly causes?: readonly ChangeCause[]
  /** `added` / `removed`: the role exists in one version only. */
  readonly roleChange?: 'added' | 'removed'
  /** Identity-policy diffs: the action and resource of the witness, and the patterns of the region it stands for. */
  readonly action?: string
  readonly resource?: string
  readonly scope?: string
  readonly location?: ChangeLocation
}

/** One compared pair of inputs. */
export interface DiffReport {
  readonly before: string
  readonly after: string
  readonly changes: readonly DiffChange[]
  /** False when an input (or part of one) could not be read: changes it hides are not excluded. */
  readonly complete: boolean
  /** What could not be read in one version, or differently in the two, with code and location. */
  readonly unread: readonly UncertainReason[]
  /** What could not be read in both versions alike (the same macro call, the same missing policy): listed, not a change. */
  readonly unchangedUnread: readonly UncertainReason[]
}
