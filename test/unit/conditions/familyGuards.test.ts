/**
 * Each family compiler refuses an operator of another family (unknown operator, with a note), as the
 * exported building blocks may be called directly; and a default holding a quote is malformed.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
 */
import { describe, expect, it } from 'vitest'
import { compileArnValues } from '../../../src/conditions/arn.js'
import { compileBinaryValues } from '../../../src/conditions/binary.js'
import { compileBoolValues } from '../../../src/conditions/bool.js'
import { compileDateValues } from '../../../src/conditions/date.js'
import { compileIpValues } from '../../../src/conditions/ip.js'
import { compileNull } from '../../../src/conditions/null.js'
import { compileNumericValues } from '../../../src/conditions/numeric.js'
import { compileStringValues } from '../../../src/conditions/string.js'
import { compileTemplate } from '../../../src/conditions/variables.js'
import { cond } from './helpers.js'

describe('family compilers refuse other families', () => {
  it('answers unknownOperator with a note and no comparers', () => {
    const node = cond('StringEquals', 'aws:username', 'a')
    for (const compiled of [compileArnValues(node, true), compileBinaryValues(node), compileBoolValues(node, true), compileDateValues(node), compileIpValues(node), compileNumericValues(node)]) {
      expect(compiled.problem?.reason).toBe('unknownOperator')
      expect(compiled.problem?.note).toMatch(/\S/)
      expect('comparers' in compiled).toBe(false)
    }
    expect(compileStringValues(cond('Bool', 'aws:username', 'true'), true).problem?.reason).toBe('unknownOperator')
    expect(compileNull(node).problem?.reason).toBe('unknownOperator')
    expect(compileNull(node).problem?.note).toMatch(/\S/)
  })

  it('a quoted default holding a quote is malformed', () => {
    expect(compileTemplate("${k:x, 'a''b'}", true).error).toMatch(/\S/)
  })
})
