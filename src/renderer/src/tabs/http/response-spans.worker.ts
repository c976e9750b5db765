// Cuts a response's bytes into spans off the page's thread (a 1 MiB chunked body is thousands of spans).
import { dissectResponse, type ResponseSpansReply, type ResponseSpansRequest } from './response-spans'

// Typed by hand: this program is compiled with the DOM's types, not the worker's.
const scope = self as unknown as { onmessage: ((e: MessageEvent<ResponseSpansRequest>) => void) | null; postMessage(reply: ResponseSpansReply): void }

scope.onmessage = (e) => {
  const { id, protocol, bytes } = e.data
  scope.postMessage({ id, dissection: dissectResponse(protocol, bytes) })
}
