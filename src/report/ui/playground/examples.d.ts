/** Example inputs, bundled into the playground from the repository's corpus and fixtures by scripts/build-ui.ts. */
declare module 'iamtrace:examples' {
  export const EXAMPLES: readonly { readonly title: string; readonly files: readonly { readonly name: string; readonly text: string }[] }[]
}
