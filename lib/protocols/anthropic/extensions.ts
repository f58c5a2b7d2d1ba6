/**
 * Keys under `ir.extensions.anthropic` that are not plain body fields, shared by the Anthropic
 * entry (which fills them) and the Anthropic adapter (which replays them). Every other key there
 * is a top-level Messages field copied verbatim (`context_management`, `service_tier`,
 * `container`, `mcp_servers` …); `output_config` and `metadata` hold only the sub-fields the IR
 * does not model and are merged into the adapter's own objects.
 *
 * @module
 */

/** `ServerToolEntry[]`: server tools with their index in the client's `tools` list. */
export const SERVER_TOOLS_KEY = "ferryllm_server_tools";
