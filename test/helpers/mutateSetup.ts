/**
 * Set-up of the mutation-testing runs (vitest.mutate.config.ts): a failing property is a killed mutant,
 * so fast-check stops at the first counterexample instead of shrinking it (shrinking a broken evaluator
 * can take longer than the mutant's time limit, which would count it as a time-out rather than a kill).
 */
import fc from 'fast-check'

fc.configureGlobal({ endOnFailure: true })
