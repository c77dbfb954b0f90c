/**
 * Runs @cloud-copilot/iam-simulate (AGPL) on iamtrace's scenario inputs, for side-by-side timing in
 * bench/ only. It is never imported from src/ and never shipped (test/package/no-agpl.test.ts checks).
 * Two entry points: `runSimulation` (its public async API: validation, policy loading, decision) and
 * `authorize` (its synchronous core, reached by file path, with policies loaded once: the closest
 * equivalent of iamtrace's compile-once evaluation). Its `runUnsafeSimulation` fails on resource
 * policies (it loads them without the name its core reads), so it is not used.
 */
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { pathToFileURL } from 'node:url'

type Json = Record<string, unknown>
/** The Simulation object of iam-simulate's public API (kept loose: this is bench code). */
export type Simulation = Json & { request: Json }

const require = createRequire(import.meta.url)
// The package's exports map hides its core; resolve its directory from the CJS entry (dist/cjs/index.js).
const root = join(dirname(require.resolve('@cloud-copilot/iam-simulate')), '..', '..')
const esm = (p: string): string => pathToFileURL(join(root, 'dist/esm', p)).href

/** The loaded library. */
export interface IamSimulate {
  runSimulation(sim: Simulation, options: Json): Promise<{ resultType: string; overallResult?: string; errors?: unknown }>
  /**
   * Loads the policies once and returns a function that authorizes the request (the synchronous core),
   * building its request objects from the plain request on every call (`variant` is added to the
   * context as an unread key, so that no call sees the same objects), as iamtrace is measured.
   */
  prepareCore(sim: Simulation): (variant?: number) => string
}

/** Loads iam-simulate, its core modules included. */
export async function loadIamSimulate(): Promise<IamSimulate> {
  const api = (await import('@cloud-copilot/iam-simulate')) as unknown as Pick<IamSimulate, 'runSimulation'>
  const core = (await import(esm('core_engine/CoreSimulatorEngine.js'))) as { authorize(req: Json): { result: string } }
  const { AwsRequestImpl } = (await import(esm('request/request.js'))) as { AwsRequestImpl: new (...a: unknown[]) => unknown }
  const { RequestContextImpl } = (await import(esm('requestContext.js'))) as { RequestContextImpl: new (v: unknown) => unknown }
  const { DiscoveryContextKeyConstraints } = (await import(esm('context_keys/discoveryContextKeyConstraints.js'))) as { DiscoveryContextKeyConstraints: new (v: unknown[]) => unknown }
  const { loadPolicy } = (await import('@cloud-copilot/iam-policy' as string)) as { loadPolicy(p: unknown, meta?: Json): unknown }
  const load = (p: { name: string; policy: unknown }): unknown => loadPolicy(p.policy, { name: p.name })
  const levels = (list: unknown): unknown =>
    (list as { orgIdentifier: string; policies: { name: string; policy: unknown }[] }[]).map((l) => ({ orgIdentifier: l.orgIdentifier, policies: l.policies.map(load) }))
  return {
    runSimulation: api.runSimulation,
    prepareCore(sim) {
      const r = sim.request as { principal: unknown; action: string; resource: { resource: string; accountId: string }; contextVariables: unknown }
      const boundaries = sim['permissionBoundaryPolicies'] as { name: string; policy: unknown }[] | undefined
      const input: Json = {
        request: new AwsRequestImpl(r.principal, r.resource, r.action, new RequestContextImpl(r.contextVariables)),
        sessionPolicy: sim['sessionPolicy'] !== undefined ? load({ name: 'session', policy: sim['sessionPolicy'] }) : undefined,
        identityPolicies: (sim['identityPolicies'] as { name: string; policy: unknown }[]).map(load),
        serviceControlPolicies: levels(sim['serviceControlPolicies']),
        resourceControlPolicies: levels(sim['resourceControlPolicies']),
        resourcePolicy: sim['resourcePolicy'] !== undefined ? load({ name: 'ResourcePolicy', policy: sim['resourcePolicy'] }) : undefined,
        permissionBoundaries: boundaries?.map(load),
        vpcEndpointPolicies: undefined,
        simulationParameters: { simulationMode: 'Strict', discoveryContextKeyConstraints: new DiscoveryContextKeyConstraints([]) },
        serviceSettings: { s3: {} },
      }
      return (variant) => {
        const contextVariables = variant === undefined ? r.contextVariables : { ...(r.contextVariables as Record<string, unknown>), 'bench:variant': String(variant) }
        const request = new AwsRequestImpl(r.principal, { ...r.resource }, r.action, new RequestContextImpl(contextVariables))
        return core.authorize({ ...input, request }).result
      }
    },
  }
}

