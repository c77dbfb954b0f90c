/**
 * Policy document → typed, normalised {@link Policy}. Reads an object, JSON text or URL-encoded JSON
 * text; collects every problem as a diagnostic and never throws, whatever the input.
 * Grammar: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
 */
import { childPointer, exceptionDiagnostic, type Diagnostic } from '../diagnostics.js'
import { readPolicyInput } from '../json/decodePolicyDocument.js'
import { getMember, isJsonArray, isJsonObject, jsonTypeName, type JsonContainer, type JsonDocument, type JsonObject, type JsonReadOptions, type JsonValue } from '../json/jsonValue.js'
import { isNonEmpty } from '../result.js'
import { checkCharacters } from './checkCharacters.js'
import { ParseContext, quote } from './parseContext.js'
import { finishStatement, parseStatement } from './parseStatement.js'
import type { ParsePolicyOptions, Policy, PolicyParseResult, Statement } from './types.js'
import { validateStatementForKind, validateVersionForKind } from './validateKind.js'

const POLICY_KEYS: ReadonlySet<string> = new Set(['Version', 'Id', 'Statement'])
/** https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_version.html */
const VERSIONS: ReadonlySet<string> = new Set(['2012-10-17', '2008-10-17'])

/**
 * Parses and validates a policy document of the given kind.
 *
 * @example
 * const r = parsePolicy('{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}}', { kind: 'trust' })
 * if (r.ok) r.value.statements[0]?.principal?.entries[0]?.form // 'service'
 */
export function parsePolicy(input: unknown, options: ParsePolicyOptions): PolicyParseResult {
  const readOptions: { -readonly [K in keyof JsonReadOptions]: JsonReadOptions[K] } = {}
  if (options.maxDepth !== undefined) readOptions.maxDepth = options.maxDepth
  if (options.maxLength !== undefined) readOptions.maxLength = options.maxLength
  let read: ReturnType<typeof readPolicyInput>
  try {
    read = readPolicyInput(input, readOptions)
  } catch (caught) {
    // INVARIANT: the reader does not throw; resource exhaustion may still surface as an exception, and
    // anything else is a fault of iamtrace, reported as such.
    read = { diagnostics: [exceptionDiagnostic(caught, '', 'reading the policy document')] }
  }
  const fromReader = options.file === undefined ? read.diagnostics : read.diagnostics.map((d) => ({ ...d, file: options.file as string }))
  if (read.document === undefined) return finish([...fromReader], undefined)
  return parseRead(read.document, options, fromReader)
}

/**
 * Parses a policy document already read as JSON (a part of a larger file read with positions, such as
 * a scenario's embedded policy): no second copy of the value is made.
 */
export function parsePolicyDocument(document: JsonDocument, options: ParsePolicyOptions): PolicyParseResult {
  return parseRead(document, options, [])
}

function parseRead(document: JsonDocument, options: ParsePolicyOptions, fromReader: readonly Diagnostic[]): PolicyParseResult {
  const ctx = new ParseContext(document, options.kind, options.file)
  ctx.diagnostics.push(...fromReader)
  const root = document.value
  if (!isJsonObject(root)) {
    ctx.report('json.not-object', '', `a policy document is a JSON object, not ${jsonTypeName(root)}`)
    return finish(ctx.diagnostics, undefined)
  }
  checkCharacters(ctx, root)
  const policy = buildPolicy(ctx, root, options)
  return finish(ctx.diagnostics, policy)
}

function finish(diagnostics: Diagnostic[], policy: Policy | undefined): PolicyParseResult {
  const errors = diagnostics.filter((d) => d.severity === 'error')
  if (isNonEmpty(errors)) {
    return policy === undefined ? { ok: false, errors, diagnostics } : { ok: false, errors, diagnostics, recovered: policy }
  }
  if (policy === undefined) {
    // Unreachable in practice: every path without a policy reports an error first.
    const error: Diagnostic = { code: 'json.syntax', severity: 'error', pointer: '', message: 'the document could not be read' }
    return { ok: false, errors: [error], diagnostics: [...diagnostics, error] }
  }
  return { ok: true, value: policy, diagnostics }
}

function buildPolicy(ctx: ParseContext, root: JsonObject, options: ParsePolicyOptions): Policy {
  for (const key of Object.keys(root)) {
    if (!POLICY_KEYS.has(key)) {
      ctx.report('policy.unknown-key', childPointer('', key), `${quote(key)} is not a policy element`, 'element names are case-sensitive: Version, Id, Statement')
    }
  }
  const version = readVersion(ctx, root)
  ctx.variablesEnabled = version === '2012-10-17'
  validateVersionForKind(ctx, version)
  const id = readId(ctx, root)
  const statements = readStatements(ctx, root)

  const position = ctx.document.positionOf('')
  const policy: { -readonly [K in keyof Policy]: Policy[K] } = {
    pointer: '',
    ...(position !== undefined ? { position } : {}),
    kind: options.kind,
    variablesEnabled: ctx.variablesEnabled,
    statements,
  }
  if (options.name !== undefined) policy.name = options.name
  if (version !== undefined) policy.version = version
  if (id !== undefined) policy.id = id
  return policy
}

// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_version.html
function readVersion(ctx: ParseContext, root: JsonObject): string | undefined {
  if (!Object.hasOwn(root, 'Version')) return undefined
  const raw = getMember(root, 'Version')
  if (typeof raw !== 'string') {
    ctx.report('policy.wrong-type', '/Version', `Version is a string, not ${jsonTypeName(raw)}`)
    return undefined
  }
  if (!VERSIONS.has(raw)) ctx.report('policy.invalid-version', '/Version', `${quote(raw)} is not \`2012-10-17\` or \`2008-10-17\``)
  return raw
}

// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_id.html
function readId(ctx: ParseContext, root: JsonObject): string | undefined {
  if (!Object.hasOwn(root, 'Id')) return undefined
  const raw = getMember(root, 'Id')
  if (typeof raw !== 'string') {
    ctx.report('policy.wrong-type', '/Id', `Id is a string, not ${jsonTypeName(raw)}`)
    return undefined
  }
  return raw
}

// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_statement.html
function readStatements(ctx: ParseContext, root: JsonObject): Statement[] {
  if (!Object.hasOwn(root, 'Statement')) {
    ctx.report('policy.missing-statement', '', 'the policy has no Statement')
    return []
  }
  const raw = getMember(root, 'Statement')
  if (isJsonArray(raw) && raw.length === 0) ctx.report('policy.empty-statement', '/Statement', 'Statement is an empty list')
  const statements: Statement[] = []
  const sids = new Map<string, string>()
  const read = (value: JsonValue, pointer: string, index: number, parent: JsonContainer, key: string | number): void => {
    const draft = parseStatement(ctx, value, pointer, index)
    if (draft === undefined) return
    const object = value as JsonObject
    validateStatementForKind(ctx, draft, (k) => Object.hasOwn(object, k))
    if (draft.sid !== undefined && draft.sid !== '') {
      // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_sid.html
      const first = sids.get(draft.sid)
      if (first !== undefined) ctx.report('policy.duplicate-sid', childPointer(pointer, 'Sid'), `the sid ${quote(draft.sid)} is already used at \`${first}\``)
      else sids.set(draft.sid, pointer)
    }
    const statement = finishStatement(draft, ctx.positionAt(parent, key))
    if (statement !== undefined) statements.push(statement)
  }
  if (isJsonArray(raw)) raw.forEach((v, i) => read(v, `/Statement/${i}`, i, raw, i))
  else read(raw as JsonValue, '/Statement', 0, root, 'Statement')
  return statements
}
