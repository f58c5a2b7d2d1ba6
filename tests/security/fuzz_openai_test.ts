/** Fuzz: the OpenAI Chat Completions and Responses entries (see _fuzz_suite.ts). */
import { fuzzTargets } from "./_fuzz_suite.ts";

fuzzTargets(["openai", "openai_responses"]);
