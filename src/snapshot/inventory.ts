/**
 * Optional resource inventory in a snapshot: the unmodified JSON that AWS CLI commands print, recognized
 * by shape, telling which compute resources run with which IAM role. Privilege-escalation techniques
 * that act on existing resources (running code in a Lambda function, a command on an instance, an
 * update of a stack) need it; IAM authorization details do not list those resources.
 *
 * | file                                                | top-level key  | command                                  |
 * | --------------------------------------------------- | -------------- | ---------------------------------------- |
 * | EC2 instances and their instance profiles           | `Reservations` | `aws ec2 describe-instances`             |
 * | Lambda functions and their execution roles          | `Functions`    | `aws lambda list-functions`              |
 * | CloudFormation stacks and their service roles       | `Stacks`       | `aws cloudformation describe-stacks`     |
 * | Glue development endpoints and their roles          | `DevEndpoints` | `aws glue get-dev-endpoints`             |
 * | CodeBuild projects and their service roles          | `projects`     | `aws codebuild batch-get-projects`       |
 * | a SageMaker notebook instance and its role          | `NotebookInstanceArn` + `RoleArn` | `aws sagemaker describe-notebook-instance` |
 *
 * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeInstances.html
 * https://docs.aws.amazon.com/lambda/latest/api/API_ListFunctions.html
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_DescribeStacks.html
 * https://docs.aws.amazon.com/glue/latest/webapi/API_GetDevEndpoints.html
 * https://docs.aws.amazon.com/codebuild/latest/APIReference/API_BatchGetProjects.html
 * https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_DescribeNotebookInstance.html
 */
import { parseArn } from '../arn/arn.js'
import { diagnostic } from '../diagnostics.js'
import type { Diagnostic } from '../diagnostics.js'
import { getMember } from '../json/jsonValue.js'
import { FileReader } from './fields.js'
import type { Node } from './fields.js'
import type { Inventory, InventoryKind, InventoryResource, Tag } from './types.js'

/** One inventory file, read. */
export interface InventoryPiece {
  readonly kind: InventoryKind
  readonly file: string
  readonly resources: readonly InventoryResource[]
  /** Accounts named by the file's resources (an empty listing names none). */
  readonly accounts: ReadonlySet<string>
  readonly regions: ReadonlySet<string>
}

/** The inventory kind a top-level object holds, or undefined. */
export function inventoryKind(keys: readonly string[]): InventoryKind | undefined {
  if (keys.includes('Reservations')) return 'ec2'
  if (keys.includes('Functions')) return 'lambda'
  if (keys.includes('Stacks')) return 'cloudformation'
  if (keys.includes('DevEndpoints')) return 'glue'
  if (keys.includes('projects')) return 'codebuild'
  if (keys.includes('NotebookInstanceArn')) return 'sagemaker'
  return undefined
}

/** An availability zone (`us-east-1a`, `us-west-2-lax-1a`) → its region; undefined when it does not look like one. */
function regionOfZone(zone: string | undefined): string | undefined {
  const m = zone === undefined ? null : /^([a-z]{2}(?:-[a-z]+)+-\d+)/.exec(zone)
  return m === null ? undefined : m[1]
}

