/**
 * IAM accepts only TAB, LF, CR and U+0020–U+00FF in a policy document.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html
 */
import { childPointer } from '../diagnostics.js'
import { isJsonArray, isJsonObject, type JsonValue } from '../json/jsonValue.js'
import type { ParseContext } from './parseContext.js'

/** A character IAM rejects (one class, no backtracking). */
const INVALID = /[^\t\n\r\u0020-\u00ff]/

/** Whether the text holds a character IAM rejects (a native scan). */
export function holdsInvalidCharacter(text: string): boolean {
  return INVALID.test(text)
}

/** Index of the first character IAM rejects, or -1. */
function firstInvalidCharacter(text: string): number {
  return text.search(INVALID)
}

/** Reports every key and string value holding a character IAM rejects. Iterative: depth is already bounded by the reader. */
export function checkCharacters(ctx: ParseContext, root: JsonValue): void {
  // PERF: almost every document is clean; pointers are built only for one that is not. The reader
  // already saw every character of a document read from text.
  if (ctx.document.outsideIamRange === false || !hasInvalidCharacter(root)) return
  const pending: { value: JsonValue; pointer: string }[] = [{ value: root, pointer: '' }]
  for (let item = pending.pop(); item !== undefined; item = pending.pop()) {
    const { value, pointer } = item
    if (typeof value === 'string') report(ctx, value, pointer, 'value')
    else if (isJsonArray(value)) value.forEach((v, i) => pending.push({ value: v, pointer: childPointer(pointer, i) }))
    else if (isJsonObject(value)) {
      for (const key of Object.keys(value)) {
        const child = childPointer(pointer, key)
        report(ctx, key, child, 'key')
        pending.push({ value: value[key] as JsonValue, pointer: child })
      }
    }
  }
}

function report(ctx: ParseContext, text: string, pointer: string, what: 'key' | 'value'): void {
  const at = firstInvalidCharacter(text)
  if (at < 0) return
  const code = text.charCodeAt(at).toString(16).toUpperCase().padStart(4, '0')
  ctx.report('policy.invalid-character', pointer, `a ${what} holds character U+${code}, which iam does not accept`, 'iam accepts tab, line feed, carriage return and U+0020 to U+00FF')
}


/** Whether any key or string value holds a character IAM rejects (no pointers, no allocation per string). */
function hasInvalidCharacter(root: JsonValue): boolean {
  if (typeof root === 'string') return INVALID.test(root)
  const pending: JsonValue[] = [root]
  for (let value = pending.pop(); value !== undefined; value = pending.pop()) {
    if (isJsonArray(value)) {
      for (const v of value) {
        if (typeof v === 'string') {
          if (INVALID.test(v)) return true
        } else if (typeof v === 'object' && v !== null) pending.push(v)
      }
    } else if (isJsonObject(value)) {
      for (const key of Object.keys(value)) {
        if (INVALID.test(key)) return true
        const v = value[key] as JsonValue
        if (typeof v === 'string') {
          if (INVALID.test(v)) return true
        } else if (typeof v === 'object' && v !== null) pending.push(v)
      }
    }
  }
  return false
}
