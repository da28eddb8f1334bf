/**
 * Whether a wallet was connected when this browser last left the app, read from wagmi's persisted store
 * (localStorage "wagmi.store", written with wagmi's serializer: a Map is {__type: "Map", value: entries}).
 * Read before wagmi's own reconnect runs: a reconnect that cannot find the connector (it is in the lazy
 * wallet kit) writes the store back as disconnected.
 */
export const WAGMI_STORE_KEY = "wagmi.store";

export function previousConnectorId(storage: Pick<Storage, "getItem"> | undefined): string | undefined {
  let raw: string | null | undefined;
  try {
    raw = storage?.getItem(WAGMI_STORE_KEY);
  } catch {
    return undefined; // storage blocked (privacy settings): behave as a first visit
  }
  if (!raw) return undefined;
  try {
    const state = (JSON.parse(raw) as { state?: { current?: string | null; connections?: { value?: [string, { connector?: { id?: string } }][] } } }).state;
    if (!state?.current) return undefined;
    const entry = state.connections?.value?.find(([uid]) => uid === state.current);
    return entry?.[1]?.connector?.id ?? undefined;
  } catch {
    return undefined;
  }
}
