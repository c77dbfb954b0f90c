/**
 * The checks every request passes before evaluation: a principal iamtrace can read and an action of
 * the form `service:Action`. A request that fails them is never evaluated as allowed.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html
 */
import { diagnostic } from '../diagnostics.js'
import type { Diagnostic } from '../diagnostics.js'
import { callerFromPrincipal } from './caller.js'
import type { CallerResult } from './caller.js'
import type { Request } from './types.js'

const ACTION = /^[a-z0-9-]+:[^:\s]+$/

/**
 * Reads the caller and checks the action; `errors` point at `/request/principal` and `/request/action`.
 *
 * @example
 * checkRequest({ principal: { kind: 'aws', arn: 'x' }, action: 's3:GetObject', resource: '*' }).errors[0]?.code // 'request.invalid-principal'
 */
export function checkRequest(request: Request): { readonly caller: CallerResult; readonly errors: Diagnostic[] } {
  const caller = callerFromPrincipal(request.principal)
  const errors: Diagnostic[] = []
  if (!caller.ok) errors.push(diagnostic('request.invalid-principal', '/request/principal', caller.message))
  if (!ACTION.test(request.action.toLowerCase())) {
    errors.push(diagnostic('request.invalid-action', '/request/action', `\`${request.action.slice(0, 200)}\` is not \`service:Action\``))
  }
  return { caller, errors }
}
