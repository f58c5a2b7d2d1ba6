/**
 * The list-price table (`@pydantic/genai-prices`), loaded on first use.
 *
 * The package is one 800 KB module of prices: loading it costs up to 20 MB of memory, and a
 * gateway that has not finished a request yet never needs it. So it is imported the first time a cost has to be looked up (the first finished request
 * without a `[[pricing]]` row), the way the tokenizer loads on the first count.
 *
 * @module
 */
import type { calcPrice } from "@pydantic/genai-prices";

/** The package's price lookup. */
export type PriceTable = typeof calcPrice;

let table: PriceTable | undefined;
let loading: Promise<PriceTable> | undefined;

/** The table when it is loaded already, else undefined (nothing is started). */
export function loadedPriceTable(): PriceTable | undefined {
  return table;
}

/** The table, importing it the first time; later calls share that one import. */
export function loadPriceTable(): Promise<PriceTable> {
  loading ??= import("@pydantic/genai-prices").then(
    (module) => table = module.calcPrice,
    (error) => {
      loading = undefined; // a failed import may be retried by the next request
      throw error;
    },
  );
  return loading;
}
