/**
 * The catalogue of privilege-escalation techniques: pure data, shared by the escalation analysis and the
 * identity-policy lint rules. Each technique names the actions it needs, the kind of resource each
 * action is authorized on, the condition-key values the technique itself fixes (the service a role is
 * passed to, the role a stack runs with), and the AWS pages that document the actions and the mechanism.
 *
 * The Service Authorization Reference pages list each action's resource types and condition keys:
 * https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html
 */
import type { InventoryKind } from '../snapshot/types.js'

/**
 * The Service Authorization Reference page of each service a technique uses.
 *
 * @example
 * SERVICE_REFERENCE.lambda // the page listing lambda:CreateFunction's resource types and condition keys
 */
export const SERVICE_REFERENCE = {
  iam: 'https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsidentityandaccessmanagementiam.html',
  sts: 'https://docs.aws.amazon.com/service-authorization/latest/reference/list_awssecuritytokenservice.html',
  ec2: 'https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonec2.html',
  lambda: 'https://docs.aws.amazon.com/service-authorization/latest/reference/list_awslambda.html',
  glue: 'https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsglue.html',
  cloudformation: 'https://docs.aws.amazon.com/service-authorization/latest/reference/list_awscloudformation.html',
  codebuild: 'https://docs.aws.amazon.com/service-authorization/latest/reference/list_awscodebuild.html',
  sagemaker: 'https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonsagemaker.html',
  datapipeline: 'https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsdatapipeline.html',
  ecs: 'https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonelasticcontainerservice.html',
  ssm: 'https://docs.aws.amazon.com/service-authorization/latest/reference/list_awssystemsmanager.html',
  'ec2-instance-connect': 'https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonec2instanceconnect.html',
} as const

const PASSROLE = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html'
const IAM_API = 'https://docs.aws.amazon.com/IAM/latest/APIReference'

/**
 * The kinds of resource a technique's actions are authorized on, with the ARN form AWS documents for
 * each (Service Authorization Reference, "Resource types" tables). `*` stands for actions that support
 * no resource-level permissions (the policy must name `"Resource": "*"`).
 *
 * @example
 * RESOURCE_KINDS.function // 'arn:${Partition}:lambda:${Region}:${Account}:function:${FunctionName}'
 */
export const RESOURCE_KINDS = {
  role: 'arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}',
  user: 'arn:${Partition}:iam::${Account}:user/${UserNameWithPath}',
  group: 'arn:${Partition}:iam::${Account}:group/${GroupNameWithPath}',
  policy: 'arn:${Partition}:iam::${Account}:policy/${PolicyNameWithPath}',
  instance: 'arn:${Partition}:ec2:${Region}:${Account}:instance/${InstanceId}',
  image: 'arn:${Partition}:ec2:${Region}::image/${ImageId}',
  'network-interface': 'arn:${Partition}:ec2:${Region}:${Account}:network-interface/${NetworkInterfaceId}',
  'security-group': 'arn:${Partition}:ec2:${Region}:${Account}:security-group/${SecurityGroupId}',
  subnet: 'arn:${Partition}:ec2:${Region}:${Account}:subnet/${SubnetId}',
  function: 'arn:${Partition}:lambda:${Region}:${Account}:function:${FunctionName}',
  devendpoint: 'arn:${Partition}:glue:${Region}:${Account}:devEndpoint/${DevEndpointName}',
  stack: 'arn:${Partition}:cloudformation:${Region}:${Account}:stack/${StackName}/${Id}',
  project: 'arn:${Partition}:codebuild:${Region}:${Account}:project/${ProjectName}',
  'notebook-instance': 'arn:${Partition}:sagemaker:${Region}:${Account}:notebook-instance/${NotebookInstanceName}',
  'training-job': 'arn:${Partition}:sagemaker:${Region}:${Account}:training-job/${TrainingJobName}',
  'processing-job': 'arn:${Partition}:sagemaker:${Region}:${Account}:processing-job/${ProcessingJobName}',
  pipeline: 'arn:${Partition}:datapipeline:${Region}:${Account}:pipeline/${PipelineId}',
  'task-definition': 'arn:${Partition}:ecs:${Region}:${Account}:task-definition/${TaskDefinitionFamilyName}:${TaskDefinitionRevisionNumber}',
  document: 'arn:${Partition}:ssm:${Region}:${Account}:document/${DocumentName}',
  '*': '*',
} as const

