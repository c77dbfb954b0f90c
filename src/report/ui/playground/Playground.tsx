/**
 * The playground: paste, type or drop files (a scenario, an STS call file, a policy, a template or plan,
 * or the files of a snapshot), and see the result computed in the page by the same engine as the CLI.
 * The inputs live in the URL fragment, so a link shares them; nothing is sent anywhere.
 */
import { EXAMPLES } from 'iamtrace:examples'
import { useEffect, useMemo, useRef, useState } from 'preact/hooks'
import { analyse, recognise } from './analyse.js'
import type { InputFile, Outcome } from './analyse.js'
import { Results } from './Results.js'
import { decodeState, encodeState } from './share.js'

/** Where a line and column are in a text (both 1-based), as an offset. */
function offsetOf(text: string, line: number, column: number): number {
  let offset = 0
  for (let l = 1; l < line; l++) {
    const next = text.indexOf('\n', offset)
    if (next < 0) return text.length
    offset = next + 1
  }
  return Math.min(text.length, offset + Math.max(0, column - 1))
}

const KIND_LABEL: Readonly<Record<string, string>> = {
  empty: 'empty',
  'invalid-json': 'invalid JSON',
  scenario: 'scenario',
  'sts-call': 'STS call',
  policy: 'policy',
  snapshot: 'account snapshot',
  organization: 'organization',
  template: 'template / plan',
  unknown: 'not recognised',
}

function readFiles(list: FileList): Promise<InputFile[]> {
  return Promise.all([...list].map(async (f) => ({ name: f.name, text: await f.text() })))
}

