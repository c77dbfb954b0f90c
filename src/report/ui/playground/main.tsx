/**
 * Entry of the playground page (docs/playground/index.html).
 */
import '../style.css'
import './playground.css'
import { render } from 'preact'
import { Playground } from './Playground.js'

const root = document.getElementById('app')
if (root !== null) {
  render(<Playground />, root)
  document.documentElement.dataset['ready'] = 'true'
}
