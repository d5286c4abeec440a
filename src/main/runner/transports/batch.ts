// The economy transport: a unit's request travels in a Message Batch instead of a live
// Messages call. It is a ModelProvider, so the same retry policy, validation, repair and
// accounting (ai/structured-call.ts) run on its answers as on the live path's; only how the
// request travels differs. Built per call: the call's first request may attach to the
// unit's latest stored request (runner/batches.ts), every later one (a retry, a repair) is
// a new request in the next batch.
import type { MessageCreateParamsNonStreaming } from '@anthropic-ai/sdk/resources/messages';
import { resultFromMessage } from '../../ai/anthropic-answer';
import { buildParams } from '../../ai/anthropic-params';
import type { AnthropicProvider } from '../../ai/anthropic';
import type { Clock } from '../../ai/clock';
import { ProviderError, type ModelProvider, type ModelResult, type ProviderErrorKind } from '../../ai/provider';
import type { BatchCycle, BatchOutcome, EconomyUnit } from '../batches';

/** Only the Anthropic provider has a batch API; others run economy jobs live. */
export function canBatch(provider: ModelProvider): provider is AnthropicProvider {
  return 'structuredOutput' in provider && 'maxTokens' in provider;
}

export function batchTransport(cycle: BatchCycle, live: AnthropicProvider, unit: EconomyUnit, clock: Clock, drain?: AbortSignal): ModelProvider {
  let first = true;
  return {
    name: `${live.name} (Message Batches)`,
    model: live.model,
    ...(live.maxOutputTokens !== undefined ? { maxOutputTokens: live.maxOutputTokens } : {}),
    serviceTier: 'batch',
    async call(req): Promise<ModelResult> {
      const attach = first;
      first = false;
      const maxTokens = req.maxTokens ?? live.maxTokens;
      // The 1-hour cache: a batch's requests run in any order over up to an hour.
      const params = buildParams(req, live.model, maxTokens, live.structuredOutput, '1h') as MessageCreateParamsNonStreaming;
      const started = clock.now();
      const outcome = await cycle.request(unit, params, {
        attach,
        ...(req.signal ? { signal: req.signal } : {}),
        ...(drain ? { drain } : {}),
      });
      return {
        ...answerOf(outcome, { toolName: req.tool.name, mode: live.structuredOutput, maxTokens }),
        latencyMs: Math.max(0, clock.now() - started),
        serviceTier: 'batch',
      };
    },
  };
}

function answerOf(outcome: BatchOutcome, ctx: { toolName: string; mode: AnthropicProvider['structuredOutput']; maxTokens: number }): Omit<ModelResult, 'latencyMs'> {
  switch (outcome.type) {
    case 'succeeded':
      return resultFromMessage(outcome.message, { ...ctx, requestId: null });
    case 'errored': {
      const e = outcome.error.error;
      throw new ProviderError(ERROR_KINDS[e.type] ?? 'server', `The Message Batches API answered this request with an error: ${e.message} (${e.type}).`);
    }
    case 'expired':
      // The API's 24 h passed before it ran the request: worth sending again.
      throw new ProviderError('timeout', 'The batch ended (24 h) before this request was processed; it goes in the next batch.');
    case 'canceled':
      throw new ProviderError('server', 'The batch was cancelled before this request was processed; it goes in the next batch.');
  }
}

/** An errored result's type, as the retry policy knows it: invalid requests fail the unit. */
const ERROR_KINDS: Partial<Record<string, ProviderErrorKind>> = {
  invalid_request_error: 'bad_request',
  authentication_error: 'auth',
  permission_error: 'permission',
  not_found_error: 'not_found',
  billing_error: 'spend_limit',
  rate_limit_error: 'rate_limit',
  api_error: 'server',
  overloaded_error: 'overloaded',
  timeout_error: 'timeout',
};