/** A resource kind of {@link RESOURCE_KINDS}. */
export type ResourceKind = keyof typeof RESOURCE_KINDS

/**
 * Which resource an action is requested on:
 * - `target`: the principal the technique reaches or changes (the role passed or assumed, the user whose
 *   keys are created, the principal whose policies are edited), or the group or managed policy through
 *   which it holds permissions;
 * - `new`: a resource the caller creates and names itself;
 * - `existing`: a resource that already exists and runs with the target role (needs an inventory);
 * - `aws`: a resource AWS owns that the caller picks (a public AMI, an AWS-owned SSM document);
 * - `any`: the action supports no resource-level permissions (`*`).
 */
export type ResourceRole = 'target' | 'new' | 'existing' | 'aws' | 'any'

/** One action a technique needs. */
export interface TechniqueAction {
  /** `service:Action` as IAM spells it. */
  readonly action: string
  readonly resource: ResourceKind
  readonly on: ResourceRole
  /**
   * Condition keys whose value the technique fixes. Values may name `{target}` (the target's ARN),
   * `{instanceProfile}` (an instance profile holding the target role), `{function}` (the ARN of the
   * function the caller creates and names) or `{adminPolicy}` (the managed policy attached to grant
   * every permission). `null`: the request carries no such key (it is absent).
   */
  readonly context?: Readonly<Record<string, string | null>>
  /** True when the technique works without it (it widens the technique; the analysis does not require it). */
  readonly optional?: boolean
}

/** What a technique yields. */
export type TechniqueEffect =
  /** The caller obtains the target principal's permissions (credentials, or code running as it). */
  | 'become'
  /** The target principal's permissions grow (a policy written, attached, or a group joined). */
  | 'grant'

/** How a technique works, for grouping in output and lint. */
export type TechniqueCategory = 'assume' | 'pass-role' | 'existing-resource' | 'credentials' | 'permissions'

/** One technique. */
export interface Technique {
  readonly id: TechniqueId
  readonly title: string
  /** How the technique turns the actions into the target's permissions, in one sentence. */
  readonly summary: string
  readonly category: TechniqueCategory
  readonly effect: TechniqueEffect
  /** The kind of principal the technique reaches or changes. */
  readonly target: 'role' | 'user' | 'user-or-role'
  /** For techniques that hand a role to a service: the service principal the role must trust (and is passed to). */
  readonly service?: string
  /** For techniques on existing resources: the inventory that lists them. */
  readonly inventory?: InventoryKind
  readonly actions: readonly TechniqueAction[]
  /** AWS pages that document the actions (Service Authorization Reference) and the mechanism. */
  readonly sources: readonly string[]
  /** What the analysis cannot see and the caller may still need. */
  readonly caveats?: readonly string[]
}

/**
 * Every technique id, in the order the analysis prefers them when several connect the same principals.
 *
 * @example
 * TECHNIQUE_IDS.includes('ec2-run-instances') // true
 */
export const TECHNIQUE_IDS = [
  'assume-role',
  'update-assume-role-policy',
  'create-access-key',
  'create-login-profile',
  'update-login-profile',
  'ec2-run-instances',
  'ec2-associate-instance-profile',
  'ec2-replace-instance-profile',
  'lambda-create-invoke',
  'lambda-create-event-source',
  'lambda-update-code',
  'glue-create-dev-endpoint',
  'glue-update-dev-endpoint',
  'cloudformation-create-stack',
  'cloudformation-update-stack',
  'codebuild-create-project',
  'codebuild-start-build',
  'sagemaker-notebook',
  'sagemaker-presigned-url',
  'sagemaker-training-job',
  'sagemaker-processing-job',
  'datapipeline-create',
  'ecs-run-task',
  'ssm-send-command',
  'ssm-start-session',
  'ec2-instance-connect',
  'put-user-policy',
  'put-group-policy',
  'put-role-policy',
  'attach-user-policy',
  'attach-group-policy',
  'attach-role-policy',
  'add-user-to-group',
  'create-policy-version',
  'set-default-policy-version',
  'delete-user-permissions-boundary',
  'delete-role-permissions-boundary',
  'put-user-permissions-boundary',
  'put-role-permissions-boundary',
] as const

/** A technique id. */
export type TechniqueId = (typeof TECHNIQUE_IDS)[number]

