import { describe } from 'vitest'
import { OPS, MULTIV, SETOPS, testRows } from './helpers.js'
import type { Row } from './helpers.js'

const U = 'aws:username'

describe('StringEquals', () => {
  testRows([
    { doc: OPS, op: 'StringEquals', key: U, values: 'alice', context: { [U]: 'alice' }, expect: 'true', reason: 'matched' },
    { doc: OPS, op: 'StringEquals', key: U, values: 'alice', context: { [U]: 'Alice' }, expect: 'false', reason: 'noMatch' },
    { doc: OPS, op: 'StringEquals', key: U, values: 'ali*', context: { [U]: 'alice' }, expect: 'false', reason: 'noMatch', name: 'StringEquals treats * literally' },
    { doc: OPS, op: 'StringEquals', key: U, values: 'ali*', context: { [U]: 'ali*' }, expect: 'true' },
    { doc: OPS, op: 'StringEquals', key: U, values: 'alice', context: {}, expect: 'false', reason: 'keyMissing' },
    { doc: OPS, op: 'StringEquals', key: 'AWS:UserName', values: 'alice', context: { 'aws:username': 'alice' }, expect: 'true', name: 'key names are case-insensitive' },
    { doc: MULTIV, op: 'StringEquals', key: U, values: ['bob', 'alice'], context: { [U]: 'alice' }, expect: 'true', name: 'several values are ORed' },
    { doc: MULTIV, op: 'StringEquals', key: U, values: ['bob', 'carol'], context: { [U]: 'alice' }, expect: 'false' },
    { doc: OPS, op: 'StringEquals', key: U, values: '', context: { [U]: '' }, expect: 'true', name: 'empty string equals empty string' },
    { doc: OPS, op: 'StringEqualsIfExists', key: U, values: 'alice', context: {}, expect: 'true', reason: 'ifExistsMissing' },
    { doc: OPS, op: 'StringEqualsIfExists', key: U, values: 'alice', context: { [U]: 'bob' }, expect: 'false', reason: 'noMatch' },
    { doc: OPS, op: 'StringEqualsIfExists', key: U, values: 'alice', context: { [U]: 'alice' }, expect: 'true' },
  ])
})

describe('StringNotEquals', () => {
  testRows([
    { doc: OPS, op: 'StringNotEquals', key: U, values: 'alice', context: { [U]: 'bob' }, expect: 'true', reason: 'matched' },
    { doc: OPS, op: 'StringNotEquals', key: U, values: 'alice', context: { [U]: 'alice' }, expect: 'false', reason: 'noMatch' },
    { doc: OPS, op: 'StringNotEquals', key: U, values: 'alice', context: {}, expect: 'true', reason: 'keyMissing', name: 'negated operator on a missing key is true' },
    { doc: MULTIV, op: 'StringNotEquals', key: U, values: ['alice', 'bob'], context: { [U]: 'bob' }, expect: 'false', name: 'negated values are NORed (one matches)' },
    { doc: MULTIV, op: 'StringNotEquals', key: U, values: ['alice', 'bob'], context: { [U]: 'carol' }, expect: 'true', name: 'negated values are NORed (none matches)' },
    { doc: OPS, op: 'StringNotEqualsIfExists', key: U, values: 'alice', context: {}, expect: 'true', reason: 'ifExistsMissing' },
    { doc: OPS, op: 'StringNotEqualsIfExists', key: U, values: 'alice', context: { [U]: 'alice' }, expect: 'false' },
    { doc: OPS, op: 'StringNotEqualsIfExists', key: U, values: 'alice', context: { [U]: 'bob' }, expect: 'true' },
  ])
})

describe('StringEqualsIgnoreCase / StringNotEqualsIgnoreCase', () => {
  testRows([
    { doc: OPS, op: 'StringEqualsIgnoreCase', key: U, values: 'ALICE', context: { [U]: 'alice' }, expect: 'true' },
    { doc: OPS, op: 'StringEqualsIgnoreCase', key: U, values: 'Alice', context: { [U]: 'aLICE' }, expect: 'true' },
    { doc: OPS, op: 'StringEqualsIgnoreCase', key: U, values: 'alice', context: { [U]: 'alicia' }, expect: 'false' },
    { doc: OPS, op: 'StringEqualsIgnoreCase', key: U, values: 'ali*', context: { [U]: 'ALICE' }, expect: 'false', name: 'no wildcards in IgnoreCase' },
    { doc: OPS, op: 'StringEqualsIgnoreCase', key: U, values: 'alice', context: {}, expect: 'false', reason: 'keyMissing' },
    { doc: OPS, op: 'StringEqualsIgnoreCaseIfExists', key: U, values: 'alice', context: {}, expect: 'true', reason: 'ifExistsMissing' },
    { doc: OPS, op: 'StringNotEqualsIgnoreCase', key: U, values: 'ALICE', context: { [U]: 'alice' }, expect: 'false' },
    { doc: OPS, op: 'StringNotEqualsIgnoreCase', key: U, values: 'ALICE', context: { [U]: 'bob' }, expect: 'true' },
    { doc: OPS, op: 'StringNotEqualsIgnoreCase', key: U, values: 'ALICE', context: {}, expect: 'true', reason: 'keyMissing' },
    { doc: MULTIV, op: 'StringNotEqualsIgnoreCase', key: U, values: ['ALICE', 'BOB'], context: { [U]: 'bob' }, expect: 'false' },
    { doc: OPS, op: 'StringNotEqualsIgnoreCaseIfExists', key: U, values: 'ALICE', context: {}, expect: 'true', reason: 'ifExistsMissing' },
  ])
})

