/** React Query's key for a network's model catalog (shared by useModels and the server's prefetch). */
export const modelsQueryKey = (networkId: string | undefined) => ["models", networkId] as const;
