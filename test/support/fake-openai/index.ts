// A fake OpenAI-compatible model server on 127.0.0.1, for tests of the local-model provider:
//
//   const fake = await startFakeOpenAI({ models: ['qwen2.5:7b'] });
//   createOpenAICompatibleProvider({ baseUrl: `${fake.url}/v1`, model: 'qwen2.5:7b' });
//   fake.enqueueFault('drop_mid_stream'); // the next request's stream is cut
//   fake.set({ jsonSchema: false, style: 'prose' }); // an old server and a small model
//   await fake.stop(); ... await fake.start(); // the server quits and comes back on its port
//
// GET /v1/models, POST /v1/chat/completions (streamed or not), and GET / ("Ollama is
// running"), which is what a reachability probe finds.
export { startFakeOpenAI } from './server';
export { OPENAI_FAULT_KINDS } from './types';
export type { AnswerStyle, FakeOpenAI, FakeOpenAIOptions, OpenAIFaultKind, RecordedChatRequest } from './types';
