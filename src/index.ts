/**
 * iamtrace public API. Named re-exports only; everything else is internal.
 */
export type { Result, NonEmptyArray } from './result.js'
export { ok, err } from './result.js'
export type { Diagnostic, DiagnosticCode, Severity, SourcePosition } from './diagnostics.js'
export { DIAGNOSTIC_CODES } from './diagnostics.js'
export type * from './policy/types.js'
export type { Request, RequestPrincipal, ContextValue } from './request/types.js'
export { readRequest } from './request/readRequest.js'
export type { RequestInput, FileRequest, ReadRequestResult } from './request/readRequest.js'
export type * from './trace/types.js'
export { compileWildcard } from './matching/wildcard.js'
export type { WildcardPattern } from './matching/wildcard.js'
export { parseJsonText } from './json/readJson.js'
export { decodePolicyDocument } from './json/decodePolicyDocument.js'
export { fromPlainValue } from './json/fromPlainValue.js'
export type { JsonValue, JsonArray, JsonObject, JsonDocument, JsonReadOptions } from './json/jsonValue.js'
export type { PlainValueOptions } from './json/fromPlainValue.js'
export { parsePolicy } from './policy/parsePolicy.js'
export { printPolicy } from './policy/printPolicy.js'
export type { PrintedJson } from './policy/printPolicy.js'
export { POLICY_SCHEMA } from './policy/schema.js'
export { parseScenario } from './scenario/parseScenario.js'
export type { Scenario, NamedPolicy, ScenarioParseResult } from './scenario/parseScenario.js'
export { compileScenario } from './scenario/compileScenario.js'
export type { CompiledScenario } from './scenario/compileScenario.js'
export { evaluate, compilePolicySet } from './evaluate/policySet.js'
export type { PolicySet, PolicyInput } from './evaluate/policySet.js'
export { compileRequest, evaluateCompiled } from './evaluate/evaluate.js'
export type { CompiledPolicySet, CompiledRequest, EvaluateOptions, EvaluationResult, PolicyLayers } from './evaluate/evaluate.js'
export type { ConditionOverride } from './evaluate/evaluateStatement.js'
export { compilePolicy } from './compile/compilePolicy.js'
export type { CompiledPolicy, CompiledStatement } from './compile/compilePolicy.js'
export { renderText, formatRef } from './trace/renderText.js'
export { decidingStep } from './trace/decidingStep.js'
export type { TraceView, RenderableResult } from './trace/renderText.js'
export { compileCondition } from './conditions/compileCondition.js'
export type { CompiledCondition, ConditionOutcome } from './conditions/types.js'
export { compileTemplate, matchTemplate, resolveTemplate } from './conditions/variables.js'
export type { Template, TemplatePart, TemplateMatch } from './conditions/variables.js'
export { isMultivaluedKey, MULTIVALUED_KEYS } from './conditions/multivaluedKeys.js'
export { renderAnnotatedPolicy } from './trace/renderAnnotatedPolicy.js'
// STS: AssumeRole* calls end to end (request rules, every required action, the resulting session).
export { parseAssumeCall } from './sts/parseAssumeCall.js'
export type { AssumeCallParseResult } from './sts/parseAssumeCall.js'
export { evaluateAssumeCall, evaluateAssumeCallFile, combineDecisions } from './sts/evaluateAssumeCall.js'
export type { AssumeCallResult, AssumeCallFileResult, ActionDecision, FollowUpResult } from './sts/evaluateAssumeCall.js'
export { checkRequestRules } from './sts/requestRules.js'
export type { RequestViolation } from './sts/requestRules.js'
export { callerFacts, effectiveRequest } from './sts/effectiveRequest.js'
export type { CallerFacts, EffectiveRequest, StsCallerKind } from './sts/effectiveRequest.js'
export { webIdentityKeys, samlKeys, samlNameQualifier } from './sts/federation.js'
export type { AssumedSession, SessionRequest } from './sts/session.js'
export { checkAssumeExpectations } from './sts/checkExpect.js'
export type { ExpectMismatch } from './sts/checkExpect.js'
export { renderAssumeText, assumeResultToJson, sessionToJson } from './sts/renderAssume.js'
export { ASSUME_CALL_SCHEMA } from './sts/callSchema.js'
export { STS_LIMITS, STS_SOURCES } from './sts/limits.js'
export type {
  StsApi,
  AssumeCall,
  AssumeCallFile,
  CallCaller,
  CallRole,
  CallParameters,
  CallPolicy,
  CallExpect,
  ExpectedSession,
  FollowUpRequest,
  ManagedSessionPolicy,
  MfaFacts,
  SamlAssertion,
  SessionTag,
  WebIdentityToken,
} from './sts/types.js'
// Snapshots and the trust graph
export { loadSnapshot } from './snapshot/loadSnapshot.js'
export type { LoadSnapshotOptions } from './snapshot/loadSnapshot.js'
export type {
  Snapshot,
  SnapshotGap,
  SnapshotInput,
  SnapshotAccount,
  SnapshotPrincipal,
  SnapshotUser,
  SnapshotRole,
  SnapshotGroup,
  SnapshotManagedPolicy,
  SnapshotPolicyVersion,
  OrgPlacement,
  Tag,
  Inventory,
  InventoryKind,
  InventoryResource,
} from './snapshot/types.js'
export { diffSources } from './diff/diffSources.js'
export type { DiffSourcesOptions, DiffOutcome } from './diff/diffSources.js'
export { readVersion } from './diff/inputs.js'
export type { InputKind, VersionSource, VersionRead, RoleUnit, PolicyUnit, UnresolvedStatements } from './diff/inputs.js'
export { diffVersions } from './diff/diffVersions.js'
export { diffSnapshots } from './diff/snapshotDiff.js'
export type { SnapshotDiff, SnapshotDiffOptions } from './diff/snapshotDiff.js'
export { diffTrust } from './diff/trustDiff.js'
export type { TrustUnit, TrustDiffOptions } from './diff/trustDiff.js'
export { diffIdentity } from './diff/identityDiff.js'
export { diffJson, renderDiffText, hasNewAccess } from './diff/render.js'
export { diffSarif } from './diff/sarif.js'
export type { ChangeKind, ChangeCause, ChangeLocation, ChangeWitness, DiffChange, DiffReport, VersionAccess } from './diff/types.js'
export { canAssume, resolveCaller } from './graph/canAssume.js'
export type { TrustAnswer, TrustOptions, PrincipalRef } from './graph/canAssume.js'
export { whoCanAssume, whoCanAssumeRole, findPaths, TrustGraph } from './graph/whoCanAssume.js'
export type { WhoCanAssumeResult } from './graph/whoCanAssume.js'
export type { GraphOptions, ReachEntry, ReachAccess, Hop } from './graph/trustGraph.js'
// Analyses: who can pass a policy set, under which conditions (allowed / conditional / uncertain / denied).
export { analyzeAccess, clampMaxAtoms, DEFAULT_MAX_ATOMS, MAX_ATOMS_LIMIT } from './analysis/analyze.js'
export { accessOf } from './analysis/types.js'
export type { Access, AccessAnswer, AccessQuestion, AnalysisDecision, AnalysisOptions, KeyDomain, OpenKeys, Residual, UncertainReason, Witness } from './analysis/types.js'
export { atomMeaning, renderDnf, renderLiteral } from './analysis/atoms.js'
export type { Atom, AtomSource, Literal } from './analysis/atoms.js'
export { gapsAffecting } from './snapshot/gaps.js'
export { renderWhoText, renderPathsText, renderMermaid, renderDot, residualText, residualJson, uncertainJson, whoJson, canJson, entryJson, edgesOf } from './graph/render.js'
export type { GraphEdge, ResidualJson, LiteralJson } from './graph/render.js'
// Privilege escalation beyond AssumeRole: techniques as edges between principals, decided by the engine
export { findEscalations } from './escalation/findEscalations.js'
export type { EscalationOptions } from './escalation/findEscalations.js'
export { EscalationGraph } from './escalation/escalationGraph.js'
export type { Edge as EscalationEdgeDetail, Step as EscalationStep, EscalationGraphOptions } from './escalation/escalationGraph.js'
export { escalationPaths, escalationEdges } from './escalation/escalationPaths.js'
export type { EscalationPathOptions, EscalationEdge } from './escalation/escalationPaths.js'
export { escalationsJson, escalationJson, renderEscalationsText, renderEscalationPathsText } from './escalation/render.js'
export { ADMIN_PROBES } from './escalation/admin.js'
export { TECHNIQUES, TECHNIQUE_IDS, techniqueById, ADMIN_POLICY_ARN, RESOURCE_KINDS, SERVICE_REFERENCE } from './escalation/techniques.js'
export type { Technique, TechniqueAction, TechniqueId, TechniqueEffect, TechniqueCategory, ResourceKind, ResourceRole } from './escalation/techniques.js'
export { principalGaps } from './escalation/types.js'
export type { Access as EscalationAccess, Answer as EscalationAnswer, Administrator, Escalation, EscalationHop, EscalationResult } from './escalation/types.js'
// Lint: condition-aware trust-policy checks for CI. Example:
//   const report = lintSources([{ path: 'infra/deploy.trust.json', text }], { config: { zone: { accounts: ['111122223333'] } } })
//   const sarif = toSarif(report, { version: '0.1.0' })
export { lintPolicy, detectKind } from './lint/lintPolicy.js'
export type { PolicyFinding, LintPolicyOptions } from './lint/lintPolicy.js'
export { lintSources, kindFromFileName } from './lint/lintSources.js'
export type { LintSourcesOptions, LintReport, InputFormat } from './lint/lintSources.js'
export { toSarif } from './lint/sarif.js'
// Template readers (CloudFormation, Terraform .tf modules and plans): policies with owners and locations.
export { readTemplates } from './lint/sources/readTemplates.js'
export type { TemplateRead, IacPolicy, UnreadPolicy, SourceLocation } from './lint/sources/readTemplates.js'
export type { PolicyOwner, UnresolvedNote } from './lint/sources/embedded.js'
export { parseHcl } from './lint/sources/hclParse.js'
export type { HclParser, HclParseResult, HclBody, HclBlock, HclAttribute, HclExpression, HclTemplatePart, HclObjectItem, HclTraversalStep, HclSyntaxError, HclRange } from './lint/sources/hclSyntax.js'
export type { SarifLog, SarifTool } from './lint/sarif.js'
export { RULES as LINT_RULES, ruleById as lintRuleById } from './lint/registry.js'
export { parseLintConfig } from './lint/config.js'
export type { LintConfig, Suppression } from './lint/config.js'
export { CONFIG_SCHEMA as LINT_CONFIG_SCHEMA } from './lint/configSchema.js'
export { readBaseline, writeBaseline } from './lint/baseline.js'
export type { LintFinding, LintInputError, LintSource, LintSeverity, LintLevel, RuleMeta, TrustZone, FindingSuppression } from './lint/types.js'
// Minimal verified fixes: for a denied question, the smallest changes (context, parameters, JSON patches
// against named policies) that allow it, each re-evaluated before it is offered.
export { searchFixes, EMPTY_ATTEMPT } from './fix/searchFixes.js'
export type { FixSearchOptions } from './fix/searchFixes.js'
export { applyJsonPatch } from './fix/jsonPatch.js'
export type { JsonPatchOperation, PatchValue, PatchOutcome } from './fix/jsonPatch.js'
export { renderFixes } from './fix/renderFixes.js'
export type { Fix, FixChange, FixKind, FixPolicyRef, FixProblem, FixAttempt, PolicySlot, AddedPolicy, ModelCheck, ModelOutcome, ModelViolation, ParameterFix } from './fix/types.js'
export { fixScenario, scenarioFixProblem } from './scenario/fixScenario.js'
export { printPolicyAsWritten } from './policy/printPolicy.js'
// CloudTrail: records → the request AWS saw → decision, agreement with the recorded outcome, verified fixes.
export { explainEvents, explainRecord } from './cloudtrail/explainEvent.js'
export type { EventExplanation, ExplainOptions, ExplainItem, ExplainedCheck } from './cloudtrail/explainEvent.js'
export { readEvents } from './cloudtrail/readEvents.js'
export type { LocatedRecord, ReadEventsResult } from './cloudtrail/readEvents.js'
export { parseRecord } from './cloudtrail/parseRecord.js'
export { readRecordedOutcome } from './cloudtrail/recordedOutcome.js'
export type { RecordedOutcome, RecordedPolicyType } from './cloudtrail/recordedOutcome.js'
export { renderExplainText, explanationToJson } from './cloudtrail/renderExplain.js'
export type { CloudTrailRecord, UserIdentity, SessionContext, RecordLocation, Unknown } from './cloudtrail/types.js'
export type { ReconstructedRequest } from './cloudtrail/model.js'
export type { Blocking, Explanation } from './cloudtrail/verdict.js'
