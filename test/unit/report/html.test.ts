/**
 * The report page is self-contained and cannot be broken out of: data that looks like HTML stays data,
 * the Content-Security-Policy admits only the page's own script and style (by hash), and nothing in the
 * page points at the network.
 */
import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { buildReport } from '../../../src/report/buildReport.js'
import { jsonForScript, renderReportHtml } from '../../../src/report/html.js'
import type { ReportModel } from '../../../src/report/types.js'

const sha256 = (t: string): string => createHash('sha256').update(t, 'utf8').digest('base64')
const hostile = '</script><script>alert(1)</script><!-- \u2028'
const assets = { script: `window.x = "${'</script'.replace('<', '\\u003c')}"; console.log(1)`, style: 'body { color: red }' }
const snapshot = {
  file: 'evil.json',
  text: JSON.stringify({
    RoleDetailList: [
      {
        Path: '/',
        RoleName: 'Evil',
        RoleId: 'AROAEXAMPLEEVIL00001',
        Arn: 'arn:aws:iam::111122223333:role/Evil',
        AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Sid: 'x', Effect: 'Allow', Principal: { Service: hostile }, Action: 'sts:AssumeRole' }] },
        RolePolicyList: [],
        AttachedManagedPolicies: [],
        Tags: [],
      },
    ],
  }),
}

function page(model: ReportModel): string {
  return renderReportHtml(model, assets, sha256)
}

describe('report page', () => {
  const model = buildReport([snapshot], { title: `Report ${hostile}` })
  const html = page(model)

  it('keeps hostile strings from the snapshot inside its JSON, which parses back to the model', () => {
    expect(html.match(/<script/g)).toHaveLength(2)
    expect(html.match(/<\/script>/g)).toHaveLength(2)
    expect(html).not.toContain('<!-- ')
    const json = /<script type="application\/json" id="iamtrace-report">([\s\S]*?)<\/script>/.exec(html)?.[1] ?? ''
    expect(JSON.parse(json)).toEqual(JSON.parse(JSON.stringify(model)))
    expect(JSON.stringify(model)).toContain(hostile)
  })

  it('escapes the title', () => {
    expect(html).toContain('<title>Report &#60;/script&#62;&#60;script&#62;alert(1)&#60;/script&#62;&#60;!-- \u2028</title>')
  })

  it('allows only its own script and style, by hash, and no network at all', () => {
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1] ?? ''
    const script = /<script>([\s\S]*?)<\/script>/.exec(html)?.[1] ?? ''
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)?.[1] ?? ''
    expect(csp.split('; ')).toEqual(["default-src 'none'", `script-src 'sha256-${sha256(script)}'`, `style-src 'sha256-${sha256(style)}'`, 'img-src data:', "base-uri 'none'", "form-action 'none'"])
    expect(html).not.toMatch(/\b(src|href)\s*=\s*["']?(https?:)?\/\//i)
    expect(html.indexOf('Content-Security-Policy')).toBeLessThan(html.indexOf('<script'))
  })

  it('writes JSON that cannot end its script element', () => {
    expect(jsonForScript({ a: '</script>', b: '<!--', c: '\u2028\u2029' })).toBe('{"a":"\\u003c/script>","b":"\\u003c!--","c":"\\u2028\\u2029"}')
  })
})
