/**
 * The diff of one role's trust policy between two versions, when only the policy is known (a policy
 * file, a template, a plan): each class of callers (`classes.ts`) is asked in both versions together.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_terms-and-concepts.html
 */
import type { CompiledPolicy } from '../compile/compilePolicy.js'
import type { CompareOptions } from './joint.js'
import { compareAccess } from './joint.js'
import { changeOf } from './changes.js'
import { callerClasses, classRef } from './classes.js'
import type { CallerClass } from './classes.js'
import { trustSide } from './trustSide.js'
import type { ChangeLocation, DiffChange } from './types.js'

/** One version of a role, as read from its source. */
export interface TrustUnit {
  /** How the role is reported: logical id, Terraform address, or the policy file. */
  readonly role: string
  /** The role's ARN in requests (a placeholder account when the source does not say). */
  readonly roleArn: string
  readonly trust: CompiledPolicy
  /** Where a statement of the trust policy is, by its pointer. */
  readonly locate?: (pointer: string) => ChangeLocation | undefined
}

/** Options of {@link diffTrust}. */
export interface TrustDiffOptions extends CompareOptions {
  /** Build the scenario files of each witness. */
  readonly scenarios?: boolean
}

function namedIn(classes: readonly CallerClass[], account: string): string[] {
  return classes.flatMap((c) => (c.kind === 'arn' && c.account === account ? [c.arn] : []))
}

/**
 * Every class of callers whose access to the role differs between the versions (null: the role does not
 * exist in that version).
 *
 * @example
 * diffTrust({ role: 'Deploy', roleArn, trust: before }, { role: 'Deploy', roleArn, trust: after })
 *   .filter((c) => c.kind === 'gained').map((c) => c.witness?.request)
 */
export function diffTrust(before: TrustUnit | null, after: TrustUnit | null, options: TrustDiffOptions = {}): DiffChange[] {
  const unit = after ?? before
  if (unit === null) return []
  const roleArn = unit.roleArn
  const classes = callerClasses([before?.trust ?? null, after?.trust ?? null])
  const out: DiffChange[] = []
  for (const caller of classes) {
    const named = caller.kind === 'account' ? namedIn(classes, caller.account) : []
    const side = (u: TrustUnit | null) => (u === null ? null : trustSide({ role: roleArn, trust: u.trust }, caller, named))
    const sB = side(before)
    const sA = side(after)
    const r = compareAccess(sB, sA, options)
    const change = changeOf(r, {
      role: unit.role,
      principal: classRef(caller),
      before: sB?.question.policies ?? null,
      after: sA?.question.policies ?? null,
      locate: (ref, version) => {
        const u = version === 'after' ? after : before
        return u !== null && ref.policy === u.trust.name ? u.locate?.(ref.pointer) : undefined
      },
      ...(() => {
        const at = (after ?? before)?.locate?.('')
        return at !== undefined ? { fallback: at } : {}
      })(),
      ...(options.scenarios !== undefined ? { scenarios: options.scenarios } : {}),
      ...(before === null ? { extra: { roleChange: 'added' as const } } : after === null ? { extra: { roleChange: 'removed' as const } } : {}),
    })
    if (change !== undefined) out.push(change)
  }
  return out
}
