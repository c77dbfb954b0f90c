import { describe } from 'vitest'
import { AA, OPS, SETOPS, STSKEYS, testRows } from './helpers.js'
import type { Row } from './helpers.js'

const T = 'aws:TagKeys'
const P = 'aws:PrincipalOrgPaths'

describe('ForAllValues', () => {
  const rows: Row[] = [
    { doc: SETOPS, op: 'ForAllValues:StringEquals', key: T, values: ['a', 'b'], context: { [T]: ['a'] }, expect: 'true' },
    { doc: SETOPS, op: 'ForAllValues:StringEquals', key: T, values: ['a', 'b'], context: { [T]: ['a', 'b'] }, expect: 'true' },
    { doc: SETOPS, op: 'ForAllValues:StringEquals', key: T, values: ['a', 'b'], context: { [T]: ['a', 'c'] }, expect: 'false' },
    { doc: SETOPS, op: 'ForAllValues:StringEquals', key: T, values: ['a', 'b'], context: {}, expect: 'true', reason: 'keyMissing', name: 'ForAllValues on a missing key is true' },
    { doc: SETOPS, op: 'ForAllValues:StringEquals', key: T, values: ['a', 'b'], context: { [T]: [] }, expect: 'true', name: 'ForAllValues on an empty set is true' },
    { doc: SETOPS, op: 'ForAllValues:StringEquals', key: 'aws:username', values: 'a', context: { 'aws:username': 'a' }, expect: 'true', name: 'single-valued key as a one-value set' },
    { doc: SETOPS, op: 'ForAllValues:StringLike', key: T, values: ['env*', 'cost*'], context: { [T]: ['environment', 'costcenter'] }, expect: 'true' },
    { doc: SETOPS, op: 'ForAllValues:StringLike', key: T, values: ['env*'], context: { [T]: ['environment', 'owner'] }, expect: 'false' },
    { doc: SETOPS, op: 'ForAllValues:StringEqualsIgnoreCase', key: T, values: ['A'], context: { [T]: ['a', 'A'] }, expect: 'true' },
    { doc: OPS, op: 'ForAllValues:StringNotEquals', key: T, values: ['a', 'b'], context: { [T]: ['c', 'd'] }, expect: 'true', name: 'negated: no request value matches any policy value' },
    { doc: OPS, op: 'ForAllValues:StringNotEquals', key: T, values: ['a', 'b'], context: { [T]: ['c', 'a'] }, expect: 'false' },
    { doc: OPS, op: 'ForAllValues:StringNotLike', key: P, values: ['o-1/*'], context: { [P]: ['o-2/r/'] }, expect: 'true' },
    { doc: OPS, op: 'ForAllValues:StringNotLike', key: P, values: ['o-1/*'], context: {}, expect: 'unknown', reason: 'undocumented', name: 'negated ForAllValues on a missing key: docs conflict' },
    { doc: OPS, op: 'ForAllValues:StringNotEquals', key: T, values: ['a'], context: { [T]: [] }, expect: 'unknown', reason: 'undocumented' },
    { doc: AA, op: 'ForAllValues:StringEquals', key: T, values: [], context: {}, expect: 'true', reason: 'keyMissing', name: 'empty list: true only when the key is missing' },
    { doc: AA, op: 'ForAllValues:StringEquals', key: T, values: [], context: { [T]: ['a'] }, expect: 'false' },
    { doc: AA, op: 'ForAllValues:StringNotEquals', key: T, values: [], context: { [T]: ['a'] }, expect: 'unknown', reason: 'undocumented' },
    { doc: AA, op: 'ForAllValues:StringNotEquals', key: T, values: [], context: {}, expect: 'true' },
    { doc: OPS, op: 'ForAllValues:StringEqualsIfExists', key: T, values: ['a'], context: {}, expect: 'unknown', reason: 'undocumented', name: 'IfExists with a set qualifier (absent)' },
    { doc: OPS, op: 'ForAllValues:StringEqualsIfExists', key: T, values: ['a'], context: { [T]: ['a'] }, expect: 'unknown', reason: 'undocumented', name: 'IfExists with a set qualifier (true reading)' },
    { doc: OPS, op: 'ForAllValues:StringEqualsIfExists', key: T, values: ['a'], context: { [T]: ['b'] }, expect: 'false', name: 'IfExists with a set qualifier: both readings false' },
  ]
  testRows(rows)
})

