/**
 * Stable finding fingerprints: a hash of rule id, file, policy name, policy pointer and message, so that a
 * finding keeps its identity when lines move (baselines, SARIF `partialFingerprints`).
 */

/** 64-bit FNV-1a as 16 hex characters (two 32-bit halves; no BigInt needed). */
function fnv1a64(text: string): string {
  let h1 = 0x811c9dc5
  let h2 = 0xcbf29ce4
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    h1 = Math.imul(h1 ^ (c & 0xff), 0x01000193) >>> 0
    h2 = Math.imul(h2 ^ (c >>> 8) ^ (h1 & 0xff), 0x01000193) >>> 0
  }
  return h1.toString(16).padStart(8, '0') + h2.toString(16).padStart(8, '0')
}

/** The fingerprint of a finding. */
export function findingFingerprint(parts: { ruleId: string; file: string; policyName?: string; pointer: string; message: string }): string {
  return fnv1a64([parts.ruleId, parts.file.replace(/\\/g, '/'), parts.policyName ?? '', parts.pointer, parts.message].join('\u0000'))
}
