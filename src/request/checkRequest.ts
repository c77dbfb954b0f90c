/**
 * The checks every request passes before evaluation: a principal iamtrace can read and an action of
 * the form `service:Action`. A request that fails them is never evaluated as allowed. One check for
 * the evaluator and the scenario reader.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html
 */
import { diagnostic } from '../diagnostics.js'
import type { Diagnostic } from '../diagnostics.js'
import { callerFromPrincipal } from './caller.js'
import type { CallerResult } from './caller.js'
import type { Request } from './types.js'

const ACTION = /^[a-z0-9-]+:[^:\s]+$/

/**
 * Whether a lowercased action has the form `service:Action`.
 *
 * @example
 * isServiceAction('sts:assumerole') // true
 */
export function isServiceAction(actionLower: string): boolean {
  return ACTION.test(actionLower)
}

/**
 * The errors of a request whose caller has been read and whose action has been checked; pointers are
 * `/request/principal` and `/request/action`.
 */
export function requestProblems(caller: CallerResult, action: string, actionValid: boolean): Diagnostic[] {
  const errors: Diagnostic[] = []
  if (!caller.ok) errors.push(diagnostic('request.invalid-principal', '/request/principal', caller.message))
  if (!actionValid) errors.push(invalidAction(action))
  return errors
}

/** The error of an action string that is not `service:Action`. */
export function invalidAction(action: string): Diagnostic {
  return diagnostic('request.invalid-action', '/request/action', `\`${action.slice(0, 200)}\` is not \`service:Action\``)
}

/**
 * Reads the caller and checks the action.
 *
 * @example
 * checkRequest({ principal: { kind: 'aws', arn: 'x' }, action: 's3:GetObject', resource: '*' }).errors[0]?.code // 'request.invalid-principal'
 */
export function checkRequest(request: Request): { readonly caller: CallerResult; readonly errors: Diagnostic[] } {
  const caller = callerFromPrincipal(request.principal)
  return { caller, errors: requestProblems(caller, request.action, isServiceAction(request.action.toLowerCase())) }
}