describe('ForAnyValue', () => {
  const rows: Row[] = [
    { doc: SETOPS, op: 'ForAnyValue:StringEquals', key: T, values: ['a', 'b'], context: { [T]: ['x', 'b'] }, expect: 'true' },
    { doc: SETOPS, op: 'ForAnyValue:StringEquals', key: T, values: ['a', 'b'], context: { [T]: ['x', 'y'] }, expect: 'false' },
    { doc: SETOPS, op: 'ForAnyValue:StringEquals', key: T, values: ['a'], context: {}, expect: 'false', reason: 'keyMissing', name: 'ForAnyValue on a missing key is false' },
    { doc: SETOPS, op: 'ForAnyValue:StringEquals', key: T, values: ['a'], context: { [T]: [] }, expect: 'false', reason: 'noMatch' },
    { doc: SETOPS, op: 'ForAnyValue:StringEquals', key: T, values: ['a'], context: { [T]: ['a'] }, expect: 'true' },
    { doc: STSKEYS, op: 'ForAnyValue:StringLike', key: 'cognito-identity.amazonaws.com:amr', values: 'unauthenticated', context: { 'cognito-identity.amazonaws.com:amr': ['unauthenticated'] }, expect: 'true' },
    { doc: STSKEYS, op: 'ForAnyValue:StringLike', key: 'cognito-identity.amazonaws.com:amr', values: 'unauthenticated', context: { 'cognito-identity.amazonaws.com:amr': ['authenticated', 'graph.facebook.com'] }, expect: 'false' },
    { doc: OPS, op: 'ForAnyValue:StringLike', key: P, values: ['o-1/r-1/ou-1/*'], context: { [P]: ['o-1/r-1/ou-2/', 'o-1/r-1/ou-1/ou-3/'] }, expect: 'true' },
    { doc: OPS, op: 'ForAnyValue:StringNotEquals', key: T, values: ['a', 'b'], context: { [T]: ['a', 'c'] }, expect: 'true', name: 'negated: some request value matches no policy value' },
    { doc: OPS, op: 'ForAnyValue:StringNotEquals', key: T, values: ['a', 'b'], context: { [T]: ['a', 'b'] }, expect: 'false' },
    { doc: OPS, op: 'ForAnyValue:StringNotEquals', key: T, values: ['a'], context: {}, expect: 'false', reason: 'keyMissing' },
    { doc: AA, op: 'ForAnyValue:StringEquals', key: T, values: [], context: { [T]: ['a'] }, expect: 'false', name: 'ForAnyValue with an empty list is never true' },
    { doc: AA, op: 'ForAnyValue:StringEquals', key: T, values: [], context: {}, expect: 'false' },
    { doc: AA, op: 'ForAnyValue:StringNotEquals', key: T, values: [], context: { [T]: ['a'] }, expect: 'unknown', reason: 'undocumented' },
    { doc: OPS, op: 'ForAnyValue:StringEqualsIfExists', key: T, values: ['a'], context: {}, expect: 'unknown', reason: 'undocumented' },
    { doc: OPS, op: 'ForAnyValue:StringEqualsIfExists', key: T, values: ['a'], context: { [T]: ['b'] }, expect: 'false' },
    { doc: OPS, op: 'ForAnyValue:NumericGreaterThan', key: 'k:nums', values: '5', context: { 'k:nums': ['1', '9'] }, expect: 'true' },
    { doc: OPS, op: 'ForAllValues:NumericGreaterThan', key: 'k:nums', values: '5', context: { 'k:nums': ['1', '9'] }, expect: 'false' },
    { doc: OPS, op: 'ForAnyValue:NumericGreaterThan', key: 'k:nums', values: '5', context: { 'k:nums': ['x', '1'] }, expect: 'unknown', reason: 'invalidValue', name: 'unreadable request value in a set' },
    { doc: OPS, op: 'ForAnyValue:NumericGreaterThan', key: 'k:nums', values: '5', context: { 'k:nums': ['x', '9'] }, expect: 'true', name: 'a matching value decides despite an unreadable one' },
    { doc: OPS, op: 'ForAllValues:NumericGreaterThan', key: 'k:nums', values: '5', context: { 'k:nums': ['x', '1'] }, expect: 'false', name: 'a failing value decides despite an unreadable one' },
    { doc: OPS, op: 'ForAnyValue:ArnLike', key: 'sts:RequestContextProviders', values: 'arn:aws:iam::111122223333:oidc-provider/*', context: { 'sts:requestcontextproviders': ['arn:aws:iam::111122223333:oidc-provider/x'] }, expect: 'true' },
  ]
  testRows(rows)
})
