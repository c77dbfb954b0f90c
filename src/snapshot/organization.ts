/**
 * Reads an organization file (snapshot-format §2): the SCPs and RCPs that apply to each account, level
 * by level from the root down, and its OU path.
 * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html
 * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_evaluation.html
 */
import type { CompiledPolicy } from '../compile/compilePolicy.js'
import { childPointer, diagnostic } from '../diagnostics.js'
import type { SourcePosition } from '../diagnostics.js'
import { getMember, isJsonObject } from '../json/jsonValue.js'
import { parsePolicy } from '../policy/parsePolicy.js'
import { compilePolicy } from '../compile/compilePolicy.js'
import { documentMember, FileReader } from './fields.js'
import type { Node } from './fields.js'
import { emptyPolicy, loadPolicy } from './loadPolicy.js'
import type { OrgPlacement } from './types.js'

interface OrgPolicy {
  readonly name: string
  readonly type: 'SERVICE_CONTROL_POLICY' | 'RESOURCE_CONTROL_POLICY'
  readonly compiled: CompiledPolicy
}

let rcpFullAccess: CompiledPolicy | undefined
/**
 * AWS attaches RCPFullAWSAccess to every root, OU and account and it cannot be detached
 * (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_evaluation.html),
 * so a level that lists no RCP still allows; only Deny statements restrict.
 */
function rcpFullAwsAccess(): CompiledPolicy {
  if (rcpFullAccess === undefined) {
    const parsed = parsePolicy({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }] }, { kind: 'rcp', name: 'RCPFullAWSAccess' })
    const policy = parsed.ok ? parsed.value : parsed.recovered
    rcpFullAccess = policy === undefined ? emptyPolicy('rcp', 'rcp', 'RCPFullAWSAccess') : compilePolicy(policy, 'rcp', 'RCPFullAWSAccess (attached by AWS)')
  }
  return rcpFullAccess
}

/** True when a top-level object is an organization file. */
export function isOrganization(keys: readonly string[]): boolean {
  return keys.includes('organization')
}

/** Reads an organization file into account placements. */
export function readOrganization(r: FileReader, root: Node): Map<string, OrgPlacement> {
  const placements = new Map<string, OrgPlacement>()
  const org = r.object(root, 'organization')
  if (org === undefined) return placements
  const orgId = r.string(org, 'id') ?? 'o-unknown'
  const management = r.string(org, 'managementAccountId') ?? ''
  const policies = new Map<string, OrgPolicy>()
  const table = r.object(org, 'policies')
  if (table !== undefined) {
    for (const id of Object.keys(table.value)) {
      const raw = getMember(table.value, id)
      const pointer = childPointer(table.pointer, id)
      if (!isJsonObject(raw)) {
        r.report(pointer, `the policy \`${id}\` should be an object`)
        continue
      }
      const node: Node = { value: raw, pointer }
      const name = r.string(node, 'name', false) ?? id
      const type = r.string(node, 'type')
      if (type !== 'SERVICE_CONTROL_POLICY' && type !== 'RESOURCE_CONTROL_POLICY') {
        if (type !== undefined) r.report(childPointer(pointer, 'type'), `\`${type}\` is not SERVICE_CONTROL_POLICY or RESOURCE_CONTROL_POLICY`)
        continue
      }
      // AWS's own RCPFullAWSAccess (Allow * on *) is not a customer RCP: it is attached by AWS to every
      // node and already counted at each level, so its document is not read as one.
      if (type === 'RESOURCE_CONTROL_POLICY' && (id === 'p-RCPFullAWSAccess' || name === 'RCPFullAWSAccess')) {
        policies.set(id, { name: 'RCPFullAWSAccess', type, compiled: rcpFullAwsAccess() })
        continue
      }
      const document = documentMember(node, 'document')
      const kind = type === 'SERVICE_CONTROL_POLICY' ? 'scp' : 'rcp'
      const at = { file: r.file, doc: r.doc, pointer: childPointer(pointer, 'document') }
      if (document === undefined) r.report(at.pointer, `the policy \`${name}\` has no document`)
      const compiled = document === undefined ? null : loadPolicy(document, kind, kind, name, at, r.out)
      // An SCP that cannot be read allows nothing at its level (fail closed); an RCP only denies.
      policies.set(id, { name, type, compiled: compiled ?? emptyPolicy(kind, kind, `${name} (unreadable)`) })
    }
  }

  const levelOf = (node: Node): { scps: CompiledPolicy[]; rcps: CompiledPolicy[] } => {
    const scps: CompiledPolicy[] = []
    const rcps: CompiledPolicy[] = [rcpFullAwsAccess()]
    const ids = r.strings(node, 'policies')
    ids.forEach((id, i) => {
      const p = policies.get(id)
      if (p === undefined) {
        const pointer = childPointer(childPointer(node.pointer, 'policies'), i)
        const position = r.doc.positionOf(pointer)
        r.out.push(diagnostic('snapshot.unknown-org-policy', pointer, `the policy id \`${id}\` is not defined in \`policies\``, { file: r.file, ...(position !== undefined ? { position } : {}) }))
        // An unknown SCP allows nothing here: fail closed.
        scps.push(emptyPolicy('scp', 'scp', `${id} (not in the file)`))
        return
      }
      if (p.type === 'SERVICE_CONTROL_POLICY') scps.push(p.compiled)
      else if (p.name !== 'RCPFullAWSAccess') rcps.push(p.compiled)
    })
    if (scps.length === 0) {
      const position = r.doc.positionOf(node.pointer)
      r.out.push(diagnostic('snapshot.empty-scp-level', node.pointer, 'no SCP is attached at this level; every node must have one, so nothing is allowed below it', { file: r.file, ...(position !== undefined ? { position } : {}) }))
    }
    return { scps, rcps }
  }

  const visit = (node: Node, path: string, scpLevels: CompiledPolicy[][], rcpLevels: CompiledPolicy[][], depth: number): void => {
    if (depth > 8) return // AWS allows five OU levels; deeper input is malformed
    const level = levelOf(node)
    const scps = [...scpLevels, level.scps]
    const rcps = [...rcpLevels, level.rcps]
    const id = r.string(node, 'id') ?? '?'
    const here = `${path}${id}/`
    for (const a of r.objects(node, 'accounts')) {
      const accountId = r.string(a, 'id')
      if (accountId === undefined) continue
      const own = levelOf(a)
      const isManagement = accountId === management
      const name = r.string(a, 'name', false)
      placements.set(accountId, {
        orgId,
        managementAccountId: management,
        path: here,
        management: isManagement,
        // SCPs and RCPs never apply to the management account.
        scps: isManagement ? [] : [...scps, own.scps],
        rcps: isManagement ? [] : [...rcps, own.rcps],
        ...(name !== undefined ? { name } : {}),
        origin: { file: r.file, pointer: a.pointer, ...(r.doc.positionOf(a.pointer) !== undefined ? { position: r.doc.positionOf(a.pointer) as SourcePosition } : {}) },
      })
    }
    for (const child of r.objects(node, 'children')) visit(child, here, scps, rcps, depth + 1)
  }
  const rootNode = r.object(org, 'root')
  if (rootNode === undefined) r.report(childPointer(org.pointer, 'root'), 'the organization has no `root`')
  else visit(rootNode, `${orgId}/`, [], [], 0)
  return placements
}
