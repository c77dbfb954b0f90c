import { describe } from 'vitest'
import { AA, COND, GKEYS, OPS, SETOPS, testRows } from './helpers.js'

const ST = 'aws:SecureTransport'
const MFA = 'aws:MultiFactorAuthPresent'

describe('Bool', () => {
  testRows([
    { doc: OPS, op: 'Bool', key: ST, values: 'true', context: { [ST]: 'true' }, expect: 'true', reason: 'matched' },
    { doc: OPS, op: 'Bool', key: ST, values: 'true', context: { [ST]: 'false' }, expect: 'false', reason: 'noMatch' },
    { doc: OPS, op: 'Bool', key: ST, values: 'false', context: { [ST]: 'false' }, expect: 'true' },
    { doc: OPS, op: 'Bool', key: ST, values: 'false', context: { [ST]: 'true' }, expect: 'false' },
    { doc: OPS, op: 'Bool', key: MFA, values: 'true', context: {}, expect: 'false', reason: 'keyMissing' },
    { doc: OPS, op: 'Bool', key: MFA, values: 'false', context: {}, expect: 'false', reason: 'keyMissing', name: 'Bool false on a missing key is false' },
    { doc: OPS, op: 'BoolIfExists', key: MFA, values: 'false', context: {}, expect: 'true', reason: 'ifExistsMissing' },
    { doc: OPS, op: 'BoolIfExists', key: MFA, values: 'false', context: { [MFA]: 'true' }, expect: 'false' },
    { doc: OPS, op: 'BoolIfExists', key: MFA, values: 'false', context: { [MFA]: 'false' }, expect: 'true' },
    { doc: AA, op: 'Bool', key: ST, values: 'True', context: { [ST]: 'true' }, expect: 'unknown', reason: 'invalidValue', name: 'non-canonical policy spelling fails closed' },
    { doc: AA, op: 'Bool', key: ST, values: 'yes', context: { [ST]: 'true' }, expect: 'unknown', reason: 'invalidValue' },
    { doc: AA, op: 'Bool', key: ST, values: 'true', context: { [ST]: 'TRUE' }, expect: 'unknown', reason: 'invalidValue', name: 'non-canonical request spelling fails closed' },
    { doc: AA, op: 'Bool', key: ST, values: 'true', context: { [ST]: '1' }, expect: 'unknown', reason: 'invalidValue' },
    { doc: AA, op: 'Bool', key: ST, values: ['true', 'false'], context: { [ST]: 'true' }, expect: 'unknown', reason: 'undocumented', name: 'several Bool values fail closed' },
    { doc: AA, op: 'Bool', key: ST, values: [], context: { [ST]: 'true' }, expect: 'unknown', reason: 'undocumented' },
    { doc: SETOPS, op: 'Bool', key: ST, values: 'true', context: { [ST]: ['true', 'false'] }, expect: 'unknown', reason: 'multivaluedKey' },
    { doc: OPS, op: 'ForAnyValue:Bool', key: 'k:flags', values: 'true', context: { 'k:flags': ['false', 'true'] }, expect: 'true' },
    { doc: OPS, op: 'ForAllValues:Bool', key: 'k:flags', values: 'true', context: { 'k:flags': ['false', 'true'] }, expect: 'false' },
    { doc: OPS, op: 'ForAllValues:Bool', key: 'k:flags', values: ['true', 'false'], context: { 'k:flags': ['false', 'true'] }, expect: 'true' },
  ])
})