describe('StringLike / StringNotLike', () => {
  const K = 'sts:RoleSessionName'
  testRows([
    { doc: OPS, op: 'StringLike', key: K, values: 'dev-*', context: { [K]: 'dev-alice' }, expect: 'true' },
    { doc: OPS, op: 'StringLike', key: K, values: 'dev-*', context: { [K]: 'prod-alice' }, expect: 'false' },
    { doc: OPS, op: 'StringLike', key: K, values: 'dev-?', context: { [K]: 'dev-a' }, expect: 'true' },
    { doc: OPS, op: 'StringLike', key: K, values: 'dev-?', context: { [K]: 'dev-ab' }, expect: 'false' },
    { doc: OPS, op: 'StringLike', key: K, values: '*', context: { [K]: '' }, expect: 'true', name: '* matches the empty string' },
    { doc: OPS, op: 'StringLike', key: K, values: 'a*b*c', context: { [K]: 'a:b/x:c' }, expect: 'true', name: '* crosses colons and slashes' },
    { doc: OPS, op: 'StringLike', key: K, values: 'DEV-*', context: { [K]: 'dev-alice' }, expect: 'false', name: 'StringLike is case-sensitive' },
    { doc: OPS, op: 'StringLike', key: K, values: 'dev-*', context: {}, expect: 'false', reason: 'keyMissing' },
    { doc: MULTIV, op: 'StringLike', key: K, values: ['ops-*', 'dev-*'], context: { [K]: 'dev-x' }, expect: 'true' },
    { doc: OPS, op: 'StringLikeIfExists', key: K, values: 'dev-*', context: {}, expect: 'true', reason: 'ifExistsMissing' },
    { doc: OPS, op: 'StringLikeIfExists', key: K, values: 'dev-*', context: { [K]: 'x' }, expect: 'false' },
    { doc: OPS, op: 'StringNotLike', key: K, values: 'dev-*', context: { [K]: 'prod-1' }, expect: 'true' },
    { doc: OPS, op: 'StringNotLike', key: K, values: 'dev-*', context: { [K]: 'dev-1' }, expect: 'false' },
    { doc: OPS, op: 'StringNotLike', key: K, values: 'dev-*', context: {}, expect: 'true', reason: 'keyMissing' },
    { doc: MULTIV, op: 'StringNotLike', key: K, values: ['dev-*', 'ops-*'], context: { [K]: 'ops-1' }, expect: 'false' },
    { doc: MULTIV, op: 'StringNotLike', key: K, values: ['dev-*', 'ops-*'], context: { [K]: 'qa-1' }, expect: 'true' },
    { doc: OPS, op: 'StringNotLikeIfExists', key: K, values: 'dev-*', context: {}, expect: 'true', reason: 'ifExistsMissing' },
  ])
})

describe('plain operators on multivalued keys and empty value lists', () => {
  const T = 'aws:TagKeys'
  const rows: Row[] = [
    { doc: SETOPS, op: 'StringEquals', key: T, values: 'a', context: { [T]: ['a', 'b'] }, expect: 'unknown', reason: 'multivaluedKey' },
    { doc: SETOPS, op: 'StringNotEquals', key: T, values: 'a', context: { [T]: ['a', 'b'] }, expect: 'unknown', reason: 'multivaluedKey' },
    { doc: SETOPS, op: 'StringEquals', key: T, values: 'a', context: { [T]: [] }, expect: 'unknown', reason: 'multivaluedKey' },
    { doc: SETOPS, op: 'StringEquals', key: T, values: 'a', context: { [T]: ['a'] }, expect: 'true', reason: 'matched', name: 'multivalued key with one value evaluates normally' },
    { doc: SETOPS, op: 'StringEqualsIfExists', key: T, values: 'a', context: { [T]: ['a', 'b'] }, expect: 'unknown', reason: 'multivaluedKey' },
    { doc: SETOPS, op: 'StringEquals', key: T, values: 'a', context: {}, expect: 'false', reason: 'keyMissing' },
    { doc: OPS, op: 'StringEquals', key: U, values: [], context: { [U]: 'alice' }, expect: 'unknown', reason: 'undocumented', name: 'empty value list (plain) is unknown' },
    { doc: OPS, op: 'StringEquals', key: U, values: [], context: {}, expect: 'unknown', reason: 'undocumented' },
    { doc: OPS, op: 'StringNotEquals', key: U, values: [], context: { [U]: 'alice' }, expect: 'unknown', reason: 'undocumented' },
    { doc: OPS, op: 'StringEqualsIfExists', key: U, values: [], context: {}, expect: 'true', reason: 'ifExistsMissing', name: 'IfExists with no values matches only when absent' },
    { doc: OPS, op: 'StringEqualsIfExists', key: U, values: [], context: { [U]: 'alice' }, expect: 'false', reason: 'noMatch' },
    { doc: OPS, op: 'StringNotEqualsIfExists', key: U, values: [], context: { [U]: 'alice' }, expect: 'false', reason: 'noMatch' },
  ]
  testRows(rows)
})
