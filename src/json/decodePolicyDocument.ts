/**
 * Accepts a policy document in any of the forms callers hold it: a JavaScript object, JSON text, or
 * URL-encoded JSON text as the IAM API returns it (`GetRolePolicy`, `GetRole`'s
 * `AssumeRolePolicyDocument`: https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetRolePolicy.html).
 */
import { diagnostic, type Diagnostic } from '../diagnostics.js'
import { err, ok, type Result } from '../result.js'
import { fromPlainValue } from './fromPlainValue.js'
import { DEFAULT_MAX_LENGTH, documentWithoutPositions, type JsonDocument, type JsonReadOptions } from './jsonValue.js'
import { readJsonText, type JsonReadOutcome } from './readJson.js'

/**
 * Reads a policy document from an object, JSON text, or URL-encoded JSON text (`%7B%22Version...`).
 * Bad percent-escapes give `json.invalid-url-encoding`; other failures are those of `parseJsonText`
 * and `fromPlainValue`. Never throws.
 *
 * @example
 * const r = decodePolicyDocument('%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%5D%7D')
 * if (r.ok) r.value.value // { Version: '2012-10-17', Statement: [] } (null-prototype objects)
 */
export function decodePolicyDocument(input: unknown, options: JsonReadOptions = {}): Result<JsonDocument, Diagnostic> {
  const outcome = readPolicyInput(input, options)
  const [first, ...rest] = outcome.diagnostics
  if (first !== undefined) return err(first, ...rest)
  if (outcome.document === undefined) return err(diagnostic('json.syntax', '', 'the input could not be read'))
  return ok(outcome.document)
}

/** Like {@link decodePolicyDocument} but keeps the document when the only problems are duplicate keys. */
export function readPolicyInput(input: unknown, options: JsonReadOptions = {}): JsonReadOutcome {
  if (typeof input === 'string') return readPolicyText(input, options)
  if (typeof input === 'object' && input !== null) {
    const converted = options.maxDepth === undefined ? fromPlainValue(input) : fromPlainValue(input, { maxDepth: options.maxDepth })
    return converted.ok ? { document: documentWithoutPositions(converted.value), diagnostics: [] } : { diagnostics: converted.errors }
  }
  const what = input === undefined ? 'undefined' : input === null ? 'null' : typeof input
  return { diagnostics: [diagnostic('json.not-object', '', `expected a policy object or JSON text but got ${what}`)] }
}

function readPolicyText(text: string, options: JsonReadOptions): JsonReadOutcome {
  const maxLength = options.maxLength ?? DEFAULT_MAX_LENGTH
  let start = text.charCodeAt(0) === 0xfeff ? 1 : 0
  while (start < text.length && /\s/.test(text.charAt(start))) start++
  if (text.charAt(start) !== '%') return readJsonText(text, options)
  // Each decoded character takes at most 3 encoded ones for ASCII; bound the work before decoding.
  if (text.length > maxLength * 3) {
    return {
      diagnostics: [diagnostic('json.too-large', '', `the encoded text has ${text.length} characters, more than allowed`)],
    }
  }
  let decoded: string
  try {
    decoded = decodeURIComponent(text.slice(start))
  } catch {
    const bad = /%(?![0-9a-fA-F]{2})/.exec(text)
    const where = bad === null ? '' : ` near offset ${bad.index}`
    return {
      diagnostics: [
        diagnostic('json.invalid-url-encoding', '', `the URL-encoded text has an invalid percent-escape${where}`, {
          help: 'the IAM API returns policies URL-encoded; decode with decodeURIComponent or pass the JSON text',
        }),
      ],
    }
  }
  return readJsonText(decoded, options)
}
