// Tokens of a material's text, estimated as the cost estimate estimates prompts: characters
// divided by a characters-per-token ratio (estimate/calibration.ts; its default is 3.5 for
// Claude's tokenizer on prose). The ratio is a parameter so the sources worker, which must
// not load the estimate's module graph, is told it by the caller.
export const tokensOf = (chars: number, charsPerToken: number): number => Math.ceil(chars / charsPerToken);
