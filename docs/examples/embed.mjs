// Embedding iamtrace: parse policies, compile them once, evaluate many requests, render a trace.
// Run from the repository after `npm run build`:  node docs/examples/embed.mjs
import { compilePolicySet, compileRequest, evaluateCompiled, parsePolicy, renderText } from 'iamtrace'

// 1. Parse. Errors are values: every problem has a stable code and a JSON pointer; nothing throws.
const trust = parsePolicy(
  `{
    "Version": "2012-10-17",
    "Statement": [{
      "Sid": "CiFromBuildAccount",
      "Effect": "Allow",
      "Principal": { "AWS": "arn:aws:iam::111122223333:root" },
      "Action": "sts:AssumeRole",
      "Condition": { "StringEquals": { "sts:ExternalId": "ci-7f3c" }, "Bool": { "aws:MultiFactorAuthPresent": "true" } }
    }]
  }`,
  { kind: 'trust', name: 'DeployTrust' },
)
const identity = parsePolicy(
  { Version: '2012-10-17', Statement: [{ Sid: 'AssumeDeploy', Effect: 'Allow', Action: 'sts:AssumeRole', Resource: 'arn:aws:iam::444455556666:role/Deploy' }] },
  { kind: 'identity', name: 'CiRunner' },
)
for (const parsed of [trust, identity]) {
  if (!parsed.ok) throw new Error(parsed.errors.map((e) => `${e.code} at ${e.pointer}`).join('; '))
}

// 2. Compile once: matchers, lowercased actions and a per-service index are built here, not per request.
const policies = compilePolicySet({
  identity: [{ name: 'CiRunner', policy: identity.value }],
  resource: { name: 'DeployTrust', policy: trust.value },
})

// 3. Evaluate many requests. compileRequest prepares a request once when it is asked again and again.
const base = {
  principal: { kind: 'aws', arn: 'arn:aws:iam::111122223333:role/CiRunner' },
  action: 'sts:AssumeRole',
  resource: 'arn:aws:iam::444455556666:role/Deploy',
}
const requests = [
  { ...base, context: { 'sts:ExternalId': 'ci-7f3c', 'aws:MultiFactorAuthPresent': 'true' } },
  { ...base, context: { 'sts:ExternalId': 'wrong', 'aws:MultiFactorAuthPresent': 'true' } },
  { ...base, context: { 'sts:ExternalId': 'ci-7f3c' } },
]
for (const request of requests) {
  const r = evaluateCompiled(request, policies)
  console.log(`${JSON.stringify(request.context)} → ${r.decision}${r.missingContextKeys.length > 0 ? ` (missing: ${r.missingContextKeys.join(', ')})` : ''}`)
}

const prepared = compileRequest(requests[0])
let allowed = 0
for (let i = 0; i < 10_000; i++) if (evaluateCompiled(prepared, policies).decision === 'allowed') allowed++
console.log(`one prepared request evaluated 10,000 times: ${allowed} allowed`)

// 4. Render the trace of one decision (the same text the CLI prints), or use the JSON (version 1).
const traced = evaluateCompiled(requests[1], policies, { trace: true })
console.log()
console.log(renderText(traced, 'fails'))
console.log(`trace JSON: version ${traced.trace.version}, ${traced.trace.layers.length} layers, ${traced.trace.steps.length} steps`)
