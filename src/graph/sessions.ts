/**
 * Role sessions named in trust policies: `arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION` (as IAM Identity
 * Center deployments write them) admits one session of ROLE. The role's sessions can then assume the
 * target on a condition on their session name: each named session is asked as its own caller (a session
 * ARN), and once with a name no statement names; the answers are combined with a condition on the
 * session name, stated as what AWS compares: `aws:userid` = `ROLEID:SESSION`.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-role-session
 */
import { AtomTable } from '../analysis/atoms.js'
import type { Atom, Literal } from '../analysis/atoms.js'
import { accessOf } from '../analysis/types.js'
import type { AnalysisDecision, UncertainReason } from '../analysis/types.js'
import { classifyPrincipalArn } from '../arn/arn.js'
import { compileCondition } from '../conditions/compileCondition.js'
import type { ConditionNode } from '../policy/types.js'
import type { StatementRef } from '../trace/types.js'
import type { Snapshot, SnapshotRole } from '../snapshot/types.js'
import type { TrustAnswer } from './canAssume.js'

/** A session name no policy writes, for "any other session". */
const OTHER_SESSION = 'iamtrace-other-session'

interface Named {
  readonly session: string
  readonly refs: { readonly ref: StatementRef; readonly effect: 'Allow' | 'Deny'; readonly pointer: string }[]
}

/** The sessions of `caller` that the trust policy of `target` names, with where it names them. */
function namedSessions(caller: SnapshotRole, target: SnapshotRole): Named[] {
  const out = new Map<string, Named>()
  for (const s of target.trust?.statements ?? []) {
    for (const e of s.principal?.entries ?? []) {
      if (e.type !== 'AWS' || e.form !== 'assumedRole') continue
      const arn = classifyPrincipalArn(e.value)
      if (arn?.kind !== 'assumedRole' || arn.account !== caller.account || arn.roleName !== caller.name) continue
      let n = out.get(arn.sessionName)
      if (n === undefined) out.set(arn.sessionName, (n = { session: arn.sessionName, refs: [] }))
      n.refs.push({ ref: s.ref, effect: s.effect, pointer: e.pointer })
    }
  }
  return [...out.values()]
}

function sessionAtom(table: AtomTable, caller: SnapshotRole, n: Named): Atom {
  const pointer = n.refs[0]?.pointer ?? ''
  const node: ConditionNode = {
    pointer,
    operatorPointer: pointer,
    operator: 'StringEquals',
    baseOperator: 'StringEquals',
    family: 'string',
    key: 'aws:userid',
    keyLower: 'aws:userid',
    values: [{ value: `${caller.id}:${n.session}`, pointer }],
    negated: false,
    ifExists: false,
  }
  const c = compileCondition(node, false)
  let atom: Atom | undefined
  for (const r of n.refs) atom = table.atomFor(c, r.ref, r.effect, `session:${caller.arn}`, `session name of ${caller.name} = ${JSON.stringify(n.session)}`)
  return atom as Atom
}

/**
 * The answer for the sessions of `caller` when the trust policy of `target` names some of them; undefined
 * when it names none (the role's sessions are then one caller).
 */
export function sessionAnswer(snapshot: Snapshot, caller: SnapshotRole, target: SnapshotRole, ask: (session: string) => TrustAnswer): TrustAnswer | undefined {
  void snapshot
  const named = namedSessions(caller, target)
  if (named.length === 0) return undefined
  const table = new AtomTable()
  const atoms = named.map((n) => sessionAtom(table, caller, n))
  const answers = [...named.map((n) => ask(n.session)), ask(OTHER_SESSION)]
  const terms: Literal[][] = []
  answers.forEach((a, i) => {
    if (a.access === 'denied') return
    const own: Literal[] = i < named.length ? [{ atom: atoms[i] as Atom, value: true }] : atoms.map((atom) => ({ atom, value: false }))
    for (const t of a.conditions?.terms ?? [[]]) terms.push([...own, ...t])
  })
  const uncertain: UncertainReason[] = answers.flatMap((a) => a.uncertain)
  const allowing = answers.filter((a) => a.access !== 'denied')
  const decision: AnalysisDecision = uncertain.length > 0 || answers.some((a) => a.access === 'uncertain')
    ? 'uncertain'
    : allowing.length === 0
      ? answers.every((a) => a.decision === 'explicitDeny') ? 'explicitDeny' : 'implicitDeny'
      : allowing.length === answers.length && answers.every((a) => a.conditions === null) ? 'allowed' : 'conditional'
  const first = allowing[0] ?? (answers[answers.length - 1] as TrustAnswer)
  return {
    principal: caller.arn,
    role: target.arn,
    decision,
    access: accessOf(decision),
    conditions: decision === 'allowed' || allowing.length === 0 ? null : { terms, approximate: allowing.some((a) => a.conditions?.approximate === true) },
    uncertain,
    witness: allowing.map((a) => a.witness).find((w) => w !== null) ?? null,
    external: false,
    evaluation: first.evaluation,
    notes: [...new Set(answers.flatMap((a) => a.notes))],
  }
}
