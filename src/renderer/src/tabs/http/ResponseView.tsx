// One HTTP response shown every way. (Placeholder until the view lands.)
import type { HttpRawResult } from '../../../../shared/contract/http'

export interface ResponseViewProps {
  result: HttpRawResult
}

export function ResponseView({ result }: ResponseViewProps) {
  return <pre>{`${result.response.httpVersion} ${result.response.status} ${result.response.statusWords}`}</pre>
}
