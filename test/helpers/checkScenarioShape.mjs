#!/usr/bin/env node
/**
 * Checks that every scenario file under corpus/ (corpus/policies/ and corpus/exceptions.json excluded)
 * has the exact shape of scenario-format v1: required fields, value types, policy containers,
 * and no unknown fields. Plain Node, no dependencies.
 * Usage: node test/helpers/checkScenarioShape.mjs [corpusDir]
 * Exit code 0 when every file is well formed, 1 otherwise.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const corpusDir = process.argv[2] ?? join(process.cwd(), 'corpus');
const SKIP_DIRS = new Set(['policies']);
const SKIP_FILES = new Set(['exceptions.json']);
const DECISIONS = new Set(['allowed', 'explicitDeny', 'implicitDeny']);
const PRINCIPAL_KINDS = new Set(['service', 'federated', 'aws']);
const ARN_PRINCIPAL = /^arn:aws[a-z-]*:(iam::\d{12}:(root|user\/.+|role\/.+)|sts::\d{12}:(assumed-role\/[^/]+\/.+|federated-user\/.+))$/;
const ACTION = /^([a-zA-Z0-9-]+:[A-Za-z0-9*?]+|\*)$/;
const STATEMENT_KEYS = new Set(['Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition']);

/** @param {string} dir @returns {string[]} */
function listJson(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) {
      if (dir === corpusDir && SKIP_DIRS.has(name)) continue;
      out.push(...listJson(full));
    } else if (name.endsWith('.json') && !(dir === corpusDir && SKIP_FILES.has(name))) {
      out.push(full);
    }
  }
  return out;
}

const isObj = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStrOrStrArray = (v) => typeof v === 'string' || (Array.isArray(v) && v.every((x) => typeof x === 'string'));

/**
 * Checks one policy (plain document or named policy).
 * kind: 'identity' (no Principal allowed) or 'resource' (Principal or NotPrincipal required).
 */
function checkPolicy(p, ptr, kind, errs) {
  let doc = p;
  if (isObj(p) && 'document' in p) {
    for (const k of Object.keys(p)) if (k !== 'name' && k !== 'document') errs.push(`${ptr}/${k}: unknown field in named policy`);
    if (typeof p.name !== 'string' || p.name === '') errs.push(`${ptr}/name: must be a non-empty string`);
    doc = p.document;
    ptr += '/document';
    if (typeof doc === 'string') {
      let text = doc;
      if (/^%7B/i.test(text.trim())) {
        try { text = decodeURIComponent(text); } catch { errs.push(`${ptr}: bad URL encoding`); return; }
      }
      try { doc = JSON.parse(text); } catch { errs.push(`${ptr}: document string is not JSON`); return; }
    }
  }
  if (!isObj(doc)) { errs.push(`${ptr}: policy must be an object`); return; }
  for (const k of Object.keys(doc)) if (!['Version', 'Id', 'Statement'].includes(k)) errs.push(`${ptr}/${k}: unknown policy element`);
  if ('Version' in doc && doc.Version !== '2012-10-17' && doc.Version !== '2008-10-17') errs.push(`${ptr}/Version: must be 2012-10-17 or 2008-10-17`);
  const stmts = Array.isArray(doc.Statement) ? doc.Statement : isObj(doc.Statement) ? [doc.Statement] : null;
  if (stmts === null) { errs.push(`${ptr}/Statement: must be an object or an array`); return; }
  stmts.forEach((s, i) => {
    const sp = Array.isArray(doc.Statement) ? `${ptr}/Statement/${i}` : `${ptr}/Statement`;
    if (!isObj(s)) { errs.push(`${sp}: statement must be an object`); return; }
    for (const k of Object.keys(s)) if (!STATEMENT_KEYS.has(k)) errs.push(`${sp}/${k}: unknown statement element`);
    if (s.Effect !== 'Allow' && s.Effect !== 'Deny') errs.push(`${sp}/Effect: must be Allow or Deny`);
    if (('Action' in s) === ('NotAction' in s)) errs.push(`${sp}: exactly one of Action and NotAction`);
    for (const k of ['Action', 'NotAction', 'Resource', 'NotResource']) if (k in s && !isStrOrStrArray(s[k])) errs.push(`${sp}/${k}: must be a string or an array of strings`);
    if ('Resource' in s && 'NotResource' in s) errs.push(`${sp}: Resource and NotResource together`);
    const hasP = 'Principal' in s || 'NotPrincipal' in s;
    if (kind === 'identity' && hasP) errs.push(`${sp}/Principal: not allowed in this policy type`);
    if (kind === 'resource' && !hasP) errs.push(`${sp}: Principal or NotPrincipal required`);
    if (kind === 'identity' && !('Resource' in s) && !('NotResource' in s)) errs.push(`${sp}: Resource or NotResource required`);
    if ('Condition' in s && !isObj(s.Condition)) errs.push(`${sp}/Condition: must be an object`);
    if (isObj(s.Condition)) {
      for (const [op, block] of Object.entries(s.Condition)) {
        if (!isObj(block)) { errs.push(`${sp}/Condition/${op}: must be an object of keys`); continue; }
        for (const [key, val] of Object.entries(block)) {
          const ok = ['string', 'number', 'boolean'].includes(typeof val) || (Array.isArray(val) && val.every((x) => ['string', 'number', 'boolean'].includes(typeof x)));
          if (!ok) errs.push(`${sp}/Condition/${op}/${key}: value must be a scalar or an array of scalars`);
        }
      }
    }
  });
}

function checkPolicyList(v, ptr, kind, errs) {
  if (!Array.isArray(v)) { errs.push(`${ptr}: must be an array`); return; }
  v.forEach((p, i) => checkPolicy(p, `${ptr}/${i}`, kind, errs));
}

