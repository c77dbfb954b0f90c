/**
 * Reads an input file as a host document: JSON (also CDK and JSON `.template` files), else YAML for
 * `.yaml`/`.yml`/`.template` names. A file that is neither is an input error located where reading stopped.
 */
import type { LintInputError, LintSource } from '../types.js'
import type { HostDocument } from './host.js'
import { readJsonHost } from './jsonHost.js'
import { readYamlHost } from './yamlHost.js'

/** The file as a host document and its syntax, or the error that kept it from being read. */
export function readHost(source: LintSource): { host: HostDocument; format: 'json' | 'yaml' } | { error: LintInputError } {
  const yamlName = /\.(ya?ml|template)$/i.test(source.path)
  // JSON first when the text looks like JSON (CDK and JSON `.template` files); YAML files may still be flow-style.
  if (!yamlName || /^\s*[{[]/.test(source.text)) {
    const r = readJsonHost(source.text)
    const fatal = r.diagnostics.find((d) => d.code !== 'json.duplicate-key')
    if (r.document !== undefined && fatal === undefined) return { host: r.document, format: 'json' }
    if (!yamlName) {
      const d = fatal ?? r.diagnostics[0]
      return { error: { code: d?.code ?? 'json.syntax', file: source.path, pointer: d?.pointer ?? '', message: d?.message ?? 'the text is not valid JSON', ...(d?.position !== undefined ? { position: d.position } : {}) } }
    }
  }
  const r = readYamlHost(source.text)
  if (r.document !== undefined) return { host: r.document, format: 'yaml' }
  const first = r.problems[0]
  return { error: { code: 'input.invalid-yaml', file: source.path, pointer: '', message: first?.message ?? 'invalid YAML', ...(first?.position !== undefined ? { position: first.position } : {}) } }
}
