import { buildProduction } from '../app-server'

export default function setup() {
  buildProduction()
}
