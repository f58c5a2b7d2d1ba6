/** Fuzz: the Anthropic and Gemini entries and count_tokens (see _fuzz_suite.ts). */
import { fuzzTargets } from "./_fuzz_suite.ts";

fuzzTargets(["anthropic", "gemini", "count_tokens"]);