/** The playground page. */
export function Playground() {
  const [files, setFiles] = useState<readonly InputFile[]>([])
  const [active, setActive] = useState(0)
  const [loaded, setLoaded] = useState(false)
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'empty' })
  const [failure, setFailure] = useState<string | undefined>(undefined)
  const [dragging, setDragging] = useState(false)
  const [link, setLink] = useState<string | undefined>(undefined)
  const editor = useRef<HTMLTextAreaElement>(null)

  // Restore the inputs of a shared link, or start with the first example.
  useEffect(() => {
    void decodeState(location.hash).then((state) => {
      if (state !== undefined) {
        setFiles(state.files)
        setActive(state.active)
      } else setFiles(EXAMPLES[0]?.files ?? [{ name: 'input.json', text: '' }])
      setLoaded(true)
    })
  }, [])

  // Analyse shortly after the last keystroke; keep the fragment in step so that reloading keeps the inputs.
  useEffect(() => {
    if (!loaded) return
    const timer = setTimeout(() => {
      try {
        setOutcome(analyse(files, active))
        setFailure(undefined)
      } catch (error) {
        setFailure(error instanceof Error ? error.message : String(error))
      }
      document.documentElement.dataset['analysed'] = String(Number(document.documentElement.dataset['analysed'] ?? '0') + 1)
      void encodeState({ files, active }).then((fragment) => history.replaceState(null, '', `#${fragment}`))
    }, 200)
    return () => clearTimeout(timer)
  }, [files, active, loaded])

  const kinds = useMemo(() => files.map(recognise), [files])
  const current = files[active]

  const edit = (text: string): void => setFiles(files.map((f, i) => (i === active ? { ...f, text } : f)))
  const replace = (next: readonly InputFile[]): void => {
    setFiles(next.length > 0 ? next : [{ name: 'input.json', text: '' }])
    setActive(0)
    setLink(undefined)
  }
  const add = (more: readonly InputFile[]): void => {
    // Dropping several files (a snapshot) replaces an empty or example input; one file adds a tab.
    const keep = files.filter((f) => f.text.trim() !== '')
    setFiles([...keep, ...more])
    setActive(keep.length)
    setLink(undefined)
  }
  const goTo = (name: string, line: number, column: number): void => {
    const index = files.findIndex((f) => f.name === name)
    const file = files[index]
    if (file === undefined) return
    setActive(index)
    requestAnimationFrame(() => {
      const t = editor.current
      if (t === null) return
      const at = offsetOf(file.text, line, column)
      t.focus()
      t.setSelectionRange(at, Math.min(file.text.length, at + 1))
      // Scroll the line into view: a textarea has no API for it, so estimate from the line height.
      const lineHeight = parseFloat(getComputedStyle(t).lineHeight) || 18
      t.scrollTop = Math.max(0, (line - 5) * lineHeight)
    })
  }
  const texts = useMemo(() => new Map(files.map((f) => [f.name, f.text])), [files])
  const share = async (): Promise<void> => {
    const url = `${location.href.split('#')[0] ?? ''}#${await encodeState({ files, active })}`
    setLink(url)
    try {
      await navigator.clipboard.writeText(url)
    } catch {
      // Pages opened from disk may not reach the clipboard: the link is shown to copy by hand.
    }
  }

  return (
    <div
      class={`playground${dragging ? ' dragging' : ''}${outcome.kind === 'snapshot' ? ' wide' : ''}`}
      onDragOver={(e) => {
        e.preventDefault()
        setDragging(true)
      }}
      onDragLeave={(e) => {
        if (e.target === e.currentTarget) setDragging(false)
      }}
      onDrop={(e) => {
        e.preventDefault()
        setDragging(false)
        const list = e.dataTransfer?.files
        if (list !== undefined && list.length > 0) void readFiles(list).then(add)
      }}
    >
      <header class="page-header play-header">
        <div>
          <h1>iamtrace playground</h1>
          <p class="muted">AWS IAM policy evaluation with an explained trace, running entirely in this page: nothing you paste is sent anywhere.</p>
        </div>
        <div class="play-actions">
          <label>
            Example{' '}
            <select
              aria-label="load an example"
              onChange={(e) => {
                const ex = EXAMPLES[Number((e.target as HTMLSelectElement).value)]
                if (ex !== undefined) replace(ex.files)
                ;(e.target as HTMLSelectElement).value = ''
              }}
            >
              <option value="">choose…</option>
              {EXAMPLES.map((ex, i) => (
                <option key={i} value={i}>
                  {ex.title}
                </option>
              ))}
            </select>
          </label>
          <label class="button">
            Open files…
            <input type="file" multiple accept=".json,.yaml,.yml,.template" hidden onChange={(e) => (e.target as HTMLInputElement).files !== null && void readFiles((e.target as HTMLInputElement).files as FileList).then(replace)} />
          </label>
          <button type="button" onClick={() => replace([{ name: 'input.json', text: '' }])}>
            Clear
          </button>
          <button type="button" class="primary" onClick={() => void share()}>
            Copy link
          </button>
        </div>
      </header>
      {link !== undefined && (
        <div class="share-box">
          <span>
            Link with your inputs ({(link.length / 1024).toFixed(1)} KB; they travel in the part after <code>#</code>, which browsers never send to a server):
          </span>
          <input readOnly value={link} aria-label="shareable link" onFocus={(e) => (e.target as HTMLInputElement).select()} />
        </div>
      )}
      <div class="play-grid">
        <div class="input-pane">
          <div class="tabs" role="tablist">
            {files.map((f, i) => (
              <span key={i} class={`tab${i === active ? ' on' : ''}`}>
                <button type="button" role="tab" aria-selected={i === active} onClick={() => setActive(i)}>
                  {f.name} <span class={`kind kind-${kinds[i]?.kind ?? 'empty'}`}>{KIND_LABEL[kinds[i]?.kind ?? 'empty']}</span>
                </button>
                {files.length > 1 && (
                  <button
                    type="button"
                    class="close"
                    aria-label={`remove ${f.name}`}
                    onClick={() => {
                      setFiles(files.filter((_, k) => k !== i))
                      setActive(Math.max(0, active > i || active === files.length - 1 ? active - 1 : active))
                    }}
                  >
                    ×
                  </button>
                )}
              </span>
            ))}
            <button type="button" class="tab add" aria-label="add a file" onClick={() => add([{ name: `file-${files.length + 1}.json`, text: '' }])}>
              +
            </button>
          </div>
          {current !== undefined && (
            <div class="file-name">
              <label>
                file name{' '}
                <input value={current.name} aria-label="file name" onInput={(e) => setFiles(files.map((f, i) => (i === active ? { ...f, name: (e.target as HTMLInputElement).value } : f)))} />
              </label>
              <span class="muted small"> (a name like <code>x.trust.json</code> tells the linter the policy kind)</span>
            </div>
          )}
          <textarea
            ref={editor}
            class="editor"
            spellcheck={false}
            wrap="off"
            aria-label="input"
            placeholder="Paste a scenario, an STS call file, a policy, a CloudFormation template or Terraform plan, or account authorization details — or drop files here."
            value={current?.text ?? ''}
            onInput={(e) => edit((e.target as HTMLTextAreaElement).value)}
          />
          <p class="muted small">Drop several files (account authorization details and an organization file) to see the report of a snapshot.</p>
        </div>
        <div class="result-pane" aria-live="polite">
          {failure !== undefined ? <div class="banner warn">Internal error: {failure}. Please report it with this page's link.</div> : <Results outcome={outcome} onLocate={goTo} texts={texts} />}
        </div>
      </div>
      <footer class="page-footer muted">
        iamtrace playground: the engine, linter and trust analysis of the iamtrace CLI compiled for the browser. Results are computed here; the page makes no network request.
      </footer>
    </div>
  )
}
