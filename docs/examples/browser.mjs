// The page script of browser.html: iamtrace's ESM bundle, no Node.js globals, no code generation.
import { compileScenario, parseScenario, renderText } from './iamtrace.browser.mjs'

const example = {
  request: {
    principal: 'arn:aws:iam::111122223333:user/alice',
    action: 'sts:AssumeRole',
    resource: 'arn:aws:iam::444455556666:role/Auditor',
    context: { 'aws:MultiFactorAuthPresent': 'true' },
  },
  principalPolicies: {
    identity: [{ name: 'AssumeAuditor', document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: 'arn:aws:iam::444455556666:role/Auditor' }] } }],
  },
  resourcePolicies: {
    resource: {
      name: 'AuditorTrust',
      document: {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'sts:AssumeRole', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }],
      },
    },
  },
}

const input = document.getElementById('scenario')
const output = document.getElementById('output')
input.value = JSON.stringify(example, null, 2)

function run() {
  const parsed = parseScenario(input.value, { file: 'pasted scenario' })
  if (!parsed.ok) {
    output.textContent = parsed.errors.map((e) => `${e.code} at ${e.pointer || '/'}${e.position ? ` (line ${e.position.line})` : ''}: ${e.message}`).join('\n')
    return
  }
  const result = compileScenario(parsed.value).evaluate(undefined, { trace: true })
  output.textContent = renderText(result, 'full')
}

document.getElementById('evaluate').addEventListener('click', run)
run()