/** Reads one inventory file of a known kind. */
export function readInventory(r: FileReader, root: Node, kind: InventoryKind): InventoryPiece {
  const out: InventoryResource[] = []
  const accounts = new Set<string>()
  const regions = new Set<string>()
  const add = (res: Omit<InventoryResource, 'origin' | 'kind'>, node: Node): void => {
    accounts.add(res.account)
    if (res.region !== undefined) regions.add(res.region)
    out.push({ ...res, kind, origin: { file: r.file, pointer: node.pointer } })
  }
  const fromArn = (arn: string | undefined): { account: string; region: string } | undefined => {
    const a = arn === undefined ? undefined : parseArn(arn)
    return a !== undefined && /^\d{12}$/.test(a.account) ? { account: a.account, region: a.region } : undefined
  }
  // A resource listed with its ARN, its name and the role it runs with, under these field names.
  const listed = (node: Node, fields: { readonly arn: string; readonly name: string; readonly role: string; readonly tags?: ReadonlyMap<string, Tag> }): void => {
    const arn = r.string(node, fields.arn)
    const where = fromArn(arn)
    if (arn === undefined || where === undefined) return
    const role = r.string(node, fields.role, false)
    add({ arn, name: r.string(node, fields.name, false) ?? arn, ...where, ...(role !== undefined ? { role } : {}), ...(fields.tags !== undefined ? { tags: fields.tags } : {}) }, node)
  }
  switch (kind) {
    case 'ec2':
      for (const reservation of r.objects(root, 'Reservations')) {
        const owner = r.string(reservation, 'OwnerId', false)
        for (const i of r.objects(reservation, 'Instances')) {
          const id = r.string(i, 'InstanceId')
          const placement = r.object(i, 'Placement')
          const region = regionOfZone(placement === undefined ? undefined : r.string(placement, 'AvailabilityZone', false))
          const profile = r.object(i, 'IamInstanceProfile')
          const profileArn = profile === undefined ? undefined : r.string(profile, 'Arn', false)
          const account = owner ?? fromArn(profileArn)?.account
          if (id === undefined || account === undefined || region === undefined) {
            if (id !== undefined) r.report(i.pointer, `the instance \`${id}\` has no readable owner account or availability zone; it is skipped`)
            continue
          }
          const partition = parseArn(profileArn ?? '')?.partition ?? 'aws'
          add({ arn: `arn:${partition}:ec2:${region}:${account}:instance/${id}`, name: id, account, region, ...(profileArn !== undefined ? { instanceProfile: profileArn } : {}), tags: r.tags(i) }, i)
        }
      }
      break
    case 'lambda':
      // list-functions does not print tags: they stay unknown.
      for (const f of r.objects(root, 'Functions')) listed(f, { arn: 'FunctionArn', name: 'FunctionName', role: 'Role' })
      break
    case 'cloudformation':
      for (const s of r.objects(root, 'Stacks')) listed(s, { arn: 'StackId', name: 'StackName', role: 'RoleARN', tags: r.tags(s) })
      break
    case 'glue':
      for (const e of r.objects(root, 'DevEndpoints')) {
        const name = r.string(e, 'EndpointName')
        const role = r.string(e, 'RoleArn', false)
        const account = fromArn(role)?.account
        const region = regionOfZone(r.string(e, 'AvailabilityZone', false))
        if (name === undefined || account === undefined) continue
        // GetDevEndpoints prints no ARN; the region comes from the endpoint's availability zone when present.
        const partition = parseArn(role ?? '')?.partition ?? 'aws'
        add({ arn: `arn:${partition}:glue:${region ?? '*'}:${account}:devEndpoint/${name}`, name, account, ...(region !== undefined ? { region } : {}), ...(role !== undefined ? { role } : {}) }, e)
      }
      break
    case 'codebuild':
      for (const p of r.objects(root, 'projects')) {
        // CodeBuild spells its tags in lower case: [{key, value}].
        const tags = new Map<string, Tag>()
        for (const t of r.objects(p, 'tags')) {
          const key = getMember(t.value, 'key')
          const value = getMember(t.value, 'value')
          if (typeof key === 'string' && typeof value === 'string') tags.set(key.toLowerCase(), { key, value })
        }
        listed(p, { arn: 'arn', name: 'name', role: 'serviceRole', tags })
      }
      break
    case 'sagemaker':
      listed(root, { arn: 'NotebookInstanceArn', name: 'NotebookInstanceName', role: 'RoleArn' })
      break
  }
  return { kind, file: r.file, resources: out, accounts, regions }
}

/**
 * Merges inventory files. A file is credited to the accounts its resources name; an empty listing
 * names no account and is credited to the snapshot's only account when there is exactly one (otherwise
 * it is reported: which account it covers cannot be told).
 */
export function mergeInventory(pieces: readonly InventoryPiece[], describedAccounts: readonly string[], out: Diagnostic[]): Inventory {
  const resources: InventoryResource[] = []
  const coverage = new Map<InventoryKind, Map<string, Set<string>>>()
  const seen = new Set<string>()
  for (const piece of pieces) {
    for (const res of piece.resources) {
      if (seen.has(res.arn)) continue
      seen.add(res.arn)
      resources.push(res)
    }
    let byAccount = coverage.get(piece.kind)
    if (byAccount === undefined) {
      byAccount = new Map()
      coverage.set(piece.kind, byAccount)
    }
    let accounts = [...piece.accounts]
    if (accounts.length === 0) {
      if (describedAccounts.length === 1) accounts = [describedAccounts[0] as string]
      else {
        out.push(diagnostic('snapshot.inventory-account-unknown', '', `the ${piece.kind} inventory lists no resource, so the account it covers cannot be told; it is not counted as covering any account`, { file: piece.file }))
        continue
      }
    }
    for (const account of accounts) {
      let regions = byAccount.get(account)
      if (regions === undefined) {
        regions = new Set()
        byAccount.set(account, regions)
      }
      for (const region of piece.regions) regions.add(region)
    }
  }
  return { resources, coverage }
}
