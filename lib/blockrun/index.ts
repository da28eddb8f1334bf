/** The BlockRun gateway client: completions (JSON and SSE), the model catalog, usage, and error mapping. */
export {
  postCompletion,
  readStream,
  readJsonCompletion,
  sseEvents,
  SseParser,
  gatewayRoute,
  type ChatMessage,
  type ChatRequest,
  type PostOptions,
  type SseEvent,
  type StreamHandlers,
  type StreamResult,
  type CompletionResult,
} from "./completions";
export { parseModels, toModelInfo } from "./catalog-reader";
export { fetchModels, estimateCost, type ModelInfo, type ModelPricing, type BillingMode } from "./models";
export { normalizeUsage, type Usage } from "./usage";
export { GatewayError, gatewayErrorFrom, unreachableError, type GatewayErrorKind } from "./errors";
