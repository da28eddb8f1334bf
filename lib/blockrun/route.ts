/** Our pass-through route for a gateway path (e.g. "chat/completions"). Its own file: the first load needs it. */
export function gatewayRoute(networkId: string, path: string): string {
  return `/api/gateway/${encodeURIComponent(networkId)}/v1/${path}`;
}