/** iam-simulate's decision words, mapped to iamtrace's. */
export function decisionOf(overall: string | undefined): string | undefined {
  if (overall === 'Allowed') return 'allowed'
  if (overall === 'ExplicitlyDenied') return 'explicitDeny'
  if (overall === 'ImplicitlyDenied') return 'implicitDeny'
  return undefined
}

const ACCOUNT = /^arn:[^:]+:[^:]*:[^:]*:(\d{12}):/

function documentOf(p: unknown): { name?: string; policy: unknown } {
  if (p !== null && typeof p === 'object' && 'document' in p) {
    const named = p as { name?: string; document: unknown }
    const doc = typeof named.document === 'string' ? safeParse(named.document) : named.document
    return { ...(named.name !== undefined ? { name: named.name } : {}), policy: doc }
  }
  return { policy: typeof p === 'string' ? safeParse(p) : p }
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    try {
      return JSON.parse(decodeURIComponent(text))
    } catch {
      return undefined
    }
  }
}

/**
 * Converts a scenario file's JSON into an iam-simulate Simulation, or undefined when the scenario uses
 * something iam-simulate cannot express (federated callers, session policies on non-sessions...).
 */
export function toSimulation(scenario: Json): Simulation | undefined {
  const req = scenario['request'] as Json
  const pp = (scenario['principalPolicies'] ?? {}) as Json
  const rp = (scenario['resourcePolicies'] ?? {}) as Json
  let principal: unknown = req['principal']
  if (principal !== null && typeof principal === 'object') {
    const o = principal as Json
    if (typeof o['aws'] === 'string') principal = o['aws']
    else if (typeof o['service'] === 'string') principal = o['service']
    else if (o['anonymous'] === true) principal = { type: 'Anonymous' }
    else return undefined
  }
  const resource = String(req['resource'])
  const callerAccount = typeof principal === 'string' ? ACCOUNT.exec(principal)?.[1] : undefined
  const accountId = (req['resourceAccount'] as string | undefined) ?? ACCOUNT.exec(resource)?.[1] ?? callerAccount ?? '999999999999'
  const context: Record<string, string | string[]> = {}
  for (const [k, v] of Object.entries((req['context'] ?? {}) as Json)) context[k] = Array.isArray(v) ? v.map(String) : String(v)
  const named = (list: unknown, label: string) => ((list ?? []) as unknown[]).map((p, i) => ({ name: documentOf(p).name ?? `${label}${i}`, policy: documentOf(p).policy }))
  const levels = (list: unknown, label: string) => ((list ?? []) as unknown[][]).map((level, i) => ({ orgIdentifier: `${label}-${i}`, policies: named(level, `${label}${i}-`) }))
  const session = (pp['session'] ?? []) as unknown[]
  if (session.length > 1) return undefined
  const sim: Simulation = {
    request: { principal, action: String(req['action']), resource: { resource, accountId }, contextVariables: context },
    identityPolicies: named(pp['identity'], 'identity'),
    serviceControlPolicies: levels(pp['scps'], 'scp'),
    resourceControlPolicies: levels(rp['rcps'], 'rcp'),
  }
  if (pp['boundary'] != null) sim['permissionBoundaryPolicies'] = named([pp['boundary']], 'boundary')
  if (session.length === 1) sim['sessionPolicy'] = documentOf(session[0]).policy
  if (rp['resource'] != null) sim['resourcePolicy'] = documentOf(rp['resource']).policy
  return sim
}
