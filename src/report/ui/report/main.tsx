/**
 * Entry of the report page: reads the model inlined in the page and renders it.
 */
import '../style.css'
import { render } from 'preact'
import type { ReportModel } from '../../types.js'
import { ReportView } from '../components/ReportView.js'

function Header({ model }: { readonly model: ReportModel }) {
  return (
    <header class="page-header">
      <h1>{model.title}</h1>
      <p class="muted">
        {model.generator}
        {model.generatedAt !== null && ` · ${model.generatedAt}`} · {model.files.length} input file{model.files.length === 1 ? '' : 's'}
        {Object.keys(model.context).length > 0 && ` · context: ${Object.entries(model.context).map(([k, v]) => `${k}=${String(v)}`).join(', ')}`}
      </p>
    </header>
  )
}

performance.mark('iamtrace:start')
const data = document.getElementById('iamtrace-report')?.textContent
const root = document.getElementById('app')
if (data !== undefined && data !== null && root !== null) {
  const model = JSON.parse(data) as ReportModel
  render(
    <>
      <Header model={model} />
      <ReportView model={model} />
      <footer class="page-footer muted">
        Made by {model.generator}. This page is self-contained: its data and scripts are inside the file, and it loads nothing from and sends nothing to the network.
      </footer>
    </>,
    root,
  )
  performance.mark('iamtrace:rendered')
  document.documentElement.dataset['ready'] = 'true'
}
