/**
 * Terraform plan JSON (`terraform show -json`): `aws_iam_role.assume_role_policy` (and `inline_policy`),
 * `aws_iam_policy`, `aws_iam_role_policy`, `aws_iam_user_policy`, `aws_iam_group_policy` (`policy`) and
 * `data.aws_iam_policy_document` (rendered `json`). Values known only after apply (`after_unknown`) are
 * reported as unresolved, never guessed. https://developer.hashicorp.com/terraform/internals/json-format
 */
import { childPointer } from '../../diagnostics.js'
import { getMember, isJsonArray, isJsonObject, type JsonObject, type JsonValue } from '../../json/jsonValue.js'
import { detectKind } from '../lintPolicy.js'
import { embed, type EmbeddedPolicy, type UnknownPolicy } from './embedded.js'
import { originOf, rebuildPolicyDocument } from './policyDocumentBlocks.js'
import type { HostDocument } from './host.js'

const POLICY_ATTRIBUTES: Readonly<Record<string, readonly [string, 'trust' | 'identity' | undefined][]>> = {
  aws_iam_role: [['assume_role_policy', 'trust']],
  aws_iam_policy: [['policy', 'identity']],
  aws_iam_role_policy: [['policy', 'identity']],
  aws_iam_user_policy: [['policy', 'identity']],
  aws_iam_group_policy: [['policy', 'identity']],
  aws_iam_policy_document: [['json', undefined]],
}

/** True when the value looks like `terraform show -json` output. */
export function isPlan(value: JsonValue): boolean {
  return isJsonObject(value) && Object.hasOwn(value, 'format_version') && (Object.hasOwn(value, 'planned_values') || Object.hasOwn(value, 'resource_changes'))
}

/** Every policy of the plan's planned values. */
export function planPolicies(host: HostDocument): (EmbeddedPolicy | UnknownPolicy)[] {
  const out: (EmbeddedPolicy | UnknownPolicy)[] = []
  if (!isJsonObject(host.value)) return out
  const unknownAt = afterUnknown(host.value)
  const planned = getMember(host.value, 'planned_values')
  const root = isJsonObject(planned) ? getMember(planned, 'root_module') : undefined
  const modules: { module: JsonValue | undefined; pointer: string }[] = [{ module: root, pointer: '/planned_values/root_module' }]
  for (let next = modules.pop(); next !== undefined; next = modules.pop()) {
    const { module, pointer } = next
    if (!isJsonObject(module)) continue
    const resources = getMember(module, 'resources')
    if (isJsonArray(resources)) resources.forEach((r, i) => resourcePolicies(host, r, childPointer(childPointer(pointer, 'resources'), i), unknownAt, out))
    const children = getMember(module, 'child_modules')
    if (isJsonArray(children)) children.forEach((c, i) => modules.push({ module: c, pointer: childPointer(childPointer(pointer, 'child_modules'), i) }))
  }
  return out
}

function resourcePolicies(host: HostDocument, r: JsonValue, pointer: string, unknownAt: ReadonlyMap<string, string>, out: (EmbeddedPolicy | UnknownPolicy)[]): void {
  if (!isJsonObject(r)) return
  const type = getMember(r, 'type')
  const address = getMember(r, 'address')
  const values = getMember(r, 'values')
  if (typeof type !== 'string' || typeof address !== 'string' || !isJsonObject(values)) return
  const owner = { id: address, type }
  const start = out.length
  for (const [attr, kind] of POLICY_ATTRIBUTES[type] ?? []) {
    const at = childPointer(childPointer(pointer, 'values'), attr)
    const v = getMember(values, attr)
    if (typeof v === 'string' && v !== '') out.push(embed(host, at, v, address, kind))
    else {
      const unknown = unknownAt.get(`${address}\u0000${attr}`)
      const rebuilt = unknown !== undefined && type === 'aws_iam_policy_document' && !unknownAt.has(`${address}\u0000statement`) ? fromBlocks(host, values, pointer, address) : undefined
      if (rebuilt !== undefined) out.push(rebuilt)
      else if (unknown !== undefined) {
        const position = host.positionOf(unknown) ?? host.positionOf(pointer)
        out.push({ name: address, hostPointer: unknown, ...(position !== undefined ? { position } : {}), why: `\`${attr}\` is known only after apply` })
      }
    }
  }
  if (type === 'aws_iam_role') inlineRolePolicies(host, values, pointer, address, out)
  for (let i = start; i < out.length; i++) out[i] = { ...(out[i] as EmbeddedPolicy | UnknownPolicy), owner: { ...owner, ...(out[i]?.owner ?? {}) } }
}

function inlineRolePolicies(host: HostDocument, values: JsonObject, pointer: string, address: string, out: (EmbeddedPolicy | UnknownPolicy)[]): void {
  const inline = getMember(values, 'inline_policy')
  if (!isJsonArray(inline)) return
  inline.forEach((p, i) => {
    if (!isJsonObject(p)) return
    const policy = getMember(p, 'policy')
    const name = getMember(p, 'name')
    if (typeof policy === 'string' && policy !== '') {
      const at = childPointer(childPointer(childPointer(childPointer(pointer, 'values'), 'inline_policy'), i), 'policy')
      out.push(embed(host, at, policy, `${address}/${typeof name === 'string' ? name : String(i)}`, 'identity'))
    }
  })
}

/** A data source's policy rebuilt from its known statement blocks (its rendered `json` is unknown). */
function fromBlocks(host: HostDocument, values: JsonObject, pointer: string, address: string): EmbeddedPolicy | undefined {
  const valuesPointer = childPointer(pointer, 'values')
  const rebuilt = rebuildPolicyDocument(values, valuesPointer)
  if (rebuilt === undefined) return undefined
  const { document, origins } = rebuilt
  return {
    kind: detectKind(document),
    name: address,
    input: document,
    hostPointer: valuesPointer,
    unknownPointers: new Set(),
    mapPointer: (p) => originOf(origins, p, valuesPointer),
    locate: (p) => host.positionOf(originOf(origins, p, valuesPointer)) ?? host.positionOf(pointer),
  }
}

/**
 * `address NUL attribute` → pointer of the `after_unknown` marker in `resource_changes`. An attribute holding
 * unknown values anywhere inside (e.g. one statement block) is listed too.
 */
function afterUnknown(plan: JsonObject): Map<string, string> {
  const out = new Map<string, string>()
  const changes = getMember(plan, 'resource_changes')
  if (!isJsonArray(changes)) return out
  changes.forEach((c, i) => {
    if (!isJsonObject(c)) return
    const address = getMember(c, 'address')
    const change = getMember(c, 'change')
    const unknown = isJsonObject(change) ? getMember(change, 'after_unknown') : undefined
    if (typeof address !== 'string' || !isJsonObject(unknown)) return
    for (const attr of Object.keys(unknown)) {
      if (holdsTrue(unknown[attr])) out.set(`${address}\u0000${attr}`, `/resource_changes/${i}/change/after_unknown/${attr}`)
    }
  })
  return out
}

/** True when a value of `after_unknown` marks something unknown (`true` at any depth). */
function holdsTrue(value: JsonValue | undefined): boolean {
  if (value === true) return true
  if (isJsonArray(value)) return value.some(holdsTrue)
  if (isJsonObject(value)) return Object.keys(value).some((k) => holdsTrue(value[k]))
  return false
}
