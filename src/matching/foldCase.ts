/**
 * Case-insensitive comparison without making lowercased copies: names and values compared on every
 * request (principal names, StringEqualsIgnoreCase values) are mostly ASCII and mostly differ.
 */

/**
 * Whether `a.toLowerCase() === b.toLowerCase()`. PERF: ASCII text is compared code unit by code unit,
 * with no string made; anything else falls back to `toLowerCase` (which can change a string's length).
 *
 * @example
 * sameIgnoringCase('DataReader', 'datareader') // true
 */
export function sameIgnoringCase(a: string, b: string): boolean {
  if (a === b) return true
  const n = a.length
  if (n === b.length) {
    for (let i = 0; i < n; i++) {
      const x = a.charCodeAt(i)
      const y = b.charCodeAt(i)
      if (x >= 0x80 || y >= 0x80) return a.toLowerCase() === b.toLowerCase()
      if (x !== y && lowerAscii(x) !== lowerAscii(y)) return false
    }
    return true
  }
  // Lengths differ: equal lowercased only if some code unit is not ASCII.
  return !isAscii(a) || !isAscii(b) ? a.toLowerCase() === b.toLowerCase() : false
}

function lowerAscii(c: number): number {
  return c >= 0x41 && c <= 0x5a ? c + 0x20 : c
}

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) >= 0x80) return false
  return true
}
