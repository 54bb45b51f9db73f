// Charts of the reports page, drawn with Chart.js (bundled, no CDN). Every series also differs by
// a fill pattern and every bar carries its number, so nothing depends on colour alone; each chart
// has a table of the same figures beside it for screen readers and print.
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  type ChartDataset,
  Legend,
  LinearScale,
  type Plugin,
  Tooltip,
} from "chart.js";

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);

/** Dark, distinct colours (readable on white and in greyscale print), paired with patterns. */
const COLOURS = ["#0b5f56", "#b3261e", "#1f4e9c", "#8a5a00", "#5b3c88", "#3d3d3d"];

/** A fill pattern per series: solid, stripes, dots, cross-hatch, vertical lines, checks. */
function pattern(index: number): CanvasPattern | string {
  const colour = COLOURS[index % COLOURS.length]!;
  const kind = index % 6;
  if (kind === 0) return colour;
  const tile = document.createElement("canvas");
  tile.width = 10;
  tile.height = 10;
  const g = tile.getContext("2d");
  if (!g) return colour;
  g.fillStyle = "#ffffff";
  g.fillRect(0, 0, 10, 10);
  g.strokeStyle = colour;
  g.fillStyle = colour;
  g.lineWidth = 2.5;
  if (kind === 1) {
    g.beginPath();
    g.moveTo(0, 10);
    g.lineTo(10, 0);
    g.moveTo(-5, 5);
    g.lineTo(5, -5);
    g.moveTo(5, 15);
    g.lineTo(15, 5);
    g.stroke();
  } else if (kind === 2) {
    g.beginPath();
    g.arc(5, 5, 2.6, 0, Math.PI * 2);
    g.fill();
  } else if (kind === 3) {
    g.beginPath();
    g.moveTo(0, 5);
    g.lineTo(10, 5);
    g.moveTo(5, 0);
    g.lineTo(5, 10);
    g.stroke();
  } else if (kind === 4) {
    g.fillRect(0, 0, 4, 10);
  } else {
    g.fillRect(0, 0, 5, 5);
    g.fillRect(5, 5, 5, 5);
  }
  return g.createPattern(tile, "repeat") ?? colour;
}

/** Writes each bar's number on it, so the figures read without hovering or colour. */
const valueLabels: Plugin<"bar"> = {
  id: "valueLabels",
  afterDatasetsDraw(chart) {
    const { ctx } = chart;
    ctx.save();
    ctx.font = "600 12px system-ui, sans-serif";
    ctx.fillStyle = "#1d1d1d";
    ctx.textAlign = "center";
    ctx.textBaseline = "bottom";
    const horizontal = chart.options.indexAxis === "y";
    chart.data.datasets.forEach((dataset, di) => {
      const meta = chart.getDatasetMeta(di);
      if (meta.hidden) return;
      meta.data.forEach((bar, i) => {
        const value = dataset.data[i] as number;
        if (!value) return;
        const label =
          (dataset as { valueText?: (v: number, i: number) => string }).valueText?.(value, i) ??
          String(value);
        const { x, y, base } = bar.getProps(["x", "y", "base"], true) as {
          x: number;
          y: number;
          base: number;
        };
        if (horizontal) {
          ctx.textAlign = "left";
          ctx.textBaseline = "middle";
          ctx.fillText(label, x + 4, y);
        } else if (chart.options.scales?.x && (chart.options.scales.x as { stacked?: boolean }).stacked) {
          ctx.textBaseline = "middle";
          ctx.fillStyle = "#ffffff";
          ctx.strokeStyle = "#1d1d1d";
          ctx.lineWidth = 3;
          const mid = (y + base) / 2;
          if (Math.abs(base - y) > 14) {
            ctx.strokeText(label, x, mid);
            ctx.fillText(label, x, mid);
          }
          ctx.fillStyle = "#1d1d1d";
        } else {
          ctx.fillText(label, x, y - 2);
        }
      });
    });
    ctx.restore();
  },
};

