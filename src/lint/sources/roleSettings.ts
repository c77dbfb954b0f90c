/**
 * Role settings outside the trust policy: `MaxSessionDuration` of CloudFormation `AWS::IAM::Role`,
 * `max_session_duration` of Terraform `aws_iam_role`, and `MaxSessionDuration` in `aws iam get-role` output.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-iam-role.html
 */
import { childPointer, type SourcePosition } from '../../diagnostics.js'
import { unresolvedIn } from './built.js'
import { isIntrinsic, resolve, templateParts } from './cfnResolve.js'
import { getMember, isJsonArray, isJsonObject, type JsonValue } from '../../json/jsonValue.js'
import type { HostDocument } from './host.js'

/** A role's maximum session duration as written. */
export interface SessionDurationSetting {
  readonly name: string
  /** Undefined when the value cannot be resolved (`what` says why). */
  readonly seconds: number | undefined
  readonly hostPointer: string
  /** The unresolved value, when `seconds` is undefined. */
  readonly unresolved?: { readonly what: string; readonly why: string }
  /** Terraform: the file and position (other inputs locate `hostPointer` in their own file). */
  readonly file?: string
  readonly position?: SourcePosition
}

function seconds(value: JsonValue | undefined): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : undefined
  return n !== undefined && Number.isFinite(n) ? n : undefined
}

/** Every maximum session duration set in a template, plan or get-role output. */
export function sessionDurations(host: HostDocument, format: 'cloudformation' | 'terraform' | 'snapshot'): SessionDurationSetting[] {
  const out: SessionDurationSetting[] = []
  const root = host.value
  if (!isJsonObject(root)) return out
  if (format === 'cloudformation') {
    const resources = getMember(root, 'Resources')
    if (!isJsonObject(resources)) return out
    for (const id of Object.keys(resources)) {
      const r = resources[id]
      const props = isJsonObject(r) && getMember(r, 'Type') === 'AWS::IAM::Role' ? getMember(r, 'Properties') : undefined
      const raw = isJsonObject(props) ? getMember(props, 'MaxSessionDuration') : undefined
      const hostPointer = `/Resources/${id.replace(/~/g, '~0').replace(/\//g, '~1')}/Properties/MaxSessionDuration`
      if (isIntrinsic(raw)) {
        // A parameter's Default, or an unresolved value (every Fn::If branch would need the same value).
        const built = resolve(templateParts(root), raw, hostPointer, { assignment: new Map(), needed: new Set(), visiting: new Set() })
        const known = built.k === 'scalar' && built.unresolved.length === 0 ? seconds(built.value as JsonValue) : undefined
        const [u] = unresolvedIn(built)
        out.push(known !== undefined ? { name: id, seconds: known, hostPointer } : { name: id, seconds: undefined, hostPointer, unresolved: { what: u?.what ?? 'MaxSessionDuration', why: u?.why ?? 'it is not a number' } })
        continue
      }
      const s = seconds(raw)
      if (s !== undefined) out.push({ name: id, seconds: s, hostPointer })
    }
  } else if (format === 'terraform') {
    const planned = getMember(root, 'planned_values')
    const stack: { module: JsonValue | undefined; pointer: string }[] = [{ module: isJsonObject(planned) ? getMember(planned, 'root_module') : undefined, pointer: '/planned_values/root_module' }]
    for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
      if (!isJsonObject(next.module)) continue
      const base = next.pointer
      const resources = getMember(next.module, 'resources')
      if (isJsonArray(resources)) {
        resources.forEach((r, i) => {
          if (!isJsonObject(r) || getMember(r, 'type') !== 'aws_iam_role') return
          const values = getMember(r, 'values')
          const s = isJsonObject(values) ? seconds(getMember(values, 'max_session_duration')) : undefined
          const address = getMember(r, 'address')
          if (s !== undefined) out.push({ name: typeof address === 'string' ? address : `resource ${i}`, seconds: s, hostPointer: `${base}/resources/${i}/values/max_session_duration` })
        })
      }
      const children = getMember(next.module, 'child_modules')
      if (isJsonArray(children)) children.forEach((c, i) => stack.push({ module: c, pointer: childPointer(childPointer(base, 'child_modules'), i) }))
    }
  } else {
    const role = getMember(root, 'Role')
    const s = isJsonObject(role) ? seconds(getMember(role, 'MaxSessionDuration')) : undefined
    const name = isJsonObject(role) ? getMember(role, 'RoleName') : undefined
    if (s !== undefined) out.push({ name: typeof name === 'string' ? name : 'Role', seconds: s, hostPointer: '/Role/MaxSessionDuration' })
  }
  return out
}
