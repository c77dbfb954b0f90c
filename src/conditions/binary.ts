/**
 * The BinaryEquals operator: the policy value is the base64 encoding of the expected bytes; the request
 * value (base64 too) is compared byte for byte. Decoded here without Node's Buffer (the core runs in
 * browsers). Policy variables are not supported, so `${...}` is not base64.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_BinaryEquals
 */
import type { ConditionNode } from '../policy/types.js'
import { M_FALSE, M_INVALID, M_TRUE, NO_KEYS } from './evaluation.js'
import type { FamilyCompiled, ValueComparer } from './evaluation.js'

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
const DECODE = new Int16Array(128).fill(-1)
for (let i = 0; i < ALPHABET.length; i++) DECODE[ALPHABET.charCodeAt(i)] = i

/** Decodes standard, padded base64 (RFC 4648 §4); undefined for anything else (whitespace, URL alphabet, bad padding). */
export function decodeBase64(text: string): Uint8Array | undefined {
  if (text.length % 4 !== 0) return undefined
  let padding = 0
  if (text.endsWith('==')) padding = 2
  else if (text.endsWith('=')) padding = 1
  const out = new Uint8Array((text.length / 4) * 3 - padding)
  let o = 0
  for (let i = 0; i < text.length; i += 4) {
    const last = i + 4 === text.length
    let n = 0
    for (let j = 0; j < 4; j++) {
      const c = text.charCodeAt(i + j)
      let v: number
      if (c === 61 && last && j >= 4 - padding) v = 0
      else {
        // DECODE has an entry for every code below 128.
        v = c < 128 ? (DECODE[c] as number) : -1
        if (v < 0) return undefined
      }
      n = (n << 6) | v
    }
    out[o++] = (n >> 16) & 0xff
    if (o < out.length) out[o++] = (n >> 8) & 0xff
    if (o < out.length) out[o++] = n & 0xff
  }
  return out
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

/** Compiles the values of a BinaryEquals condition. */
export function compileBinaryValues(node: ConditionNode): FamilyCompiled {
  if (node.baseOperator !== 'BinaryEquals') {
    return { problem: { reason: 'unknownOperator', note: `unknown binary operator ${node.baseOperator}` } }
  }
  const comparers: ValueComparer[] = []
  for (const { value } of node.values) {
    const policy = decodeBase64(value)
    if (policy === undefined) {
      return { problem: { reason: 'invalidValue', note: `invalid base64 "${value}" for BinaryEquals; fail closed` } }
    }
    comparers.push({
      policyValue: value,
      compare(r) {
        const request = decodeBase64(r)
        if (request === undefined) return M_INVALID
        return sameBytes(request, policy) ? M_TRUE : M_FALSE
      },
    })
  }
  return { valueKind: 'base64 value', variableKeys: NO_KEYS, comparers }
}
