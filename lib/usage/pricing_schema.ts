/**
 * `[[pricing]]`: prices for models the pricing library does not know (self-hosted, custom,
 * new), or overrides for ones it does (negotiated rates). USD per million tokens.
 *
 * @module
 */
import { z } from "zod";

const perMillion = z.number().nonnegative();

export const pricingSchema = z.strictObject({
  /** Upstream model name (glob: `*` matches any run of characters). */
  model: z.string().min(1),
  /** Limit the row to one `[[providers]]` name. */
  provider: z.string().min(1).optional(),
  input_usd_per_mtok: perMillion,
  output_usd_per_mtok: perMillion,
  /** Default: the input price. */
  cache_read_usd_per_mtok: perMillion.optional(),
  /** Default: the input price. */
  cache_write_usd_per_mtok: perMillion.optional(),
});
