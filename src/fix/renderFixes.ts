/**
 * Fixes as text: one numbered entry per fix, each change with its kind, what it does, and the context,
 * parameters or JSON patch (with the policy it applies to). Pure; nothing is printed here.
 */
import type { Fix, FixChange } from './types.js'

function changeLines(c: FixChange): string[] {
  const lines = [`[${c.kind}] ${c.description}`]
  if (c.context !== undefined) lines.push(`    context: ${Object.keys(c.context).map((k) => `${k}=${JSON.stringify(c.context?.[k])}`).join(', ')}`)
  if (c.parameters !== undefined) lines.push(`    parameters: ${JSON.stringify(c.parameters)}`)
  if (c.policy?.detach === true) lines.push(`    detach "${c.policy.name}" (${c.policy.owner})`)
  if (c.patch !== undefined && c.policy !== undefined) {
    lines.push(`    patch ${c.policy.new === true ? 'creating' : 'of'} "${c.policy.name}" (${c.policy.owner}): ${JSON.stringify(c.patch)}`)
    if (c.policy.shared !== undefined) lines.push(`    note: ${c.policy.shared}`)
  }
  return lines
}

/**
 * Renders fixes, or a line saying none was found.
 *
 * @example
 * process.stdout.write(renderFixes(fixScenario(scenario)))
 */
export function renderFixes(fixes: readonly Fix[]): string {
  if (fixes.length === 0) return 'fixes: none found (each candidate was re-evaluated and none allows the request)\n'
  const lines = ['fixes (each verified by re-evaluating with the change applied):']
  fixes.forEach((f, i) => {
    const [first, ...rest] = changeLines(f)
    lines.push(`  ${i + 1}. ${first ?? ''}`, ...rest.map((l) => `     ${l}`))
    for (const w of f.with ?? []) {
      const [head, ...tail] = changeLines(w)
      lines.push(`     together with ${head ?? ''}`, ...tail.map((l) => `     ${l}`))
    }
  })
  return `${lines.join('\n')}\n`
}