/** A dashed line at a target value of the y axis, with its label ("Mục tiêu chương trình 70 %"). */
function targetLine(value: number, label: string): Plugin<"bar"> {
  return {
    id: "targetLine",
    afterDraw(chart) {
      const y = chart.scales.y?.getPixelForValue(value);
      if (y === undefined) return;
      const { ctx, chartArea } = chart;
      ctx.save();
      ctx.strokeStyle = "#b3261e";
      ctx.lineWidth = 2;
      ctx.setLineDash([8, 5]);
      ctx.beginPath();
      ctx.moveTo(chartArea.left, y);
      ctx.lineTo(chartArea.right, y);
      ctx.stroke();
      ctx.setLineDash([]);
      ctx.fillStyle = "#b3261e";
      ctx.font = "700 12px system-ui, sans-serif";
      ctx.textAlign = "right";
      ctx.textBaseline = "bottom";
      ctx.fillText(label, chartArea.right, y - 3);
      ctx.restore();
    },
  };
}

const charts = new Map<HTMLCanvasElement, Chart>();

function draw(canvas: HTMLCanvasElement, config: ConstructorParameters<typeof Chart<"bar">>[1]): void {
  charts.get(canvas)?.destroy();
  charts.set(canvas, new Chart(canvas, config));
}

const common = {
  animation: false as const,
  responsive: true,
  maintainAspectRatio: false,
  plugins: { legend: { position: "bottom" as const, labels: { boxWidth: 18, boxHeight: 14 } } },
};

/** Bars of one or more series over categories; `stacked` piles the series. */
export function barChart(
  canvas: HTMLCanvasElement,
  labels: string[],
  series: Array<{ label: string; data: number[] }>,
  options: { stacked?: boolean; horizontal?: boolean; title: string } = { title: "" },
): void {
  const datasets: ChartDataset<"bar">[] = series.map((s, i) => ({
    label: s.label,
    data: s.data,
    backgroundColor: pattern(i),
    borderColor: COLOURS[i % COLOURS.length],
    borderWidth: 1.5,
  }));
  canvas.setAttribute("role", "img");
  canvas.setAttribute("aria-label", options.title);
  draw(canvas, {
    type: "bar",
    data: { labels, datasets },
    options: {
      ...common,
      indexAxis: options.horizontal ? "y" : "x",
      plugins: { ...common.plugins, legend: { ...common.plugins.legend, display: series.length > 1 } },
      scales: {
        x: {
          stacked: options.stacked ?? false,
          ...(options.horizontal ? { beginAtZero: true, ticks: { precision: 0 } } : {}),
        },
        y: {
          stacked: options.stacked ?? false,
          beginAtZero: true,
          ...(options.horizontal ? {} : { ticks: { precision: 0 } }),
        },
      },
    },
    plugins: [valueLabels],
  });
}

/** The referral funnel as shares of referrals made, with the programme's target line. */
export function funnelChart(
  canvas: HTMLCanvasElement,
  steps: Array<{ label: string; count: number }>,
  target: { rate: number; label: string },
  title: string,
): void {
  const total = steps[0]?.count ?? 0;
  const shares = steps.map((s) => (total === 0 ? 0 : Math.round((s.count / total) * 1000) / 10));
  canvas.setAttribute("role", "img");
  canvas.setAttribute("aria-label", title);
  const dataset = {
    label: title,
    data: shares,
    backgroundColor: steps.map((_s, i) => pattern(i)),
    borderColor: steps.map((_s, i) => COLOURS[i % COLOURS.length]!),
    borderWidth: 1.5,
    valueText: (_v: number, i: number) => `${steps[i]!.count} (${shares[i]} %)`,
  };
  draw(canvas, {
    type: "bar",
    data: { labels: steps.map((s) => s.label), datasets: [dataset] },
    options: {
      ...common,
      plugins: { ...common.plugins, legend: { display: false } },
      // Up to 115 so the numbers above a full bar fit; the axis is labelled to 100 % only.
      scales: {
        y: {
          beginAtZero: true,
          max: 115,
          ticks: { stepSize: 10, callback: (v) => (Number(v) <= 100 ? `${v} %` : "") },
        },
      },
    },
    plugins: [valueLabels, targetLine(target.rate * 100, target.label)],
  });
}
