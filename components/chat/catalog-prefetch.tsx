/**
 * Server component: the first configured network's model catalog, read on the server (lib/server/catalog.ts), handed
 * to React Query in the browser through its HydrationBoundary, under the key useModels reads. With it, the picker
 * and the live price are ready at hydration; without it (no answer in time), the browser asks as before.
 */
import { dehydrate, HydrationBoundary, QueryClient } from "@tanstack/react-query";
import { getPublicNetworks } from "@/lib/server/app-config";
import { catalogForFirstRender } from "@/lib/server/catalog";
import { modelsQueryKey } from "@/hooks/models-query-key";

export async function CatalogPrefetch({ children }: { children: React.ReactNode }) {
  const first = getPublicNetworks()[0];
  const catalog = first ? await catalogForFirstRender(first.id) : undefined;
  if (!first || !catalog) return children;
  const qc = new QueryClient();
  // updatedAt: when the server read it, so useModels' five minutes of freshness count from then.
  qc.setQueryData(modelsQueryKey(first.id), catalog.models, { updatedAt: catalog.at });
  return <HydrationBoundary state={dehydrate(qc)}>{children}</HydrationBoundary>;
}
