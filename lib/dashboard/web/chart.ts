/**
 * One uPlot time-series chart as a Preact component: created once, fed new columns on every
 * snapshot, resized with its container, and recoloured from CSS variables so it follows the
 * light/dark theme. The numbers behind each chart are also in the summary tiles and tables, so
 * the canvas is labelled and hidden from screen readers' reading order only as an image.
 *
 * @module
 */
import { html } from "htm/preact";
import { useEffect, useRef, useState } from "preact/hooks";
import uPlot from "uplot";

export interface ChartSeries {
  label: string;
  /** CSS variable holding the line colour, e.g. "--chart-1". */
  color: string;
  unit: (value: number | null) => string;
}

interface ChartProps {
  id: string;
  title: string;
  series: ChartSeries[];
  /** uPlot columns: epoch seconds first, then one array per series. */
  data: (number | null)[][];
}

export function Chart({ id, title, series, data }: ChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const latest = useRef(data);
  latest.current = data;
  const theme = useColorScheme();

  useEffect(() => {
    const element = box.current!;
    const style = getComputedStyle(document.documentElement);
    const css = (name: string) => style.getPropertyValue(name).trim() || "#888";
    const axis = { stroke: css("--muted"), grid: { stroke: css("--grid"), width: 1 } };
    plot.current = new uPlot(
      {
        width: Math.max(200, element.clientWidth),
        height: 180,
        legend: { live: false },
        cursor: { drag: { x: false, y: false } },
        scales: { x: { time: true } },
        axes: [axis, { ...axis, size: 60, values: (_u, ticks) => ticks.map(series[0].unit) }],
        series: [
          {},
          ...series.map((s) => ({
            label: s.label,
            stroke: css(s.color),
            width: 1.5,
            spanGaps: false,
            // Per-second latency is often a lone point between empty seconds: draw the dots.
            points: { show: true, size: 4 },
            value: (_u: uPlot, v: number | null) => s.unit(v),
          })),
        ],
      },
      data as uPlot.AlignedData,
      element,
    );
    const resize = new ResizeObserver(() => {
      plot.current?.setSize({ width: Math.max(200, element.clientWidth), height: 180 });
    });
    resize.observe(element);
    return () => {
      resize.disconnect();
      plot.current?.destroy();
      plot.current = null;
    };
  }, [theme]);

  useEffect(() => {
    plot.current?.setData(data as uPlot.AlignedData);
  }, [data]);

  return html`
    <figure class="chart" aria-labelledby=${`${id}-title`}>
      <figcaption id=${`${id}-title`}>${title}</figcaption>
      <div ref=${box} role="img" aria-label=${`${title}, last 15 minutes`} data-chart=${id}></div>
    </figure>
  `;
}

/** The OS colour scheme, as state: the canvas is redrawn with the new palette when it flips. */
function useColorScheme(): string {
  const query = matchMedia("(prefers-color-scheme: dark)");
  const [scheme, setScheme] = useState(query.matches ? "dark" : "light");
  useEffect(() => {
    const onChange = () => setScheme(query.matches ? "dark" : "light");
    query.addEventListener("change", onChange);
    return () => query.removeEventListener("change", onChange);
  }, []);
  return scheme;
}
