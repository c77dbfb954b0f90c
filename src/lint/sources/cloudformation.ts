/**
 * CloudFormation templates (JSON or YAML): role trust policies and inline policies of `AWS::IAM::Role`,
 * and the documents of `AWS::IAM::ManagedPolicy`, `AWS::IAM::Policy`, `AWS::IAM::User` and `AWS::IAM::Group`.
 * Intrinsic functions are unknown values; a document that is itself an intrinsic is reported as unresolved.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-iam-role.html
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-iam-managedpolicy.html
 */
import { childPointer } from '../../diagnostics.js'
import { getMember, isJsonArray, isJsonObject, type JsonObject, type JsonValue } from '../../json/jsonValue.js'
import { PLACEHOLDER_OWN_ACCOUNT } from '../identity.js'
import { embed, isEmbedded, type EmbeddedPolicy, type UnknownPolicy } from './embedded.js'
import type { HostDocument } from './host.js'

/** The stack's account (`AWS::AccountId`): unknown by number, but known to be the role's own account. */
const STACK_ACCOUNT = PLACEHOLDER_OWN_ACCOUNT

/** True when the value looks like a CloudFormation template. */
export function isTemplate(value: JsonValue): boolean {
  if (!isJsonObject(value)) return false
  if (Object.hasOwn(value, 'AWSTemplateFormatVersion')) return true
  const resources = getMember(value, 'Resources')
  return isJsonObject(resources) && Object.keys(resources).some((k) => {
    const r = resources[k]
    return isJsonObject(r) && typeof getMember(r, 'Type') === 'string'
  })
}

/** Every policy of the template. */
export function templatePolicies(host: HostDocument): (EmbeddedPolicy | UnknownPolicy)[] {
  const out: (EmbeddedPolicy | UnknownPolicy)[] = []
  const resources = isJsonObject(host.value) ? getMember(host.value, 'Resources') : undefined
  if (!isJsonObject(resources)) return out
  for (const logicalId of Object.keys(resources)) {
    const resource = resources[logicalId]
    if (!isJsonObject(resource)) continue
    const type = getMember(resource, 'Type')
    const props = getMember(resource, 'Properties')
    if (typeof type !== 'string' || !isJsonObject(props)) continue
    const at = childPointer(childPointer('/Resources', logicalId), 'Properties')
    const ignore = metadataIgnores(resource)
    const first = out.length
    const doc = (key: string, kind: 'trust' | 'identity' | undefined, name: string): void => {
      if (!Object.hasOwn(props, key)) return
      out.push(embed(host, childPointer(at, key), props[key] as JsonValue, name, kind, STACK_ACCOUNT))
    }
    switch (type) {
      case 'AWS::IAM::Role':
        doc('AssumeRolePolicyDocument', 'trust', logicalId)
        inlinePolicies(host, props, at, logicalId, out)
        break
      case 'AWS::IAM::User':
      case 'AWS::IAM::Group':
        inlinePolicies(host, props, at, logicalId, out)
        break
      case 'AWS::IAM::ManagedPolicy':
      case 'AWS::IAM::Policy':
      case 'AWS::IAM::RolePolicy':
      case 'AWS::IAM::UserPolicy':
      case 'AWS::IAM::GroupPolicy':
        doc('PolicyDocument', 'identity', logicalId)
        break
      default:
        break
    }
    if (ignore.length > 0) {
      for (let i = first; i < out.length; i++) {
        const item = out[i] as EmbeddedPolicy | UnknownPolicy
        if (isEmbedded(item)) out[i] = { ...item, inSource: ignore }
      }
    }
  }
  return out
}

/**
 * In-template suppressions: `Metadata: { iamtrace: { ignore: [{ id: RULE, reason: TEXT }] } }` on a resource
 * (the convention cfn_nag and checkov use for their own rules).
 */
function metadataIgnores(resource: JsonObject): { rule: string; reason: string }[] {
  const metadata = getMember(resource, 'Metadata')
  const own = isJsonObject(metadata) ? getMember(metadata, 'iamtrace') : undefined
  const list = isJsonObject(own) ? getMember(own, 'ignore') : undefined
  if (!isJsonArray(list)) return []
  return list.flatMap((entry) => {
    if (!isJsonObject(entry)) return []
    const rule = getMember(entry, 'id') ?? getMember(entry, 'rule')
    const reason = getMember(entry, 'reason')
    return typeof rule === 'string' ? [{ rule, reason: typeof reason === 'string' ? reason : '' }] : []
  })
}

function inlinePolicies(host: HostDocument, props: JsonObject, at: string, logicalId: string, out: (EmbeddedPolicy | UnknownPolicy)[]): void {
  const policies = getMember(props, 'Policies')
  if (!isJsonArray(policies)) return
  policies.forEach((p, i) => {
    if (!isJsonObject(p) || !Object.hasOwn(p, 'PolicyDocument')) return
    const name = getMember(p, 'PolicyName')
    const label = `${logicalId}/${typeof name === 'string' ? name : String(i)}`
    out.push(embed(host, childPointer(childPointer(childPointer(at, 'Policies'), i), 'PolicyDocument'), p['PolicyDocument'] as JsonValue, label, 'identity', STACK_ACCOUNT))
  })
}
