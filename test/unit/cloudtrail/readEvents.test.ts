/**
 * Event files in every shape CloudTrail records come in, and the located errors for broken ones.
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-examples.html
 * https://docs.aws.amazon.com/cli/latest/reference/cloudtrail/lookup-events.html
 * https://docs.aws.amazon.com/athena/latest/ug/cloudtrail-logs.html
 */
import { describe, expect, it } from 'vitest'
import { parseRecord } from '../../../src/cloudtrail/parseRecord.js'
import { readEvents } from '../../../src/cloudtrail/readEvents.js'

const RECORD = {
  eventVersion: '1.08',
  userIdentity: { type: 'IAMUser', principalId: 'AIDAAV7WKGLRQO4RJNKFR', arn: 'arn:aws:iam::111111111111:user/alice', accountId: '111111111111', userName: 'alice' },
  eventTime: '2025-06-02T09:14:07Z',
  eventSource: 'sts.amazonaws.com',
  eventName: 'AssumeRole',
  awsRegion: 'us-east-1',
  sourceIPAddress: '198.51.100.23',
  requestParameters: { roleArn: 'arn:aws:iam::222222222222:role/Admin', roleSessionName: 'alice' },
  responseElements: null,
  eventID: 'e-1',
}
const text = (v: unknown): string => JSON.stringify(v, null, 2)

describe('readEvents: input shapes', () => {
  it('reads a single record', () => {
    const r = readEvents(text(RECORD), 'one.json')
    expect(r.diagnostics).toEqual([])
    expect(r.records.map((x) => x.location.pointer)).toEqual([''])
  })

  it('reads a trail log file (Records)', () => {
    const r = readEvents(text({ Records: [RECORD, { ...RECORD, eventID: 'e-2' }] }))
    expect(r.records.map((x) => x.location.pointer)).toEqual(['/Records/0', '/Records/1'])
  })

  it('reads lookup-events output, each record a JSON string', () => {
    const r = readEvents(text({ Events: [{ EventId: 'e-1', CloudTrailEvent: JSON.stringify(RECORD) }] }))
    expect(r.diagnostics).toEqual([])
    expect(r.records[0]?.location.pointer).toBe('/Events/0/CloudTrailEvent')
    expect(r.records[0]?.value['eventName']).toBe('AssumeRole')
  })

  it('reads CloudTrail Lake query results (rows of one-key cells) and eventJson wrappers', () => {
    const rows = { QueryResultRows: [[{ eventJson: JSON.stringify(RECORD) }], [{ eventid: 'e-3' }, { eventname: 'GetCallerIdentity' }]] }
    const r = readEvents(text(rows))
    expect(r.records).toHaveLength(2)
    expect(r.records[0]?.value['eventID']).toBe('e-1')
    expect(r.records[1]?.value['eventname']).toBe('GetCallerIdentity')
  })

  it('reads JSON lines with the line of each record', () => {
    const r = readEvents(`${JSON.stringify(RECORD)}\n\n${JSON.stringify({ ...RECORD, eventID: 'e-2' })}\n`, 'x.jsonl')
    expect(r.diagnostics).toEqual([])
    expect(r.records.map((x) => x.location.line)).toEqual([1, 3])
  })

  it('reads Athena exports: lowercase columns, request parameters as JSON text', () => {
    const athena = { eventversion: '1.08', useridentity: { type: 'IAMUser', arn: 'arn:aws:iam::111111111111:user/alice', accountid: '111111111111', sessioncontext: { attributes: { mfaauthenticated: 'true', creationdate: '2025-06-02T09:00:00Z' } } }, eventtime: '2025-06-02T09:14:07Z', eventsource: 'sts.amazonaws.com', eventname: 'AssumeRole', requestparameters: JSON.stringify({ roleArn: 'arn:aws:iam::222222222222:role/Admin' }), eventid: 'e-9' }
    const [raw] = readEvents(`${JSON.stringify(athena)}\n${JSON.stringify(athena)}\n`).records
    expect(raw).toBeDefined()
    if (raw === undefined) return
    const r = parseRecord(raw)
    expect(r.ok).toBe(true)
    if (!r.ok) return
    expect(r.value.eventName).toBe('AssumeRole')
    expect(r.value.requestParameters?.['roleArn']).toBe('arn:aws:iam::222222222222:role/Admin')
    expect(r.value.userIdentity.sessionContext?.attributes?.mfaAuthenticated).toBe('true')
  })
})

describe('readEvents and parseRecord: bad input is located, never thrown', () => {
  it('a truncated record is unreadable with a position', () => {
    const r = readEvents(text(RECORD).slice(0, 120), 'cut.json')
    expect(r.records).toEqual([])
    expect(r.diagnostics[0]?.code).toBe('cloudtrail.unreadable')
    expect(r.diagnostics[0]?.file).toBe('cut.json')
  })

  it('JSON without records says so', () => {
    expect(readEvents('{"Policy": {}}').diagnostics[0]?.code).toBe('cloudtrail.no-records')
    expect(readEvents('{"Records": []}').diagnostics[0]?.code).toBe('cloudtrail.no-records')
  })

  it('a bad JSON line is reported at its line; the good lines are read', () => {
    const r = readEvents(`${JSON.stringify(RECORD)}\n{"eventName": \n${JSON.stringify(RECORD)}\n`)
    expect(r.records).toHaveLength(2)
    expect(r.diagnostics.map((d) => [d.code, d.position?.line])).toEqual([['cloudtrail.unreadable', 2]])
  })

  it('a record without eventName, eventTime or userIdentity fails with pointers', () => {
    const broken = { ...RECORD, eventName: undefined, eventTime: 'yesterday', userIdentity: { principalId: 'x' } }
    const [raw] = readEvents(text({ Records: [broken] })).records
    if (raw === undefined) throw new Error('no record')
    const r = parseRecord(raw)
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.errors.map((e) => [e.code, e.pointer])).toEqual([
      ['cloudtrail.invalid-record', '/Records/0/eventName'],
      ['cloudtrail.invalid-record', '/Records/0/eventTime'],
      ['cloudtrail.invalid-record', '/Records/0/userIdentity/type'],
    ])
  })

  it('an entry that is not an object is reported, the others read', () => {
    const r = readEvents(text({ Records: [RECORD, 7] }))
    expect(r.records).toHaveLength(1)
    expect(r.diagnostics.map((d) => d.pointer)).toEqual(['/Records/1'])
  })

  it('__proto__ in a record is data, not a prototype', () => {
    const r = readEvents(`{"__proto__": {"polluted": true}, ${text(RECORD).slice(1)}`)
    expect(r.records).toHaveLength(1)
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined()
    const parsed = parseRecord(r.records[0] as NonNullable<(typeof r.records)[0]>)
    expect(parsed.ok).toBe(true)
  })
})
