/**
 * Measures `escalations` (every principal, to an administrator) over a synthetic organization (default
 * 5,000 users × 1,000 roles in 10 accounts, with escalation-capable permissions sprinkled in): load time,
 * analysis time and peak memory.
 *
 *   node --import tsx bench/escalations.ts [--principals 5000] [--roles 1000] [--accounts 10]
 */
import { findEscalations } from '../src/escalation/findEscalations.js'
import { measureOrganization, numberArg } from './measure.js'

measureOrganization(
  { principals: numberArg('principals', 5000), roles: numberArg('roles', 1000), accounts: numberArg('accounts', 10), escalations: true },
  (snapshot) => {
    const r = findEscalations(snapshot)
    if (!r.ok) throw new Error(r.errors[0].message)
    return r.value
  },
  (r, _, ms) => {
    const counts = { allowed: 0, conditional: 0, uncertain: 0 }
    for (const e of r.escalations) counts[e.access]++
    const principals = new Set(r.escalations.map((e) => e.principal)).size
    return `escalations for every principal: ${ms.toFixed(0)} ms, ${r.administrators.length} administrators, ${principals} principals escalate (${r.escalations.length} paths: ${counts.allowed} allowed, ${counts.conditional} conditional, ${counts.uncertain} uncertain)`
  },
)