/**
 * The AWS managed policy a grant attaches: it allows every action on every resource.
 *
 * @example
 * ADMIN_POLICY_ARN // 'arn:aws:iam::aws:policy/AdministratorAccess'
 */
export const ADMIN_POLICY_ARN = 'arn:aws:iam::aws:policy/AdministratorAccess'

const passRole = (service: string): TechniqueAction => ({ action: 'iam:PassRole', resource: 'role', on: 'target', context: { 'iam:PassedToService': service } })
const ref = (service: keyof typeof SERVICE_REFERENCE): string => SERVICE_REFERENCE[service]
/**
 * The other resources ec2:RunInstances is authorized on. The Service Authorization Reference lists
 * ec2:InstanceProfile among the condition keys of the instance resource type only: the request for
 * these resources carries no such key.
 */
const RUN_INSTANCES_OTHERS: readonly TechniqueAction[] = [
  { action: 'ec2:RunInstances', resource: 'image', on: 'aws', context: { 'ec2:InstanceProfile': null } },
  { action: 'ec2:RunInstances', resource: 'network-interface', on: 'new', context: { 'ec2:InstanceProfile': null } },
  { action: 'ec2:RunInstances', resource: 'security-group', on: 'new', context: { 'ec2:InstanceProfile': null } },
  { action: 'ec2:RunInstances', resource: 'subnet', on: 'new', context: { 'ec2:InstanceProfile': null } },
]
const NO_PASSROLE_NEEDED = 'the resource already runs with the role: using it needs no iam:PassRole'

/**
 * The catalogue, in {@link TECHNIQUE_IDS} order.
 *
 * @example
 * TECHNIQUES.filter((t) => t.category === 'pass-role').map((t) => t.service) // ['ec2.amazonaws.com', …]
 */
