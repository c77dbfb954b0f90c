/**
 * Role settings outside the trust policy: `MaxSessionDuration` of CloudFormation `AWS::IAM::Role`,
 * `max_session_duration` of Terraform `aws_iam_role`, and `MaxSessionDuration` in `aws iam get-role` output.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-iam-role.html
 */
import { childPointer } from '../../diagnostics.js'
import { getMember, isJsonArray, isJsonObject, type JsonValue } from '../../json/jsonValue.js'
import type { HostDocument } from './host.js'

/** A role's maximum session duration as written. */
export interface SessionDurationSetting {
  readonly name: string
  readonly seconds: number
  readonly hostPointer: string
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
      const s = isJsonObject(props) ? seconds(getMember(props, 'MaxSessionDuration')) : undefined
      if (s !== undefined) out.push({ name: id, seconds: s, hostPointer: `/Resources/${id.replace(/~/g, '~0').replace(/\//g, '~1')}/Properties/MaxSessionDuration` })
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
