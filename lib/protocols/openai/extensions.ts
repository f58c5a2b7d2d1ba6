/**
 * Keys under `ir.extensions.openai` that are not plain body fields, shared by the Chat entry
 * (which fills them) and the Chat adapter (which replays them).
 *
 * @module
 */

/** Tools of a type other than `function` (`custom` …), verbatim, appended after the IR tools. */
export const OTHER_TOOLS_KEY = "ferryllm_other_tools";