export const TECHNIQUES: readonly Technique[] = [
  {
    id: 'assume-role', title: 'AssumeRole', category: 'assume', effect: 'become', target: 'role',
    summary: 'calls sts:AssumeRole: the role trust policy and the caller\'s own policies both allow it',
    actions: [{ action: 'sts:AssumeRole', resource: 'role', on: 'target' }],
    sources: [ref('sts'), 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_permissions-to-switch.html'],
  },
  {
    id: 'update-assume-role-policy', title: 'rewrite a trust policy', category: 'assume', effect: 'become', target: 'role',
    summary: 'replaces the role trust policy with one that names the caller, then assumes the role',
    actions: [{ action: 'iam:UpdateAssumeRolePolicy', resource: 'role', on: 'target' }, { action: 'sts:AssumeRole', resource: 'role', on: 'target' }],
    sources: [ref('iam'), ref('sts'), `${IAM_API}/API_UpdateAssumeRolePolicy.html`, 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_update-role-trust-policy.html'],
  },
  {
    id: 'create-access-key', title: 'create an access key for a user', category: 'credentials', effect: 'become', target: 'user',
    summary: 'creates a new access key for the user and signs requests with it',
    actions: [{ action: 'iam:CreateAccessKey', resource: 'user', on: 'target' }],
    sources: [ref('iam'), `${IAM_API}/API_CreateAccessKey.html`],
    caveats: ['a user holds at most two access keys: the call fails when the user already has two'],
  },
  {
    id: 'create-login-profile', title: 'create a console password for a user', category: 'credentials', effect: 'become', target: 'user',
    summary: 'gives the user a console password and signs in as the user',
    actions: [{ action: 'iam:CreateLoginProfile', resource: 'user', on: 'target' }],
    sources: [ref('iam'), `${IAM_API}/API_CreateLoginProfile.html`],
    caveats: ['fails when the user already has a password (the snapshot does not say); an MFA device on the user is still required at sign-in'],
  },
  {
    id: 'update-login-profile', title: 'change a user\'s console password', category: 'credentials', effect: 'become', target: 'user',
    summary: 'sets a new console password for the user and signs in as the user',
    actions: [{ action: 'iam:UpdateLoginProfile', resource: 'user', on: 'target' }],
    sources: [ref('iam'), `${IAM_API}/API_UpdateLoginProfile.html`],
    caveats: ['needs an existing password (the snapshot does not say); an MFA device on the user is still required at sign-in'],
  },
  {
    id: 'ec2-run-instances', title: 'launch an EC2 instance with the role', category: 'pass-role', effect: 'become', target: 'role', service: 'ec2.amazonaws.com',
    summary: 'launches an instance with an instance profile holding the role; user data or a login reads the role credentials from the instance metadata',
    actions: [
      passRole('ec2.amazonaws.com'),
      { action: 'ec2:RunInstances', resource: 'instance', on: 'new', context: { 'ec2:InstanceProfile': '{instanceProfile}' } },
      ...RUN_INSTANCES_OTHERS,
    ],
    sources: [ref('ec2'), ref('iam'), PASSROLE, 'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/permission-to-pass-iam-roles.html', 'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/iam-roles-for-amazon-ec2.html'],
  },
  {
    id: 'ec2-associate-instance-profile', title: 'attach the role to an instance the caller launched', category: 'pass-role', effect: 'become', target: 'role', service: 'ec2.amazonaws.com',
    summary: 'launches an instance without a profile, then associates an instance profile holding the role with it',
    actions: [
      passRole('ec2.amazonaws.com'),
      { action: 'ec2:RunInstances', resource: 'instance', on: 'new', context: { 'ec2:InstanceProfile': null } },
      ...RUN_INSTANCES_OTHERS,
      { action: 'ec2:AssociateIamInstanceProfile', resource: 'instance', on: 'new', context: { 'ec2:NewInstanceProfile': '{instanceProfile}' } },
    ],
    sources: [ref('ec2'), ref('iam'), PASSROLE, 'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/permission-to-pass-iam-roles.html', 'https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_AssociateIamInstanceProfile.html'],
  },
  {
    id: 'ec2-replace-instance-profile', title: 'swap the role of an instance the caller can run commands on', category: 'existing-resource', effect: 'become', target: 'role', service: 'ec2.amazonaws.com', inventory: 'ec2',
    summary: 'replaces the instance profile of an existing instance with one holding the role, then runs a command on the instance through Systems Manager',
    actions: [
      passRole('ec2.amazonaws.com'),
      { action: 'ec2:ReplaceIamInstanceProfileAssociation', resource: 'instance', on: 'existing', context: { 'ec2:NewInstanceProfile': '{instanceProfile}' } },
      { action: 'ssm:SendCommand', resource: 'instance', on: 'existing' },
      { action: 'ssm:SendCommand', resource: 'document', on: 'aws' },
    ],
    sources: [ref('ec2'), ref('ssm'), ref('iam'), PASSROLE, 'https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ReplaceIamInstanceProfileAssociation.html'],
    caveats: ['the SSM agent must run on the instance and reach Systems Manager'],
  },
  {
    id: 'lambda-create-invoke', title: 'create and invoke a Lambda function with the role', category: 'pass-role', effect: 'become', target: 'role', service: 'lambda.amazonaws.com',
    summary: 'creates a function whose execution role is the role, and invokes it: the code runs with the role credentials',
    actions: [passRole('lambda.amazonaws.com'), { action: 'lambda:CreateFunction', resource: 'function', on: 'new' }, { action: 'lambda:InvokeFunction', resource: 'function', on: 'new' }],
    sources: [ref('lambda'), ref('iam'), PASSROLE, 'https://docs.aws.amazon.com/lambda/latest/dg/lambda-intro-execution-role.html'],
  },
  {
    id: 'lambda-create-event-source', title: 'create a Lambda function with the role, invoked by an event source', category: 'pass-role', effect: 'become', target: 'role', service: 'lambda.amazonaws.com',
    summary: 'creates a function whose execution role is the role and an event source mapping that invokes it',
    actions: [passRole('lambda.amazonaws.com'), { action: 'lambda:CreateFunction', resource: 'function', on: 'new' }, { action: 'lambda:CreateEventSourceMapping', resource: '*', on: 'any', context: { 'lambda:FunctionArn': '{function}' } }],
    sources: [ref('lambda'), ref('iam'), PASSROLE, 'https://docs.aws.amazon.com/lambda/latest/dg/invocation-eventsourcemapping.html'],
    caveats: ['needs an event source (a stream or queue) that delivers records'],
  },
  {
    id: 'lambda-update-code', title: 'replace the code of a function that runs with the role', category: 'existing-resource', effect: 'become', target: 'role', service: 'lambda.amazonaws.com', inventory: 'lambda',
    summary: 'uploads new code to an existing function whose execution role is the role; the code runs at the next invocation',
    actions: [{ action: 'lambda:UpdateFunctionCode', resource: 'function', on: 'existing' }, { action: 'lambda:InvokeFunction', resource: 'function', on: 'existing', optional: true }],
    sources: [ref('lambda'), 'https://docs.aws.amazon.com/lambda/latest/api/API_UpdateFunctionCode.html'],
    caveats: [NO_PASSROLE_NEEDED, 'without lambda:InvokeFunction the code runs when something else invokes the function'],
  },
  {
    id: 'glue-create-dev-endpoint', title: 'create a Glue development endpoint with the role', category: 'pass-role', effect: 'become', target: 'role', service: 'glue.amazonaws.com',
    summary: 'creates a development endpoint with the role and the caller\'s SSH key, and reads the role credentials over SSH',
    actions: [passRole('glue.amazonaws.com'), { action: 'glue:CreateDevEndpoint', resource: '*', on: 'any' }],
    sources: [ref('glue'), ref('iam'), PASSROLE, 'https://docs.aws.amazon.com/glue/latest/webapi/API_CreateDevEndpoint.html'],
  },
  {
    id: 'glue-update-dev-endpoint', title: 'add an SSH key to a Glue development endpoint that runs with the role', category: 'existing-resource', effect: 'become', target: 'role', service: 'glue.amazonaws.com', inventory: 'glue',
    summary: 'adds the caller\'s SSH public key to an existing development endpoint and reads the role credentials over SSH',
    actions: [{ action: 'glue:UpdateDevEndpoint', resource: 'devendpoint', on: 'existing' }],
    sources: [ref('glue'), 'https://docs.aws.amazon.com/glue/latest/webapi/API_UpdateDevEndpoint.html'],
    caveats: [NO_PASSROLE_NEEDED],
  },
  {
    id: 'cloudformation-create-stack', title: 'create a CloudFormation stack with the role', category: 'pass-role', effect: 'become', target: 'role', service: 'cloudformation.amazonaws.com',
    summary: 'creates a stack with the role as its service role: CloudFormation creates whatever the template says with the role\'s permissions',
    actions: [passRole('cloudformation.amazonaws.com'), { action: 'cloudformation:CreateStack', resource: 'stack', on: 'new', context: { 'cloudformation:RoleArn': '{target}' } }],
    sources: [ref('cloudformation'), ref('iam'), PASSROLE, 'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-iam-servicerole.html'],
  },
  {
    id: 'cloudformation-update-stack', title: 'update a CloudFormation stack that runs with the role', category: 'existing-resource', effect: 'become', target: 'role', service: 'cloudformation.amazonaws.com', inventory: 'cloudformation',
    summary: 'updates an existing stack whose service role is the role with a template of the caller\'s choosing',
    actions: [{ action: 'cloudformation:UpdateStack', resource: 'stack', on: 'existing', context: { 'cloudformation:RoleArn': '{target}' } }],
    sources: [ref('cloudformation'), 'https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_UpdateStack.html', 'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-iam-servicerole.html'],
    caveats: ['AWS: "CloudFormation uses this role even if the users don\'t have permission to pass it"'],
  },
  {
    id: 'codebuild-create-project', title: 'create and start a CodeBuild project with the role', category: 'pass-role', effect: 'become', target: 'role', service: 'codebuild.amazonaws.com',
    summary: 'creates a build project whose service role is the role and starts a build: the buildspec runs with the role credentials',
    actions: [passRole('codebuild.amazonaws.com'), { action: 'codebuild:CreateProject', resource: 'project', on: 'new' }, { action: 'codebuild:StartBuild', resource: 'project', on: 'new' }],
    sources: [ref('codebuild'), ref('iam'), PASSROLE, 'https://docs.aws.amazon.com/codebuild/latest/userguide/setting-up-service-role.html'],
  },
  {
    id: 'codebuild-start-build', title: 'start a build of a CodeBuild project that runs with the role', category: 'existing-resource', effect: 'become', target: 'role', service: 'codebuild.amazonaws.com', inventory: 'codebuild',
    summary: 'starts a build of an existing project whose service role is the role, overriding its buildspec',
    actions: [{ action: 'codebuild:StartBuild', resource: 'project', on: 'existing' }],
    sources: [ref('codebuild'), 'https://docs.aws.amazon.com/codebuild/latest/APIReference/API_StartBuild.html'],
    caveats: [NO_PASSROLE_NEEDED],
  },
  {
    id: 'sagemaker-notebook', title: 'create a SageMaker notebook instance with the role and open it', category: 'pass-role', effect: 'become', target: 'role', service: 'sagemaker.amazonaws.com',
    summary: 'creates a notebook instance whose execution role is the role and opens it through a presigned URL: its terminal has the role credentials',
    actions: [passRole('sagemaker.amazonaws.com'), { action: 'sagemaker:CreateNotebookInstance', resource: 'notebook-instance', on: 'new' }, { action: 'sagemaker:CreatePresignedNotebookInstanceUrl', resource: 'notebook-instance', on: 'new' }],
    sources: [ref('sagemaker'), ref('iam'), PASSROLE, 'https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_CreateNotebookInstance.html', 'https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_CreatePresignedNotebookInstanceUrl.html'],
  },
  {
    id: 'sagemaker-presigned-url', title: 'open a SageMaker notebook instance that runs with the role', category: 'existing-resource', effect: 'become', target: 'role', service: 'sagemaker.amazonaws.com', inventory: 'sagemaker',
    summary: 'creates a presigned URL for an existing notebook instance whose execution role is the role and uses its terminal',
    actions: [{ action: 'sagemaker:CreatePresignedNotebookInstanceUrl', resource: 'notebook-instance', on: 'existing' }],
    sources: [ref('sagemaker'), 'https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_CreatePresignedNotebookInstanceUrl.html'],
    caveats: [NO_PASSROLE_NEEDED],
  },
  {
    id: 'sagemaker-training-job', title: 'run a SageMaker training job with the role', category: 'pass-role', effect: 'become', target: 'role', service: 'sagemaker.amazonaws.com',
    summary: 'starts a training job whose container, chosen by the caller, runs with the role credentials',
    actions: [passRole('sagemaker.amazonaws.com'), { action: 'sagemaker:CreateTrainingJob', resource: 'training-job', on: 'new' }],
    sources: [ref('sagemaker'), ref('iam'), PASSROLE, 'https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_CreateTrainingJob.html'],
  },
  {
    id: 'sagemaker-processing-job', title: 'run a SageMaker processing job with the role', category: 'pass-role', effect: 'become', target: 'role', service: 'sagemaker.amazonaws.com',
    summary: 'starts a processing job whose container, chosen by the caller, runs with the role credentials',
    actions: [passRole('sagemaker.amazonaws.com'), { action: 'sagemaker:CreateProcessingJob', resource: 'processing-job', on: 'new' }],
    sources: [ref('sagemaker'), ref('iam'), PASSROLE, 'https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_CreateProcessingJob.html'],
  },
  {
    id: 'datapipeline-create', title: 'run a Data Pipeline whose EC2 resource uses the role', category: 'pass-role', effect: 'become', target: 'role', service: 'ec2.amazonaws.com',
    summary: 'creates and activates a pipeline whose EC2 resource runs with the role (its resource role) and a shell command of the caller\'s choosing',
    actions: [
      { action: 'iam:PassRole', resource: 'role', on: 'target', context: { 'iam:PassedToService': 'datapipeline.amazonaws.com' } },
      { action: 'datapipeline:CreatePipeline', resource: '*', on: 'any' },
      { action: 'datapipeline:PutPipelineDefinition', resource: 'pipeline', on: 'new' },
      { action: 'datapipeline:ActivatePipeline', resource: 'pipeline', on: 'new' },
    ],
    sources: [ref('datapipeline'), ref('iam'), PASSROLE, 'https://docs.aws.amazon.com/datapipeline/latest/DeveloperGuide/dp-iam-roles.html'],
    caveats: ['the pipeline also needs a pipeline role (trusting datapipeline.amazonaws.com) that the caller may pass', 'AWS Data Pipeline is closed to new customers'],
  },
  {
    id: 'ecs-run-task', title: 'run an ECS task with the role as its task role', category: 'pass-role', effect: 'become', target: 'role', service: 'ecs-tasks.amazonaws.com',
    summary: 'runs a task with the role as task role (a task-definition override) and a command of the caller\'s choosing',
    actions: [passRole('ecs-tasks.amazonaws.com'), { action: 'ecs:RunTask', resource: 'task-definition', on: 'new' }, { action: 'ecs:RegisterTaskDefinition', resource: 'task-definition', on: 'new', optional: true }],
    sources: [ref('ecs'), ref('iam'), PASSROLE, 'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-iam-roles.html', 'https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_TaskOverride.html'],
    caveats: ['needs a cluster and a task definition (RegisterTaskDefinition, or an existing one whose role and command RunTask overrides)'],
  },
  {
    id: 'ssm-send-command', title: 'run a command on an instance that runs with the role', category: 'existing-resource', effect: 'become', target: 'role', service: 'ec2.amazonaws.com', inventory: 'ec2',
    summary: 'runs a shell command through Systems Manager on an existing instance whose instance profile holds the role',
    actions: [{ action: 'ssm:SendCommand', resource: 'instance', on: 'existing' }, { action: 'ssm:SendCommand', resource: 'document', on: 'aws' }],
    sources: [ref('ssm'), 'https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_SendCommand.html'],
    caveats: ['the SSM agent must run on the instance and reach Systems Manager'],
  },
  {
    id: 'ssm-start-session', title: 'open a Session Manager shell on an instance that runs with the role', category: 'existing-resource', effect: 'become', target: 'role', service: 'ec2.amazonaws.com', inventory: 'ec2',
    summary: 'opens an interactive shell through Session Manager on an existing instance whose instance profile holds the role',
    actions: [{ action: 'ssm:StartSession', resource: 'instance', on: 'existing' }],
    sources: [ref('ssm'), 'https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_StartSession.html'],
    caveats: ['the SSM agent must run on the instance and reach Systems Manager'],
  },
  {
    id: 'ec2-instance-connect', title: 'SSH to an instance that runs with the role through EC2 Instance Connect', category: 'existing-resource', effect: 'become', target: 'role', service: 'ec2.amazonaws.com', inventory: 'ec2',
    summary: 'pushes a one-time SSH key to an existing instance whose instance profile holds the role and logs in',
    actions: [{ action: 'ec2-instance-connect:SendSSHPublicKey', resource: 'instance', on: 'existing' }],
    sources: [ref('ec2-instance-connect'), 'https://docs.aws.amazon.com/ec2-instance-connect/latest/APIReference/API_SendSSHPublicKey.html'],
    caveats: ['the instance must run the Instance Connect agent and be reachable over SSH'],
  },
  {
    id: 'put-user-policy', title: 'write an inline policy into a user', category: 'permissions', effect: 'grant', target: 'user',
    summary: 'puts an inline policy that allows everything into the user',
    actions: [{ action: 'iam:PutUserPolicy', resource: 'user', on: 'target' }],
    sources: [ref('iam'), `${IAM_API}/API_PutUserPolicy.html`],
  },
  {
    id: 'put-group-policy', title: 'write an inline policy into a group of the user', category: 'permissions', effect: 'grant', target: 'user',
    summary: 'puts an inline policy that allows everything into a group the user belongs to',
    actions: [{ action: 'iam:PutGroupPolicy', resource: 'group', on: 'target' }],
    sources: [ref('iam'), `${IAM_API}/API_PutGroupPolicy.html`],
  },
  {
    id: 'put-role-policy', title: 'write an inline policy into a role', category: 'permissions', effect: 'grant', target: 'role',
    summary: 'puts an inline policy that allows everything into the role',
    actions: [{ action: 'iam:PutRolePolicy', resource: 'role', on: 'target' }],
    sources: [ref('iam'), `${IAM_API}/API_PutRolePolicy.html`],
  },
  {
    id: 'attach-user-policy', title: 'attach AdministratorAccess to a user', category: 'permissions', effect: 'grant', target: 'user',
    summary: 'attaches a managed policy that allows everything to the user',
    actions: [{ action: 'iam:AttachUserPolicy', resource: 'user', on: 'target', context: { 'iam:PolicyARN': '{adminPolicy}' } }],
    sources: [ref('iam'), `${IAM_API}/API_AttachUserPolicy.html`],
  },
  {
    id: 'attach-group-policy', title: 'attach AdministratorAccess to a group of the user', category: 'permissions', effect: 'grant', target: 'user',
    summary: 'attaches a managed policy that allows everything to a group the user belongs to',
    actions: [{ action: 'iam:AttachGroupPolicy', resource: 'group', on: 'target', context: { 'iam:PolicyARN': '{adminPolicy}' } }],
    sources: [ref('iam'), `${IAM_API}/API_AttachGroupPolicy.html`],
  },
  {
    id: 'attach-role-policy', title: 'attach AdministratorAccess to a role', category: 'permissions', effect: 'grant', target: 'role',
    summary: 'attaches a managed policy that allows everything to the role',
    actions: [{ action: 'iam:AttachRolePolicy', resource: 'role', on: 'target', context: { 'iam:PolicyARN': '{adminPolicy}' } }],
    sources: [ref('iam'), `${IAM_API}/API_AttachRolePolicy.html`],
  },
  {
    id: 'add-user-to-group', title: 'add a user to a more privileged group', category: 'permissions', effect: 'grant', target: 'user',
    summary: 'adds the user to a group whose policies give it more permissions',
    actions: [{ action: 'iam:AddUserToGroup', resource: 'group', on: 'target' }],
    sources: [ref('iam'), `${IAM_API}/API_AddUserToGroup.html`],
  },
  {
    id: 'create-policy-version', title: 'rewrite a customer managed policy attached to the principal', category: 'permissions', effect: 'grant', target: 'user-or-role',
    summary: 'creates a new default version (SetAsDefault) of a customer managed policy the principal holds, allowing everything',
    actions: [{ action: 'iam:CreatePolicyVersion', resource: 'policy', on: 'target' }],
    sources: [ref('iam'), `${IAM_API}/API_CreatePolicyVersion.html`, 'https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_managed-versioning.html'],
    caveats: ['a policy keeps at most five versions: with five, one must be deleted first (iam:DeletePolicyVersion)'],
  },
  {
    id: 'set-default-policy-version', title: 'make an older version of an attached policy the default', category: 'permissions', effect: 'grant', target: 'user-or-role',
    summary: 'sets a stored, more permissive version of a customer managed policy the principal holds as its default version',
    actions: [{ action: 'iam:SetDefaultPolicyVersion', resource: 'policy', on: 'target' }],
    sources: [ref('iam'), `${IAM_API}/API_SetDefaultPolicyVersion.html`, 'https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_managed-versioning.html'],
  },
  {
    id: 'delete-user-permissions-boundary', title: 'remove a user\'s permissions boundary', category: 'permissions', effect: 'grant', target: 'user',
    summary: 'deletes the permissions boundary that limits the user',
    actions: [{ action: 'iam:DeleteUserPermissionsBoundary', resource: 'user', on: 'target' }],
    sources: [ref('iam'), `${IAM_API}/API_DeleteUserPermissionsBoundary.html`, 'https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html'],
  },
  {
    id: 'delete-role-permissions-boundary', title: 'remove a role\'s permissions boundary', category: 'permissions', effect: 'grant', target: 'role',
    summary: 'deletes the permissions boundary that limits the role',
    actions: [{ action: 'iam:DeleteRolePermissionsBoundary', resource: 'role', on: 'target' }],
    sources: [ref('iam'), `${IAM_API}/API_DeleteRolePermissionsBoundary.html`, 'https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html'],
  },
  {
    id: 'put-user-permissions-boundary', title: 'replace a user\'s permissions boundary with AdministratorAccess', category: 'permissions', effect: 'grant', target: 'user',
    summary: 'sets a managed policy that allows everything as the user\'s permissions boundary',
    actions: [{ action: 'iam:PutUserPermissionsBoundary', resource: 'user', on: 'target', context: { 'iam:PermissionsBoundary': '{adminPolicy}' } }],
    sources: [ref('iam'), `${IAM_API}/API_PutUserPermissionsBoundary.html`, 'https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html'],
  },
  {
    id: 'put-role-permissions-boundary', title: 'replace a role\'s permissions boundary with AdministratorAccess', category: 'permissions', effect: 'grant', target: 'role',
    summary: 'sets a managed policy that allows everything as the role\'s permissions boundary',
    actions: [{ action: 'iam:PutRolePermissionsBoundary', resource: 'role', on: 'target', context: { 'iam:PermissionsBoundary': '{adminPolicy}' } }],
    sources: [ref('iam'), `${IAM_API}/API_PutRolePermissionsBoundary.html`, 'https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html'],
  },
]

/**
 * The technique with this id.
 *
 * @example
 * techniqueById('ec2-run-instances').service // 'ec2.amazonaws.com'
 */
export function techniqueById(id: TechniqueId): Technique {
  return TECHNIQUES.find((t) => t.id === id) as Technique
}
