/**
 * The escalation snapshot (corpus/snapshots/escalation), written after AWS's documentation of each
 * action: one principal per technique, negatives that look vulnerable but are not, and positives that
 * simple tools miss. Every answer is pinned here; each technique row is checked against the AWS pages
 * its catalogue entry cites (the Service Authorization Reference of every action it needs).
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { EscalationGraph } from '../../../src/escalation/escalationGraph.js'
import { findEscalations } from '../../../src/escalation/findEscalations.js'
import { SERVICE_REFERENCE, TECHNIQUE_IDS, techniqueById } from '../../../src/escalation/techniques.js'
import type { TechniqueId } from '../../../src/escalation/techniques.js'
import type { Escalation, EscalationResult } from '../../../src/escalation/types.js'
import { residualText } from '../../../src/graph/render.js'
import { loadSnapshot } from '../../../src/snapshot/loadSnapshot.js'

const DIR = join(import.meta.dirname, '..', '..', '..', 'corpus', 'snapshots', 'escalation')
const snapshot = loadSnapshot(readdirSync(DIR).filter((f) => f.endsWith('.json')).map((f) => ({ file: f, text: readFileSync(join(DIR, f), 'utf8') })))
const graph = new EscalationGraph(snapshot)
const A = 'arn:aws:iam::111111111111'
const B = 'arn:aws:iam::222222222222'

function result(options: Parameters<typeof findEscalations>[1] = {}): EscalationResult {
  const r = findEscalations(snapshot, { graph, ...options })
  if (!r.ok) throw new Error(r.errors[0].message)
  return r.value
}
const all = result()
const of = (principal: string): Escalation[] => all.escalations.filter((e) => e.principal === principal)
const chain = (e: Escalation): string => e.path.map((h) => `${h.technique}>${h.to === 'admin' ? 'admin' : (h.to.split('/').pop() as string)}`).join(' | ')

describe('escalation snapshot', () => {
  it('reads every file without a diagnostic', () => {
    expect(snapshot.diagnostics.map((d) => `${d.file}: ${d.code}`)).toEqual([])
    expect(snapshot.inventory.resources.map((r) => r.kind).sort()).toEqual(['cloudformation', 'codebuild', 'ec2', 'ec2', 'glue', 'lambda', 'lambda', 'sagemaker'])
  })

  it('finds exactly the administrators: allowed every probe after boundaries and SCPs', () => {
    expect(all.administrators.map((a) => `${a.principal} ${a.access}`)).toEqual([
      `${A}:role/AdminRole allowed`, `${A}:role/CfnAdminRole allowed`, `${A}:role/CodeBuildAdminRole allowed`, `${A}:role/Ec2AdminRole allowed`,
      `${A}:role/EcsTaskAdminRole allowed`, `${A}:role/GlueAdminRole allowed`, `${A}:role/LambdaAdminRole allowed`, `${A}:role/NoTrustAdmin allowed`,
      `${A}:role/PipelineAdminResourceRole allowed`, `${A}:role/SageMakerAdminRole allowed`,
      `${A}:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_AdministratorAccess_0123456789abcdef allowed`, `${A}:user/admin-user allowed`,
      `${B}:role/SandboxAdmin allowed`, `${B}:role/SandboxEc2Admin allowed`, `${B}:role/SandboxLambdaAdmin allowed`,
    ])
  })

  // principal → [access, the hops of its first shortest path, the technique it exercises]
  const positives: readonly (readonly [string, string, string, TechniqueId])[] = [
    ['user/assume-user', 'allowed', 'assume-role>AdminRole', 'assume-role'],
    ['user/trust-editor', 'allowed', 'update-assume-role-policy>AdminRole', 'update-assume-role-policy'],
    ['user/key-maker', 'allowed', 'create-access-key>admin-user', 'create-access-key'],
    ['user/login-maker', 'allowed', 'create-login-profile>admin-user', 'create-login-profile'],
    ['user/password-changer', 'allowed', 'update-login-profile>admin-user', 'update-login-profile'],
    ['user/ec2-launcher', 'allowed', 'ec2-run-instances>Ec2AdminRole', 'ec2-run-instances'],
    ['user/ec2-associator', 'allowed', 'ec2-associate-instance-profile>Ec2AdminRole', 'ec2-associate-instance-profile'],
    ['user/ec2-replacer', 'allowed', 'ec2-replace-instance-profile>Ec2AdminRole', 'ec2-replace-instance-profile'],
    ['user/lambda-creator', 'allowed', 'lambda-create-invoke>LambdaAdminRole', 'lambda-create-invoke'],
    ['user/lambda-event', 'conditional', 'lambda-create-event-source>LambdaAdminRole', 'lambda-create-event-source'],
    ['user/lambda-coder', 'allowed', 'lambda-update-code>LambdaAdminRole', 'lambda-update-code'],
    ['user/glue-creator', 'allowed', 'glue-create-dev-endpoint>GlueAdminRole', 'glue-create-dev-endpoint'],
    ['user/glue-updater', 'allowed', 'glue-update-dev-endpoint>GlueAdminRole', 'glue-update-dev-endpoint'],
    ['user/cfn-creator', 'allowed', 'cloudformation-create-stack>CfnAdminRole', 'cloudformation-create-stack'],
    ['user/cfn-updater', 'allowed', 'cloudformation-update-stack>CfnAdminRole', 'cloudformation-update-stack'],
    ['user/codebuild-creator', 'allowed', 'codebuild-create-project>CodeBuildAdminRole', 'codebuild-create-project'],
    ['user/codebuild-starter', 'allowed', 'codebuild-start-build>CodeBuildAdminRole', 'codebuild-start-build'],
    ['user/notebook-creator', 'allowed', 'sagemaker-notebook>SageMakerAdminRole', 'sagemaker-notebook'],
    ['user/notebook-opener', 'allowed', 'sagemaker-presigned-url>SageMakerAdminRole', 'sagemaker-presigned-url'],
    ['user/training-runner', 'allowed', 'sagemaker-training-job>SageMakerAdminRole', 'sagemaker-training-job'],
    ['user/processing-runner', 'allowed', 'sagemaker-processing-job>SageMakerAdminRole', 'sagemaker-processing-job'],
    ['user/pipeline-builder', 'allowed', 'datapipeline-create>PipelineAdminResourceRole', 'datapipeline-create'],
    ['user/ecs-runner', 'allowed', 'ecs-run-task>EcsTaskAdminRole', 'ecs-run-task'],
    ['user/ssm-commander', 'allowed', 'ssm-send-command>Ec2AdminRole', 'ssm-send-command'],
    ['user/ssm-sessioner', 'allowed', 'ssm-start-session>Ec2AdminRole', 'ssm-start-session'],
    ['user/instance-connector', 'conditional', 'ec2-instance-connect>Ec2AdminRole', 'ec2-instance-connect'],
    ['user/self-putter', 'allowed', 'put-user-policy>admin', 'put-user-policy'],
    ['user/group-putter', 'allowed', 'put-group-policy>admin', 'put-group-policy'],
    ['role/RolePutter', 'allowed', 'put-role-policy>admin', 'put-role-policy'],
    ['user/self-attacher', 'allowed', 'attach-user-policy>admin', 'attach-user-policy'],
    ['user/group-attacher', 'allowed', 'attach-group-policy>admin', 'attach-group-policy'],
    ['role/RoleAttacher', 'allowed', 'attach-role-policy>admin', 'attach-role-policy'],
    ['user/group-joiner', 'allowed', 'add-user-to-group>admin', 'add-user-to-group'],
    ['user/version-writer', 'allowed', 'create-policy-version>admin', 'create-policy-version'],
    ['user/version-roller', 'allowed', 'set-default-policy-version>admin', 'set-default-policy-version'],
    ['user/bounded-dev', 'allowed', 'delete-user-permissions-boundary>admin', 'delete-user-permissions-boundary'],
    ['role/BoundedRole', 'allowed', 'delete-role-permissions-boundary>admin', 'delete-role-permissions-boundary'],
    ['user/boundary-swapper', 'allowed', 'put-user-permissions-boundary>admin', 'put-user-permissions-boundary'],
    ['role/BoundarySwapRole', 'allowed', 'put-role-permissions-boundary>admin', 'put-role-permissions-boundary'],
    // chains: a role reached by AssumeRole, then a grant by the role itself or by the caller
    ['user/role-operator', 'allowed', 'assume-role>RolePutter | put-role-policy>admin', 'put-role-policy'],
    ['user/app-operator', 'allowed', 'assume-role>AppRole | put-role-policy>admin', 'put-role-policy'],
    // positives simple tools miss
    ['user/notaction-user', 'allowed', 'put-user-policy>admin', 'put-user-policy'],
    ['user/notresource-launcher', 'allowed', 'ec2-run-instances>Ec2AdminRole', 'ec2-run-instances'],
    ['user/tagged-creator', 'conditional', 'lambda-create-invoke>LambdaAdminRole', 'lambda-create-invoke'],
    ['user/mfa-keymaker', 'conditional', 'create-access-key>admin-user', 'create-access-key'],
    ['user/names-combine', 'allowed', 'lambda-create-invoke>LambdaAdminRole', 'lambda-create-invoke'],
    // cannot be decided from the snapshot: never reported as "no path"
    ['user/names-undecided', 'uncertain', 'lambda-create-invoke>LambdaAdminRole', 'lambda-create-invoke'],
  ]

  it.each(positives)('%s escalates: %s via %s', (who, access, hops, technique) => {
    const found = of(`${A}:${who}`)
    expect(found.length).toBeGreaterThan(0)
    const first = found[0] as Escalation
    expect(first.access).toBe(access)
    expect(chain(first)).toBe(hops)
    expect(first.path.some((h) => h.technique === technique)).toBe(true)
    // The technique cites the Service Authorization Reference page of every action it needs.
    for (const h of first.path) {
      for (const action of h.actions) {
        const t = techniqueById(h.technique.split('+')[0] as TechniqueId)
        expect(t.sources).toContain(SERVICE_REFERENCE[action.split(':')[0] as keyof typeof SERVICE_REFERENCE])
      }
    }
  })

  it('exercises every technique of the catalogue', () => {
    const used = new Set(positives.map((p) => p[3]))
    expect(TECHNIQUE_IDS.filter((t) => !used.has(t))).toEqual([])
  })

  it('lists exactly these principals, and each decided path once', () => {
    const listed = [...new Set(all.escalations.filter((e) => e.external !== true).map((e) => e.principal))].sort()
    const expected = [...positives.map((p) => `${A}:${p[0]}`), `${A}:user/trust-editor-all`, `${B}:user/sandbox-coder`].sort()
    expect(listed).toEqual(expected)
  })

  it('finds a name two Resource patterns allow together', () => {
    expect((of(`${A}:user/names-combine`)[0] as Escalation).path[0]?.resources).toEqual([
      `${A}:role/LambdaAdminRole`, 'arn:aws:lambda:us-east-1:111111111111:function:dev-iamtrace-escalation-test', 'arn:aws:lambda:us-east-1:111111111111:function:dev-iamtrace-escalation-test',
    ])
  })

  it('carries the conditions the caller controls or must meet', () => {
    const text = (who: string): string => residualText((of(`${A}:${who}`)[0] as Escalation).conditions)
    expect(text('user/lambda-event')).toBe('lambda:FunctionArn like "arn:aws:lambda:*:111111111111:function:etl-*"')
    expect(text('user/tagged-creator')).toBe('aws:RequestTag/owner = "${aws:username}"')
    expect(text('user/instance-connector')).toBe('ec2:osuser = "ec2-user"')
    expect(text('user/mfa-keymaker')).toBe('aws:MultiFactorAuthPresent = "true"')
  })

  it('says uncertain, with the reason, when names differ or an inventory is missing', () => {
    // `ab?-*` and `abc*-zz` share names (`abc-x-zz`) that iamtrace does not construct: uncertain, not denied.
    expect((of(`${A}:user/names-undecided`)[0] as Escalation).uncertain.map((u) => u.code)).toEqual(['escalation.resource-names-differ'])
    const coder = of(`${B}:user/sandbox-coder`)[0] as Escalation
    expect(coder.access).toBe('uncertain')
    expect(chain(coder)).toBe('lambda-update-code>SandboxLambdaAdmin')
    expect(coder.uncertain.map((u) => u.code)).toEqual(['escalation.no-inventory'])
    expect(all.complete).toBe(false)
    expect(all.gaps.map((g) => g.code)).toEqual(['escalation.no-inventory'])
  })

  it('lists principals outside the snapshot that reach an administrator through the role they assume', () => {
    const outside = all.escalations.filter((e) => e.external === true)
    expect(outside.map((e) => `${e.principal} ${e.access} ${e.path.map((h) => h.actions.join(',')).join(' | ')} ${residualText(e.conditions)}`)).toEqual([
      'federated arn:aws:iam::111111111111:saml-provider/AWSSSO_0123456789abcdef_DO_NOT_DELETE conditional sts:AssumeRoleWithSAML SAML:aud = "https://signin.aws.amazon.com/saml"',
    ])
    expect(result({ from: 'assume-user' }).escalations.some((e) => e.external === true)).toBe(false)
  })

  it('a grant through a role the caller becomes is made by the caller', () => {
    const hops = (of(`${A}:user/app-operator`)[0] as Escalation).path
    expect(hops[1]).toMatchObject({ from: `${A}:role/AppRole`, to: 'admin', by: `${A}:user/app-operator`, actions: ['iam:PutRolePolicy'] })
  })

  // Negatives: each looks vulnerable to a simple tool.
  it.each([
    ['user/deny-elsewhere', 'an Allow of iam:PassRole with a Deny of admin roles in another attached policy'],
    ['user/wrong-path', 'iam:PassRole only on roles under /app/, which holds no administrator'],
    ['user/wrong-service', 'iam:PassRole only to Glue (iam:PassedToService), and no Glue permission'],
    ['user/bounded-launcher', 'a permissions boundary without iam:PassRole'],
    ['user/tag-gated', 'a condition on aws:PrincipalTag/team the caller\'s own tag does not meet'],
    ['user/attach-readonly', 'iam:AttachUserPolicy only with iam:PolicyARN = ReadOnlyAccess'],
    ['user/other-user-putter', 'iam:PutUserPolicy on a user the caller cannot become'],
    ['user/no-trust-launcher', 'iam:PassRole of an admin role that does not trust EC2'],
    ['user/aws-policy-writer', 'iam:CreatePolicyVersion on AWS managed policies, which nobody can change'],
    ['user/bounded-putter', 'iam:PutUserPolicy on itself, under a boundary that keeps it bounded'],
    ['user/boundary-delegate', 'iam:PutUserPermissionsBoundary only with its own boundary (iam:PermissionsBoundary)'],
    ['role/AppRole', 'a role that reads a bucket'],
  ])('%s does not escalate: %s', (who) => {
    expect(of(`${A}:${who}`)).toEqual([])
  })

  it('an SCP that keeps IAM writes to admin roles blocks iam:PassRole for a user', () => {
    expect(of(`${B}:user/scp-launcher`)).toEqual([])
  })

  it('never targets a service-linked role or an /aws-reserved/ role', () => {
    for (const role of ['AWSServiceRoleForSupport', 'AWSReservedSSO_AdministratorAccess_0123456789abcdef']) expect(result({ to: role }).escalations.filter((e) => e.external !== true)).toEqual([])
    // Identity Center's own SAML provider still signs users in to its role, as AWS built it.
    expect(result({ to: 'AWSReservedSSO_AdministratorAccess_0123456789abcdef' }).escalations.map((e) => e.principal)).toEqual(['federated arn:aws:iam::111111111111:saml-provider/AWSSSO_0123456789abcdef_DO_NOT_DELETE'])
    const editor = of(`${A}:user/trust-editor-all`)
    expect(editor.length).toBe(3)
    for (const e of editor) expect(e.path[0]?.to).not.toMatch(/aws-service-role|aws-reserved/)
  })

  it('names paths cut by the depth bound as a gap, never as "no path"', () => {
    const short = result({ maxDepth: 1 })
    expect(short.escalations.some((e) => e.principal === `${A}:user/role-operator`)).toBe(false)
    expect(short.gaps.map((g) => g.code)).toContain('escalation.truncated')
    expect(all.gaps.map((g) => g.code)).not.toContain('escalation.truncated')
  })

  it('answers --from one principal and --to a role', () => {
    expect(result({ from: 'ec2-launcher' }).escalations.map(chain)).toEqual(['ec2-run-instances>Ec2AdminRole'])
    expect(result({ from: 'deny-elsewhere' }).escalations).toEqual([])
    const toApp = result({ to: 'AppRole' })
    expect(toApp.target).toBe(`${A}:role/AppRole`)
    expect(toApp.escalations.filter((e) => e.principal === `${A}:user/deny-elsewhere`).map(chain)).toEqual(['ec2-run-instances>AppRole'])
    // administrators are not listed: they can already do everything
    expect(toApp.escalations.some((e) => all.administrators.some((a) => a.principal === e.principal && a.access === 'allowed'))).toBe(false)
  })
})
