// Cold start of iam-simulate for bench/run.ts: import it and answer one scenario through its public API.
// AGPL: bench only, never shipped.
import { readFileSync } from 'node:fs'
import { runSimulation } from '@cloud-copilot/iam-simulate'

const s = JSON.parse(readFileSync(process.argv[2], 'utf8'))
const r = s.request
const account = (arn) => /^arn:[^:]+:[^:]*:[^:]*:(\d{12}):/.exec(arn)?.[1]
const doc = (p) => (p && typeof p === 'object' && 'document' in p ? p.document : p)
const result = await runSimulation(
  {
    request: { principal: r.principal, action: r.action, resource: { resource: r.resource, accountId: account(r.resource) }, contextVariables: r.context ?? {} },
    identityPolicies: (s.principalPolicies?.identity ?? []).map((p, i) => ({ name: p.name ?? `identity${i}`, policy: doc(p) })),
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    ...(s.resourcePolicies?.resource ? { resourcePolicy: doc(s.resourcePolicies.resource) } : {}),
  },
  {},
)
process.stdout.write(`${result.overallResult}\n`)
