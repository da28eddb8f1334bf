"use client";
import { useQuery } from "@tanstack/react-query";
import { fetchModels } from "@/lib/blockrun/models";
import type { NetworkId } from "@/lib/networks";
import { modelsQueryKey } from "./models-query-key";

/** The gateway's catalog for a network (free to read), cached for five minutes. The chat page's server render
 *  hands in the first network's (components/chat/catalog-prefetch.tsx). */
export function useModels(networkId: NetworkId | undefined) {
  return useQuery({
    queryKey: modelsQueryKey(networkId),
    queryFn: () => fetchModels(networkId!),
    enabled: !!networkId,
    staleTime: 5 * 60_000,
    retry: 1,
  });
}
