/**
 * Whether a wallet was connected when this browser last left the app, read from wagmi's persisted store
 * (localStorage "wagmi.store", written with wagmi's serializer: a Map is {__type: "Map", value: entries}).
 * Read before the wagmi config is created: creating it writes its initial (disconnected) state over the stored
 * one, and a reconnect that cannot find the connector (it is in the lazy wallet kit) does the same.
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