function checkOrgLevels(v, ptr, kind, errs) {
  if (v === undefined) return;
  if (!Array.isArray(v)) { errs.push(`${ptr}: must be an array of levels`); return; }
  v.forEach((level, i) => checkPolicyList(level, `${ptr}/${i}`, kind, errs));
}

function checkScenario(s) {
  const errs = [];
  if (!isObj(s)) return ['/: must be an object'];
  const top = ['description', 'source', 'request', 'principalPolicies', 'resourcePolicies', 'expect'];
  for (const k of top) if (!(k in s)) errs.push(`/${k}: missing`);
  for (const k of Object.keys(s)) if (!top.includes(k)) errs.push(`/${k}: unknown field`);
  if (typeof s.description !== 'string' || s.description.trim() === '' || /[\r\n]/.test(s.description)) errs.push('/description: must be one non-empty line');
  if (typeof s.source !== 'string' || s.source.trim() === '') errs.push('/source: must be a non-empty string');
  const r = s.request;
  if (!isObj(r)) errs.push('/request: must be an object');
  else {
    for (const k of Object.keys(r)) if (!['principal', 'action', 'resource', 'resourceAccount', 'context'].includes(k)) errs.push(`/request/${k}: unknown field`);
    const p = r.principal;
    if (typeof p === 'string') { if (!ARN_PRINCIPAL.test(p)) errs.push('/request/principal: not a principal ARN'); }
    else if (isObj(p)) {
      const keys = Object.keys(p);
      if (keys.length !== 1 || !PRINCIPAL_KINDS.has(keys[0]) || typeof p[keys[0]] !== 'string') errs.push('/request/principal: object must have exactly one of service, federated, aws with a string value');
      else if (keys[0] === 'aws' && !ARN_PRINCIPAL.test(p.aws)) errs.push('/request/principal/aws: not a principal ARN');
    } else errs.push('/request/principal: must be a string or an object');
    if (typeof r.action !== 'string' || !ACTION.test(r.action)) errs.push('/request/action: must be service:Action');
    if (typeof r.resource !== 'string' || r.resource === '') errs.push('/request/resource: must be a non-empty string');
    if ('resourceAccount' in r && (typeof r.resourceAccount !== 'string' || !/^\d{12}$/.test(r.resourceAccount))) errs.push('/request/resourceAccount: must be a 12-digit account id');
    if ('context' in r) {
      if (!isObj(r.context)) errs.push('/request/context: must be an object');
      else for (const [k, v] of Object.entries(r.context)) {
        const ok = ['string', 'number', 'boolean'].includes(typeof v) || (Array.isArray(v) && v.every((x) => ['string', 'number', 'boolean'].includes(typeof x)));
        if (!ok) errs.push(`/request/context/${k}: must be a string, number, boolean or an array of them`);
        if (!k.includes(':')) errs.push(`/request/context/${k}: key must be prefix:name`);
      }
    }
  }
  const pp = s.principalPolicies;
  if (!isObj(pp)) errs.push('/principalPolicies: must be an object');
  else {
    for (const k of Object.keys(pp)) if (!['identity', 'boundary', 'session', 'scps'].includes(k)) errs.push(`/principalPolicies/${k}: unknown field`);
    checkPolicyList(pp.identity, '/principalPolicies/identity', 'identity', errs);
    if (pp.boundary !== null && pp.boundary !== undefined) checkPolicy(pp.boundary, '/principalPolicies/boundary', 'identity', errs);
    if (pp.session !== undefined) checkPolicyList(pp.session, '/principalPolicies/session', 'identity', errs);
    checkOrgLevels(pp.scps, '/principalPolicies/scps', 'identity', errs);
  }
  const rp = s.resourcePolicies;
  if (!isObj(rp)) errs.push('/resourcePolicies: must be an object');
  else {
    for (const k of Object.keys(rp)) if (!['resource', 'rcps'].includes(k)) errs.push(`/resourcePolicies/${k}: unknown field`);
    if (rp.resource !== null && rp.resource !== undefined) checkPolicy(rp.resource, '/resourcePolicies/resource', 'resource', errs);
    checkOrgLevels(rp.rcps, '/resourcePolicies/rcps', 'resource', errs);
  }
  if (!isObj(s.expect)) errs.push('/expect: must be an object');
  else {
    for (const k of Object.keys(s.expect)) if (k !== 'decision') errs.push(`/expect/${k}: unknown field`);
    if (!DECISIONS.has(s.expect.decision)) errs.push('/expect/decision: must be allowed, explicitDeny or implicitDeny');
  }
  return errs;
}

const files = listJson(corpusDir);
let bad = 0;
const perFolder = new Map();
for (const f of files) {
  const rel = relative(corpusDir, f);
  const folder = rel.split('/')[0];
  perFolder.set(folder, (perFolder.get(folder) ?? 0) + 1);
  let data;
  try { data = JSON.parse(readFileSync(f, 'utf8')); } catch (e) { bad++; console.log(`${rel}: /: not valid JSON`); continue; }
  const errs = checkScenario(data);
  if (!/^[a-z0-9]+(-[a-z0-9]+)*\.json$/.test(rel.split('/').pop())) errs.push('file name: must be kebab-case');
  if (errs.length) { bad++; for (const e of errs) console.log(`${rel}: ${e}`); }
}
for (const [k, v] of [...perFolder].sort()) console.log(`${k}: ${v}`);
console.log(`${files.length} files, ${bad} with errors`);
process.exit(bad === 0 && files.length > 0 ? 0 : 1);
