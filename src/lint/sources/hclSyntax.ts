/**
 * The HCL native syntax as the Terraform reader needs it: bodies of attributes and blocks, and
 * expressions, each with its offsets in the file. `hclParse.ts` produces it; another parser may be handed
 * to `lintSources` instead.
 * https://github.com/hashicorp/hcl/blob/main/hclsyntax/spec.md
 */

/** Offsets of a node in its file: `[from, to)` in UTF-16 code units. */
export interface HclRange {
  readonly from: number
  readonly to: number
}

/** A body: attributes and nested blocks in source order. */
export interface HclBody {
  readonly attributes: readonly HclAttribute[]
  readonly blocks: readonly HclBlock[]
}

/** `name = expression`. */
export interface HclAttribute extends HclRange {
  readonly name: string
  readonly value: HclExpression
}

/** `type "label" ... { body }`. */
export interface HclBlock extends HclRange {
  readonly type: string
  readonly labels: readonly string[]
  readonly body: HclBody
}

/** A piece of a template: literal text (escapes decoded) or an interpolated expression. */
export type HclTemplatePart =
  | (HclRange & { readonly kind: 'text'; readonly text: string })
  | (HclRange & { readonly kind: 'interpolation'; readonly expression: HclExpression })
  /** `%{ if }` / `%{ for }` directives: not evaluated. */
  | (HclRange & { readonly kind: 'directive' })

/** An HCL expression. */
export type HclExpression = HclRange &
  (
    | { readonly kind: 'literal'; readonly value: string | number | boolean | null }
    /** A quoted string or heredoc; `heredoc` strips indentation for `<<-`. */
    | { readonly kind: 'template'; readonly parts: readonly HclTemplatePart[]; readonly heredoc?: 'plain' | 'indented' }
    | { readonly kind: 'tuple'; readonly items: readonly HclExpression[] }
    | { readonly kind: 'object'; readonly items: readonly HclObjectItem[] }
    /** A root name: `var`, `local`, `aws_iam_role`, `each`... */
    | { readonly kind: 'variable'; readonly name: string }
    | { readonly kind: 'getattr'; readonly target: HclExpression; readonly name: string }
    | { readonly kind: 'index'; readonly target: HclExpression; readonly key: HclExpression }
    /** `x[*].a` / `x.*.a`: `rest` applies to each element. */
    | { readonly kind: 'splat'; readonly target: HclExpression; readonly rest: readonly HclTraversalStep[] }
    | { readonly kind: 'call'; readonly name: string; readonly args: readonly HclExpression[]; readonly expandFinal: boolean }
    | { readonly kind: 'conditional'; readonly condition: HclExpression; readonly then: HclExpression; readonly otherwise: HclExpression }
    | { readonly kind: 'for'; readonly keyVar?: string; readonly valueVar: string; readonly collection: HclExpression; readonly key?: HclExpression; readonly value: HclExpression; readonly condition?: HclExpression; readonly grouped: boolean }
    | { readonly kind: 'binary'; readonly op: string; readonly left: HclExpression; readonly right: HclExpression }
    | { readonly kind: 'unary'; readonly op: string; readonly operand: HclExpression }
    | { readonly kind: 'parens'; readonly expression: HclExpression }
    /** Syntax the reader keeps as text but does not model. */
    | { readonly kind: 'unsupported'; readonly text: string }
  )

/** One step after a splat: `.name` or `[key]`. */
export type HclTraversalStep = { readonly kind: 'getattr'; readonly name: string } | { readonly kind: 'index'; readonly key: HclExpression }

/** `key = value` in an object constructor; a bare identifier key is a literal string. */
export interface HclObjectItem extends HclRange {
  readonly key: HclExpression
  readonly value: HclExpression
}

/** A syntax error with its offset. */
export interface HclSyntaxError {
  readonly offset: number
  readonly message: string
}

/** What a parser returns for one file: the body, or errors (a file with errors is not read). */
export type HclParseResult = { readonly ok: true; readonly body: HclBody } | { readonly ok: false; readonly errors: readonly HclSyntaxError[] }

/** Parses HCL native syntax text. */
export type HclParser = (text: string) => HclParseResult
