/**
 * A small Prometheus registry: counters, gauges and histograms with labels, rendered in the
 * text exposition format 0.0.4. Hand-written because the well-known library (prom-client) is
 * tied to Node, and the gateway needs a dozen series, not a framework.
 *
 * @module
 */

export type Labels = Record<string, string>;

export const EXPOSITION_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

interface Metric {
  render(): string[];
}

/** Series keyed by their label values, in a stable order for the exposition. */
class Series<T> {
  #values = new Map<string, { labels: Labels; value: T }>();

  constructor(private readonly labelNames: readonly string[], private readonly initial: () => T) {}

  at(labels: Labels): T {
    // Built by hand: this runs several times per request, and map + join allocates twice.
    let key = "";
    for (let i = 0; i < this.labelNames.length; i++) {
      key += (i === 0 ? "" : "\u0000") + (labels[this.labelNames[i]] ?? "");
    }
    let slot = this.#values.get(key);
    if (!slot) {
      const own: Labels = {};
      for (const name of this.labelNames) own[name] = labels[name] ?? "";
      slot = { labels: own, value: this.initial() };
      this.#values.set(key, slot);
    }
    return slot.value;
  }

  entries(): { labels: Labels; value: T }[] {
    return [...this.#values.values()];
  }
}

export class Counter implements Metric {
  #series: Series<{ n: number }>;

  constructor(readonly name: string, readonly help: string, labelNames: readonly string[] = []) {
    this.#series = new Series(labelNames, () => ({ n: 0 }));
  }

  inc(labels: Labels = {}, by = 1): void {
    if (by < 0 || !Number.isFinite(by)) return;
    this.#series.at(labels).n += by;
  }

  get(labels: Labels = {}): number {
    return this.#series.at(labels).n;
  }

  entries(): { labels: Labels; value: number }[] {
    return this.#series.entries().map(({ labels, value }) => ({ labels, value: value.n }));
  }

  render(): string[] {
    return [
      ...header(this.name, this.help, "counter"),
      ...this.entries().map(({ labels, value }) => sample(this.name, labels, value)),
    ];
  }
}

export class Gauge implements Metric {
  #series: Series<{ n: number }>;

  constructor(readonly name: string, readonly help: string, labelNames: readonly string[] = []) {
    this.#series = new Series(labelNames, () => ({ n: 0 }));
  }

  set(labels: Labels, value: number): void {
    this.#series.at(labels).n = value;
  }

  add(labels: Labels, by: number): void {
    this.#series.at(labels).n += by;
  }

  get(labels: Labels = {}): number {
    return this.#series.at(labels).n;
  }

  render(): string[] {
    return [
      ...header(this.name, this.help, "gauge"),
      ...this.#series.entries().map(({ labels, value }) => sample(this.name, labels, value.n)),
    ];
  }
}

/** A gauge computed when scraped (ratios of counters), so it can never drift from its inputs. */
export class DerivedGauge implements Metric {
  constructor(
    readonly name: string,
    readonly help: string,
    private readonly compute: () => { labels: Labels; value: number }[],
  ) {}

  render(): string[] {
    return [
      ...header(this.name, this.help, "gauge"),
      ...this.compute().map(({ labels, value }) => sample(this.name, labels, value)),
    ];
  }
}

interface HistogramData {
  buckets: number[];
  sum: number;
  count: number;
}

export class Histogram implements Metric {
  #series: Series<HistogramData>;

  constructor(
    readonly name: string,
    readonly help: string,
    labelNames: readonly string[],
    /** Bucket upper bounds, ascending (as the exposition format lists them). */
    private readonly bounds: readonly number[],
  ) {
    this.#series = new Series(labelNames, () => ({
      buckets: bounds.map(() => 0),
      sum: 0,
      count: 0,
    }));
  }

  observe(labels: Labels, value: number): void {
    if (!Number.isFinite(value)) return;
    const data = this.#series.at(labels);
    for (let i = this.bounds.length - 1; i >= 0 && value <= this.bounds[i]; i--) {
      data.buckets[i] += 1;
    }
    data.sum += value;
    data.count += 1;
  }

  render(): string[] {
    const lines = header(this.name, this.help, "histogram");
    for (const { labels, value } of this.#series.entries()) {
      this.bounds.forEach((bound, i) => {
        lines.push(
          sample(`${this.name}_bucket`, { ...labels, le: formatNumber(bound) }, value.buckets[i]),
        );
      });
      lines.push(sample(`${this.name}_bucket`, { ...labels, le: "+Inf" }, value.count));
      lines.push(sample(`${this.name}_sum`, labels, value.sum));
      lines.push(sample(`${this.name}_count`, labels, value.count));
    }
    return lines;
  }
}

export class Registry {
  #metrics: Metric[] = [];

  register<M extends Metric>(metric: M): M {
    this.#metrics.push(metric);
    return metric;
  }

  /** The whole registry in the text exposition format, ending with a newline. */
  render(): string {
    return this.#metrics.flatMap((m) => m.render()).join("\n") + "\n";
  }
}

function header(name: string, help: string, type: string): string[] {
  return [
    `# HELP ${name} ${help.replace(/\\/g, "\\\\").replace(/\n/g, "\\n")}`,
    `# TYPE ${name} ${type}`,
  ];
}

function sample(name: string, labels: Labels, value: number): string {
  const pairs = Object.entries(labels).map(([k, v]) => `${k}="${escapeLabel(v)}"`);
  return `${name}${pairs.length ? `{${pairs.join(",")}}` : ""} ${formatNumber(value)}`;
}

function escapeLabel(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
}

function formatNumber(value: number): string {
  if (value === Infinity) return "+Inf";
  if (value === -Infinity) return "-Inf";
  if (Number.isNaN(value)) return "NaN";
  return String(value);
}