describe('Null', () => {
  const T = 'aws:TokenIssueTime'
  testRows([
    { doc: OPS, op: 'Null', key: T, values: 'true', context: {}, expect: 'true', reason: 'keyMissing', name: 'Null true: key absent' },
    { doc: OPS, op: 'Null', key: T, values: 'true', context: { [T]: '2020-01-01T00:00:00Z' }, expect: 'false', reason: 'noMatch' },
    { doc: OPS, op: 'Null', key: T, values: 'false', context: { [T]: '2020-01-01T00:00:00Z' }, expect: 'true', reason: 'matched', name: 'Null false: key present' },
    { doc: OPS, op: 'Null', key: T, values: 'false', context: {}, expect: 'false', reason: 'keyMissing' },
    { doc: OPS, op: 'Null', key: T, values: ['true', 'false'], context: {}, expect: 'true', name: 'several Null values are ORed' },
    { doc: OPS, op: 'Null', key: T, values: ['true', 'false'], context: { [T]: 'x' }, expect: 'true' },
    { doc: GKEYS, op: 'Null', key: 'aws:TagKeys', values: 'false', context: { 'aws:tagkeys': ['a', 'b'] }, expect: 'true', name: 'Null works on a multivalued key' },
    { doc: GKEYS, op: 'Null', key: 'aws:TagKeys', values: 'false', context: { 'aws:tagkeys': [] }, expect: 'false', name: 'an empty tag-key set is null' },
    { doc: GKEYS, op: 'Null', key: 'aws:TagKeys', values: 'true', context: { 'aws:tagkeys': [] }, expect: 'true' },
    { doc: COND, op: 'Null', key: 'sts:ExternalId', values: 'true', context: { 'sts:externalid': '' }, expect: 'unknown', reason: 'undocumented', name: 'empty-string value under Null fails closed' },
    { doc: COND, op: 'Null', key: 'sts:ExternalId', values: 'false', context: { 'sts:externalid': '' }, expect: 'unknown', reason: 'undocumented' },
    { doc: AA, op: 'Null', key: T, values: 'True', context: {}, expect: 'unknown', reason: 'invalidValue' },
    { doc: AA, op: 'Null', key: T, values: 'yes', context: {}, expect: 'unknown', reason: 'invalidValue' },
    { doc: AA, op: 'Null', key: T, values: [], context: {}, expect: 'unknown', reason: 'undocumented' },
    { doc: AA, op: 'NullIfExists', key: T, values: 'true', context: {}, expect: 'unknown', reason: 'unknownOperator', name: 'NullIfExists is invalid' },
    { doc: AA, op: 'ForAllValues:Null', key: 'aws:TagKeys', values: 'false', context: {}, expect: 'true', name: 'ForAllValues:Null is always true' },
    { doc: AA, op: 'ForAllValues:Null', key: 'aws:TagKeys', values: 'true', context: { 'aws:tagkeys': ['a'] }, expect: 'true' },
    { doc: AA, op: 'ForAnyValue:Null', key: 'aws:TagKeys', values: 'false', context: { 'aws:tagkeys': ['a'] }, expect: 'false', name: 'ForAnyValue:Null is always false' },
    { doc: AA, op: 'ForAnyValue:Null', key: 'aws:TagKeys', values: 'true', context: {}, expect: 'false' },
  ])
})

describe('unknown operators', () => {
  testRows([
    { doc: AA, op: 'stringequals', key: 'aws:username', values: 'a', context: { 'aws:username': 'a' }, expect: 'unknown', reason: 'unknownOperator', name: 'wrong-case operator' },
    { doc: AA, op: 'StringContains', key: 'aws:username', values: 'a', context: {}, expect: 'unknown', reason: 'unknownOperator' },
    { doc: AA, op: 'StringFoo', key: 'aws:username', values: 'a', context: { 'aws:username': 'a' }, expect: 'unknown', reason: 'unknownOperator', name: 'unknown operator in a known family' },
    { doc: AA, op: 'NumericAbout', key: 'k:n', values: '1', context: { 'k:n': '1' }, expect: 'unknown', reason: 'unknownOperator' },
    { doc: AA, op: 'DateAround', key: 'k:d', values: '2020', context: { 'k:d': '2020' }, expect: 'unknown', reason: 'unknownOperator' },
    { doc: AA, op: 'BinaryNotEquals', key: 'k:b', values: 'AA==', context: { 'k:b': 'AA==' }, expect: 'unknown', reason: 'unknownOperator' },
    { doc: AA, op: 'ArnContains', key: 'k:a', values: 'arn:a:b:c:d:e', context: { 'k:a': 'arn:a:b:c:d:e' }, expect: 'unknown', reason: 'unknownOperator' },
  ])
})
