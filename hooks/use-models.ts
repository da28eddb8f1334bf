"use client";
import { useQuery } from "@tanstack/react-query";
import { fetchModels } from "@/lib/blockrun/models";
import type { NetworkId } from "@/lib/networks";

/** The gateway's catalog for a network (free to read), cached for five minutes. */
export function useModels(networkId: NetworkId | undefined) {
  return useQuery({
    queryKey: ["models", networkId],
    queryFn: () => fetchModels(networkId!),
    enabled: !!networkId,
    staleTime: 5 * 60_000,
    retry: 1,
  });
}
